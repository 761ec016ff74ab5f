import type { Logger } from 'pino';
import { localDay } from '../lib/local-days.ts';
import type { ChildConfig, Config } from '../config/types.ts';
import { neverReached } from '../ssh/failure.ts';
import type { Store } from '../storage/store.ts';
import type { TimekprClient } from '../timekpr/client.ts';
import { readAccount, type Actor } from './apply.ts';
import { mayHaveRun } from './change-time.ts';
import { failureText } from './render/failure.ts';
import type { PauseLine, ResumeLine } from './render/pause.ts';

export interface PausingDependencies {
  readonly client: TimekprClient;
  readonly config: Config;
  readonly store: Store;
  readonly logger: Logger;
  readonly now: () => number;
}

/**
 * Sets the child's time on one computer to 0, keeping what was left (recorded before it is set). A computer that
 * cannot be reached gets the pause when it is back, when `keepIn` names the chat to report to (and
 * `offline.keepChanges` is on). `stillWanted` is asked right before the pause is recorded (a kept pause may have been
 * cancelled by a /resume while its time was read).
 */
export async function pauseOne(
  deps: PausingDependencies,
  child: ChildConfig,
  machineId: string,
  actor: Actor,
  { keepIn, stillWanted = () => true }: { readonly keepIn?: number; readonly stillWanted?: () => boolean } = {},
): Promise<PauseLine> {
  const { client, config, store, logger, now } = deps;
  const active = store.pauses.active(child.id, machineId);
  if (active !== undefined) return { kind: 'already', machineId, pause: active };
  const read = await readAccount(deps, child.id, machineId);
  if (!read.info.ok) {
    const failure = read.info.error;
    if (keepIn !== undefined && config.offline.keepChanges && neverReached(failure)) {
      const waiting = store.kept.waiting(machineId).find((kept) => kept.kind === 'pause' && kept.childId === child.id);
      const at = now();
      const kept = waiting ?? store.kept.keep({ at, day: localDay(at), kind: 'pause', childId: child.id, machineId, minutes: 0, byId: actor.id, byName: actor.name, chatId: keepIn });
      logger.info({ action: 'keep', kept: kept.id, child: child.id, machine: machineId }, 'computer off: pause kept');
      return { kind: 'kept', machineId, kept };
    }
    return { kind: 'failed', machineId, why: failureText(config, machineId, failure), maybe: false, unreached: neverReached(failure) };
  }
  if (!stillWanted()) return { kind: 'cancelled', machineId };
  const login = child.accounts.get(machineId) ?? '';
  const at = now();
  const pause = store.pauses.begin({ at, day: localDay(at), childId: child.id, machineId, byId: actor.id, byName: actor.name, secondsKept: read.info.value.secondsLeft });
  if (pause === undefined) {
    const other = store.pauses.active(child.id, machineId);
    return other === undefined ? { kind: 'failed', machineId, why: 'try again', maybe: false, unreached: false } : { kind: 'already', machineId, pause: other };
  }
  const result = await client.changeTimeLeft(machineId, login, '=', 0);
  logger.info({ action: 'pause', child: child.id, machine: machineId, user: actor.id, kept: pause.secondsKept, ok: result.ok }, 'pause');
  if (result.ok) return { kind: 'paused', machineId, secondsKept: pause.secondsKept };
  const maybe = mayHaveRun(result.error);
  // Surely not set to 0: nothing is paused. Maybe set: kept as paused, so /resume can give the time back.
  if (!maybe) store.pauses.move(pause.id, 'paused', 'failed', now());
  return { kind: 'failed', machineId, why: failureText(config, machineId, result.error), maybe, unreached: !maybe && neverReached(result.error) };
}

/**
 * Gives back exactly what was kept, once: the pause moves to `resuming` before the time is set. A pause still waiting
 * for its computer to come back is cancelled instead.
 */
export async function resumeOne(deps: PausingDependencies, child: ChildConfig, machineId: string, actor: Actor): Promise<ResumeLine> {
  const { client, config, store, now } = deps;
  const cancelled = store.kept.cancelPauses(child.id, machineId, actor.name, now());
  const pause = store.pauses.active(child.id, machineId);
  if (pause === undefined || !store.pauses.move(pause.id, 'paused', 'resuming', now())) {
    return cancelled.length > 0 ? { kind: 'kept-cancelled', machineId, kept: cancelled } : { kind: 'not-paused', machineId };
  }
  const result = await client.changeTimeLeft(machineId, child.accounts.get(machineId) ?? '', '=', pause.secondsKept);
  if (!result.ok && !mayHaveRun(result.error)) {
    store.pauses.move(pause.id, 'resuming', 'paused', now());
    return { kind: 'failed', machineId, why: failureText(config, machineId, result.error), maybe: false };
  }
  store.pauses.move(pause.id, 'resuming', 'resumed', now());
  if (!result.ok) return { kind: 'failed', machineId, why: failureText(config, machineId, result.error), maybe: true };
  const change = result.value;
  return change.kind === 'read-back'
    ? { kind: 'resumed', machineId, secondsLeft: change.info.secondsLeft, capped: change.capped }
    : { kind: 'resumed', machineId, secondsLeft: undefined, capped: false };
}
