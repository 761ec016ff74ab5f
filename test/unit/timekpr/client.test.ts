import { describe, expect, test } from 'vitest';
import { err, ok, type Result } from '../../../src/lib/result.ts';
import type { SshFailure } from '../../../src/ssh/failure.ts';
import type { CommandOutput, ExecBatch, RemoteCommand } from '../../../src/ssh/exec-batch.ts';
import { createTimekpraClient } from '../../../src/timekpr/client.ts';
import { parseUserInfo } from '../../../src/timekpr/parse.ts';
import { fieldOf, readFixture, withField } from '../../support/fixtures.ts';

const TIMEKPRA = '/usr/bin/timekpra';
const WEEKDAY = 3;

const loggedIn = readFixture('userinfo-logged-in');
const loggedOut = readFixture('userinfo-logged-out');
const afterCap = readFixture('userinfo-after-cap');
const busy = readFixture('already-running');
const unknownUser = readFixture('userinfo-unknown-user');
const daemonStopped = readFixture('daemon-stopped');
const accessDenied = readFixture('access-denied');

/** What the fake machine answers: per command, in the order they are asked. */
type Answer = CommandOutput | string;
type Script = { userinfo?: Record<string, Answer[]>; settimeleft?: Answer[]; userlist?: Answer[]; failures?: (SshFailure | undefined)[] };

/**
 * A fake `exec` that records every batch and answers each command from queues (the last answer repeats).
 * `failures[n]`, when set, makes batch n fail as a whole.
 */
function fakeMachine(script: Script) {
  const batches: string[][][] = [];
  const next = (queue: Answer[] | undefined, what: string): CommandOutput => {
    if (queue === undefined || queue.length === 0) throw new Error(`no answer scripted for ${what}`);
    const answer = queue.length > 1 ? queue.shift() : queue[0];
    return typeof answer === 'string' ? { output: answer, exitCode: 0 } : (answer as CommandOutput);
  };
  const answer = (machineId: string, commands: readonly RemoteCommand[]): Awaited<ReturnType<ExecBatch>> => {
    expect(machineId).toBe('desk');
    batches.push(commands.map((command) => [...command.argv]));
    for (const command of commands) expect(command.env).toEqual({ LC_ALL: 'C', LANGUAGE: 'C' });
    const failure = script.failures?.[batches.length - 1];
    if (failure !== undefined) return err(failure);
    return ok(
      commands.map(({ argv }) => {
        if (argv[0] === 'date') return { output: `${WEEKDAY}\n`, exitCode: 0 };
        if (argv[1] === '--userinfo') return next(script.userinfo?.[argv[2] ?? ''], `userinfo ${argv[2]}`);
        if (argv[1] === '--settimeleft') return next(script.settimeleft, 'settimeleft');
        if (argv[1] === '--userlist') return next(script.userlist, 'userlist');
        throw new Error(`unexpected command ${argv.join(' ')}`);
      }),
    );
  };
  // Asynchronous like the real pool: a thrown expectation rejects the call.
  const exec: ExecBatch = (machineId, commands) => Promise.resolve().then(() => answer(machineId, commands));
  const client = createTimekpraClient({ exec, timekpraOf: () => TIMEKPRA, busyRetryDelaysMs: [1, 1, 1] });
  return { client, batches };
}

const infoOf = (text: string, login: string) => {
  const parsed = parseUserInfo(text, 0, login, WEEKDAY);
  if (!parsed.ok) throw new Error('fixture does not parse');
  return parsed.value;
};

const READ = (login: string) => [TIMEKPRA, '--userinfo', login];
const DATE = ['date', '+%u'];
const timeout: SshFailure = { kind: 'timeout', phase: 'connect', afterMs: 5000, commandSent: false };

function value<T, E>(result: Result<T, E>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

describe('usersInfo', () => {
  test('reads every login in one batch', async () => {
    const { client, batches } = fakeMachine({ userinfo: { tkmia: [loggedIn], tkleo: [loggedOut] } });
    const infos = value(await client.usersInfo('desk', ['tkmia', 'tkleo']));
    expect(batches).toEqual([[DATE, READ('tkmia'), READ('tkleo')]]);
    expect(infos.get('tkmia')).toEqual(ok(infoOf(loggedIn, 'tkmia')));
    expect(infos.get('tkleo')).toEqual(ok(infoOf(loggedOut, 'tkleo')));
  });

  test('an unknown login stays that login’s problem', async () => {
    const { client } = fakeMachine({ userinfo: { tkmia: [loggedIn], tknobody: [unknownUser] } });
    const infos = value(await client.usersInfo('desk', ['tknobody', 'tkmia']));
    expect(infos.get('tknobody')).toEqual(err({ kind: 'unknown-user', login: 'tknobody' }));
    expect(infos.get('tkmia')?.ok).toBe(true);
  });

  test.each([
    [daemonStopped, { kind: 'daemon-not-running' }],
    [accessDenied, { kind: 'access-denied' }],
    [{ output: 'sh: 1: /usr/bin/timekpra: not found\n', exitCode: 127 }, { kind: 'timekpra-not-found' }],
  ] as const)('machine-wide problems become the machine’s error (%#)', async (answer, problem) => {
    const { client } = fakeMachine({ userinfo: { tkmia: [answer], tkleo: [answer] } });
    expect(await client.usersInfo('desk', ['tkmia', 'tkleo'])).toEqual(err(problem));
  });

  test('a busy login is asked again alone until it answers', async () => {
    const { client, batches } = fakeMachine({ userinfo: { tkmia: [busy, busy, loggedIn], tkleo: [loggedOut] } });
    const infos = value(await client.usersInfo('desk', ['tkmia', 'tkleo']));
    expect(infos.get('tkmia')).toEqual(ok(infoOf(loggedIn, 'tkmia')));
    expect(infos.get('tkleo')).toEqual(ok(infoOf(loggedOut, 'tkleo')));
    expect(batches).toEqual([
      [DATE, READ('tkmia'), READ('tkleo')],
      [DATE, READ('tkmia')],
      [DATE, READ('tkmia')],
    ]);
  });

  test('busy forever gives up with busy after the configured retries', async () => {
    const { client, batches } = fakeMachine({ userinfo: { tkmia: [busy] } });
    const infos = value(await client.usersInfo('desk', ['tkmia']));
    expect(infos.get('tkmia')).toEqual(err({ kind: 'busy' }));
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.length).toBeLessThanOrEqual(1 + 4);
  });

  test('an SSH failure passes through unchanged', async () => {
    const { client } = fakeMachine({ failures: [timeout] });
    expect(await client.usersInfo('desk', ['tkmia'])).toEqual(err(timeout));
  });

  test('a hostile login is refused before anything is sent', async () => {
    const { client, batches } = fakeMachine({});
    const result = await client.usersInfo('desk', ['tkmia', 'x;reboot']);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.kind).toBe('invalid-request');
    expect(batches).toEqual([]);
  });
});

describe('knownUsers', () => {
  test('lists the logins', async () => {
    const { client, batches } = fakeMachine({ userlist: ['2 users in total:\ntkmia\ntkleo\n'] });
    expect(await client.knownUsers('desk')).toEqual(ok(['tkmia', 'tkleo']));
    expect(batches).toEqual([[[TIMEKPRA, '--userlist']]]);
  });

  test('busy is retried and eventually succeeds', async () => {
    const { client, batches } = fakeMachine({ userlist: [busy, busy, '1 user in total:\ntkmia\n'] });
    expect(await client.knownUsers('desk')).toEqual(ok(['tkmia']));
    expect(batches).toHaveLength(3);
  });

  test('busy forever → busy, after one try plus one per retry delay', async () => {
    const { client, batches } = fakeMachine({ userlist: [busy] });
    expect(await client.knownUsers('desk')).toEqual(err({ kind: 'busy' }));
    expect(batches).toHaveLength(4);
  });
});

describe('changeTimeLeft', () => {
  const SET = [TIMEKPRA, '--settimeleft', 'tkmia', '+', '900'];
  const setCount = (batches: string[][][]) => batches.flat().filter((argv) => argv[1] === '--settimeleft').length;

  test('changes and reads back in one batch', async () => {
    // Time left is exactly limit − balance: nothing is cut off by the clock.
    const limit = 3600 + fieldOf(loggedIn, 'ACTUAL_TIME_SPENT_BALANCE');
    const limited = withField(
      withField(withField(loggedIn, 'ACTUAL_TIME_LEFT_DAY', '3600'), 'TIME_LEFT_DAY', '3600'),
      'LIMITS_PER_WEEKDAYS',
      Array(7).fill(String(limit)).join(';'),
    );
    const { client, batches } = fakeMachine({ settimeleft: [''], userinfo: { tkmia: [limited] } });
    expect(await client.changeTimeLeft('desk', 'tkmia', '+', 900)).toEqual(ok({ kind: 'read-back', info: infoOf(limited, 'tkmia'), capped: false }));
    expect(batches).toEqual([[DATE, SET, READ('tkmia')]]);
  });

  test('capped is set when the clock keeps time left below the limit', async () => {
    const { client } = fakeMachine({ settimeleft: [''], userinfo: { tkmia: [afterCap] } });
    const change = value(await client.changeTimeLeft('desk', 'tkmia', '=', 86400));
    expect(change).toEqual({ kind: 'read-back', info: infoOf(afterCap, 'tkmia'), capped: true });
  });

  test('a busy re-read after the change repeats only the read', async () => {
    const { client, batches } = fakeMachine({ settimeleft: [''], userinfo: { tkmia: [busy, busy, loggedIn] } });
    const change = value(await client.changeTimeLeft('desk', 'tkmia', '+', 900));
    expect(change.kind).toBe('read-back');
    expect(setCount(batches)).toBe(1);
    expect(batches[0]).toEqual([DATE, SET, READ('tkmia')]);
    expect(batches.slice(1)).toEqual([
      [DATE, READ('tkmia')],
      [DATE, READ('tkmia')],
    ]);
  });

  test('a busy change is sent again and applied once', async () => {
    const { client, batches } = fakeMachine({ settimeleft: [busy, ''], userinfo: { tkmia: [loggedIn] } });
    const change = value(await client.changeTimeLeft('desk', 'tkmia', '+', 900));
    expect(change).toEqual({ kind: 'read-back', info: infoOf(loggedIn, 'tkmia'), capped: expect.any(Boolean) as boolean });
    expect(batches).toEqual([
      [DATE, SET, READ('tkmia')],
      [DATE, SET, READ('tkmia')],
    ]);
  });

  test('a busy change that stays busy is an error, not a change', async () => {
    const { client } = fakeMachine({ settimeleft: [busy], userinfo: { tkmia: [loggedIn] } });
    expect(await client.changeTimeLeft('desk', 'tkmia', '+', 900)).toEqual(err({ kind: 'busy' }));
  });

  test('a failed re-read after the change → not-read-back', async () => {
    const { client, batches } = fakeMachine({ settimeleft: [''], userinfo: { tkmia: [daemonStopped] } });
    expect(await client.changeTimeLeft('desk', 'tkmia', '+', 900)).toEqual(ok({ kind: 'not-read-back', readFailure: { kind: 'daemon-not-running' } }));
    expect(setCount(batches)).toBe(1);
  });

  test('an SSH failure on the re-read after the change → not-read-back with that failure', async () => {
    const { client, batches } = fakeMachine({ settimeleft: [''], userinfo: { tkmia: [busy] }, failures: [undefined, timeout, timeout, timeout, timeout] });
    expect(await client.changeTimeLeft('desk', 'tkmia', '+', 900)).toEqual(ok({ kind: 'not-read-back', readFailure: timeout }));
    expect(setCount(batches)).toBe(1);
  });

  test('busy re-reads forever still never repeat the change', async () => {
    const { client, batches } = fakeMachine({ settimeleft: [''], userinfo: { tkmia: [busy] } });
    expect(await client.changeTimeLeft('desk', 'tkmia', '+', 900)).toEqual(ok({ kind: 'not-read-back', readFailure: { kind: 'busy' } }));
    expect(setCount(batches)).toBe(1);
  });

  test('an SSH failure before the change passes through', async () => {
    const { client } = fakeMachine({ failures: [timeout] });
    expect(await client.changeTimeLeft('desk', 'tkmia', '+', 900)).toEqual(err(timeout));
  });

  test('a refused change is returned as the problem', async () => {
    const { client } = fakeMachine({ settimeleft: [readFixture('settimeleft-unknown-user')], userinfo: { tknobody: [unknownUser] } });
    expect(await client.changeTimeLeft('desk', 'tknobody', '+', 900)).toEqual(err({ kind: 'unknown-user', login: 'tknobody' }));
  });

  test('invalid arguments are refused before anything is sent', async () => {
    const { client, batches } = fakeMachine({});
    for (const [login, seconds] of [['$(id)', 60], ['tkmia', -1], ['tkmia', 1.5], ['tkmia', 86401]] as const) {
      const result = await client.changeTimeLeft('desk', login, '+', seconds);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.kind).toBe('invalid-request');
    }
    expect(batches).toEqual([]);
  });
});
