import { err, ok, type Result } from '../lib/result.ts';
import type { SshFailure } from '../ssh/failure.ts';
import type { CommandOutput, ExecBatch, RemoteCommand } from '../ssh/exec-batch.ts';
import { setTimeLeftCommand, userInfoCommand, userListCommand, WEEKDAY_COMMAND, type TimeOperation } from './commands.ts';
import {
  isCappedByClock,
  parseSetTimeLeftOutput,
  parseUserInfo,
  parseUserList,
  parseWeekday,
  type TimekpraProblem,
  type UserInfo,
} from './parse.ts';

/**
 * A request the client refused to send: its arguments failed the checks that keep every word safe for the remote
 * shell (a login name or timekpra path the config should not have let through). Nothing was run.
 */
export interface InvalidRequest {
  readonly kind: 'invalid-request';
  readonly message: string;
}

/**
 * The bot's helper program on the machine (the D-Bus backend): it could not start there, or the daemon's D-Bus call
 * failed for a reason of its own. `commandSent`: a change may have happened all the same.
 */
export type HelperProblem =
  | { readonly kind: 'helper-unavailable'; readonly reason: string }
  /** The helper installed there is older than what the request needs (`needed`): copy the new one there. */
  | { readonly kind: 'helper-outdated'; readonly version: number; readonly needed: number }
  | { readonly kind: 'helper-failed'; readonly message: string; readonly commandSent: boolean };

/** Everything that can keep a machine from answering: the connection, Timekpr-nExT on it, or a request not sent. */
export type MachineFailure = SshFailure | TimekpraProblem | InvalidRequest | HelperProblem;

/**
 * A change that was made, with the state read back right after it: report that, never "old + delta". `capped`: the
 * end of allowed hours or midnight keeps time left below what was given. If the re-read failed, the change still
 * happened and `readFailure` says why the new time is not known.
 */
export type TimeChange =
  | { readonly kind: 'read-back'; readonly info: UserInfo; readonly capped: boolean }
  | { readonly kind: 'not-read-back'; readonly readFailure: MachineFailure };

/** Per-login answers of one machine; a login's own problem (say, an unknown name) does not hide the others. */
export type UsersInfo = ReadonlyMap<string, Result<UserInfo, TimekpraProblem>>;

/** Reads and changes children's time on a machine. Hides how: `timekpra` over SSH, or D-Bus through the helper. */
export interface TimekprClient {
  /** The logins Timekpr-nExT knows on the machine; also proves it runs and may be used. */
  knownUsers(machineId: string): Promise<Result<string[], MachineFailure>>;
  usersInfo(machineId: string, logins: readonly string[]): Promise<Result<UsersInfo, MachineFailure>>;
  changeTimeLeft(machineId: string, login: string, operation: TimeOperation, seconds: number): Promise<Result<TimeChange, MachineFailure>>;
  /** The same for today's PlayTime left (read back in `info.playTimeLeftSeconds`; never `capped`). */
  changePlayTimeLeft(machineId: string, login: string, operation: TimeOperation, seconds: number): Promise<Result<TimeChange, MachineFailure>>;
}

export interface TimekpraClientOptions {
  readonly exec: ExecBatch;
  /** The configured timekpra path of a machine. */
  readonly timekpraOf: (machineId: string) => string;
  /** Waits before retrying when timekpra was busy. Default: 100, 200, 400, 800 ms. */
  readonly busyRetryDelaysMs?: readonly number[];
}

/** Problems that concern the whole machine, not one login: reported once for the machine. */
const MACHINE_WIDE: readonly TimekpraProblem['kind'][] = ['daemon-not-running', 'access-denied', 'timekpra-not-found'];

/** A `timekpra` client over any batch executor (the SSH pool in production). */
export function createTimekpraClient(options: TimekpraClientOptions): TimekprClient {
  const retryWhileBusy = <T>(attempt: () => Promise<Result<T, MachineFailure>>) => retriedWhileBusy(attempt, options.busyRetryDelaysMs);

  function readInfo(outputs: readonly CommandOutput[], weekdayIndex: number, infoIndex: number, login: string): Result<UserInfo, TimekpraProblem> {
    const weekdayOutput = outputs[weekdayIndex];
    const infoOutput = outputs[infoIndex];
    if (weekdayOutput === undefined || infoOutput === undefined) return err({ kind: 'unexpected-output', text: '' });
    const weekday = parseWeekday(weekdayOutput.output);
    if (!weekday.ok) return weekday;
    return parseUserInfo(infoOutput.output, infoOutput.exitCode, login, weekday.value);
  }

  /** Reads one login, once (callers retry). */
  async function readOne(machineId: string, login: string): Promise<Result<UserInfo, MachineFailure>> {
    const command = userInfoCommand(options.timekpraOf(machineId), login);
    if (!command.ok) return err({ kind: 'invalid-request', message: command.error });
    const outputs = await options.exec(machineId, [WEEKDAY_COMMAND, command.value]);
    return outputs.ok ? readInfo(outputs.value, 0, 1, login) : outputs;
  }

  return {
    async knownUsers(machineId) {
      const command = userListCommand(options.timekpraOf(machineId));
      if (!command.ok) return err({ kind: 'invalid-request', message: command.error });
      return retryWhileBusy(async () => {
        const outputs = await options.exec(machineId, [command.value]);
        if (!outputs.ok) return outputs;
        const [output] = outputs.value;
        return output === undefined ? err({ kind: 'unexpected-output', text: '' }) : parseUserList(output.output, output.exitCode);
      });
    },

    async usersInfo(machineId, logins) {
      const timekpra = options.timekpraOf(machineId);
      const commands: RemoteCommand[] = [WEEKDAY_COMMAND];
      for (const login of logins) {
        const command = userInfoCommand(timekpra, login);
        if (!command.ok) return err({ kind: 'invalid-request', message: `${login}: ${command.error}` });
        commands.push(command.value);
      }
      const outputs = await options.exec(machineId, commands);
      if (!outputs.ok) return outputs;
      const answers = new Map<string, Result<UserInfo, TimekpraProblem>>();
      for (const [index, login] of logins.entries()) {
        let answer: Result<UserInfo, MachineFailure> = readInfo(outputs.value, 0, index + 1, login);
        // Another timekpra of the same SSH user ran at that moment: ask again for this login alone.
        if (!answer.ok && answer.error.kind === 'busy') answer = await retryWhileBusy(() => readOne(machineId, login));
        if (answer.ok) {
          answers.set(login, answer);
        } else if (isTimekpraProblem(answer.error) && !isMachineWide(answer.error)) {
          answers.set(login, err(answer.error));
        } else {
          return err(answer.error);
        }
      }
      return ok(answers);
    },

    changeTimeLeft: (machineId, login, operation, seconds) => change(machineId, login, operation, seconds, 'time'),
    changePlayTimeLeft: (machineId, login, operation, seconds) => change(machineId, login, operation, seconds, 'play'),
  };

  /** The change (of time or PlayTime left) and its re-read in one round trip. */
  async function change(machineId: string, login: string, operation: TimeOperation, seconds: number, which: 'time' | 'play'): Promise<Result<TimeChange, MachineFailure>> {
    const timekpra = options.timekpraOf(machineId);
    const command = setTimeLeftCommand(timekpra, login, operation, seconds, which);
    if (!command.ok) return err({ kind: 'invalid-request', message: command.error });
    const read = userInfoCommand(timekpra, login);
    if (!read.ok) return err({ kind: 'invalid-request', message: read.error });

    // One round trip: the change, then the re-read. If timekpra was busy, only the step that did not happen is
    // repeated, so a change is never applied twice.
    let applied = false;
    const result = await retryWhileBusy(async (): Promise<Result<UserInfo, MachineFailure>> => {
      if (applied) return readOne(machineId, login);
      const outputs = await options.exec(machineId, [WEEKDAY_COMMAND, command.value, read.value]);
      if (!outputs.ok) return outputs;
      const changeOutput = outputs.value[1];
      if (changeOutput === undefined) return err({ kind: 'unexpected-output', text: '' });
      const changed = parseSetTimeLeftOutput(changeOutput.output, changeOutput.exitCode);
      if (!changed.ok) return changed;
      applied = true;
      return readInfo(outputs.value, 0, 2, login);
    });
    if (!result.ok) return applied ? ok({ kind: 'not-read-back', readFailure: result.error }) : result;
    return ok({ kind: 'read-back', info: result.value, capped: which === 'time' && isCappedByClock(result.value) });
  }
}

/** Waits before retrying when timekpra was busy, by default. */
const BUSY_RETRY_DELAYS_MS = [100, 200, 400, 800];

/** Runs `attempt` again while timekpra answers "already running", with a short backoff; then gives up as busy. */
export async function retriedWhileBusy<T>(
  attempt: () => Promise<Result<T, MachineFailure>>,
  delays: readonly number[] = BUSY_RETRY_DELAYS_MS,
): Promise<Result<T, MachineFailure>> {
  for (let retry = 0; ; retry += 1) {
    const result = await attempt();
    const delay = delays[retry];
    if (result.ok || result.error.kind !== 'busy' || delay === undefined) return result;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** Whether a failure concerns the whole machine rather than one login (see `UsersInfo`). */
export function isMachineWide(failure: MachineFailure): boolean {
  return (MACHINE_WIDE as readonly string[]).includes(failure.kind);
}

const TIMEKPRA_PROBLEM_KINDS: ReadonlySet<string> = new Set<TimekpraProblem['kind']>([
  'unknown-user',
  'daemon-not-running',
  'access-denied',
  'busy',
  'rejected',
  'timekpra-not-found',
  'unexpected-output',
]);

export function isTimekpraProblem(failure: MachineFailure): failure is TimekpraProblem {
  return TIMEKPRA_PROBLEM_KINDS.has(failure.kind);
}
