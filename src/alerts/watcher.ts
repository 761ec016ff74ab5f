import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import type { Store } from '../storage/store.ts';
import type { TimeLeftEvents } from '../timekpr/backend.ts';
import type { TimekprClient } from '../timekpr/client.ts';
import { decideAlert, type Alert } from './thresholds.ts';
import { localDay } from '../lib/local-days.ts';
import { schedulerFor, type Clock, type Scheduler } from '../lib/scheduler.ts';

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
  readonly now?: Clock;
  /** Where each machine's polls are scheduled (the bot's one scheduler); without it, one of its own. */
  readonly scheduler?: Scheduler;
  /** Pushed time left, where a machine's backend streams it; without it every machine is polled. */
  readonly events?: TimeLeftEvents;
  /** How often a machine whose events flow is still polled, as a safety net. Default: 5 minutes. */
  readonly safetyPollMs?: number;
  /** Hears that a machine pushed an event (at most once a minute per machine): it is on. */
  readonly onSeen?: (machineId: string) => void;
}

export interface Watcher {
  /** Polls every watched machine once, all at once (also what each loop does on its own schedule). */
  pollAll(): Promise<void>;
  /** Ends the loops after the polls in flight; resolves when they are done. */
  stop(): Promise<void>;
}

/** What was seen of a child on a machine: by a poll, or pushed by the machine. */
interface Seen {
  readonly loggedIn: boolean;
  readonly secondsLeft: number;
}

/**
 * Watches each machine that has children with alerts. Where the machine pushes time left (the D-Bus backend), each
 * event is decided at once, so an alert follows a crossing within seconds, and the machine is still polled every few
 * minutes as a safety net. Elsewhere it is polled every `notifications.pollMs`: one round trip per machine through
 * the shared per-machine queue. Each machine has its own task in the scheduler, which waits for its poll to finish before scheduling
 * the next, so polls never overlap and a slow machine delays only itself. Decisions for one child on one machine run
 * one at a time. State lives in the store, so a restart never repeats an alert.
 */
export function startWatcher(deps: WatcherDependencies, { autoStart = true }: { autoStart?: boolean } = {}): Watcher {
  const { config, client, store, logger } = deps;
  const now = deps.now ?? Date.now;
  const thresholds = config.notifications.thresholdsMinutes;
  const safetyPollMs = deps.safetyPollMs ?? 5 * 60_000;
  const watched = new Map<string, { childId: string; login: string }[]>();
  for (const child of config.children.values()) {
    if (!child.alerts) continue;
    for (const [machineId, login] of child.accounts) watched.set(machineId, [...(watched.get(machineId) ?? []), { childId: child.id, login }]);
  }

  /** Decides one observation, one at a time per child and machine: saves the state, then alerts. */
  const decisions = new Map<string, Promise<void>>();
  function observe(childId: string, machineId: string, seen: Seen): Promise<void> {
    const key = `${childId}\u0000${machineId}`;
    const next = (decisions.get(key) ?? Promise.resolve()).then(() => decide(childId, machineId, seen));
    const tail = next.catch((error: unknown) => logger.error({ child: childId, machine: machineId, err: error }, 'watcher: decision failed'));
    decisions.set(key, tail);
    void tail.then(() => {
      if (decisions.get(key) === tail) decisions.delete(key);
    });
    return tail;
  }

  async function decide(childId: string, machineId: string, seen: Seen): Promise<void> {
    const day = localDay(now());
    const previous = store.loadAlertState(childId, machineId);
    const decision = decideAlert(previous, { day, loggedIn: seen.loggedIn, secondsLeft: seen.secondsLeft }, thresholds);
    // Saved before sending: after a crash in between an alert is missed rather than repeated after the restart.
    if (JSON.stringify(decision.state) !== JSON.stringify(previous)) store.saveAlertState(childId, machineId, decision.state);
    if (decision.alert === undefined) return;
    const alert = { childId, machineId, alert: decision.alert, secondsLeft: seen.secondsLeft };
    try {
      await deps.notify(alert);
    } catch (error) {
      // Reached no one: the alert stays due (this is not a restart repeating it), and other children go on.
      if (previous === undefined) store.saveAlertState(childId, machineId, { day, sent: [], timeUpSent: false });
      else store.saveAlertState(childId, machineId, previous);
      logger.error({ child: childId, machine: machineId, err: error }, 'alert not delivered');
      return;
    }
    store.recordAlert({
      at: now(),
      childId,
      machineId,
      kind: decision.alert.kind,
      thresholdMinutes: decision.alert.kind === 'low' ? decision.alert.thresholdMinutes : undefined,
      secondsLeft: seen.secondsLeft,
    });
  }

  async function pollMachine(machineId: string, accounts: readonly { childId: string; login: string }[]): Promise<void> {
    const answers = await client.usersInfo(machineId, accounts.map((account) => account.login));
    if (!answers.ok) {
      logger.debug({ machine: machineId, failure: answers.error.kind }, 'watcher: machine not read');
      return;
    }
    logger.debug({ machine: machineId }, 'watcher polled');
    await Promise.all(
      accounts.map(({ childId, login }) => {
        const info = answers.value.get(login);
        return info?.ok === true ? observe(childId, machineId, info.value) : Promise.resolve();
      }),
    );
  }

  /** A pushed event means the computer is on: noted at most once a minute (last seen, for /status). */
  const seenNoted = new Map<string, number>();
  function noteSeen(machineId: string): void {
    const at = now();
    if (at - (seenNoted.get(machineId) ?? 0) < 60_000) return;
    seenNoted.set(machineId, at);
    store.recordSeen(machineId, at);
    deps.onSeen?.(machineId);
  }

  /** Asks the machine to push time left (once it can); true while it does. */
  const watching = new Set<string>();
  async function listen(machineId: string, accounts: readonly { childId: string; login: string }[]): Promise<void> {
    if (deps.events === undefined || watching.has(machineId)) return;
    const streams = await deps.events.watch(machineId, {
      onTimeLeft: (login, secondsLeft) => {
        if (stopped) return;
        noteSeen(machineId);
        for (const account of accounts) {
          if (account.login !== login) continue;
          logger.debug({ machine: machineId, child: account.childId, secondsLeft }, 'watcher: time left pushed');
          void observe(account.childId, machineId, { loggedIn: true, secondsLeft });
        }
      },
      onResync: () => {
        if (!stopped) void safePoll(machineId, accounts);
      },
    });
    if (streams) watching.add(machineId);
  }

  let stopped = false;
  const safePoll = (machineId: string, accounts: readonly { childId: string; login: string }[]) =>
    pollMachine(machineId, accounts).catch((error: unknown) => {
      logger.error({ machine: machineId, err: error }, 'watcher poll failed');
    });

  // Each machine has a task of its own: the next poll is scheduled when this one ended, so polls of a machine never
  // overlap and a slow machine delays only itself.
  const { scheduler, stopOwn } = schedulerFor(deps.scheduler, logger);
  if (autoStart && thresholds.length > 0) {
    for (const [machineId, accounts] of watched) {
      scheduler.repeat(
        `watcher ${machineId}`,
        async () => {
          if (stopped) return;
          await listen(machineId, accounts).catch((error: unknown) => logger.error({ machine: machineId, err: error }, 'watcher: could not listen for events'));
          await safePoll(machineId, accounts);
        },
        { everyMs: () => (deps.events?.streaming(machineId) === true ? safetyPollMs : config.notifications.pollMs) },
      );
    }
  }

  return {
    pollAll: async () => {
      await Promise.all([...watched].map(([machineId, accounts]) => safePoll(machineId, accounts)));
    },
    stop: async () => {
      stopped = true;
      await stopOwn();
      await Promise.all(decisions.values());
    },
  };
}
