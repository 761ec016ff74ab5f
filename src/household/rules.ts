import { z } from 'zod';
import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import { addDays, localDay, localTimeOf } from '../lib/local-days.ts';
import { err, type Result } from '../lib/result.ts';
import { neverReached } from '../ssh/failure.ts';
import type { KeptRecord } from '../storage/kept.ts';
import type { RulesChangeRecord, RulesChangeStart } from '../storage/rules-ledger.ts';
import type { Store } from '../storage/store.ts';
import type { MachineFailure } from '../timekpr/client.ts';
import type { RulesClient } from '../timekpr/rules-client.ts';
import { diffSettings, inversePatch, isEmptyPatch, RULE_FIELDS, sameHours, type Rules, type RuleSettings, type RulesPatch } from '../timekpr/rules.ts';
import type { Actor, UpdateRef } from './apply.ts';
import { mayHaveRun, type NoAccount } from './change-time.ts';
import { restoredSettings, slotOf } from './day-slot.ts';
import type { IsoWeekday } from '../lib/rule-vocabulary.ts';
import { exceptionDay, wantedSettings, type EditProblem, type RuleException, type RulesEdit } from './rules-edit.ts';
import { parseStoredPatch, parseStoredSettings, parseStoredSlot } from './rules-stored.ts';

/**
 * Changing a child's house rules on her computers: each computer's rules are read first, the edit is applied to
 * them, and only what differs is written (each setter shows the child a notification), then read back. Every write
 * is in the ledger with the values it replaced, so an Undo (any parent, the same day, once) restores exactly those.
 */

export interface RulesDependencies {
  readonly client: RulesClient;
  readonly config: Config;
  readonly store: Store;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** A rules change for one child: on these computers (the one named, or all of hers). */
export interface RulesRequest {
  readonly childId: string;
  readonly machineIds: readonly string[];
  readonly edit: RulesEdit;
}

/** How a rules change went on one computer. */
export type MachineRulesOutcome = { readonly machineId: string } & (
  /** Written; `before` was read first, `after` read back (undefined when the re-read failed). */
  | { readonly kind: 'changed'; readonly before: Rules; readonly after: Rules | undefined; readonly patch: RulesPatch }
  /** Already so: nothing written. */
  | { readonly kind: 'already'; readonly rules: Rules }
  /** The edit does not fit this computer's rules (e.g. a limit for a day that is not allowed there). */
  | { readonly kind: 'refused'; readonly problem: EditProblem; readonly rules: Rules }
  /** Written part way: `written` fields are, `failedField` and the rest are not; `after` read again. */
  | {
      readonly kind: 'partly';
      readonly after: Rules | undefined;
      readonly written: readonly string[];
      readonly failedField: string;
      readonly failure: MachineFailure;
    }
  /** Nothing written (`unknown`: the write may have happened: the connection broke while it ran). */
  | { readonly kind: 'unknown'; readonly failure: MachineFailure | NoAccount }
  /** Nothing written; `kept`: the computer could not be reached, and the change waits for it. */
  | { readonly kind: 'failed'; readonly failure: MachineFailure | NoAccount; readonly kept?: KeptRecord | undefined }
);

export type RulesOutcome =
  | { readonly kind: 'done'; readonly results: readonly MachineRulesOutcome[] }
  /** The update was seen before (Telegram delivered it again): nothing was run. */
  | { readonly kind: 'duplicate'; readonly recorded: readonly RulesChangeRecord[] };

/** One child's part of a change for several (a profile switched for every child it is for). */
export interface ChildRulesResults {
  readonly childId: string;
  readonly results: readonly MachineRulesOutcome[];
}

export type ChildrenRulesOutcome =
  | { readonly kind: 'done'; readonly children: readonly ChildRulesResults[] }
  | { readonly kind: 'duplicate'; readonly recorded: readonly RulesChangeRecord[] };

/** Reads a child's rules on each of `machineIds`; a computer's own failure does not hide the others. */
export async function readChildRules(
  deps: Pick<RulesDependencies, 'client' | 'config'>,
  childId: string,
  machineIds: readonly string[],
): Promise<{ readonly machineId: string; readonly rules: Result<Rules, MachineFailure | NoAccount> }[]> {
  return Promise.all(
    machineIds.map(async (machineId) => {
      const login = deps.config.children.get(childId)?.accounts.get(machineId);
      if (login === undefined) return { machineId, rules: err({ kind: 'no-account', childId, machineId } as const) };
      return { machineId, rules: await deps.client.readRules(machineId, login) };
    }),
  );
}

/**
 * Applies a parent's rules change once per Telegram update, on each computer of the request. With `keepUnreached`
 * (and `offline.keepChanges` on), a computer that cannot be reached at all keeps the change, to be made when it is
 * back (see kept.ts).
 */
export async function changeChildRules(
  deps: RulesDependencies,
  actor: Actor,
  update: UpdateRef,
  request: RulesRequest,
  chatId?: number,
  options: { readonly keepUnreached?: boolean } = {},
): Promise<RulesOutcome> {
  const outcome = await changeRulesOfChildren(deps, actor, update, [request], chatId, options);
  return outcome.kind === 'duplicate' ? outcome : { kind: 'done', results: outcome.children[0]?.results ?? [] };
}

/** {@link changeChildRules} for several children at once, under one update (one Undo takes it all back). */
export async function changeRulesOfChildren(
  deps: RulesDependencies,
  actor: Actor,
  update: UpdateRef,
  requests: readonly RulesRequest[],
  chatId?: number,
  options: { readonly keepUnreached?: boolean } = {},
): Promise<ChildrenRulesOutcome> {
  const now = (deps.now ?? Date.now)();
  if (!deps.store.claimUpdate(update.updateId, update.callbackQueryId, now)) {
    deps.logger.warn({ update: update.updateId, user: actor.id }, 'rules update seen again: not applied twice');
    return { kind: 'duplicate', recorded: deps.store.rules.ofUpdate(update.updateId) };
  }
  const children = await Promise.all(
    requests.map(async (request) => ({ childId: request.childId, results: await applyRequest(deps, actor, update, request, now, chatId, options) })),
  );
  return { kind: 'done', children };
}

async function applyRequest(
  deps: RulesDependencies,
  actor: Actor,
  update: UpdateRef,
  request: RulesRequest,
  now: number,
  chatId: number | undefined,
  options: { readonly keepUnreached?: boolean },
): Promise<MachineRulesOutcome[]> {
  const start = { at: now, updateId: update.updateId, parentId: actor.id, parentName: actor.name, chatId, childId: request.childId };
  return Promise.all(
    request.machineIds.map(async (machineId): Promise<MachineRulesOutcome> => {
      const result = await applyEdit(deps, { ...start, machineId }, request.edit);
      const keep = options.keepUnreached === true && chatId !== undefined && deps.config.offline.keepChanges && result.kind === 'failed' && neverReached(result.failure);
      if (!keep) return result;
      const kept = deps.store.kept.keep({
        at: now,
        day: localDay(now),
        kind: 'rules',
        childId: request.childId,
        machineId,
        minutes: 0,
        byId: actor.id,
        byName: actor.name,
        chatId,
        edit: JSON.stringify(request.edit),
        updateId: update.updateId,
        // An exception is worth making only on its day.
        untilDay: request.edit.kind === 'exception' ? request.edit.exception.date : undefined,
      });
      deps.logger.info({ action: 'keep', kept: kept.id, child: request.childId, machine: machineId, edit: request.edit.kind }, 'computer off: rules change kept');
      return { ...result, kept };
    }),
  );
}

export type UndoOutcome =
  /**
   * `children`: what was restored, per child (a profile's choice taken back may have restored nothing); `cancelled`:
   * the parts still waiting for computers that are off, not made now.
   */
  | {
      readonly kind: 'undone';
      readonly children: readonly ChildRulesResults[];
      readonly cancelled: readonly KeptRecord[];
      /** Some computer could not be restored now (off): the same Undo may be tapped again. */
      readonly again: boolean;
    }
  /** Nothing left to undo: undone already, from another day, or nothing was written. */
  | { readonly kind: 'nothing' }
  | { readonly kind: 'duplicate' };

/**
 * Undoes what the rules change of `changeUpdateId` wrote, on the computers it changed: exactly the values it replaced,
 * written only where they differ now. Once: the rows are claimed before anything runs, and a redelivered Undo is not
 * run again. Only the same day.
 */
export async function undoRulesChange(deps: RulesDependencies, actor: Actor, update: UpdateRef, changeUpdateId: number, chatId?: number): Promise<UndoOutcome> {
  const now = (deps.now ?? Date.now)();
  if (!deps.store.claimUpdate(update.updateId, update.callbackQueryId, now)) return { kind: 'duplicate' };
  const sinceMs = localTimeOf(localDay(now), 0);
  const rows = deps.store.rules.claimUndo(changeUpdateId, update.updateId, sinceMs);
  // A profile switched back means the child follows the one before; what still waits for a computer that is off is
  // not made any more. Both only for a change of today, as the rules it wrote.
  const choices = deps.store.profiles.undoChoices(changeUpdateId, update.updateId, sinceMs);
  const cancelled = deps.store.kept.cancelOfUpdate(changeUpdateId, actor.name, now, sinceMs);
  if (rows.length === 0 && choices.length === 0 && cancelled.length === 0) return { kind: 'nothing' };
  const results = await Promise.all(
    rows.map(async (row) => {
      const restore = restoreOf(row);
      const start = { at: now, updateId: update.updateId, parentId: actor.id, parentName: actor.name, chatId, childId: row.childId, machineId: row.machineId };
      const result = await applyEdit(deps, { ...start, undoOf: row.id }, { kind: 'restore', patch: restore });
      if (result.kind === 'changed' || result.kind === 'already') {
        // What the bot expects there is what it expected before the change: the values put back are not its own.
        if (row.expectedBefore === undefined) deps.store.profiles.forgetExpected(row.childId, row.machineId);
        else deps.store.profiles.setExpected(row.childId, row.machineId, row.expectedBefore, now);
        restoreExceptionSnapshots(deps, row);
      } else if ((result.kind === 'failed' && neverReached(result.failure)) || result.kind === 'unknown') {
        // Not undone there (off, or not known): a later tap of the same Undo tries again.
        deps.store.rules.releaseUndo(row.id, update.updateId);
      }
      return { row, result };
    }),
  );
  // An exception undone is not put back again, where its values were restored; elsewhere it still ends by itself.
  const restoredOn = results.filter(({ result }) => result.kind === 'changed' || result.kind === 'already').map(({ row }) => row.machineId);
  if (restoredOn.length > 0) deps.store.exceptions.undoUpdate(changeUpdateId, now, restoredOn);
  const again = results.some(({ result }) => (result.kind === 'failed' && neverReached(result.failure)) || result.kind === 'unknown');
  const childIds = [...new Set([...choices, ...rows.map((row) => row.childId), ...cancelled.map((kept) => kept.childId)])];
  return {
    kind: 'undone',
    children: childIds.map((childId) => ({ childId, results: results.filter((entry) => entry.row.childId === childId).map((entry) => entry.result) })),
    cancelled,
    again,
  };
}

/** The values a recorded change replaced, of the fields it really wrote. */
function restoreOf(row: RulesChangeRecord): RulesPatch {
  const before = parseStoredPatch(row.before);
  const written = parseStoredPatch(row.patch);
  const restore: Record<string, unknown> = {};
  for (const field of RULE_FIELDS) if (written[field] !== undefined && before[field] !== undefined) restore[field] = before[field];
  return restore;
}

/** Who asked for an edit of which computer, and when: the ledger row without what was asked. */
type EditStart = Omit<RulesChangeStart, 'edit'>;

/** One computer: read, apply the edit, write what differs (recorded before it is sent), read back. */
export async function applyEdit(deps: RulesDependencies, start: EditStart, edit: RulesEdit): Promise<MachineRulesOutcome> {
  const { machineId, childId } = start;
  const login = deps.config.children.get(childId)?.accounts.get(machineId);
  if (login === undefined) return { machineId, kind: 'failed', failure: { kind: 'no-account', childId, machineId } };
  const read = await deps.client.readRules(machineId, login);
  if (!read.ok) return { machineId, kind: 'failed', failure: read.error };
  const before = read.value;
  const wanted = wantedSettings(before, edit);
  if (!wanted.ok) return { machineId, kind: 'refused', problem: wanted.error, rules: before };
  const patch = diffSettings(before.settings, wanted.value);
  const at = (deps.now ?? Date.now)();
  if (isEmptyPatch(patch)) {
    noteExpected(deps, start, before, edit, at);
    rebaseExceptions(deps, start, before, edit);
    return { machineId, kind: 'already', rules: before };
  }

  const recordId = deps.store.rules.start({ ...start, edit: JSON.stringify(edit) }, JSON.stringify(inversePatch(before.settings, patch)), JSON.stringify(patch));
  deps.store.rules.noteExpectedBefore(recordId, deps.store.profiles.expected(childId, machineId));
  const written = await deps.client.changeRules(machineId, login, patch);
  if (written.ok) {
    deps.store.rules.finish(recordId, 'applied');
    const after = written.value.kind === 'read-back' ? written.value.rules : undefined;
    deps.logger.info({ machine: machineId, child: childId, fields: Object.keys(patch) }, 'house rules written');
    noteExpected(deps, start, before, edit, at);
    const moved = rebaseExceptions(deps, start, before, edit);
    if (moved.length > 0) deps.store.rules.noteExceptionsBefore(recordId, JSON.stringify(moved));
    if (edit.kind === 'exception') noteException(deps, start, edit.exception, before.settings, wanted.value, at);
    return { machineId, kind: 'changed', before, after, patch };
  }
  const failure = written.error;
  if (failure.kind === 'partly-written') {
    const done: Record<string, unknown> = {};
    for (const field of RULE_FIELDS) if (failure.written.includes(field) && patch[field] !== undefined) done[field] = patch[field];
    deps.store.rules.finish(recordId, 'partly', failure.failure.kind, JSON.stringify(done));
    const reread = await deps.client.readRules(machineId, login);
    return {
      machineId,
      kind: 'partly',
      after: reread.ok ? reread.value : undefined,
      written: failure.written,
      failedField: failure.failedField,
      failure: failure.failure,
    };
  }
  const unknown = mayHaveRun(failure);
  deps.store.rules.finish(recordId, unknown ? 'unknown' : 'failed', failure.kind);
  return { machineId, kind: unknown ? 'unknown' : 'failed', failure };
}


/**
 * What the bot expects this computer to have now: its own changes replayed on what it expected before (on what was
 * read, the first time), so a difference from the child's profile it made itself is told apart from one made on the
 * computer (profile-rules.ts).
 */
function noteExpected(deps: RulesDependencies, start: EditStart, before: Rules, edit: RulesEdit, at: number): void {
  const expected = parseStoredSettings(deps.store.profiles.expected(start.childId, start.machineId)) ?? before.settings;
  const next = wantedSettings({ ...before, settings: expected }, edit);
  if (next.ok) deps.store.profiles.setExpected(start.childId, start.machineId, JSON.stringify(next.value), at);
}

/** An exception written: what it replaced on its day and what it wrote, to be put back when its day ends. */
function noteException(deps: RulesDependencies, start: EditStart, exception: RuleException, before: RuleSettings, wrote: RuleSettings, at: number): void {
  const weekday = exceptionDay(exception);
  deps.store.exceptions.add({
    at,
    updateId: start.updateId,
    childId: start.childId,
    machineId: start.machineId,
    weekday,
    exception: JSON.stringify(exception),
    before: JSON.stringify(slotOf(before, weekday)),
    wrote: JSON.stringify(slotOf(wrote, weekday)),
    endsAt: localTimeOf(addDays(exception.date, 1), 0),
    byId: start.parentId,
    byName: start.parentName,
    chatId: start.chatId,
  });
}

/** What an exception in force puts back at its end and what counts as its own, before a change moved them. */
interface ExceptionSnapshot {
  readonly id: number;
  readonly before: string;
  readonly wrote: string;
}

const snapshotsSchema = z.array(z.object({ id: z.number(), before: z.string(), wrote: z.string() }));

/**
 * A change made while an exception is in force on the same computer: what the exception will put back at its end is
 * what the rules are now without it (a profile switched during `/today leo off` brings back the new profile's limit,
 * not the old one). Exceptions themselves stack instead (they end newest first), and an Undo puts back the snapshots
 * its change took (`undoRulesChange`). Returns what was there before.
 */
function rebaseExceptions(deps: RulesDependencies, start: EditStart, before: Rules, edit: RulesEdit): ExceptionSnapshot[] {
  if (edit.kind === 'exception' || edit.kind === 'exception-end' || edit.kind === 'restore') return [];
  const snapshots: ExceptionSnapshot[] = [];
  for (const active of deps.store.exceptions.active(start.childId)) {
    if (active.machineId !== start.machineId) continue;
    const was = parseStoredSlot(active.before);
    const wrote = parseStoredSlot(active.wrote);
    if (was === undefined || wrote === undefined) continue;
    const weekday = active.weekday as IsoWeekday;
    const without = restoredSettings(before.settings, weekday, was, wrote).settings;
    const next = wantedSettings({ ...before, settings: without }, edit);
    if (!next.ok) continue;
    const moved = slotOf(next.value, weekday);
    // A part the exception did not change is not the exception's: what it "wrote" there follows too.
    const hoursOwn = !sameHours(was.hours, wrote.hours);
    const dayOwn = was.allowed !== wrote.allowed || (was.allowed && was.limit !== wrote.limit);
    const wroteNow = { allowed: dayOwn ? wrote.allowed : moved.allowed, limit: dayOwn ? wrote.limit : moved.limit, hours: hoursOwn ? wrote.hours : moved.hours };
    snapshots.push({ id: active.id, before: active.before, wrote: active.wrote });
    deps.store.exceptions.rebase(active.id, JSON.stringify(moved), JSON.stringify(wroteNow));
  }
  return snapshots;
}

/** An Undo: the exceptions its change moved put back what they would have before it. */
function restoreExceptionSnapshots(deps: RulesDependencies, row: RulesChangeRecord): void {
  if (row.exceptionsBefore === undefined) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.exceptionsBefore);
  } catch {
    return;
  }
  const snapshots = snapshotsSchema.safeParse(parsed);
  if (!snapshots.success) return;
  for (const { id, before, wrote } of snapshots.data) deps.store.exceptions.rebase(id, before, wrote);
}
