import { describe, expect, test } from 'vitest';
import { userInfoFromHelper } from '../../../../src/timekpr/helper/user-info.ts';
import { parseUserInfo, type UserInfo } from '../../../../src/timekpr/parse.ts';
import { readFixture, withField, withoutField } from '../../../support/fixtures.ts';

interface Hour {
  STARTMIN: number;
  ENDMIN: number;
  UACC: number | boolean;
}

/** Every hour of the day, whole and accounted: what the daemon reports for a day without restrictions. */
function wholeDay(): Record<string, Hour> {
  return Object.fromEntries(Array.from({ length: 24 }, (_, hour) => [String(hour), { STARTMIN: 0, ENDMIN: 60, UACC: 0 }]));
}

/**
 * The `info` of a child as the helper passes it on from `getUserInformation(user, "F")` (the shape of a real answer
 * of Timekpr-nExT 0.5.x), logged out: no ACTUAL_* keys. Unrelated keys are there too, as in the real answer.
 */
function loggedOutInfo(): Record<string, unknown> {
  return {
    ALLOWED_HOURS_1: wholeDay(),
    ALLOWED_HOURS_2: wholeDay(),
    ALLOWED_HOURS_3: wholeDay(),
    ALLOWED_HOURS_4: wholeDay(),
    ALLOWED_HOURS_5: wholeDay(),
    ALLOWED_HOURS_6: wholeDay(),
    ALLOWED_HOURS_7: wholeDay(),
    ALLOWED_WEEKDAYS: ['1', '2', '3', '4', '5', '6', '7'],
    LIMITS_PER_WEEKDAYS: [86400, 86400, 86400, 86400, 86400, 86400, 86400],
    TRACK_INACTIVE: false,
    HIDE_TRAY_ICON: false,
    LOCKOUT_TYPE: 'terminate',
    WAKEUP_HOUR_INTERVAL: '0;23',
    LIMIT_PER_WEEK: 604800,
    LIMIT_PER_MONTH: 2678400,
    PLAYTIME_ENABLED: false,
    PLAYTIME_LIMIT_OVERRIDE_ENABLED: false,
    PLAYTIME_UNACCOUNTED_INTERVALS_ENABLED: true,
    PLAYTIME_ALLOWED_WEEKDAYS: ['1', '2', '3', '4', '5', '6', '7'],
    PLAYTIME_LIMITS_PER_WEEKDAYS: [0, 0, 0, 0, 0, 0, 0],
    PLAYTIME_ACTIVITIES: [],
    TIME_SPENT_BALANCE: 1200,
    TIME_SPENT_DAY: 1500,
    TIME_SPENT_WEEK: 5000,
    TIME_SPENT_MONTH: 20000,
    TIME_LEFT_DAY: 43141,
    PLAYTIME_LEFT_DAY: 0,
    PLAYTIME_SPENT_DAY: 0,
  };
}

/** The same child with a session the daemon tracks: the live ACTUAL_* values. */
function loggedInInfo(): Record<string, unknown> {
  return {
    ...loggedOutInfo(),
    ACTUAL_TIME_SPENT_SESSION: 327,
    ACTUAL_TIME_INACTIVE_SESSION: 0,
    ACTUAL_TIME_SPENT_BALANCE: 1527,
    ACTUAL_TIME_SPENT_DAY: 1827,
    ACTUAL_TIME_LEFT_DAY: 42814,
    ACTUAL_TIME_LEFT_CONTINUOUS: 129214,
    ACTUAL_PLAYTIME_LEFT_DAY: 0,
    ACTUAL_ACTIVE_PLAYTIME_ACTIVITY_COUNT: 0,
  };
}

function answer(weekday: number, info: Record<string, unknown>): Record<string, unknown> {
  return { weekday, info };
}

function value(result: ReturnType<typeof userInfoFromHelper>): UserInfo {
  if (!result.ok) throw new Error(`expected ok, got ${result.error}`);
  return result.value;
}

describe('userInfoFromHelper', () => {
  test('logged in: the ACTUAL_* values, time left the smaller of the two', () => {
    const info = value(userInfoFromHelper('mia', answer(3, loggedInInfo())));
    expect(info).toEqual({
      login: 'mia',
      loggedIn: true,
      secondsLeft: 42814,
      secondsSpentToday: 1827,
      spentBalanceSeconds: 1527,
      todayLimitSeconds: 86400,
      allowedHoursToday: Array.from({ length: 24 }, (_, hour) => ({ hour, fromMinute: 0, toMinute: 60, accounted: true })),
      secondsSpentWeek: 5000,
    });
  });

  test('logged out: the saved values', () => {
    const info = value(userInfoFromHelper('leo', answer(6, loggedOutInfo())));
    expect(info).toMatchObject({ login: 'leo', loggedIn: false, secondsLeft: 43141, secondsSpentToday: 1500, spentBalanceSeconds: 1200 });
  });

  test('time left is min(TIME_LEFT_DAY, ACTUAL_TIME_LEFT_DAY), whichever is smaller', () => {
    const savedSmaller = { ...loggedInInfo(), TIME_LEFT_DAY: 600, ACTUAL_TIME_LEFT_DAY: 90000 };
    expect(value(userInfoFromHelper('mia', answer(1, savedSmaller))).secondsLeft).toBe(600);
    const actualSmaller = { ...loggedInInfo(), TIME_LEFT_DAY: 5000, ACTUAL_TIME_LEFT_DAY: 4000 };
    expect(value(userInfoFromHelper('mia', answer(1, actualSmaller))).secondsLeft).toBe(4000);
  });

  test('negative time left counts as zero', () => {
    const both = { ...loggedInInfo(), TIME_LEFT_DAY: -5, ACTUAL_TIME_LEFT_DAY: -7 };
    expect(value(userInfoFromHelper('mia', answer(1, both))).secondsLeft).toBe(0);
    const saved = { ...loggedOutInfo(), TIME_LEFT_DAY: -30 };
    expect(value(userInfoFromHelper('leo', answer(1, saved))).secondsLeft).toBe(0);
  });

  test('a negative balance (time was given) is kept', () => {
    const given = { ...loggedOutInfo(), TIME_SPENT_BALANCE: -900 };
    expect(value(userInfoFromHelper('leo', answer(1, given))).spentBalanceSeconds).toBe(-900);
  });

  describe("today's limit: the weekday's index in ALLOWED_WEEKDAYS", () => {
    const info = { ...loggedOutInfo(), ALLOWED_WEEKDAYS: ['1', '3', '5'], LIMITS_PER_WEEKDAYS: [3600, 7200, 10800] };
    test.each([
      [1, 3600],
      [3, 7200],
      [5, 10800],
      [2, 0],
      [4, 0],
      [7, 0],
    ])('weekday %d → %d s', (weekday, limit) => {
      expect(value(userInfoFromHelper('leo', answer(weekday, info))).todayLimitSeconds).toBe(limit);
    });

    test('weekdays given as integers work the same', () => {
      const ints = { ...info, ALLOWED_WEEKDAYS: [1, 3, 5] };
      expect(value(userInfoFromHelper('leo', answer(3, ints))).todayLimitSeconds).toBe(7200);
      expect(value(userInfoFromHelper('leo', answer(2, ints))).todayLimitSeconds).toBe(0);
    });

    test('no allowed weekdays at all → 0', () => {
      const none = { ...loggedOutInfo(), ALLOWED_WEEKDAYS: [], LIMITS_PER_WEEKDAYS: [] };
      expect(value(userInfoFromHelper('leo', answer(4, none))).todayLimitSeconds).toBe(0);
    });
  });

  test("the allowed hours are the weekday's, sorted numerically (10 after 9), UACC 1 → not accounted", () => {
    // As the helper writes it: JSON text, hours in the daemon's order; "10" must not sort before "9".
    const thursday = JSON.parse(
      '{"10":{"STARTMIN":0,"ENDMIN":60,"UACC":0},"9":{"STARTMIN":0,"ENDMIN":30,"UACC":0},' +
        '"20":{"STARTMIN":0,"ENDMIN":60,"UACC":1},"21":{"STARTMIN":15,"ENDMIN":45,"UACC":0},"7":{"STARTMIN":0,"ENDMIN":60,"UACC":0}}',
    ) as Record<string, Hour>;
    const info = { ...loggedOutInfo(), ALLOWED_HOURS_4: thursday, ALLOWED_HOURS_5: {} };
    expect(value(userInfoFromHelper('leo', answer(4, info))).allowedHoursToday).toEqual([
      { hour: 7, fromMinute: 0, toMinute: 60, accounted: true },
      { hour: 9, fromMinute: 0, toMinute: 30, accounted: true },
      { hour: 10, fromMinute: 0, toMinute: 60, accounted: true },
      { hour: 20, fromMinute: 0, toMinute: 60, accounted: false },
      { hour: 21, fromMinute: 15, toMinute: 45, accounted: true },
    ]);
    expect(value(userInfoFromHelper('leo', answer(5, info))).allowedHoursToday).toEqual([]);
    expect(value(userInfoFromHelper('leo', answer(3, info))).allowedHoursToday).toHaveLength(24);
  });

  test('hour keys that are not integer-like ("09") are sorted by their number too', () => {
    const info = { ...loggedOutInfo(), ALLOWED_HOURS_2: { '10': { STARTMIN: 0, ENDMIN: 60, UACC: 0 }, '09': { STARTMIN: 0, ENDMIN: 60, UACC: 0 } } };
    expect(value(userInfoFromHelper('leo', answer(2, info))).allowedHoursToday.map((hour) => hour.hour)).toEqual([9, 10]);
  });

  test('a partial hour (STARTMIN 0, ENDMIN 30)', () => {
    const info = { ...loggedOutInfo(), ALLOWED_HOURS_7: { '18': { STARTMIN: 0, ENDMIN: 30, UACC: 0 } } };
    expect(value(userInfoFromHelper('leo', answer(7, info))).allowedHoursToday).toEqual([{ hour: 18, fromMinute: 0, toMinute: 30, accounted: true }]);
  });

  test('UACC as a boolean works the same as 0/1', () => {
    const info = { ...loggedOutInfo(), ALLOWED_HOURS_1: { '8': { STARTMIN: 0, ENDMIN: 60, UACC: true }, '9': { STARTMIN: 0, ENDMIN: 60, UACC: false } } };
    expect(value(userInfoFromHelper('leo', answer(1, info))).allowedHoursToday).toEqual([
      { hour: 8, fromMinute: 0, toMinute: 60, accounted: false },
      { hour: 9, fromMinute: 0, toMinute: 60, accounted: true },
    ]);
  });

  describe('malformed answers → err naming the login', () => {
    const without = (key: string): Record<string, unknown> => {
      const info = loggedOutInfo();
      delete info[key];
      return info;
    };
    test.each<[string, Record<string, unknown>]>([
      ['missing TIME_LEFT_DAY', answer(1, without('TIME_LEFT_DAY'))],
      ['missing ALLOWED_HOURS_5', answer(1, without('ALLOWED_HOURS_5'))],
      ['missing LIMITS_PER_WEEKDAYS', answer(1, without('LIMITS_PER_WEEKDAYS'))],
      ['TIME_LEFT_DAY as a string', answer(1, { ...loggedOutInfo(), TIME_LEFT_DAY: '600' })],
      ['TIME_LEFT_DAY as a float', answer(1, { ...loggedOutInfo(), TIME_LEFT_DAY: 12.5 })],
      ['ACTUAL_TIME_LEFT_DAY as a string', answer(1, { ...loggedInInfo(), ACTUAL_TIME_LEFT_DAY: '600' })],
      ['weekday 8 in ALLOWED_WEEKDAYS', answer(1, { ...loggedOutInfo(), ALLOWED_WEEKDAYS: ['1', '8'] })],
      ['weekday "0" in ALLOWED_WEEKDAYS', answer(1, { ...loggedOutInfo(), ALLOWED_WEEKDAYS: ['0'] })],
      ['hours key "x"', answer(1, { ...loggedOutInfo(), ALLOWED_HOURS_3: { x: { STARTMIN: 0, ENDMIN: 60, UACC: 0 } } })],
      ['ENDMIN over 60', answer(1, { ...loggedOutInfo(), ALLOWED_HOURS_3: { '3': { STARTMIN: 0, ENDMIN: 61, UACC: 0 } } })],
      ['an hour without UACC', answer(1, { ...loggedOutInfo(), ALLOWED_HOURS_3: { '3': { STARTMIN: 0, ENDMIN: 60 } } })],
      ['weekday 8 of the machine', answer(8, loggedOutInfo())],
      ['weekday 0 of the machine', answer(0, loggedOutInfo())],
      ['no weekday', { info: loggedOutInfo() }],
      ['no info', { weekday: 1 }],
    ])('%s', (_what, result) => {
      const parsed = userInfoFromHelper('mia', result);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toContain('mia');
    });
  });
});

describe('the same numbers through timekpra and through the helper give the same UserInfo', () => {
  /** timekpra's text of the given values (`ALLOWED_HOURS_4` in its `9[0-30];!20` notation). */
  function timekpraText(fixture: string, login: string, fields: Record<string, string>): string {
    let text = readFixture(fixture).replace(/^# Configuration for user \w+:/, `# Configuration for user ${login}:`);
    for (const [key, field] of Object.entries(fields)) text = withField(text, key, field);
    return text;
  }

  const restrictedThursday: Record<string, Hour> = {
    '7': { STARTMIN: 0, ENDMIN: 60, UACC: 0 },
    '9': { STARTMIN: 0, ENDMIN: 30, UACC: 0 },
    '10': { STARTMIN: 0, ENDMIN: 60, UACC: 0 },
    '20': { STARTMIN: 0, ENDMIN: 60, UACC: 1 },
    '21': { STARTMIN: 15, ENDMIN: 45, UACC: 0 },
  };
  const sameFields = {
    ALLOWED_HOURS_4: '7;9[0-30];10;!20;21[15-45]',
    ALLOWED_WEEKDAYS: '1;2;4;6',
    LIMITS_PER_WEEKDAYS: '3600;7200;10800;14400',
    TIME_SPENT_BALANCE: '1200',
    TIME_SPENT_DAY: '1500',
    TIME_SPENT_WEEK: '5000',
    TIME_LEFT_DAY: '9300',
  };
  const sameInfo = {
    ALLOWED_HOURS_4: restrictedThursday,
    ALLOWED_WEEKDAYS: ['1', '2', '4', '6'],
    LIMITS_PER_WEEKDAYS: [3600, 7200, 10800, 14400],
    TIME_SPENT_BALANCE: 1200,
    TIME_SPENT_DAY: 1500,
    TIME_SPENT_WEEK: 5000,
    TIME_LEFT_DAY: 9300,
  };

  test('logged in', () => {
    const text = timekpraText('userinfo-logged-in', 'mia', {
      ...sameFields,
      ACTUAL_TIME_SPENT_BALANCE: '1527',
      ACTUAL_TIME_SPENT_DAY: '1827',
      ACTUAL_TIME_LEFT_DAY: '8973',
    });
    const fromText = parseUserInfo(text, 0, 'mia', 4);
    const fromHelper = userInfoFromHelper(
      'mia',
      answer(4, { ...loggedInInfo(), ...sameInfo, ACTUAL_TIME_SPENT_BALANCE: 1527, ACTUAL_TIME_SPENT_DAY: 1827, ACTUAL_TIME_LEFT_DAY: 8973 }),
    );
    expect(fromText.ok).toBe(true);
    expect(fromHelper).toEqual(fromText);
    // The comparison is not vacuous: these are the values given.
    expect(fromHelper).toMatchObject({ ok: true, value: { loggedIn: true, secondsLeft: 8973, todayLimitSeconds: 10800, spentBalanceSeconds: 1527, secondsSpentWeek: 5000 } });
  });

  test('logged out', () => {
    const text = timekpraText('userinfo-logged-out', 'leo', sameFields);
    expect(text).not.toMatch(/^ACTUAL_/m);
    const fromText = parseUserInfo(text, 0, 'leo', 4);
    const fromHelper = userInfoFromHelper('leo', answer(4, { ...loggedOutInfo(), ...sameInfo }));
    expect(fromText.ok).toBe(true);
    expect(fromHelper).toEqual(fromText);
    expect(fromHelper).toMatchObject({ ok: true, value: { loggedIn: false, secondsLeft: 9300, todayLimitSeconds: 10800, spentBalanceSeconds: 1200 } });
  });

  test('a weekday that is not allowed gives 0 in both', () => {
    const text = timekpraText('userinfo-logged-out', 'leo', sameFields);
    const fromText = parseUserInfo(text, 0, 'leo', 3);
    const fromHelper = userInfoFromHelper('leo', answer(3, { ...loggedOutInfo(), ...sameInfo }));
    expect(fromHelper).toEqual(fromText);
    expect(fromHelper).toMatchObject({ ok: true, value: { todayLimitSeconds: 0 } });
  });

  test('a missing TIME_LEFT_DAY fails in both', () => {
    const text = withoutField(timekpraText('userinfo-logged-out', 'leo', sameFields), 'TIME_LEFT_DAY');
    const info: Record<string, unknown> = { ...loggedOutInfo(), ...sameInfo };
    delete info['TIME_LEFT_DAY'];
    expect(parseUserInfo(text, 0, 'leo', 4).ok).toBe(false);
    expect(userInfoFromHelper('leo', answer(4, info)).ok).toBe(false);
  });
});
