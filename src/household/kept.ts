import { neverReached } from '../ssh/failure.ts';
import { localDay } from '../lib/local-days.ts';
import { schedulerFor, type Scheduler } from '../lib/scheduler.ts';
import type { KeptRecord } from '../storage/kept.ts';
import type { Store } from '../storage/store.ts';
import { outcomeOf, readAccount, type ApplyOutcome, type ChangeResult } from './apply.ts';
import type { Chats } from './chats.ts';
import { changeMinutes, mayHaveRun } from './change-time.ts';
import { pauseOne, type PausingDependencies } from './pausing.ts';
import type { RulesClient } from '../timekpr/rules-client.ts';
import { applyEdit } from './rules.ts';
import { parseStoredEdit } from './rules-stored.ts';

export interface KeptDependencies extends PausingDependencies {
  readonly chats: Chats;
  /** Where kept rules changes are made. */
  readonly rules: RulesClient;
  /** Where the retries are scheduled (the bot's one scheduler); without it, one of its own. */
  readonly scheduler?: Scheduler;
  /**
   * Runs first when a computer answers, before its kept changes (the end of exceptions whose day is over); resolves
   * how many it did. Its computers are tried like those with changes waiting.
   */
  readonly beforeKept?: (machineId: string) => Promise<number>;
  /** Computers with something for `beforeKept` to do now. */
  readonly waitingBeforeKept?: () => readonly string[];
}

/** Applies kept changes when their computer is back; see {@link startKeptChanges}. */
export interface KeptChanges {
  /** A computer answered: its kept changes are applied now (in the background). */
  readonly onAnswer: (machineId: string) => void;
  /** Drops what its day left behind and tries the computers with changes waiting, now; resolves when that is done. */
  readonly retryNow: () => Promise<void>;
  /** Stops trying; waits for what runs. */
  readonly stop: () => Promise<void>;
}

/** The changes kept by an outcome of {@link applyOnce}. Pure. */
export function keptOf(outcome: ApplyOutcome): KeptRecord[] {
  return outcome.kind === 'applied' ? outcome.results.flatMap(({ kept }) => (kept === undefined ? [] : [kept])) : [];
}

/** Shows under a message the Cancel buttons of the changes still waiting there (none left: no buttons). */
export async function refreshCancelButtons(deps: { readonly store: Pick<Store, 'kept'>; readonly chats: Chats }, chatId: number, messageId: number | undefined): Promise<void> {
  if (messageId === undefined) return;
  await deps.chats.showWaiting(chatId, messageId, deps.store.kept.waitingOnMessage(chatId, messageId));
}

type Applied = 'done' | 'still-off';

/** Applies one claimed kept change and tells its chat; `still-off` when its computer could not be reached again. */
async function applyKept(deps: KeptDependencies, kept: KeptRecord, changeId: number | undefined): Promise<Applied> {
  const { config, store, logger, now } = deps;
  const child = config.children.get(kept.childId);
  if (child === undefined || !child.accounts.has(kept.machineId)) {
    // The config changed while it waited: there is no account to change any more.
    if (changeId !== undefined) store.finishChange(changeId, { kind: 'failed', failure: 'no-account' });
    store.kept.finish(kept.id, now());
    await deps.chats.tell({ kind: 'kept-no-account', kept });
    return 'done';
  }
  if (kept.kind === 'rules') return applyKeptRules(deps, kept);
  if (kept.kind === 'pause') {
    const line = await pauseOne(deps, child, kept.machineId, { id: kept.byId, name: kept.byName }, { stillWanted: () => store.kept.stillApplying(kept.id) });
    if (line.kind === 'failed' && line.unreached) {
      store.kept.release(kept.id);
      return 'still-off';
    }
    // Cancelled by a /resume meanwhile: that answer said so already.
    if (line.kind === 'cancelled') return 'done';
    store.kept.finish(kept.id, now());
    await deps.chats.tell({ kind: 'kept-paused', kept, line });
    return 'done';
  }
  const result: ChangeResult = await changeMinutes(deps.client, config, kept);
  const outcome = outcomeOf(result);
  if (changeId !== undefined) store.finishChange(changeId, outcome);
  logger.info({ action: 'add', kept: kept.id, user: kept.byId, child: kept.childId, machine: kept.machineId, minutes: kept.minutes, result: outcome.kind }, 'kept change applied');
  if (!result.ok && neverReached(result.error)) {
    store.kept.release(kept.id);
    return 'still-off';
  }
  store.kept.finish(kept.id, now());
  const reread = !result.ok && mayHaveRun(result.error) ? await readAccount(deps, kept.childId, kept.machineId) : undefined;
  await deps.chats.tell({ kind: 'kept-applied', kept, result, reread });
  return 'done';
}

/** A kept rules change, made as it was asked (read first, only what differs), recorded under the update that asked. */
async function applyKeptRules(deps: KeptDependencies, kept: KeptRecord): Promise<Applied> {
  const { store, now, logger } = deps;
  const edit = kept.edit === undefined ? undefined : parseStoredEdit(kept.edit);
  if (edit === undefined) {
    // Written by another version of the bot, in a shape this one cannot read: it is not made blindly.
    logger.error({ kept: kept.id }, 'kept rules change unreadable: dropped');
    store.kept.finish(kept.id, now());
    await deps.chats.tell({ kind: 'kept-no-account', kept });
    return 'done';
  }
  const start = { at: now(), updateId: kept.updateId, parentId: kept.byId, parentName: kept.byName, chatId: kept.chatId, childId: kept.childId, machineId: kept.machineId };
  const outcome = await applyEdit({ client: deps.rules, config: deps.config, store, logger, now }, start, edit);
  logger.info({ action: 'rules', kept: kept.id, child: kept.childId, machine: kept.machineId, result: outcome.kind }, 'kept rules change applied');
  if (outcome.kind === 'failed' && neverReached(outcome.failure)) {
    store.kept.release(kept.id);
    return 'still-off';
  }
  store.kept.finish(kept.id, now());
  await deps.chats.tell({ kind: 'kept-rules-applied', kept, outcome });
  return 'done';
}

/**
 * Applies changes kept for computers that were off, in the order given, each once: as soon as a computer answers
 * (`onAnswer`, called for every answer the bot gets from it) and, every `offline.retryMs`, by trying the computers
 * that have changes waiting. Changes still waiting when their day ends are dropped and their chats told.
 */
export function startKeptChanges(deps: KeptDependencies): KeptChanges {
  const { config, store, logger, now } = deps;
  const flushing = new Map<string, Promise<void>>();
  const probing = new Set<string>();
  let stopped = false;

  const flush = async (machineId: string): Promise<void> => {
    // What its day left behind is dropped first: a change of yesterday never lands on today's limits.
    await dropStale();
    // An exception whose day is over is put back before anything kept for the computer is made.
    await deps.beforeKept?.(machineId);
    for (;;) {
      const next = store.kept.waiting(machineId)[0];
      if (next === undefined || stopped) return;
      const claimed = store.kept.claim(next.id, now());
      if (claimed === undefined) continue;
      await refreshCancelButtons(deps, next.chatId, next.messageId);
      if ((await applyKept(deps, claimed.kept, claimed.changeId)) === 'still-off') {
        await refreshCancelButtons(deps, next.chatId, next.messageId);
        return;
      }
    }
  };

  const onAnswer = (machineId: string): void => {
    if (stopped || flushing.has(machineId)) return;
    if (store.kept.waiting(machineId).length === 0 && !(deps.waitingBeforeKept?.().includes(machineId) ?? false)) return;
    const running = flush(machineId)
      .catch((error: unknown) => logger.error({ machine: machineId, err: error }, 'kept changes: applying failed'))
      .finally(() => flushing.delete(machineId));
    flushing.set(machineId, running);
  };

  const dropStale = async (): Promise<void> => {
    const dropped = store.kept.dropBefore(localDay(now()), now());
    for (const kept of dropped) {
      logger.info({ action: 'kept-dropped', kept: kept.id, child: kept.childId, machine: kept.machineId }, 'kept change dropped with its day');
      await deps.chats.tell({ kind: 'kept-dropped', kept });
      await refreshCancelButtons(deps, kept.chatId, kept.messageId);
    }
  };

  /** Tries each computer with changes waiting (one read of its children): an answer applies them. */
  const probe = async (): Promise<void> => {
    const machines = new Set([...store.kept.waiting().map((kept) => kept.machineId), ...(deps.waitingBeforeKept?.() ?? [])]);
    await Promise.all(
      [...machines]
        .filter((machineId) => !flushing.has(machineId) && !probing.has(machineId))
        .map(async (machineId) => {
          const logins = [...config.children.values()].flatMap((child) => child.accounts.get(machineId) ?? []);
          probing.add(machineId);
          try {
            if (logins.length === 0) onAnswer(machineId);
            else await deps.client.usersInfo(machineId, logins);
          } finally {
            probing.delete(machineId);
          }
        }),
    );
  };

  let ticking: Promise<void> | undefined;
  const tick = () => {
    // One retry at a time: a computer that takes its connect timeout to fail is not tried twice at once.
    if (ticking !== undefined) return;
    ticking = dropStale()
      .then(probe)
      .catch((error: unknown) => logger.error({ err: error }, 'kept changes: retry failed'))
      .finally(() => (ticking = undefined));
  };
  const settled = store.kept.settleApplying(now());
  if (settled > 0) logger.warn({ count: settled }, 'kept changes the bot was applying when it stopped: added time reported as interrupted, pauses wait again');
  const { scheduler, stopOwn } = schedulerFor(deps.scheduler, logger);
  scheduler.repeat(
    'kept changes',
    async () => {
      tick();
      await ticking;
    },
    { everyMs: config.offline.retryMs },
  );
  const settle = async () => {
    await ticking;
    while (flushing.size > 0) await Promise.all(flushing.values());
  };
  return {
    onAnswer,
    async retryNow() {
      tick();
      await settle();
    },
    async stop() {
      stopped = true;
      await stopOwn();
      await ticking;
      await Promise.all(flushing.values());
    },
  };
}
