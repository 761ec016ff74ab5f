import { neverReached } from '../ssh/failure.ts';
import type { Clock, Scheduler } from '../lib/scheduler.ts';
import type { ExceptionRecord } from '../storage/exceptions.ts';
import type { Chats } from './chats.ts';
import type { SlotPart } from './day-slot.ts';
import { restoredSettings } from './day-slot.ts';
import { parseStoredSlot } from './rules-stored.ts';
import { applyEdit, type MachineRulesOutcome, type RulesDependencies } from './rules.ts';
import type { IsoWeekday } from '../lib/rule-vocabulary.ts';

/**
 * The end of exceptions (`/tonight`, `/today`, `/tomorrow`): when its day is over, each is put back on its computer,
 * newest first, once: what it replaced returns unless a parent changed it again since (that is kept, and said). Also
 * after a restart in between, and for a computer that was off then: first thing when it answers again, before any
 * change kept for it. The chats hear of an end only when something could not be put back, or was kept.
 */

/** How an exception's end went, for the chats. */
export type ExceptionEnd =
  /** Put back; `kept`: parts a parent changed again since, left as they are. */
  | { readonly kind: 'restored'; readonly kept: readonly SlotPart[] }
  /**
   * Could not be put back (`outcome` says why); `retrying`: nothing was written and the bot tries again (a computer
   * that answers with an error, a connection that broke before it was used), else it is given up (no account any more,
   * an unreadable record, a write that stopped part way).
   */
  | { readonly kind: 'failed'; readonly outcome: MachineRulesOutcome | undefined; readonly retrying: boolean };

export interface ExceptionEndDependencies extends RulesDependencies {
  readonly chats: Chats;
  /** Exceptions whose failure to be put back the chats were told of already (told once, then tried on quietly). */
  readonly told?: Set<number>;
}

/** Ends exceptions, one computer at a time: a computer's ends never run twice at once (see {@link exceptionEnder}). */
export interface ExceptionEnder {
  /**
   * Puts back the exceptions that have ended by `now` (one computer's, when given). A computer that cannot be reached
   * keeps its exceptions waiting. Resolves how many were ended, once any run for the same computer has finished.
   */
  readonly endDue: (now: number, machineId?: string) => Promise<number>;
}

/**
 * Ends exceptions, each computer's in turn: the tick and a computer's answer may both ask, and the second waits for
 * the first, so what is kept for a computer is made only after its ended exceptions were put back.
 */
export function exceptionEnder(dependencies: ExceptionEndDependencies): ExceptionEnder {
  const deps = { ...dependencies, told: dependencies.told ?? new Set<number>() };
  const running = new Map<string, Promise<number>>();
  const endOn = (machineId: string, now: number): Promise<number> => {
    const previous = running.get(machineId) ?? Promise.resolve(0);
    const next = previous.catch(() => 0).then(() => endExceptions(deps, now, machineId));
    running.set(machineId, next);
    void next.finally(() => {
      if (running.get(machineId) === next) running.delete(machineId);
    }).catch(() => undefined);
    return next;
  };
  return {
    async endDue(now, machineId) {
      const machines = machineId === undefined ? [...new Set(deps.store.exceptions.due(now).map((due) => due.machineId))] : [machineId];
      const ended = await Promise.all(machines.map((machine) => endOn(machine, now)));
      return ended.reduce((sum, count) => sum + count, 0);
    },
  };
}

/** Puts back the ended exceptions of one computer (or all), newest first; see {@link exceptionEnder} for the order. */
export async function endExceptions(deps: ExceptionEndDependencies, now: number, machineId?: string): Promise<number> {
  let ended = 0;
  // A computer found off is not tried again for its other exceptions now: they wait for the next try with it.
  const off = new Set<string>();
  for (const due of deps.store.exceptions.due(now, machineId)) {
    if (off.has(due.machineId)) continue;
    const claimed = deps.store.exceptions.claim(due.id);
    if (claimed === undefined) continue;
    let end: ExceptionEnd | 'again';
    try {
      end = await endOne(deps, claimed, now);
    } catch (error) {
      // A bug, not the computer: it waits again (and is tried at the next tick), never stuck half claimed.
      deps.store.exceptions.release(claimed.id);
      throw error;
    }
    if (end === 'again' || (end.kind === 'failed' && end.retrying)) {
      deps.store.exceptions.release(claimed.id);
      off.add(claimed.machineId);
      if (end !== 'again' && !(deps.told?.has(claimed.id) ?? false)) {
        deps.told?.add(claimed.id);
        deps.logger.warn({ exception: claimed.id, machine: claimed.machineId }, 'exception not put back yet: tried again');
        await deps.chats.tell({ kind: 'exception-ended', exception: claimed, end });
      }
      continue;
    }
    ended += 1;
    deps.store.exceptions.finish(claimed.id, end.kind === 'failed' ? 'failed' : end.kept.length > 0 ? 'kept' : 'restored', now);
    deps.logger.info({ action: 'exception-end', exception: claimed.id, child: claimed.childId, machine: claimed.machineId, result: end.kind }, 'exception ended');
    if (end.kind === 'failed' || end.kept.length > 0) await deps.chats.tell({ kind: 'exception-ended', exception: claimed, end });
  }
  return ended;
}

/**
 * One exception put back. `again`: not now, tried again later: its computer could not be reached, or the connection
 * broke while it was written (putting it back compares first, so trying again never does it twice).
 */
async function endOne(deps: ExceptionEndDependencies, exception: ExceptionRecord, now: number): Promise<ExceptionEnd | 'again'> {
  const before = parseStoredSlot(exception.before);
  const wrote = parseStoredSlot(exception.wrote);
  if (before === undefined || wrote === undefined) {
    deps.logger.error({ exception: exception.id }, 'exception unreadable: not put back blindly');
    return { kind: 'failed', outcome: undefined, retrying: false };
  }
  const weekday = exception.weekday as IsoWeekday;
  const start = {
    at: now,
    updateId: undefined,
    parentId: exception.byId,
    parentName: exception.byName,
    chatId: exception.chatId,
    childId: exception.childId,
    machineId: exception.machineId,
  };
  const outcome = await applyEdit(deps, start, { kind: 'exception-end', weekday, before, wrote });
  switch (outcome.kind) {
    case 'changed':
      return { kind: 'restored', kept: restoredSettings(outcome.before.settings, weekday, before, wrote).kept };
    case 'already':
      return { kind: 'restored', kept: restoredSettings(outcome.rules.settings, weekday, before, wrote).kept };
    case 'failed':
      // Nothing was written: off means quietly later; any other failure is said once and tried again, unless the
      // account is gone (then there is nothing to put back).
      if (neverReached(outcome.failure)) return 'again';
      return { kind: 'failed', outcome, retrying: outcome.failure.kind !== 'no-account' };
    case 'unknown':
      return 'again';
    default:
      return { kind: 'failed', outcome, retrying: false };
  }
}

/** Ends exceptions as their days end: looks at the clock every `tickMs` (shorter in tests). */
export function scheduleExceptionEnds(scheduler: Scheduler, deps: ExceptionEndDependencies, ender: ExceptionEnder, now: Clock, tickMs: number): void {
  const settled = deps.store.exceptions.settleRestoring();
  if (settled > 0) deps.logger.warn({ count: settled }, 'exceptions the bot was putting back when it stopped: tried again');
  scheduler.repeat('exception ends', () => ender.endDue(now()), { everyMs: tickMs });
}
