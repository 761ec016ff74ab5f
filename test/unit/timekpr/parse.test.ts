import { describe, expect, test } from 'vitest';
import {
  isCappedByClock,
  parseSetTimeLeftOutput,
  parseUserInfo,
  parseUserList,
  parseWeekday,
  type UserInfo,
} from '../../../src/timekpr/parse.ts';
import { fieldOf, readFixture, withField, withoutField } from '../../support/fixtures.ts';

const loggedIn = readFixture('userinfo-logged-in');
const loggedOut = readFixture('userinfo-logged-out');
const afterCap = readFixture('userinfo-after-cap');
const afterCapImmediate = readFixture('userinfo-after-cap-immediate');

describe('parseUserInfo', () => {
  test('logged in: ACTUAL_* values, time left is the smaller of the two', () => {
    const result = parseUserInfo(loggedIn, 0, 'tkmia', 3);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      login: 'tkmia',
      loggedIn: true,
      secondsLeft: Math.min(fieldOf(loggedIn, 'ACTUAL_TIME_LEFT_DAY'), fieldOf(loggedIn, 'TIME_LEFT_DAY')),
      secondsSpentToday: fieldOf(loggedIn, 'ACTUAL_TIME_SPENT_DAY'),
      spentBalanceSeconds: fieldOf(loggedIn, 'ACTUAL_TIME_SPENT_BALANCE'),
      todayLimitSeconds: 86400,
    });
    expect(result.value.allowedHoursToday).toHaveLength(24);
    expect(result.value.allowedHoursToday[23]).toEqual({ hour: 23, fromMinute: 0, toMinute: 60, accounted: true });
  });

  test('logged out: saved values', () => {
    const result = parseUserInfo(loggedOut, 0, 'tkleo', 1);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      login: 'tkleo',
      loggedIn: false,
      secondsLeft: fieldOf(loggedOut, 'TIME_LEFT_DAY'),
      secondsSpentToday: fieldOf(loggedOut, 'TIME_SPENT_DAY'),
      spentBalanceSeconds: fieldOf(loggedOut, 'TIME_SPENT_BALANCE'),
    });
  });

  test('right after "= 90000" the capped TIME_LEFT_DAY is used, not the transient 90000', () => {
    const actual = fieldOf(afterCapImmediate, 'ACTUAL_TIME_LEFT_DAY');
    const saved = fieldOf(afterCapImmediate, 'TIME_LEFT_DAY');
    expect(actual).toBeGreaterThan(saved);
    const result = parseUserInfo(afterCapImmediate, 0, 'tkmia', 5);
    expect(result.ok && result.value.secondsLeft).toBe(saved);
  });

  test('the smaller value also wins when it is the ACTUAL one', () => {
    const text = withField(loggedIn, 'TIME_LEFT_DAY', String(fieldOf(loggedIn, 'ACTUAL_TIME_LEFT_DAY') + 500));
    const result = parseUserInfo(text, 0, 'tkmia', 1);
    expect(result.ok && result.value.secondsLeft).toBe(fieldOf(loggedIn, 'ACTUAL_TIME_LEFT_DAY'));
  });

  test('negative time left counts as zero', () => {
    const text = withField(withField(loggedIn, 'ACTUAL_TIME_LEFT_DAY', '-5'), 'TIME_LEFT_DAY', '-5');
    const result = parseUserInfo(text, 0, 'tkmia', 1);
    expect(result.ok && result.value.secondsLeft).toBe(0);
  });

  test.each([
    ['userinfo-unknown-user', { kind: 'unknown-user', login: 'tknobody' }],
    ['access-denied', { kind: 'access-denied' }],
    ['daemon-stopped', { kind: 'daemon-not-running' }],
    ['already-running', { kind: 'busy' }],
  ])('%s fixture → %o', (fixture, problem) => {
    expect(parseUserInfo(readFixture(fixture), 0, 'tknobody', 1)).toEqual({ ok: false, error: problem });
  });

  test.each(['command-incorrect', 'settimeleft-bad-operation', 'settimeleft-parse-error'])('%s fixture → rejected with its first line', (fixture) => {
    const text = readFixture(fixture);
    expect(parseUserInfo(text, 0, 'tkmia', 1)).toEqual({ ok: false, error: { kind: 'rejected', message: text.split('\n')[0] } });
  });

  test('exit code 127 or 126 → timekpra-not-found, whatever the text', () => {
    expect(parseUserInfo('sh: 1: /usr/bin/timekpra: not found\n', 127, 'tkmia', 1)).toEqual({ ok: false, error: { kind: 'timekpra-not-found' } });
    expect(parseUserInfo(loggedIn, 126, 'tkmia', 1)).toEqual({ ok: false, error: { kind: 'timekpra-not-found' } });
  });

  test('unexpected text → unexpected-output carrying the raw text', () => {
    const text = 'Traceback (most recent call last):\n  boom\n';
    expect(parseUserInfo(text, 0, 'tkmia', 1)).toEqual({ ok: false, error: { kind: 'unexpected-output', text } });
    expect(parseUserInfo('', 0, 'tkmia', 1)).toEqual({ ok: false, error: { kind: 'unexpected-output', text: '' } });
  });

  test('a header for another login → unexpected-output', () => {
    expect(parseUserInfo(loggedIn, 0, 'tkleo', 1)).toEqual({ ok: false, error: { kind: 'unexpected-output', text: loggedIn } });
    expect(parseUserInfo(loggedIn, 0, 'tkmi', 1).ok).toBe(false);
  });

  test('a missing or malformed required value → unexpected-output', () => {
    for (const text of [
      withoutField(loggedOut, 'TIME_LEFT_DAY'),
      withField(loggedOut, 'TIME_LEFT_DAY', '12.5'),
      withField(loggedOut, 'LIMITS_PER_WEEKDAYS', '3600,3600'),
      withField(loggedOut, 'ALLOWED_HOURS_2', '7-9'),
    ]) {
      expect(parseUserInfo(text, 0, 'tkleo', 1)).toEqual({ ok: false, error: { kind: 'unexpected-output', text } });
    }
  });

  describe("today's limit follows the machine's weekday", () => {
    const text = withField(withField(loggedOut, 'ALLOWED_WEEKDAYS', '1;3;5'), 'LIMITS_PER_WEEKDAYS', '3600;7200;10800');
    test.each([
      [1, 3600],
      [3, 7200],
      [5, 10800],
      [2, 0],
      [7, 0],
    ] as const)('weekday %d → %d s', (weekday, limit) => {
      const result = parseUserInfo(text, 0, 'tkleo', weekday);
      expect(result.ok && result.value.todayLimitSeconds).toBe(limit);
    });

    test('no allowed weekdays at all → 0', () => {
      const none = withField(withField(loggedOut, 'ALLOWED_WEEKDAYS', ''), 'LIMITS_PER_WEEKDAYS', '');
      const result = parseUserInfo(none, 0, 'tkleo', 4);
      expect(result.ok && result.value.todayLimitSeconds).toBe(0);
    });
  });

  test('allowed hours with minute ranges and free (!) hours, for the given weekday only', () => {
    const text = withField(withField(loggedOut, 'ALLOWED_HOURS_4', '7;8;9[0-30];!20;21[15-45]'), 'ALLOWED_HOURS_5', '');
    const thursday = parseUserInfo(text, 0, 'tkleo', 4);
    expect(thursday.ok && thursday.value.allowedHoursToday).toEqual([
      { hour: 7, fromMinute: 0, toMinute: 60, accounted: true },
      { hour: 8, fromMinute: 0, toMinute: 60, accounted: true },
      { hour: 9, fromMinute: 0, toMinute: 30, accounted: true },
      { hour: 20, fromMinute: 0, toMinute: 60, accounted: false },
      { hour: 21, fromMinute: 15, toMinute: 45, accounted: true },
    ]);
    const friday = parseUserInfo(text, 0, 'tkleo', 5);
    expect(friday.ok && friday.value.allowedHoursToday).toEqual([]);
    const wednesday = parseUserInfo(text, 0, 'tkleo', 3);
    expect(wednesday.ok && wednesday.value.allowedHoursToday).toHaveLength(24);
  });
});

describe('parseSetTimeLeftOutput', () => {
  test.each(['settimeleft-ok', 'settimeleft-capped'])('%s (empty output) → ok', (fixture) => {
    expect(readFixture(fixture)).toBe('');
    expect(parseSetTimeLeftOutput(readFixture(fixture), 0)).toEqual({ ok: true, value: undefined });
  });

  test.each([
    ['settimeleft-unknown-user', { kind: 'unknown-user', login: 'tknobody' }],
    ['settimeleft-access-denied', { kind: 'access-denied' }],
    ['daemon-stopped', { kind: 'daemon-not-running' }],
    ['already-running', { kind: 'busy' }],
  ])('%s → %o', (fixture, problem) => {
    expect(parseSetTimeLeftOutput(readFixture(fixture), 0)).toEqual({ ok: false, error: problem });
  });

  test.each(['settimeleft-bad-operation', 'settimeleft-parse-error'])('%s → rejected with the message line', (fixture) => {
    const text = readFixture(fixture);
    expect(parseSetTimeLeftOutput(text, 0)).toEqual({ ok: false, error: { kind: 'rejected', message: text.trimEnd() } });
  });

  test('any other output or a non-zero exit is unexpected', () => {
    expect(parseSetTimeLeftOutput('Done.\n', 0)).toEqual({ ok: false, error: { kind: 'unexpected-output', text: 'Done.\n' } });
    expect(parseSetTimeLeftOutput('', 1)).toEqual({ ok: false, error: { kind: 'unexpected-output', text: '' } });
    expect(parseSetTimeLeftOutput('', 127)).toEqual({ ok: false, error: { kind: 'timekpra-not-found' } });
  });
});

describe('parseUserList', () => {
  test('reads the logins after the count line', () => {
    expect(parseUserList('2 users in total:\ntkmia\ntkleo\n', 0)).toEqual({ ok: true, value: ['tkmia', 'tkleo'] });
    expect(parseUserList('1 user in total:\ntkmia\n', 0)).toEqual({ ok: true, value: ['tkmia'] });
    expect(parseUserList('0 users in total:\n', 0)).toEqual({ ok: true, value: [] });
  });

  test('a count that does not match, or no count line, is unexpected', () => {
    for (const text of ['3 users in total:\ntkmia\ntkleo\n', 'tkmia\ntkleo\n', '']) {
      expect(parseUserList(text, 0)).toEqual({ ok: false, error: { kind: 'unexpected-output', text } });
    }
  });

  test('known problems are recognised', () => {
    expect(parseUserList(readFixture('access-denied'), 0)).toEqual({ ok: false, error: { kind: 'access-denied' } });
    expect(parseUserList(readFixture('daemon-stopped'), 0)).toEqual({ ok: false, error: { kind: 'daemon-not-running' } });
    expect(parseUserList('', 127)).toEqual({ ok: false, error: { kind: 'timekpra-not-found' } });
  });
});

describe('parseWeekday', () => {
  test.each([1, 2, 3, 4, 5, 6, 7])('%d', (day) => {
    expect(parseWeekday(`${day}\n`)).toEqual({ ok: true, value: day });
  });

  test.each(['0\n', '8\n', '', 'Mon\n', '12\n', '3 4\n'])('rejects %j', (text) => {
    expect(parseWeekday(text)).toEqual({ ok: false, error: { kind: 'unexpected-output', text } });
  });
});

describe('isCappedByClock', () => {
  const info = (secondsLeft: number, todayLimitSeconds: number, spentBalanceSeconds: number): UserInfo => ({
    login: 'mia',
    loggedIn: true,
    secondsLeft,
    secondsSpentToday: Math.max(0, spentBalanceSeconds),
    spentBalanceSeconds,
    todayLimitSeconds,
    allowedHoursToday: [],
  });

  test('true for the captured after-cap states', () => {
    for (const text of [afterCap, afterCapImmediate]) {
      const parsed = parseUserInfo(text, 0, 'tkmia', 2);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) expect(isCappedByClock(parsed.value)).toBe(true);
    }
  });

  test('false when time left is limit minus balance, give or take the save drift', () => {
    expect(isCappedByClock(info(7200 - 1800, 7200, 1800))).toBe(false);
    expect(isCappedByClock(info(7200 - 1800 - 30, 7200, 1800))).toBe(false);
    expect(isCappedByClock(info(7200 + 900, 7200, -900))).toBe(false);
  });

  test('true when time left is clearly below limit minus balance', () => {
    expect(isCappedByClock(info(600, 7200, 1800))).toBe(true);
  });

  test('a day never has more than 24 h left, and nothing left is never a cap', () => {
    expect(isCappedByClock(info(86400, 86400, -3600))).toBe(false);
    expect(isCappedByClock(info(0, 3600, 7200))).toBe(false);
    expect(isCappedByClock(info(0, 0, 0))).toBe(false);
  });
});
