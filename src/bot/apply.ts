import type { Context } from 'grammy';
import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import type { Result } from '../lib/result.ts';
import type { ChangeOutcome, ChangeRecord, Store } from '../storage/store.ts';
import type { MachineFailure, TimeChange, TimekprClient } from '../timekpr/client.ts';
import { formatDuration } from '../lib/duration.ts';
import { escapeHtml, failureText, formatChangeLine, formatRecordedChange } from './format.ts';
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

/** Who sent an update: their user ID and first name. */
export function actorOf(ctx: Context): Actor {
  return { id: ctx.from?.id ?? 0, name: ctx.from?.first_name ?? `user ${ctx.from?.id ?? '?'}` };
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
export async function applyOnce(
  deps: ApplyDependencies,
  actor: Actor,
  update: UpdateRef,
  requests: readonly ChangeRequest[],
  chatId?: number,
): Promise<ApplyOutcome> {
  const { client, config, store, logger } = deps;
  const now = Date.now();
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
      const result = await changeMinutes(client, config, request.childId, request.machineId, request.minutes);
      const outcome = outcomeOf(config, request.machineId, result);
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
          result: outcome.status,
          failure: result.ok ? undefined : result.error.kind,
          secondsLeft: outcome.secondsLeft,
          durationMs: Math.round(performance.now() - started),
        },
        'time changed',
      );
      return { request, result };
    }),
  );
  return { kind: 'applied', results };
}

/**
 * For changes whose outcome is unknown (the connection broke while they ran, or an earlier run was cut short): the
 * time read now, one line each (HTML). Empty when every outcome is known.
 */
export async function rereadUnknown(deps: ApplyDependencies, outcome: ApplyOutcome): Promise<string[]> {
  const unknown =
    outcome.kind === 'applied'
      ? outcome.results.filter(({ result }) => !result.ok && 'commandSent' in result.error && result.error.commandSent).map(({ request }) => request)
      : outcome.recorded.filter((record) => record.status === 'pending' || record.status === 'unknown');
  return Promise.all(unknown.map((request) => rereadLine(deps, request.childId, request.machineId)));
}

/** `Mia now has 1h 05m left on desktop`, or why that cannot be read. HTML. */
export async function rereadLine(deps: ApplyDependencies, childId: string, machineId: string): Promise<string> {
  const child = deps.config.children.get(childId);
  const login = child?.accounts.get(machineId);
  const name = escapeHtml(child?.name ?? childId);
  if (login === undefined) return `${name} has no account on ${escapeHtml(machineId)} any more.`;
  const answers = await deps.client.usersInfo(machineId, [login]);
  const info = answers.ok ? answers.value.get(login) : undefined;
  if (info?.ok === true) return `${name} now has ${formatDuration(info.value.secondsLeft)} left on ${escapeHtml(machineId)}.`;
  const failure = !answers.ok ? answers.error : info !== undefined && !info.ok ? info.error : undefined;
  const reason = failure === undefined ? 'no answer' : failureText(deps.config, machineId, failure);
  return `${name}'s time on ${escapeHtml(machineId)} cannot be read now (${escapeHtml(reason)}); use /status later.`;
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
