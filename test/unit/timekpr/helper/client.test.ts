import { describe, expect, test } from 'vitest';
import { err, ok, type Result } from '../../../../src/lib/result.ts';
import type { SshFailure } from '../../../../src/ssh/failure.ts';
import type { MachineFailure } from '../../../../src/timekpr/client.ts';
import { createHelperClient, failureOf } from '../../../../src/timekpr/helper/client.ts';
import type { HelperError, HelperRequest } from '../../../../src/timekpr/helper/protocol.ts';
import type { Answer, HelperSession, SessionFailure } from '../../../../src/timekpr/helper/session.ts';
import { userInfoFromHelper } from '../../../../src/timekpr/helper/user-info.ts';
import { isCappedByClock, type UserInfo } from '../../../../src/timekpr/parse.ts';

const WEEKDAY = 3;

function wholeDay(): Record<string, { STARTMIN: number; ENDMIN: number; UACC: number }> {
  return Object.fromEntries(Array.from({ length: 24 }, (_, hour) => [String(hour), { STARTMIN: 0, ENDMIN: 60, UACC: 0 }]));
}

/** An `info` answer of the helper, shaped like the daemon's (see user-info.test.ts), with the numbers that matter. */
function infoAnswer(numbers: { limit: number; balance: number; timeLeftDay: number; actualTimeLeftDay?: number }): Record<string, unknown> {
  const live =
    numbers.actualTimeLeftDay === undefined
      ? {}
      : { ACTUAL_TIME_SPENT_BALANCE: numbers.balance, ACTUAL_TIME_SPENT_DAY: 0, ACTUAL_TIME_LEFT_DAY: numbers.actualTimeLeftDay };
  return {
    weekday: WEEKDAY,
    info: {
      ALLOWED_HOURS_1: wholeDay(),
      ALLOWED_HOURS_2: wholeDay(),
      ALLOWED_HOURS_3: wholeDay(),
      ALLOWED_HOURS_4: wholeDay(),
      ALLOWED_HOURS_5: wholeDay(),
      ALLOWED_HOURS_6: wholeDay(),
      ALLOWED_HOURS_7: wholeDay(),
      ALLOWED_WEEKDAYS: ['1', '2', '3', '4', '5', '6', '7'],
      LIMITS_PER_WEEKDAYS: Array.from({ length: 7 }, () => numbers.limit),
      TRACK_INACTIVE: false,
      LOCKOUT_TYPE: 'terminate',
      PLAYTIME_ACTIVITIES: [],
      TIME_SPENT_BALANCE: numbers.balance,
      TIME_SPENT_DAY: 0,
      TIME_LEFT_DAY: numbers.timeLeftDay,
      ...live,
    },
  };
}

function userInfo(login: string, answer: Record<string, unknown>): UserInfo {
  const info = userInfoFromHelper(login, answer);
  if (!info.ok) throw new Error(info.error);
  return info.value;
}

function helperError(kind: HelperError['kind'], message = `${kind}!`): Answer {
  return err({ kind, message });
}

const keyOf = (request: HelperRequest): string => ('user' in request ? `${request.op} ${request.user}` : request.op);

/**
 * A fake session: answers each request from a table (`op` or `op user`; a list is answered in turn, its last answer
 * repeated), records what it was asked.
 */
function fakeSession(table: Record<string, Answer | Answer[]>) {
  const requests: HelperRequest[] = [];
  const asked = new Map<string, number>();
  const session: HelperSession = {
    start: () => Promise.resolve(ok({ version: 1, installed: false, forced: false, daemonRunning: true, inTimekprGroup: true })),
    request: (request) => {
      requests.push(request);
      const key = keyOf(request);
      const entry = table[key];
      const turn = asked.get(key) ?? 0;
      asked.set(key, turn + 1);
      const answer = Array.isArray(entry) ? entry[Math.min(turn, entry.length - 1)] : entry;
      if (answer === undefined) return Promise.reject(new Error(`no answer for ${keyOf(request)}`));
      return Promise.resolve(answer);
    },
    subscribe: () => () => undefined,
    streaming: () => false,
    hello: () => undefined,
    close: () => undefined,
  };
  const machines: string[] = [];
  const client = createHelperClient((machineId) => {
    machines.push(machineId);
    return session;
  });
  return { client, requests, machines };
}

function value<T, E>(result: Result<T, E>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

const mia = infoAnswer({ limit: 7200, balance: 1800, timeLeftDay: 5400, actualTimeLeftDay: 5400 });
const leo = infoAnswer({ limit: 3600, balance: 0, timeLeftDay: 3600 });

describe('knownUsers', () => {
  test('the logins of the users answer', async () => {
    const { client, requests, machines } = fakeSession({ users: ok({ users: ['mia', 'leo'] }) });
    expect(await client.knownUsers('desk')).toEqual(ok(['mia', 'leo']));
    expect(requests).toEqual([{ op: 'users' }]);
    expect(machines).toEqual(['desk']);
  });

  test('a malformed answer → unexpected-output', async () => {
    const { client } = fakeSession({ users: ok({ logins: ['mia'] }) });
    expect(await client.knownUsers('desk')).toEqual(err({ kind: 'unexpected-output', text: expect.any(String) as string }));
  });

  test('helper errors and session failures become the bot’s failures', async () => {
    expect(await fakeSession({ users: helperError('daemon-not-running') }).client.knownUsers('desk')).toEqual(err({ kind: 'daemon-not-running' }));
    expect(await fakeSession({ users: helperError('access-denied') }).client.knownUsers('desk')).toEqual(err({ kind: 'access-denied' }));
    const unreachable: SshFailure = { kind: 'unreachable', reason: 'no route to host' };
    expect(await fakeSession({ users: err(unreachable) }).client.knownUsers('desk')).toEqual(err(unreachable));
    expect(await fakeSession({ users: helperError('failed', 'org.x.Error: boom') }).client.knownUsers('desk')).toEqual(
      err({ kind: 'helper-failed', message: 'org.x.Error: boom', commandSent: false }),
    );
  });
});

describe('usersInfo', () => {
  test('one info request per login, all answers read', async () => {
    const { client, requests } = fakeSession({ 'info mia': ok(mia), 'info leo': ok(leo) });
    const infos = value(await client.usersInfo('desk', ['mia', 'leo']));
    expect(requests).toEqual([
      { op: 'info', user: 'mia' },
      { op: 'info', user: 'leo' },
    ]);
    expect(infos.get('mia')).toEqual(ok(userInfo('mia', mia)));
    expect(infos.get('leo')).toEqual(ok(userInfo('leo', leo)));
    expect(infos.get('mia')).toMatchObject({ ok: true, value: { loggedIn: true, secondsLeft: 5400, todayLimitSeconds: 7200 } });
    expect(infos.get('leo')).toMatchObject({ ok: true, value: { loggedIn: false, secondsLeft: 3600, todayLimitSeconds: 3600 } });
  });

  test('an unknown user is kept per login; the others are still read', async () => {
    const { client } = fakeSession({ 'info mia': ok(mia), 'info nobody': helperError('unknown-user', 'User "nobody" configuration is not found') });
    const infos = value(await client.usersInfo('desk', ['nobody', 'mia']));
    expect(infos.get('nobody')).toEqual(err({ kind: 'unknown-user', login: 'nobody' }));
    expect(infos.get('mia')).toEqual(ok(userInfo('mia', mia)));
    expect(infos.size).toBe(2);
  });

  test("a malformed answer is kept per login as unexpected-output", async () => {
    const { client } = fakeSession({ 'info mia': ok(mia), 'info leo': ok({ weekday: WEEKDAY, info: {} }) });
    const infos = value(await client.usersInfo('desk', ['mia', 'leo']));
    expect(infos.get('leo')).toEqual(err({ kind: 'unexpected-output', text: expect.stringContaining('leo') as string }));
    expect(infos.get('mia')).toEqual(ok(userInfo('mia', mia)));
  });

  test('a machine-wide error (daemon-not-running) fails the whole result', async () => {
    const { client } = fakeSession({ 'info mia': ok(mia), 'info leo': helperError('daemon-not-running') });
    expect(await client.usersInfo('desk', ['mia', 'leo'])).toEqual(err({ kind: 'daemon-not-running' }));
  });

  test('a session failure fails the whole result, after the read is asked once more on a new channel', async () => {
    const lost: SshFailure = { kind: 'connection-lost', commandSent: true };
    const { client, requests } = fakeSession({ 'info mia': err(lost), 'info leo': err(lost) });
    expect(await client.usersInfo('desk', ['mia', 'leo'])).toEqual(err(lost));
    expect(requests).toHaveLength(4);
  });

  test('a read whose channel dropped under it is asked again: the computer going away reads as not reachable', async () => {
    const lost: SshFailure = { kind: 'connection-lost', commandSent: true };
    const refused: SshFailure = { kind: 'unreachable', reason: 'connect ECONNREFUSED 127.0.0.1:22' };
    const { client } = fakeSession({ 'info mia': [err(lost), err(refused)] });
    expect(await client.usersInfo('desk', ['mia'])).toEqual(err(refused));
    const again = fakeSession({ 'info mia': [err(lost), ok(mia)], users: [err(lost), ok({ users: ['mia'] })] });
    expect(value(await again.client.usersInfo('desk', ['mia'])).get('mia')).toEqual(ok(userInfo('mia', mia)));
    expect(await again.client.knownUsers('desk')).toEqual(ok(['mia']));
  });

  test('a change is never sent twice, whatever happened to the channel', async () => {
    const lost: SshFailure = { kind: 'connection-lost', commandSent: true };
    const { client, requests } = fakeSession({ 'set mia': err(lost), 'info mia': err(lost) });
    expect(await client.changeTimeLeft('desk', 'mia', '+', 600)).toEqual(err(lost));
    expect(requests.filter((request) => request.op === 'set')).toHaveLength(1);
  });

  // As with timekpra (UsersInfo: a login's own problem does not hide the others): only machine-wide problems fail
  // the whole result.
  test("a 'rejected' info for one known user is kept per login, as with timekpra", async () => {
    const { client } = fakeSession({ 'info mia': ok(mia), 'info leo': helperError('rejected', 'user configuration is broken') });
    const infos = value(await client.usersInfo('desk', ['mia', 'leo']));
    expect(infos.get('leo')).toEqual(err({ kind: 'rejected', message: 'user configuration is broken' }));
    expect(infos.get('mia')).toEqual(ok(userInfo('mia', mia)));
  });

  test('no logins → an empty map, nothing asked', async () => {
    const { client, requests } = fakeSession({});
    expect(value(await client.usersInfo('desk', [])).size).toBe(0);
    expect(requests).toEqual([]);
  });
});

describe('changeTimeLeft', () => {
  test('the change, then the re-read, in that order; read back, not capped', async () => {
    const after = infoAnswer({ limit: 7200, balance: 1200, timeLeftDay: 6000, actualTimeLeftDay: 6000 });
    const { client, requests } = fakeSession({ 'set mia': ok({}), 'info mia': ok(after) });
    const change = value(await client.changeTimeLeft('desk', 'mia', '+', 600));
    expect(requests).toEqual([
      { op: 'set', user: 'mia', operation: '+', seconds: 600 },
      { op: 'info', user: 'mia' },
    ]);
    const info = userInfo('mia', after);
    expect(isCappedByClock(info)).toBe(false);
    expect(change).toEqual({ kind: 'read-back', info, capped: false });
  });

  test('capped by the clock: limit 7200, balance 0, but only 600 s left today', async () => {
    const after = infoAnswer({ limit: 7200, balance: 0, timeLeftDay: 600 });
    const { client } = fakeSession({ 'set mia': ok({}), 'info mia': ok(after) });
    const change = value(await client.changeTimeLeft('desk', 'mia', '=', 7200));
    const info = userInfo('mia', after);
    expect(isCappedByClock(info)).toBe(true);
    expect(change).toEqual({ kind: 'read-back', info, capped: true });
  });

  test('set ok but the re-read fails → not-read-back with why', async () => {
    const { client } = fakeSession({ 'set mia': ok({}), 'info mia': helperError('timeout', 'org.freedesktop.DBus.Error.NoReply: ...') });
    expect(await client.changeTimeLeft('desk', 'mia', '-', 300)).toEqual(
      ok({ kind: 'not-read-back', readFailure: { kind: 'timeout', phase: 'command', afterMs: 5000, commandSent: false } }),
    );
    const lost = fakeSession({ 'set mia': ok({}), 'info mia': err({ kind: 'connection-lost', commandSent: true }) });
    expect(await lost.client.changeTimeLeft('desk', 'mia', '-', 300)).toEqual(
      ok({ kind: 'not-read-back', readFailure: { kind: 'connection-lost', commandSent: true } }),
    );
    const malformed = fakeSession({ 'set mia': ok({}), 'info mia': ok({ weekday: 9 }) });
    expect(await malformed.client.changeTimeLeft('desk', 'mia', '-', 300)).toEqual(
      ok({ kind: 'not-read-back', readFailure: { kind: 'unexpected-output', text: expect.any(String) as string } }),
    );
  });

  test('the channel lost during the change → err, command sent', async () => {
    const lost: Answer = err({ kind: 'connection-lost', commandSent: true });
    const { client } = fakeSession({ 'set mia': lost, 'info mia': lost });
    expect(await client.changeTimeLeft('desk', 'mia', '+', 600)).toEqual(err({ kind: 'connection-lost', commandSent: true }));
  });

  test("the helper's 'failed' on set → helper-failed, command sent (it may have happened)", async () => {
    const { client } = fakeSession({ 'set mia': helperError('failed', 'org.freedesktop.DBus.Error.Disconnected: bye'), 'info mia': ok(mia) });
    expect(await client.changeTimeLeft('desk', 'mia', '+', 600)).toEqual(
      err({ kind: 'helper-failed', message: 'org.freedesktop.DBus.Error.Disconnected: bye', commandSent: true }),
    );
  });

  test('an unknown user → unknown-user with the login', async () => {
    const { client } = fakeSession({ 'set nobody': helperError('unknown-user'), 'info nobody': helperError('unknown-user') });
    expect(await client.changeTimeLeft('desk', 'nobody', '+', 600)).toEqual(err({ kind: 'unknown-user', login: 'nobody' }));
  });

  test('a rejected change → rejected with the daemon’s message', async () => {
    const { client } = fakeSession({ 'set mia': helperError('rejected', 'time limit is out of range'), 'info mia': ok(mia) });
    expect(await client.changeTimeLeft('desk', 'mia', '+', 600)).toEqual(err({ kind: 'rejected', message: 'time limit is out of range' }));
  });

  test('a session timeout on the change is passed on as it is (command sent)', async () => {
    const timeout: SshFailure = { kind: 'timeout', phase: 'command', afterMs: 10_000, commandSent: true };
    const { client } = fakeSession({ 'set mia': err(timeout), 'info mia': err({ kind: 'connection-lost', commandSent: true }) });
    expect(await client.changeTimeLeft('desk', 'mia', '+', 600)).toEqual(err(timeout));
  });
});

describe('failureOf', () => {
  const asked = { login: 'mia', commandSent: true };
  const read = { login: 'mia', commandSent: false };

  test.each<[HelperError, { login: string; commandSent: boolean }, MachineFailure]>([
    [{ kind: 'unknown-user', message: 'User "mia" configuration is not found' }, asked, { kind: 'unknown-user', login: 'mia' }],
    [{ kind: 'daemon-not-running', message: 'not on the bus' }, asked, { kind: 'daemon-not-running' }],
    [{ kind: 'access-denied', message: 'org.freedesktop.DBus.Error.AccessDenied: no' }, asked, { kind: 'access-denied' }],
    [{ kind: 'rejected', message: 'bad operation' }, asked, { kind: 'rejected', message: 'bad operation' }],
    [{ kind: 'invalid-request', message: 'seconds must be an integer' }, asked, { kind: 'invalid-request', message: 'seconds must be an integer' }],
    [{ kind: 'timeout', message: 'NoReply' }, asked, { kind: 'timeout', phase: 'command', afterMs: 5000, commandSent: true }],
    [{ kind: 'timeout', message: 'NoReply' }, read, { kind: 'timeout', phase: 'command', afterMs: 5000, commandSent: false }],
    [{ kind: 'failed', message: 'org.x.Error: boom' }, asked, { kind: 'helper-failed', message: 'org.x.Error: boom', commandSent: true }],
    [{ kind: 'failed', message: 'org.x.Error: boom' }, read, { kind: 'helper-failed', message: 'org.x.Error: boom', commandSent: false }],
    [{ kind: 'helper-unavailable', message: 'cannot import dbus' }, asked, { kind: 'helper-unavailable', reason: 'cannot import dbus' }],
  ])('helper error %o (%o) → %o', (failure, context, expected) => {
    expect(failureOf(failure, context)).toEqual(expected);
  });

  test.each<SessionFailure>([
    { kind: 'timeout', phase: 'command', afterMs: 12_000, commandSent: true },
    { kind: 'timeout', phase: 'connect', afterMs: 3000, commandSent: false },
    { kind: 'unreachable', reason: 'no route to host' },
    { kind: 'auth', user: 'timekpr-bot', methods: ['key'] },
    { kind: 'connection-lost', commandSent: true },
    { kind: 'connection-lost', commandSent: false },
    { kind: 'ssh-error', message: 'shutting down' },
    { kind: 'helper-unavailable', reason: '/usr/bin/python3 was not found there' },
  ])('session failure %o is passed on unchanged', (failure) => {
    expect(failureOf(failure, { login: 'mia', commandSent: true })).toEqual(failure);
    expect(failureOf(failure, { login: 'mia', commandSent: false })).toEqual(failure);
  });
});
