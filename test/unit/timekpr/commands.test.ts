import { describe, expect, test } from 'vitest';
import {
  MAX_TIME_SECONDS,
  setTimeLeftCommand,
  userInfoCommand,
  userListCommand,
  WEEKDAY_COMMAND,
  type TimeOperation,
} from '../../../src/timekpr/commands.ts';

const TIMEKPRA = '/usr/bin/timekpra';
const C_LOCALE = { LC_ALL: 'C', LANGUAGE: 'C' };

const HOSTILE_LOGINS = [
  'mia;reboot',
  '$(id)',
  '`id`',
  "mi'a",
  'mi"a',
  'mia\n',
  'mia\nroot',
  '-rf',
  '--help',
  'mia leo',
  ' mia',
  '',
  'a'.repeat(33),
  'Mia',
  'mia/..',
  'mía',
];

describe('userInfoCommand', () => {
  test('builds the exact argv with a C locale', () => {
    expect(userInfoCommand(TIMEKPRA, 'mia')).toEqual({ ok: true, value: { argv: [TIMEKPRA, '--userinfo', 'mia'], env: C_LOCALE } });
    expect(userInfoCommand('/opt/tk/timekpra', 'a'.repeat(32))).toEqual({
      ok: true,
      value: { argv: ['/opt/tk/timekpra', '--userinfo', 'a'.repeat(32)], env: C_LOCALE },
    });
  });

  test.each(HOSTILE_LOGINS)('rejects the login %j', (login) => {
    expect(userInfoCommand(TIMEKPRA, login)).toEqual({ ok: false, error: 'login must be a Linux user name' });
  });

  test.each(['timekpra', './timekpra', '/usr/bin/time kpra', '/usr/bin/$(id)', "/usr/bin/'x'", '', '/usr/bin/tk;id'])(
    'rejects the timekpra path %j',
    (timekpra) => {
      expect(userInfoCommand(timekpra, 'mia')).toEqual({ ok: false, error: 'timekpra must be an absolute path' });
    },
  );
});

describe('setTimeLeftCommand', () => {
  test.each([
    ['+', 900],
    ['-', 60],
    ['=', 0],
    ['=', MAX_TIME_SECONDS],
  ] as const)('builds the exact argv for %s %d', (operation, seconds) => {
    expect(setTimeLeftCommand(TIMEKPRA, 'leo_2', operation, seconds)).toEqual({
      ok: true,
      value: { argv: [TIMEKPRA, '--settimeleft', 'leo_2', operation, String(seconds)], env: C_LOCALE },
    });
  });

  test.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, MAX_TIME_SECONDS + 1, 1e20, 2 ** 53])(
    'rejects %d seconds',
    (seconds) => {
      const result = setTimeLeftCommand(TIMEKPRA, 'mia', '+', seconds);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/^seconds must be a whole number/);
    },
  );

  test.each(['*', 'x', '', '+;id', '++'])('rejects the operation %j', (operation) => {
    expect(setTimeLeftCommand(TIMEKPRA, 'mia', operation as TimeOperation, 60)).toEqual({ ok: false, error: 'operation must be one of + - =' });
  });

  test.each(HOSTILE_LOGINS)('rejects the login %j', (login) => {
    expect(setTimeLeftCommand(TIMEKPRA, login, '+', 60)).toEqual({ ok: false, error: 'login must be a Linux user name' });
  });

  test('rejects a relative timekpra path', () => {
    expect(setTimeLeftCommand('timekpra', 'mia', '+', 60)).toEqual({ ok: false, error: 'timekpra must be an absolute path' });
  });
});

describe('userListCommand and WEEKDAY_COMMAND', () => {
  test('userlist argv', () => {
    expect(userListCommand(TIMEKPRA)).toEqual({ ok: true, value: { argv: [TIMEKPRA, '--userlist'], env: C_LOCALE } });
    expect(userListCommand('bin/timekpra').ok).toBe(false);
  });

  test('weekday command asks date for the ISO weekday', () => {
    expect(WEEKDAY_COMMAND).toEqual({ argv: ['date', '+%u'], env: C_LOCALE });
  });
});
