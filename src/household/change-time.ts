import type { Config } from '../config/types.ts';
import { err, type Result } from '../lib/result.ts';
import type { MachineFailure, TimeChange, TimekprClient } from '../timekpr/client.ts';

/** A change for a child on a computer the config gives them no account on (the config changed since it was asked). */
export interface NoAccount {
  readonly kind: 'no-account';
  readonly childId: string;
  readonly machineId: string;
}

/** Why a change did not happen, or may not have. */
export type ChangeFailure = MachineFailure | NoAccount;

/** One change a parent asked for: whole minutes for a child on one machine (negative takes time away). */
export interface ChangeRequest {
  readonly childId: string;
  readonly machineId: string;
  readonly minutes: number;
  /** PlayTime minutes (`/add mia 15 play`, 🎮 +15) instead of the day's time. */
  readonly play?: boolean | undefined;
}

/** Changes a child's time on one machine by whole minutes, through the child's login there. */
export function changeMinutes(client: TimekprClient, config: Config, request: ChangeRequest): Promise<Result<TimeChange, ChangeFailure>> {
  const { childId, machineId, minutes } = request;
  const login = config.children.get(childId)?.accounts.get(machineId);
  if (login === undefined) return Promise.resolve(err({ kind: 'no-account', childId, machineId }));
  const operation = minutes < 0 ? '-' : '+';
  const seconds = Math.abs(minutes) * 60;
  return request.play === true ? client.changePlayTimeLeft(machineId, login, operation, seconds) : client.changeTimeLeft(machineId, login, operation, seconds);
}

/**
 * Whether a failed change may have run anyway: the command reached the computer and then the connection broke or
 * timed out. Such an outcome is unknown, never "failed", and the time must be read again.
 */
export function mayHaveRun(failure: ChangeFailure): boolean {
  return 'commandSent' in failure && failure.commandSent;
}
