import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import type { Store } from '../storage/store.ts';
import type { TimekprClient } from '../timekpr/client.ts';
import { dayOf, decideAlert, type Alert } from './thresholds.ts';
import { messageOf } from '../lib/errors.ts';

export interface WatchedAlert {
  readonly childId: string;
  readonly machineId: string;
  readonly alert: Alert;
  readonly secondsLeft: number;
}

export interface WatcherDependencies {
  readonly config: Config;
  readonly client: TimekprClient;
  readonly store: Store;
  readonly logger: Logger;
  /** Pushes an alert to the parents. */
  readonly notify: (alert: WatchedAlert) => Promise<void>;
  readonly now?: () => Date;
}

export interface Watcher {
  /** Polls every watched machine once, all at once (also what each loop does on its own schedule). */
  pollAll(): Promise<void>;
  /** Ends the loops after the polls in flight; resolves when they are done. */
  stop(): Promise<void>;
}

/**
 * Polls each machine that has children with alerts, every `notifications.pollMs`: one round trip per machine through
 * the shared per-machine queue. Each machine has its own loop, which waits for its poll to finish before scheduling
 * the next, so polls never overlap and a slow machine delays only itself. State lives in the store, so a restart
 * never repeats an alert.
 */
export function startWatcher(deps: WatcherDependencies, { autoStart = true }: { autoStart?: boolean } = {}): Watcher {
  const { config, client, store, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const thresholds = config.notifications.thresholdsMinutes;
  const watched = new Map<string, { childId: string; login: string }[]>();
  for (const child of config.children.values()) {
    if (!child.alerts) continue;
    for (const [machineId, login] of child.accounts) watched.set(machineId, [...(watched.get(machineId) ?? []), { childId: child.id, login }]);
  }

  async function pollMachine(machineId: string, accounts: readonly { childId: string; login: string }[]): Promise<void> {
    const answers = await client.usersInfo(machineId, accounts.map((account) => account.login));
    if (!answers.ok) {
      logger.debug({ machine: machineId, failure: answers.error.kind }, 'watcher: machine not read');
      return;
    }
    const day = dayOf(now());
    logger.debug({ machine: machineId }, 'watcher polled');
    for (const { childId, login } of accounts) {
      const info = answers.value.get(login);
      if (info === undefined || !info.ok) continue;
      const previous = store.loadAlertState(childId, machineId);
      const decision = decideAlert(previous, { day, loggedIn: info.value.loggedIn, secondsLeft: info.value.secondsLeft }, thresholds);
      // Saved before sending: after a crash in between an alert is missed rather than repeated after the restart.
      if (JSON.stringify(decision.state) !== JSON.stringify(previous)) store.saveAlertState(childId, machineId, decision.state);
      if (decision.alert === undefined) continue;
      const alert = { childId, machineId, alert: decision.alert, secondsLeft: info.value.secondsLeft };
      try {
        await deps.notify(alert);
      } catch (error) {
        // Reached no one: the alert stays due (this is not a restart repeating it), and other children go on.
        if (previous === undefined) store.saveAlertState(childId, machineId, { day, sent: [], timeUpSent: false });
        else store.saveAlertState(childId, machineId, previous);
        logger.error({ child: childId, machine: machineId, err: messageOf(error) }, 'alert not delivered');
        continue;
      }
      store.recordAlert({
        at: now().getTime(),
        childId,
        machineId,
        kind: decision.alert.kind,
        thresholdMinutes: decision.alert.kind === 'low' ? decision.alert.thresholdMinutes : undefined,
        secondsLeft: info.value.secondsLeft,
      });
    }
  }

  const safePoll = (machineId: string, accounts: readonly { childId: string; login: string }[]) =>
    pollMachine(machineId, accounts).catch((error: unknown) => {
      logger.error({ machine: machineId, err: messageOf(error) }, 'watcher poll failed');
    });

  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();
  const loop = (machineId: string, accounts: readonly { childId: string; login: string }[]) => {
    if (stopped) return;
    const poll = safePoll(machineId, accounts).finally(() => {
      running.delete(poll);
      if (stopped) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        loop(machineId, accounts);
      }, config.notifications.pollMs);
      timers.add(timer);
    });
    running.add(poll);
  };
  if (autoStart && thresholds.length > 0) for (const [machineId, accounts] of watched) loop(machineId, accounts);

  return {
    pollAll: async () => {
      await Promise.all([...watched].map(([machineId, accounts]) => safePoll(machineId, accounts)));
    },
    stop: async () => {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(running);
    },
  };
}
