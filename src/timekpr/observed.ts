import { err, type Result } from '../lib/result.ts';
import type { MachineFailure, TimeChange, TimekprClient, UsersInfo } from './client.ts';

/** What a computer answered. */
export type Answer =
  /** The children read (`logins`: whom the read asked for), each with their state or their own problem. */
  | { readonly kind: 'users'; readonly logins: readonly string[]; readonly infos: UsersInfo }
  /** A change made (and read back, or not). */
  | { readonly kind: 'change'; readonly change: TimeChange }
  /** The logins Timekpr-nExT knows there. */
  | { readonly kind: 'known-users' };

/** Hears what the computers answer: last seen, usage for the reports, changes kept for a computer that was off. */
export interface AnswerObserver {
  /** A computer answered. */
  readonly answered?: (machineId: string, answer: Answer) => void;
  /**
   * A failure as the observer knows better (last seen: a host name not found of a computer that answered before is
   * that computer being off). Observers see the failure in turn; the caller gets the last one's.
   */
  readonly failed?: (machineId: string, failure: MachineFailure) => MachineFailure;
}

/**
 * The same client, telling `observers` (in order) of every answer and letting them reword failures: the one place
 * where "a computer answered" is heard.
 */
export function observeAnswers(client: TimekprClient, observers: readonly AnswerObserver[]): TimekprClient {
  const answered = (machineId: string, answer: Answer) => {
    for (const observer of observers) observer.answered?.(machineId, answer);
  };
  const checked = <T>(machineId: string, result: Result<T, MachineFailure>): Result<T, MachineFailure> => {
    if (result.ok) return result;
    return err(observers.reduce((failure, observer) => observer.failed?.(machineId, failure) ?? failure, result.error));
  };
  return {
    async knownUsers(machineId) {
      const result = await client.knownUsers(machineId);
      if (result.ok) answered(machineId, { kind: 'known-users' });
      return checked(machineId, result);
    },
    async usersInfo(machineId, logins) {
      const result = await client.usersInfo(machineId, logins);
      if (result.ok) answered(machineId, { kind: 'users', logins, infos: result.value });
      return checked(machineId, result);
    },
    async changeTimeLeft(machineId, login, operation, seconds) {
      const result = await client.changeTimeLeft(machineId, login, operation, seconds);
      if (result.ok) answered(machineId, { kind: 'change', change: result.value });
      return checked(machineId, result);
    },
    async changePlayTimeLeft(machineId, login, operation, seconds) {
      const result = await client.changePlayTimeLeft(machineId, login, operation, seconds);
      if (result.ok) answered(machineId, { kind: 'change', change: result.value });
      return checked(machineId, result);
    },
  };
}
