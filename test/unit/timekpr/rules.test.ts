import { describe, expect, test } from 'vitest';
import { hoursCalls, hoursText, rulesCommands } from '../../../src/timekpr/commands.ts';
import { partlyWritten, rulesFromHelper } from '../../../src/timekpr/helper/rules-client.ts';
import { parseUserInfo, type AllowedHour } from '../../../src/timekpr/parse.ts';
import { parseSetterOutput } from '../../../src/timekpr/rules-client.ts';
import { parseRulesText } from '../../../src/timekpr/rules-read.ts';
import {
  checkPatch,
  dayLimitOf,
  diffSettings,
  inversePatch,
  isEmptyPatch,
  setterCount,
  withPatch,
  type RuleSettings,
  type RulesPatch,
} from '../../../src/timekpr/rules.ts';
import { defaultSettings } from '../../support/fake-rules-client.ts';
import { readFixture, withField } from '../../support/fixtures.ts';

const fullDay: AllowedHour[] = Array.from({ length: 24 }, (_, hour) => ({ hour, fromMinute: 0, toMinute: 60, accounted: true }));
const base: RuleSettings = { ...defaultSettings(), dayLimits: [7200, 7200, 7200, 7200, 7200, 10_800, 10_800] };

describe('parseRulesText (timekpra --userinfo, captured from the real daemon)', () => {
  const text = readFixture('userinfo-rules');

  test('reads every rule field', () => {
    const rules = parseRulesText(text, 0, 'tkleo', 1);
    expect(rules.ok).toBe(true);
    if (!rules.ok) return;
    const { settings } = rules.value;
    expect(settings.allowedDays).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(settings.dayLimits).toEqual([3600, 7200]);
    expect(settings.hours[0]).toEqual([
      { hour: 7, fromMinute: 0, toMinute: 60, accounted: true },
      { hour: 8, fromMinute: 0, toMinute: 30, accounted: true },
      { hour: 14, fromMinute: 0, toMinute: 60, accounted: false },
      { hour: 20, fromMinute: 15, toMinute: 45, accounted: true },
    ]);
    expect(settings.hours[1]).toHaveLength(24);
    expect(settings.lockout).toEqual({ type: 'suspendwake', wake: { fromHour: 7, toHour: 18 } });
    expect(settings.weekLimit).toBe(604_800);
    expect(settings.monthLimit).toBe(2_678_400);
    expect(settings.playTimeEnabled).toBe(true);
    expect(settings.playTimeOverride).toBe(false);
    expect(settings.playTimeInFreeIntervals).toBe(true);
    expect(settings.playTimeLimits).toEqual([1800, 1800, 1800, 1800, 1800, 3600, 3600]);
    expect(settings.playTimeActivities).toEqual([
      { mask: 'steam', description: 'Steam' },
      { mask: 'mc.*', description: 'Minecraft' },
    ]);
    expect(rules.value.playTimeLeftToday).toBe(1800);
    // The daemon reads a missing limit as 0: Wednesday has none in the list.
    expect(dayLimitOf(settings, 3)).toBe(0);
    expect(dayLimitOf(settings, 2)).toBe(7200);
  });

  test('the time read of the same text has PlayTime left while PlayTime is on, and none when it is off', () => {
    const on = parseUserInfo(text, 0, 'tkleo', 1);
    expect(on.ok && on.value.playTimeLeftSeconds).toBe(1800);
    const off = parseUserInfo(withField(text, 'PLAYTIME_ENABLED', 'False'), 0, 'tkleo', 1);
    expect(off.ok && off.value.playTimeLeftSeconds).toBeUndefined();
  });

  test('an unknown lockout type or a broken line is unexpected output, a known failure is itself', () => {
    expect(parseRulesText(withField(text, 'LOCKOUT_TYPE', 'reboot'), 0, 'tkleo', 1)).toMatchObject({ ok: false, error: { kind: 'unexpected-output' } });
    expect(parseRulesText(withField(text, 'PLAYTIME_ENABLED', 'maybe'), 0, 'tkleo', 1)).toMatchObject({ ok: false, error: { kind: 'unexpected-output' } });
    expect(parseRulesText(readFixture('userinfo-unknown-user'), 0, 'tknobody', 1)).toMatchObject({ ok: false, error: { kind: 'unknown-user' } });
  });
});

describe('diffSettings: only what differs is written', () => {
  test('the same settings write nothing', () => {
    const patch = diffSettings(base, base);
    expect(isEmptyPatch(patch)).toBe(true);
    expect(setterCount(patch)).toBe(0);
  });

  test('one changed limit writes the limits alone', () => {
    const wanted = { ...base, dayLimits: [3600, 7200, 7200, 7200, 7200, 10_800, 10_800] };
    expect(diffSettings(base, wanted)).toEqual({ dayLimits: [3600, 7200, 7200, 7200, 7200, 10_800, 10_800] });
  });

  test('a trailing limit the daemon reads as 0 anyway is not rewritten', () => {
    const current = { ...base, allowedDays: [1, 2], dayLimits: [3600] } satisfies RuleSettings;
    expect(isEmptyPatch(diffSettings(current, { ...current, dayLimits: [3600, 0] }))).toBe(true);
  });

  test('changed days rewrite the limits for the new days', () => {
    const wanted = { ...base, allowedDays: [1, 2, 3, 4, 5], dayLimits: [7200, 7200, 7200, 7200, 7200] } satisfies RuleSettings;
    expect(diffSettings(base, wanted)).toEqual({ allowedDays: [1, 2, 3, 4, 5], dayLimits: [7200, 7200, 7200, 7200, 7200] });
  });

  test('only the days whose hours differ', () => {
    const evening = fullDay.slice(16, 20);
    const wanted = { ...base, hours: base.hours.map((hours, index) => (index === 5 ? evening : hours)) };
    expect(diffSettings(base, wanted)).toEqual({ hours: [{ day: 6, hours: evening }] });
  });

  test('lockout: the wake hours matter only for suspendwake', () => {
    expect(diffSettings({ ...base, lockout: { type: 'lock' } }, { ...base, lockout: { type: 'lock', wake: { fromHour: 0, toHour: 23 } } })).toEqual({});
    const sleeping = { ...base, lockout: { type: 'suspendwake', wake: { fromHour: 7, toHour: 18 } } } satisfies RuleSettings;
    expect(diffSettings(sleeping, { ...base, lockout: { type: 'suspendwake', wake: { fromHour: 8, toHour: 18 } } })).toEqual({
      lockout: { type: 'suspendwake', wake: { fromHour: 8, toHour: 18 } },
    });
  });
});

describe('withPatch and inversePatch: undo restores exactly', () => {
  const patches: Record<string, RulesPatch> = {
    limits: { dayLimits: [3600, 3600, 3600, 3600, 3600, 3600, 3600] },
    days: { allowedDays: [1, 2, 3, 4, 5], dayLimits: [7200, 7200, 7200, 7200, 7200] },
    hours: { hours: [{ day: 1, hours: fullDay.slice(8, 20) }] },
    everything: {
      weekLimit: 36_000,
      monthLimit: 144_000,
      lockout: { type: 'suspendwake', wake: { fromHour: 7, toHour: 18 } },
      playTimeEnabled: true,
      playTimeLimits: [2700, 2700, 2700, 2700, 2700, 7200, 7200],
      playTimeActivities: [{ mask: 'minecraft', description: 'Minecraft' }],
    },
  };
  for (const [name, patch] of Object.entries(patches)) {
    test(name, () => {
      const after = withPatch(base, patch);
      expect(isEmptyPatch(diffSettings(after, base))).toBe(false);
      const undone = withPatch(after, inversePatch(base, patch));
      expect(isEmptyPatch(diffSettings(undone, base))).toBe(true);
      expect(checkPatch(inversePatch(base, patch))).toEqual({ ok: true, value: undefined });
    });
  }
});

describe('checkPatch refuses what the daemon would clamp or misread', () => {
  const refused: Record<string, RulesPatch> = {
    empty: {},
    'a day of 25 hours': { dayLimits: [90_000] },
    'a negative limit': { dayLimits: [-3600] },
    'a fractional limit': { dayLimits: [1.5] },
    'eight limits': { dayLimits: [1, 2, 3, 4, 5, 6, 7, 8] },
    'weekday 8': { allowedDays: [1, 8 as 7] },
    'days out of order': { allowedDays: [3, 1] },
    'a week over 7 days': { weekLimit: 604_801 },
    'a month over 31 days': { monthLimit: 2_678_401 },
    'hour 24': { hours: [{ day: 1, hours: [{ hour: 24, fromMinute: 0, toMinute: 60, accounted: true }] }] },
    'minute 61': { hours: [{ day: 1, hours: [{ hour: 8, fromMinute: 0, toMinute: 61, accounted: true }] }] },
    'start after end': { hours: [{ day: 1, hours: [{ hour: 8, fromMinute: 40, toMinute: 20, accounted: true }] }] },
    'no hours': { hours: [{ day: 1, hours: [] }] },
    'a day twice': { hours: [{ day: 1, hours: fullDay }, { day: 1, hours: fullDay }] },
    'wake hours with lock': { lockout: { type: 'lock', wake: { fromHour: 7, toHour: 18 } } },
    'wake hour 24': { lockout: { type: 'suspendwake', wake: { fromHour: 7, toHour: 24 } } },
    'a mask with ;': { playTimeActivities: [{ mask: 'a;b', description: 'x' }] },
    'a mask with [': { playTimeActivities: [{ mask: 'a[b', description: 'x' }] },
    'a mask with $(…)': { playTimeActivities: [{ mask: '$(reboot)', description: 'x' }] },
    'a 10 KB mask': { playTimeActivities: [{ mask: 'a'.repeat(10_240), description: 'x' }] },
    'a description with ]': { playTimeActivities: [{ mask: 'steam', description: 'x]' }] },
    '33 activities': { playTimeActivities: Array.from({ length: 33 }, (_, index) => ({ mask: `game${index}`, description: 'x' })) },
  };
  for (const [name, patch] of Object.entries(refused)) {
    test(name, () => {
      const checked = checkPatch(patch);
      expect(checked.ok).toBe(false);
      expect(rulesCommands('/usr/bin/timekpra', 'mia', patch).ok).toBe(false);
    });
  }
  test('a lockout type the daemon does not know', () => {
    expect(checkPatch({ lockout: { type: 'kill' as 'lock' } }).ok).toBe(false);
  });
});

describe('rulesCommands: timekpra argv from validated parts', () => {
  test('every setter, in order', () => {
    const commands = rulesCommands('/usr/bin/timekpra', 'mia', {
      playTimeActivities: [{ mask: 'mc.*', description: 'Minecraft Java' }],
      dayLimits: [3600, 7200],
      allowedDays: [1, 2],
      hours: [{ day: 6, hours: [{ hour: 9, fromMinute: 0, toMinute: 60, accounted: true }, { hour: 10, fromMinute: 0, toMinute: 30, accounted: false }] }],
      lockout: { type: 'suspendwake', wake: { fromHour: 7, toHour: 18 } },
      playTimeEnabled: true,
      weekLimit: 36_000,
    });
    expect(commands.ok).toBe(true);
    if (!commands.ok) return;
    expect(commands.value.map(({ field, command }) => [field, ...command.argv.slice(1)])).toEqual([
      ['allowedDays', '--setalloweddays', 'mia', '1;2'],
      ['dayLimits', '--settimelimits', 'mia', '3600;7200'],
      ['hours', '--setallowedhours', 'mia', '6', '9;!10[0-30]'],
      ['weekLimit', '--settimelimitweek', 'mia', '36000'],
      ['lockout', '--setlockouttype', 'mia', 'suspendwake;7;18'],
      ['playTimeEnabled', '--setplaytimeenabled', 'mia', 'true'],
      ['playTimeActivities', '--setplaytimeactivities', 'mia', 'mc.*[Minecraft Java]'],
    ]);
    expect(commands.value.every(({ command }) => command.env?.['LC_ALL'] === 'C')).toBe(true);
  });

  test('the same hours on all seven days are one ALL', () => {
    const evening = fullDay.slice(16, 21);
    const all = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day: day as 1, hours: evening }));
    expect(hoursCalls(all)).toEqual([{ day: 'ALL', hours: evening }]);
    expect(hoursCalls(all.slice(0, 6))).toHaveLength(6);
    expect(hoursText(evening)).toBe('16;17;18;19;20');
  });

  test('a login that is not a Linux name is refused', () => {
    expect(rulesCommands('/usr/bin/timekpra', 'mia; reboot', { weekLimit: 3600 }).ok).toBe(false);
  });
});

describe('parseSetterOutput', () => {
  test('silence is success, known failures are themselves, other text is a refusal', () => {
    expect(parseSetterOutput({ output: '', exitCode: 0 }).ok).toBe(true);
    expect(parseSetterOutput({ output: readFixture('access-denied'), exitCode: 0 })).toMatchObject({ ok: false, error: { kind: 'access-denied' } });
    expect(parseSetterOutput({ output: 'User "mia" day list is not correct\n', exitCode: 0 })).toEqual({
      ok: false,
      error: { kind: 'rejected', message: 'User "mia" day list is not correct' },
    });
  });
});

describe('the helper: rules from the daemon typed answer', () => {
  const hours = Object.fromEntries(Array.from({ length: 24 }, (_, hour) => [String(hour), { STARTMIN: 0, ENDMIN: 60, UACC: 0 }]));
  const info = {
    ALLOWED_HOURS_1: { '16': { STARTMIN: 0, ENDMIN: 60, UACC: 1 }, '17': { STARTMIN: 0, ENDMIN: 30, UACC: 0 } },
    ALLOWED_HOURS_2: hours,
    ALLOWED_HOURS_3: hours,
    ALLOWED_HOURS_4: hours,
    ALLOWED_HOURS_5: hours,
    ALLOWED_HOURS_6: {},
    ALLOWED_HOURS_7: hours,
    ALLOWED_WEEKDAYS: ['1', '2', '3', '4', '5', '7'],
    LIMITS_PER_WEEKDAYS: [3600, 3600, 3600, 3600, 3600, 7200],
    LOCKOUT_TYPE: 'lock',
    LIMIT_PER_WEEK: 36_000,
    LIMIT_PER_MONTH: 2_678_400,
    PLAYTIME_ENABLED: true,
    PLAYTIME_LIMIT_OVERRIDE_ENABLED: false,
    PLAYTIME_UNACCOUNTED_INTERVALS_ENABLED: true,
    PLAYTIME_ALLOWED_WEEKDAYS: ['1', '2'],
    PLAYTIME_LIMITS_PER_WEEKDAYS: [1800, 1800],
    PLAYTIME_ACTIVITIES: [['steam', 'Steam'], ['mc.*', '']],
    PLAYTIME_LEFT_DAY: 1200,
    PLAYTIME_SPENT_DAY: 600,
    ACTUAL_PLAYTIME_LEFT_DAY: 1100,
    TIME_LEFT_DAY: 100,
  };

  test('typed values, no text parsing', () => {
    const rules = rulesFromHelper('mia', { weekday: 1, info });
    expect(rules.ok).toBe(true);
    if (!rules.ok) return;
    expect(rules.value.settings.allowedDays).toEqual([1, 2, 3, 4, 5, 7]);
    expect(dayLimitOf(rules.value.settings, 7)).toBe(7200);
    expect(dayLimitOf(rules.value.settings, 6)).toBeUndefined();
    expect(rules.value.settings.hours[0]).toEqual([
      { hour: 16, fromMinute: 0, toMinute: 60, accounted: false },
      { hour: 17, fromMinute: 0, toMinute: 30, accounted: true },
    ]);
    expect(rules.value.settings.playTimeActivities).toEqual([
      { mask: 'steam', description: 'Steam' },
      { mask: 'mc.*', description: 'mc.*' },
    ]);
    expect(rules.value.settings.lockout).toEqual({ type: 'lock' });
    expect(rules.value.playTimeLeftToday).toBe(1100);
  });

  test('a missing or mistyped field is refused', () => {
    expect(rulesFromHelper('mia', { weekday: 1, info: { ...info, PLAYTIME_ENABLED: 'yes' } }).ok).toBe(false);
    expect(rulesFromHelper('mia', { weekday: 1, info: { ...info, ALLOWED_WEEKDAYS: ['9'] } }).ok).toBe(false);
    expect(rulesFromHelper('mia', { weekday: 8, info }).ok).toBe(false);
  });

  test("the helper's words for a write that stopped part way", () => {
    expect(partlyWritten('hours failed after writing allowedDays, dayLimits: invalid hours')).toEqual({ failedField: 'hours', written: ['allowedDays', 'dayLimits'] });
    expect(partlyWritten('org.freedesktop.DBus.Error.Failed: boom')).toBeUndefined();
  });
});
