import { err, ok, type Result } from '../../src/lib/result.ts';
import type { TimeOperation } from '../../src/timekpr/commands.ts';
import type { MachineFailure, TimeChange, TimekprClient, UsersInfo } from '../../src/timekpr/client.ts';
import { familyConfig, userInfo } from './bot-config.ts';

/** A TimekprClient whose changes answer what `answers` holds for `machine/login`; records every change asked for. */
export class FakeChangeClient implements TimekprClient {
  readonly changes: { machineId: string; login: string; operation: TimeOperation; seconds: number; play?: true }[] = [];
  readonly answers = new Map<string, Result<TimeChange, MachineFailure>>();
  /** When set, every change waits for it before answering. */
  gate: Promise<void> | undefined;

  knownUsers(): Promise<Result<string[], MachineFailure>> {
    return Promise.reject(new Error('not used by applyOnce'));
  }

  usersInfo(): Promise<Result<UsersInfo, MachineFailure>> {
    return Promise.reject(new Error('not used by applyOnce'));
  }

  async changeTimeLeft(machineId: string, login: string, operation: TimeOperation, seconds: number): Promise<Result<TimeChange, MachineFailure>> {
    this.changes.push({ machineId, login, operation, seconds });
    await this.gate;
    return this.answers.get(`${machineId}/${login}`) ?? err({ kind: 'ssh-error', message: `no answer scripted for ${machineId}/${login}` });
  }

  /** PlayTime changes are recorded as the others, with `play` set. */
  async changePlayTimeLeft(machineId: string, login: string, operation: TimeOperation, seconds: number): Promise<Result<TimeChange, MachineFailure>> {
    this.changes.push({ machineId, login, operation, seconds, play: true });
    await this.gate;
    return this.answers.get(`${machineId}/${login}`) ?? err({ kind: 'ssh-error', message: `no answer scripted for ${machineId}/${login}` });
  }
}

export const config = familyConfig();
export const ANNA = { id: 1001, name: 'Anna' };
export const BEN = { id: 1002, name: 'Ben' };

export const readBack = (secondsLeft: number, capped = false): Result<TimeChange, MachineFailure> =>
  ok({ kind: 'read-back', info: userInfo('x', { secondsLeft, loggedIn: true }), capped });
export const unreachable: MachineFailure = { kind: 'unreachable', reason: 'no route to host' };
export const commandTimeout: MachineFailure = { kind: 'timeout', phase: 'command', afterMs: 15000, commandSent: true };

