import { err, type Result } from '../lib/result.ts';
import type { MachineFailure, TimeChange, TimekprClient, UsersInfo } from './client.ts';
import type { RulesClient } from './rules-client.ts';

/** What a computer answered. */
export type Answer =
  /** The children read (`logins`: whom the read asked for), each with their state or their own problem. */
  | { readonly kind: 'users'; readonly logins: readonly string[]; readonly infos: UsersInfo }
  /** A change made (and read back, or not). */
  | { readonly kind: 'change'; readonly change: TimeChange }
  /** Something that says nothing of the children's time: the logins Timekpr-nExT knows there, or their rules. */
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

/** Telling the observers of an answer, and letting them reword a failure. */
function hearing(observers: readonly AnswerObserver[]) {
  const answered = (machineId: string, answer: Answer) => {
    for (const observer of observers) observer.answered?.(machineId, answer);
  };
  const checked = <T, E extends { readonly kind: string }>(machineId: string, result: Result<T, E | MachineFailure>): Result<T, E | MachineFailure> => {
    if (result.ok || !isMachineFailure(result.error)) return result;
    return err(observers.reduce((failure, observer) => observer.failed?.(machineId, failure) ?? failure, result.error));
  };
  return { answered, checked };
}

/** A failure of the machine itself (not a rules write that stopped part way). */
function isMachineFailure<E extends { readonly kind: string }>(failure: E | MachineFailure): failure is MachineFailure {
  return failure.kind !== 'partly-written';
}

/**
 * The same rules client, heard the same way: a computer that answered a rules read or write answered (last seen,
 * kept changes), and a failure is reworded as the observers know better (a host name of a computer that is off).
 */
export function observeRuleAnswers(client: RulesClient, observers: readonly AnswerObserver[]): RulesClient {
  const { answered, checked } = hearing(observers);
  return {
    async readRules(machineId, login) {
      const result = await client.readRules(machineId, login);
      if (result.ok) answered(machineId, { kind: 'known-users' });
      return checked(machineId, result);
    },
    async changeRules(machineId, login, patch) {
      const result = await client.changeRules(machineId, login, patch);
      if (result.ok) answered(machineId, { kind: 'known-users' });
      return checked(machineId, result);
    },
  };
}

/**
 * The same client, telling `observers` (in order) of every answer and letting them reword failures: the one place
 * where "a computer answered" is heard.
 */
export function observeAnswers(client: TimekprClient, observers: readonly AnswerObserver[]): TimekprClient {
  const { answered, checked } = hearing(observers);
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
