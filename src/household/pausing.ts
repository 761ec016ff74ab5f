import type { Logger } from 'pino';
import { localDay } from '../lib/local-days.ts';
import type { ChildConfig, Config } from '../config/types.ts';
import { neverReached } from '../ssh/failure.ts';
import type { Store } from '../storage/store.ts';
import type { TimekprClient } from '../timekpr/client.ts';
import { readAccount, type Actor } from './apply.ts';
import type { KeptRecord } from '../storage/kept.ts';
import type { PauseRecord } from '../storage/pauses.ts';
import { mayHaveRun, type ChangeFailure } from './change-time.ts';

/** What a pause did on one computer: facts, worded by render/pause.ts. */
export type PauseLine =
  | { readonly kind: 'paused'; readonly machineId: string; readonly secondsKept: number }
  | { readonly kind: 'already'; readonly machineId: string; readonly pause: PauseRecord }
  /** `maybe`: the time may have been set to 0 all the same; `unreached`: the computer was surely not reached. */
  | { readonly kind: 'failed'; readonly machineId: string; readonly failure: ChangeFailure; readonly maybe: boolean; readonly unreached: boolean }
  /** Another pause or resume of the same account changed it at the same moment: nothing was done. */
  | { readonly kind: 'raced'; readonly machineId: string }
  /** The computer is off: the pause is kept and happens when it is back. */
  | { readonly kind: 'kept'; readonly machineId: string; readonly kept: KeptRecord }
  /** A kept pause that a /resume cancelled while it was being applied: nothing was paused. */
  | { readonly kind: 'cancelled'; readonly machineId: string };

/** What a resume did on one computer: facts, worded by render/pause.ts. */
export type ResumeLine =
  | { readonly kind: 'resumed'; readonly machineId: string; readonly secondsLeft: number | undefined; readonly capped: boolean }
  | { readonly kind: 'not-paused'; readonly machineId: string }
  /** Not paused yet (the computer was off): the pause waiting for it is cancelled. */
  | { readonly kind: 'kept-cancelled'; readonly machineId: string; readonly kept: readonly KeptRecord[] }
  /** `maybe`: the time may have been given back all the same (the pause is over then); otherwise still paused. */
  | { readonly kind: 'failed'; readonly machineId: string; readonly failure: ChangeFailure; readonly maybe: boolean };

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
    return { kind: 'failed', machineId, failure, maybe: false, unreached: neverReached(failure) };
  }
  if (!stillWanted()) return { kind: 'cancelled', machineId };
  const login = child.accounts.get(machineId) ?? '';
  const at = now();
  const pause = store.pauses.begin({ at, day: localDay(at), childId: child.id, machineId, byId: actor.id, byName: actor.name, secondsKept: read.info.value.secondsLeft });
  if (pause === undefined) {
    const other = store.pauses.active(child.id, machineId);
    return other === undefined ? { kind: 'raced', machineId } : { kind: 'already', machineId, pause: other };
  }
  const result = await client.changeTimeLeft(machineId, login, '=', 0);
  logger.info({ action: 'pause', child: child.id, machine: machineId, user: actor.id, kept: pause.secondsKept, ok: result.ok }, 'pause');
  if (result.ok) return { kind: 'paused', machineId, secondsKept: pause.secondsKept };
  const maybe = mayHaveRun(result.error);
  // Surely not set to 0: nothing is paused. Maybe set: kept as paused, so /resume can give the time back.
  if (!maybe) store.pauses.move(pause.id, 'paused', 'failed', now());
  return { kind: 'failed', machineId, failure: result.error, maybe, unreached: !maybe && neverReached(result.error) };
}

/**
 * Gives back exactly what was kept, once: the pause moves to `resuming` before the time is set. A pause still waiting
 * for its computer to come back is cancelled instead.
 */
export async function resumeOne(deps: PausingDependencies, child: ChildConfig, machineId: string, actor: Actor): Promise<ResumeLine> {
  const { client, store, now } = deps;
  const cancelled = store.kept.cancelPauses(child.id, machineId, actor.name, now());
  const pause = store.pauses.active(child.id, machineId);
  if (pause === undefined || !store.pauses.move(pause.id, 'paused', 'resuming', now())) {
    return cancelled.length > 0 ? { kind: 'kept-cancelled', machineId, kept: cancelled } : { kind: 'not-paused', machineId };
  }
  const result = await client.changeTimeLeft(machineId, child.accounts.get(machineId) ?? '', '=', pause.secondsKept);
  if (!result.ok && !mayHaveRun(result.error)) {
    store.pauses.move(pause.id, 'resuming', 'paused', now());
    return { kind: 'failed', machineId, failure: result.error, maybe: false };
  }
  store.pauses.move(pause.id, 'resuming', 'resumed', now());
  if (!result.ok) return { kind: 'failed', machineId, failure: result.error, maybe: true };
  const change = result.value;
  return change.kind === 'read-back'
    ? { kind: 'resumed', machineId, secondsLeft: change.info.secondsLeft, capped: change.capped }
    : { kind: 'resumed', machineId, secondsLeft: undefined, capped: false };
}
