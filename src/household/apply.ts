import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import { localDay } from '../lib/local-days.ts';
import { err, type Result } from '../lib/result.ts';
import { neverReached } from '../ssh/failure.ts';
import type { KeptRecord } from '../storage/kept.ts';
import type { ChangeOutcome, ChangeRecord, Store } from '../storage/store.ts';
import type { TimeChange, TimekprClient } from '../timekpr/client.ts';
import type { UserInfo } from '../timekpr/parse.ts';
import { changeMinutes, mayHaveRun, type ChangeFailure, type ChangeRequest } from './change-time.ts';

export type { ChangeRequest };

export interface ApplyDependencies {
  readonly client: TimekprClient;
  readonly config: Config;
  readonly store: Store;
  readonly logger: Logger;
  /** The clock, in ms since the epoch (default: the system's). */
  readonly now?: () => number;
}

export interface Actor {
  readonly id: number;
  readonly name: string;
}

/** The Telegram update that asked for the changes: what makes them happen exactly once. */
export interface UpdateRef {
  readonly updateId: number;
  readonly callbackQueryId?: string;
}

export type ChangeResult = Result<TimeChange, ChangeFailure>;

/** One change that ran: its result, and when its computer could not be reached, the change kept for later. */
export interface AppliedChange {
  readonly request: ChangeRequest;
  readonly result: ChangeResult;
  /** Kept to be applied when the computer is back (`offline.keepChanges`). */
  readonly kept?: KeptRecord | undefined;
}

export type ApplyOutcome =
  | { readonly kind: 'applied'; readonly results: readonly AppliedChange[] }
  /** The update was seen before (Telegram delivered it again): nothing was run; this is what was recorded then. */
  | { readonly kind: 'duplicate'; readonly recorded: readonly ChangeRecord[] };

/**
 * Applies the changes an update asks for, exactly once: the update and its changes are recorded (pending) before
 * anything runs, and each outcome afterwards, as facts (kinds and numbers). An update seen again is not run twice.
 * With `keepUnreached` (and `offline.keepChanges` on), a change whose computer could not be reached at all is kept,
 * to be applied when it is back.
 */
export async function applyOnce(
  deps: ApplyDependencies,
  actor: Actor,
  update: UpdateRef,
  requests: readonly ChangeRequest[],
  chatId?: number,
  options: { readonly keepUnreached?: boolean } = {},
): Promise<ApplyOutcome> {
  const { client, config, store, logger } = deps;
  const now = (deps.now ?? Date.now)();
  const ids = store.beginUpdate(
    update.updateId,
    update.callbackQueryId,
    requests.map((request) => ({ at: now, parentId: actor.id, parentName: actor.name, chatId, ...request })),
  );
  if (ids === undefined) {
    logger.warn({ update: update.updateId, user: actor.id }, 'update seen again: not applied twice');
    return { kind: 'duplicate', recorded: store.changesOfUpdate(update.updateId) };
  }
  const results = await Promise.all(
    requests.map(async (request, index) => {
      const started = performance.now();
      const result = await changeMinutes(client, config, request);
      const outcome = outcomeOf(result, request.play);
      const id = ids[index];
      if (id !== undefined) store.finishChange(id, outcome);
      logger.info(
        {
          action: 'add',
          user: actor.id,
          name: actor.name,
          child: request.childId,
          machine: request.machineId,
          minutes: request.minutes,
          result: outcome.kind,
          failure: 'failure' in outcome ? outcome.failure : undefined,
          secondsLeft: 'secondsLeft' in outcome ? outcome.secondsLeft : undefined,
          durationMs: Math.round(performance.now() - started),
        },
        'time changed',
      );
      // PlayTime is not kept: its minutes belong to the day's games, and a kept change is given as time.
      const keep =
        options.keepUnreached === true && request.play !== true && chatId !== undefined && config.offline.keepChanges && !result.ok && neverReached(result.error);
      const kept = keep ? store.kept.keep({ at: now, day: localDay(now), kind: 'add', ...request, byId: actor.id, byName: actor.name, chatId }) : undefined;
      if (kept !== undefined) logger.info({ action: 'keep', kept: kept.id, child: request.childId, machine: request.machineId, minutes: request.minutes }, 'computer off: change kept');
      return { request, result, kept };
    }),
  );
  return { kind: 'applied', results };
}

/** What a change's result says, as the facts the ledger keeps (for PlayTime, the PlayTime left). Pure. */
export function outcomeOf(result: ChangeResult, play?: boolean): ChangeOutcome {
  if (!result.ok) return { kind: mayHaveRun(result.error) ? 'unknown' : 'failed', failure: result.error.kind };
  if (result.value.kind === 'not-read-back') return { kind: 'not-read-back', failure: result.value.readFailure.kind };
  const { info } = result.value;
  return { kind: result.value.capped ? 'capped' : 'applied', secondsLeft: play === true ? (info.playTimeLeftSeconds ?? 0) : info.secondsLeft };
}

/**
 * The changes whose outcome is not known (the connection broke while they ran, or an earlier run was cut short):
 * their time must be read again. Pure.
 */
function uncertainChanges(outcome: ApplyOutcome): ChangeRequest[] {
  if (outcome.kind === 'applied') return outcome.results.filter(({ result }) => !result.ok && mayHaveRun(result.error)).map(({ request }) => request);
  return outcome.recorded.filter(({ outcome: state }) => state.kind === 'pending' || state.kind === 'unknown' || state.kind === 'interrupted');
}

/** A child's account on a machine, read now. */
export interface Reread {
  readonly childId: string;
  readonly machineId: string;
  readonly info: Result<UserInfo, ChangeFailure>;
}

/** Reads a child's time on one machine now (after a change whose outcome is unknown). */
export async function readAccount(deps: Pick<ApplyDependencies, 'client' | 'config'>, childId: string, machineId: string): Promise<Reread> {
  const login = deps.config.children.get(childId)?.accounts.get(machineId);
  if (login === undefined) return { childId, machineId, info: err({ kind: 'no-account', childId, machineId }) };
  const answers = await deps.client.usersInfo(machineId, [login]);
  if (!answers.ok) return { childId, machineId, info: answers };
  return { childId, machineId, info: answers.value.get(login) ?? err({ kind: 'unexpected-output', text: '' }) };
}

/** Reads again every account whose change has an unknown outcome. */
export function rereadUncertain(deps: Pick<ApplyDependencies, 'client' | 'config'>, outcome: ApplyOutcome): Promise<Reread[]> {
  return Promise.all(uncertainChanges(outcome).map((request) => readAccount(deps, request.childId, request.machineId)));
}
