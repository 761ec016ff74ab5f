import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import type { Result } from '../lib/result.ts';
import type { ChangeOutcome, ChangeRecord, Store } from '../storage/store.ts';
import type { MachineFailure, TimeChange, TimekprClient } from '../timekpr/client.ts';
import { failureText, formatChangeLine, formatRecordedChange } from './format.ts';
import { changeMinutes } from './status.ts';

export interface ApplyDependencies {
  readonly client: TimekprClient;
  readonly config: Config;
  readonly store: Store;
  readonly logger: Logger;
}

/** One change a parent asked for. */
export interface ChangeRequest {
  readonly childId: string;
  readonly machineId: string;
  readonly minutes: number;
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

export type ApplyOutcome =
  | { readonly kind: 'applied'; readonly results: readonly { readonly request: ChangeRequest; readonly result: Result<TimeChange, MachineFailure> }[] }
  /** The update was seen before (Telegram delivered it again): nothing was run; this is what was recorded then. */
  | { readonly kind: 'duplicate'; readonly recorded: readonly ChangeRecord[] };

/**
 * Applies the changes an update asks for, exactly once: the update and its changes are recorded (pending) before
 * anything runs, and each outcome afterwards. An update seen again is not run a second time.
 */
export async function applyOnce(deps: ApplyDependencies, actor: Actor, update: UpdateRef, requests: readonly ChangeRequest[]): Promise<ApplyOutcome> {
  const { client, config, store, logger } = deps;
  const now = Date.now();
  const ids = store.beginUpdate(
    update.updateId,
    update.callbackQueryId,
    requests.map((request) => ({ at: now, parentId: actor.id, parentName: actor.name, ...request })),
  );
  if (ids === undefined) {
    logger.warn({ update: update.updateId, user: actor.id }, 'update seen again: not applied twice');
    return { kind: 'duplicate', recorded: store.changesOfUpdate(update.updateId) };
  }
  const results = await Promise.all(
    requests.map(async (request, index) => {
      const started = performance.now();
      const result = await changeMinutes(client, config, request.childId, request.machineId, request.minutes);
      const id = ids[index];
      if (id !== undefined) store.finishChange(id, outcomeOf(config, request.machineId, result));
      logChange(logger, actor, request, result, started);
      return { request, result };
    }),
  );
  return { kind: 'applied', results };
}

/** The lines (HTML) that report an outcome: who changed what and the time read back, or what was recorded before. */
export function outcomeLines(config: Config, actor: Actor, outcome: ApplyOutcome): string[] {
  if (outcome.kind === 'duplicate') return outcome.recorded.map((record) => formatRecordedChange(config, record));
  return outcome.results.map(({ request, result }) => formatChangeLine(config, { ...request, by: actor.name }, result));
}

function outcomeOf(config: Config, machineId: string, result: Result<TimeChange, MachineFailure>): ChangeOutcome {
  if (!result.ok) {
    const detail = failureText(config, machineId, result.error);
    const sent = 'commandSent' in result.error && result.error.commandSent;
    return { status: sent ? 'unknown' : 'failed', detail };
  }
  if (result.value.kind === 'not-read-back') {
    return { status: 'applied', detail: `not read back: ${failureText(config, machineId, result.value.readFailure)}` };
  }
  return { status: result.value.capped ? 'capped' : 'applied', secondsLeft: result.value.info.secondsLeft };
}

/** One log line per change: who, what, the outcome and how long it took. */
function logChange(logger: Logger, actor: Actor, request: ChangeRequest, result: Result<TimeChange, MachineFailure>, startedAt: number): void {
  const outcome = result.ok ? (result.value.kind === 'read-back' ? (result.value.capped ? 'capped' : 'ok') : 'not-read-back') : result.error.kind;
  const secondsLeft = result.ok && result.value.kind === 'read-back' ? result.value.info.secondsLeft : undefined;
  logger.info(
    {
      action: 'add',
      user: actor.id,
      name: actor.name,
      child: request.childId,
      machine: request.machineId,
      minutes: request.minutes,
      result: outcome,
      secondsLeft,
      durationMs: Math.round(performance.now() - startedAt),
    },
    'time changed',
  );
}
