import { err, ok, type Result } from '../../lib/result.ts';
import { isMachineWide, isTimekpraProblem, type MachineFailure, type TimeChange, type TimekprClient, type UsersInfo } from '../client.ts';
import type { TimekpraProblem, UserInfo } from '../parse.ts';
import { isCappedByClock } from '../parse.ts';
import { parseUsers, RULES_HELPER_VERSION, type HelperError, type HelperRequest } from './protocol.ts';
import type { Answer, HelperSession, SessionFailure } from './session.ts';
import { userInfoFromHelper } from './user-info.ts';

/** How long the helper waits for the daemon's answer to one D-Bus call (its CALL_TIMEOUT_SECONDS). */
const DAEMON_CALL_TIMEOUT_MS = 5000;

/**
 * The D-Bus backend: the same `TimekprClient` as timekpra's, through the helper on one kept channel per machine.
 * Typed values from the daemon, the same failure kinds, the same "re-read, say when capped" rule; a change is sent
 * once and never again, whatever happens to the channel.
 */
export function createHelperClient(sessionOf: (machineId: string) => HelperSession): TimekprClient {
  return {
    knownUsers: (machineId) =>
      askedAgainIfDropped(async () => {
        const answer = await sessionOf(machineId).request({ op: 'users' });
        if (!answer.ok) return err(failureOf(answer.error, { login: '', commandSent: false }));
        const users = parseUsers(answer.value);
        return users.ok ? users : err({ kind: 'unexpected-output', text: users.error });
      }),

    usersInfo: (machineId, logins) => askedAgainIfDropped(() => readInfos(sessionOf(machineId), logins)),

    changeTimeLeft: (machineId, login, operation, seconds) => change(sessionOf(machineId), login, { op: 'set', user: login, operation, seconds }),

    async changePlayTimeLeft(machineId, login, operation, seconds) {
      const session = sessionOf(machineId);
      const started = await session.start();
      if (!started.ok) return err(failureOf(started.error, { login, commandSent: false }));
      // A helper older than version 2 does not know `set-playtime`: it is not sent what it cannot do.
      if (started.value.version < RULES_HELPER_VERSION) return err({ kind: 'helper-outdated', version: started.value.version, needed: RULES_HELPER_VERSION });
      return change(session, login, { op: 'set-playtime', user: login, operation, seconds });
    },
  };
}

/** A change and its re-read, sent together (the helper runs them in order); the change is sent once, never again. */
async function change(session: HelperSession, login: string, request: Extract<HelperRequest, { op: 'set' | 'set-playtime' }>): Promise<Result<TimeChange, MachineFailure>> {
  const [changed, reread] = await Promise.all([session.request(request), session.request({ op: 'info', user: login })]);
  if (!changed.ok) return err(failureOf(changed.error, { login, commandSent: true }));
  const info = infoOf(login, reread);
  if (!info.ok) return ok({ kind: 'not-read-back', readFailure: info.error });
  return ok({ kind: 'read-back', info: info.value, capped: request.op === 'set' && isCappedByClock(info.value) });
}

/**
 * A read whose kept channel dropped under it (the computer went away, or the channel was cut) is asked once more: the
 * session opens a new channel for it, and the answer is then the computer's real state (often: not reachable). A
 * read is harmless to repeat; a change never is, and is not.
 */
async function askedAgainIfDropped<T>(read: () => Promise<Result<T, MachineFailure>>): Promise<Result<T, MachineFailure>> {
  const first = await read();
  return !first.ok && first.error.kind === 'connection-lost' ? read() : first;
}

/** Every login's info, pipelined: every question goes out at once, the answers come back in order. */
async function readInfos(session: HelperSession, logins: readonly string[]): Promise<Result<UsersInfo, MachineFailure>> {
  const answers = await Promise.all(logins.map((login) => session.request({ op: 'info', user: login })));
  const infos = new Map<string, Result<UserInfo, TimekpraProblem>>();
  for (const [index, login] of logins.entries()) {
    const answer = answers[index];
    if (answer === undefined) continue;
    const info = infoOf(login, answer);
    if (info.ok) infos.set(login, info);
    // One login's own problem (unknown, refused) does not hide the others; the machine's does.
    else if (isTimekpraProblem(info.error) && !isMachineWide(info.error)) infos.set(login, err(info.error));
    else return err(info.error);
  }
  return ok(infos satisfies UsersInfo);
}

function infoOf(login: string, answer: Answer): Result<UserInfo, MachineFailure> {
  if (!answer.ok) return err(failureOf(answer.error, { login, commandSent: false }));
  const info = userInfoFromHelper(login, answer.value);
  return info.ok ? info : err({ kind: 'unexpected-output', text: info.error });
}

/**
 * The helper's and the channel's failures as the bot's kinds. `commandSent`: whether a D-Bus error of unknown
 * cause may still have let the call through (a change: yes, so it is reported as unknown, never repeated).
 */
export function failureOf(failure: HelperError | SessionFailure, { login, commandSent }: { login: string; commandSent: boolean }): MachineFailure {
  switch (failure.kind) {
    case 'unknown-user':
      return { kind: 'unknown-user', login };
    case 'daemon-not-running':
      return { kind: 'daemon-not-running' };
    case 'access-denied':
      return { kind: 'access-denied' };
    case 'rejected':
      return { kind: 'rejected', message: failure.message };
    case 'invalid-request':
      return { kind: 'invalid-request', message: failure.message };
    case 'timeout':
      return 'phase' in failure ? failure : { kind: 'timeout', phase: 'command', afterMs: DAEMON_CALL_TIMEOUT_MS, commandSent };
    case 'failed':
      return { kind: 'helper-failed', message: failure.message, commandSent };
    case 'helper-unavailable':
      return 'reason' in failure ? failure : { kind: 'helper-unavailable', reason: failure.message };
    default:
      return failure;
  }
}
