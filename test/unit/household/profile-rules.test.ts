import { describe, expect, test } from 'vitest';
import type { ProfileRules } from '../../../src/config/types.ts';
import { differenceKey, differencesBetween, profileEdit, standingOf, type RuleDifference } from '../../../src/household/profile-rules.ts';
import { hoursFromIntervals, wantedSettings, type RulesEdit } from '../../../src/household/rules-edit.ts';
import { parseStoredEdit } from '../../../src/household/rules-stored.ts';
import type { AllowedHour } from '../../../src/timekpr/parse.ts';
import { RULE_BOUNDS, type IsoWeekday, type Rules, type RuleSettings } from '../../../src/timekpr/rules.ts';
import { defaultSettings } from '../../support/fake-rules-client.ts';

// A profile is an edit of a computer's rules; where a computer differs from it, each difference is an item, told
// apart by whether the bot made it (a /limit after the switch) or not (changed on the computer).

function hours(...spans: [number, number][]): AllowedHour[] {
  const made = hoursFromIntervals(spans.map(([fromMinute, toMinute]) => ({ fromMinute, toMinute, free: false })));
  if (!made.ok) throw new Error(`bad test hours: ${JSON.stringify(made.error)}`);
  return made.value;
}

function rulesOf(settings: RuleSettings): Rules {
  return { login: 'mia', weekday: 3, settings, playTimeLeftToday: 0, playTimeSpentToday: 0 };
}

function settingsAfter(settings: RuleSettings, edit: RulesEdit): RuleSettings {
  const wanted = wantedSettings(rulesOf(settings), edit);
  if (!wanted.ok) throw new Error(`refused: ${JSON.stringify(wanted.error)}`);
  return wanted.value;
}

const weekdays = [1, 2, 3, 4, 5] as const;

/** Everything a profile can set. */
const everything: ProfileRules = {
  days: [1, 2, 3, 4, 5, 6],
  limits: [
    { days: { kind: 'allowed' }, seconds: 7200 },
    { days: { kind: 'days', days: [6] }, seconds: 10_800 },
  ],
  hours: [{ days: [...weekdays], intervals: [{ fromMinute: 480, toMinute: 1200, free: false }] }],
  weekLimit: 36_000,
  monthLimit: 'off',
  lockout: { type: 'lock' },
  playTime: { enabled: true, limits: [{ days: { kind: 'allowed' }, seconds: 1800 }], activities: [{ mask: 'minecraft', description: 'Minecraft' }] },
};

/** A school profile: weekdays 2h, weekend 3h, nothing else. */
const school = profileEdit({
  id: 'school',
  rules: {
    limits: [
      { days: { kind: 'days', days: [...weekdays] }, seconds: 7200 },
      { days: { kind: 'days', days: [6, 7] }, seconds: 10_800 },
    ],
  },
});

describe('profileEdit', () => {
  test('sets each part the profile names, in the order the setters need (days before their limits)', () => {
    const edit = profileEdit({ id: 'all', rules: everything });
    expect(edit.kind).toBe('profile');
    expect(edit.profileId).toBe('all');
    expect(edit.edits.map((part) => part.kind)).toEqual([
      'days',
      'limit',
      'hours',
      'week-limit',
      'month-limit',
      'lockout',
      'playtime',
      'playtime-limit',
      'playtime-activities',
    ]);
    expect(edit.edits).toEqual([
      { kind: 'days', days: [1, 2, 3, 4, 5, 6] },
      { kind: 'limit', limits: everything.limits },
      { kind: 'hours', groups: everything.hours },
      { kind: 'week-limit', seconds: 36_000 },
      { kind: 'month-limit', seconds: 'off' },
      { kind: 'lockout', lockout: { type: 'lock' } },
      { kind: 'playtime', enabled: true },
      { kind: 'playtime-limit', limits: [{ days: { kind: 'allowed' }, seconds: 1800 }] },
      { kind: 'playtime-activities', activities: [{ mask: 'minecraft', description: 'Minecraft' }] },
    ]);
  });

  test('what a profile leaves out is not set: no limits, no PlayTime limits, nothing else', () => {
    expect(profileEdit({ id: 'none', rules: { limits: [] } }).edits).toEqual([]);
    expect(profileEdit({ id: 'pt', rules: { limits: [], playTime: { limits: [], activities: [] } } }).edits).toEqual([{ kind: 'playtime-activities', activities: [] }]);
    expect(profileEdit({ id: 'off', rules: { limits: [], playTime: { enabled: false, limits: [] } } }).edits).toEqual([{ kind: 'playtime', enabled: false }]);
  });

  test('days come first, so a profile may limit a day it allows on a computer where that day is not allowed yet', () => {
    const base: RuleSettings = { ...defaultSettings(), allowedDays: [1, 2, 3, 4, 5], dayLimits: [3600, 3600, 3600, 3600, 3600] };
    const after = settingsAfter(base, profileEdit({ id: 'all', rules: everything }));
    expect([after.allowedDays, after.dayLimits]).toEqual([
      [1, 2, 3, 4, 5, 6],
      [7200, 7200, 7200, 7200, 7200, 10_800],
    ]);
    expect(after.hours.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => hours([480, 1200])));
    expect(after.hours[5]).toEqual(base.hours[5]);
    expect([after.weekLimit, after.monthLimit, after.lockout, after.playTimeEnabled, after.playTimeLimits]).toEqual([
      36_000,
      RULE_BOUNDS.monthSeconds,
      { type: 'lock' },
      true,
      [1800, 1800, 1800, 1800, 1800, 1800, 1800],
    ]);
  });

  test('its parts are folded in order: a later limit wins over an earlier one', () => {
    const after = settingsAfter(defaultSettings(), {
      kind: 'profile',
      profileId: 'x',
      edits: [
        { kind: 'limit', limits: [{ days: { kind: 'days', days: [6] }, seconds: 3600 }] },
        { kind: 'limit', limits: [{ days: { kind: 'allowed' }, seconds: 7200 }] },
        { kind: 'week-limit', seconds: 1000 },
        { kind: 'week-limit', seconds: 'off' },
      ],
    });
    expect(after.dayLimits).toEqual([7200, 7200, 7200, 7200, 7200, 7200, 7200]);
    expect(after.weekLimit).toBe(RULE_BOUNDS.weekSeconds);
  });

  test('one part that does not fit refuses the whole profile', () => {
    const base: RuleSettings = { ...defaultSettings(), allowedDays: [1, 2, 3, 4, 5], dayLimits: [3600, 3600, 3600, 3600, 3600] };
    expect(wantedSettings(rulesOf(base), school)).toEqual({ ok: false, error: { kind: 'days-not-allowed', days: [6, 7] } });
  });

  test('a profile edit is stored and read back, its parts nested one level only', () => {
    const edit = profileEdit({ id: 'all', rules: everything });
    expect(parseStoredEdit(JSON.stringify(edit))).toEqual(edit);
    expect(parseStoredEdit(JSON.stringify({ kind: 'profile', profileId: 'outer', edits: [school] }))).toBeUndefined();
  });
});

describe('differencesBetween', () => {
  test('the same rules have no difference', () => {
    expect(differencesBetween(defaultSettings(), defaultSettings())).toEqual([]);
  });

  test('each item that differs, in a fixed order: day limits, hours, week, month, lockout, PlayTime', () => {
    const wanted = settingsAfter(defaultSettings(), profileEdit({ id: 'all', rules: everything }));
    const actual: RuleSettings = {
      ...wanted,
      allowedDays: [1, 2, 3, 4, 5, 7],
      dayLimits: [7200, 5400, 7200, 7200, 7200, 3600],
      hours: wanted.hours.map((dayHours, index) => (index === 2 ? hours([480, 1260]) : dayHours)),
      weekLimit: RULE_BOUNDS.weekSeconds,
      monthLimit: 100_000,
      lockout: { type: 'suspendwake', wake: { fromHour: 7, toHour: 9 } },
      playTimeEnabled: false,
      playTimeDays: [1, 2, 3, 4, 5, 6],
      playTimeLimits: [1800, 1800, 1800, 1800, 1800, 900],
      playTimeActivities: [],
    };
    expect(differencesBetween(actual, wanted)).toEqual<RuleDifference[]>([
      { kind: 'day', day: 2, actual: 5400, profile: 7200 },
      { kind: 'day', day: 6, actual: undefined, profile: 10_800 },
      { kind: 'day', day: 7, actual: 3600, profile: undefined },
      { kind: 'hours', day: 3, actual: [{ fromMinute: 480, toMinute: 1260, free: false }], profile: [{ fromMinute: 480, toMinute: 1200, free: false }] },
      { kind: 'week-limit', actual: undefined, profile: 36_000 },
      { kind: 'month-limit', actual: 100_000, profile: undefined },
      { kind: 'lockout', actual: { type: 'suspendwake', wake: { fromHour: 7, toHour: 9 } }, profile: { type: 'lock' } },
      { kind: 'playtime', actual: false, profile: true },
      { kind: 'playtime-limit', day: 6, actual: 900, profile: 1800 },
      { kind: 'playtime-limit', day: 7, actual: undefined, profile: 1800 },
      { kind: 'playtime-activities', actual: [], profile: [{ mask: 'minecraft', description: 'Minecraft' }] },
    ]);
  });

  test('a week or month limit "off" (the daemon’s maximum) is undefined, and two "off" are the same', () => {
    const off = defaultSettings();
    expect([off.weekLimit, off.monthLimit]).toEqual([RULE_BOUNDS.weekSeconds, RULE_BOUNDS.monthSeconds]);
    expect(differencesBetween(off, settingsAfter(off, { kind: 'week-limit', seconds: 'off' }))).toEqual([]);
    const limited = { ...off, weekLimit: 72_000, monthLimit: 360_000 };
    expect(differencesBetween(off, limited)).toEqual([
      { kind: 'week-limit', actual: undefined, profile: 72_000 },
      { kind: 'month-limit', actual: undefined, profile: 360_000 },
    ]);
    expect(differencesBetween(limited, off)).toEqual([
      { kind: 'week-limit', actual: 72_000, profile: undefined },
      { kind: 'month-limit', actual: 360_000, profile: undefined },
    ]);
  });

  test('day limits are compared by day, not by position; a missing limit counts as 0', () => {
    const a: RuleSettings = { ...defaultSettings(), allowedDays: [1, 6], dayLimits: [3600, 7200] };
    const b: RuleSettings = { ...defaultSettings(), allowedDays: [6, 1], dayLimits: [7200, 3600] };
    expect(differencesBetween(a, b)).toEqual([]);
    expect(differencesBetween({ ...a, dayLimits: [3600] }, a)).toEqual([{ kind: 'day', day: 6, actual: 0, profile: 7200 }]);
  });

  test('suspend-and-wake with no hours given is the same as any hour', () => {
    const a = { ...defaultSettings(), lockout: { type: 'suspendwake' } as const };
    const b = { ...defaultSettings(), lockout: { type: 'suspendwake', wake: { fromHour: 0, toHour: 23 } } as const };
    expect(differencesBetween(a, b)).toEqual([]);
  });

  test('settings a profile cannot set (PlayTime override, in free intervals) are not differences', () => {
    const a = defaultSettings();
    expect(differencesBetween({ ...a, playTimeOverride: !a.playTimeOverride, playTimeInFreeIntervals: !a.playTimeInFreeIntervals }, a)).toEqual([]);
  });
});

describe('differenceKey', () => {
  test('the same difference has the same key; a different value, another', () => {
    const sat: RuleDifference = { kind: 'day', day: 6, actual: 14_400, profile: 10_800 };
    expect(differenceKey({ kind: 'day', day: 6, actual: 14_400, profile: 10_800 })).toBe(differenceKey(sat));
    expect(differenceKey({ ...sat, actual: 18_000 })).not.toBe(differenceKey(sat));
    expect(differenceKey({ ...sat, day: 7 })).not.toBe(differenceKey(sat));
    expect(differenceKey({ kind: 'playtime-limit', day: 6, actual: 14_400, profile: 10_800 })).not.toBe(differenceKey(sat));
  });

  test('found again from the same rules, it has the same key', () => {
    const actual = withLimit(settingsAfter(defaultSettings(), school), 6, 14_400);
    const wanted = settingsAfter(actual, school);
    expect(differencesBetween(actual, wanted).map(differenceKey)).toEqual(differencesBetween(structuredClone(actual), structuredClone(wanted)).map(differenceKey));
  });
});

function withLimit(settings: RuleSettings, day: IsoWeekday, seconds: number): RuleSettings {
  return settingsAfter(settings, { kind: 'limit', limits: [{ days: { kind: 'days', days: [day] }, seconds }] });
}

describe('standingOf', () => {
  const onProfile = settingsAfter(defaultSettings(), school);

  test('a computer as the profile has no difference', () => {
    expect(standingOf(rulesOf(onProfile), onProfile, school)).toEqual({ ok: true, value: { unexplained: [], changed: [] } });
    expect(standingOf(rulesOf(onProfile), undefined, school)).toEqual({ ok: true, value: { unexplained: [], changed: [] } });
  });

  test('when the bot never wrote there, every difference is unexplained', () => {
    const actual = withLimit(withLimit(onProfile, 6, 14_400), 1, 3600);
    expect(standingOf(rulesOf(actual), undefined, school)).toEqual({
      ok: true,
      value: {
        unexplained: [
          { kind: 'day', day: 1, actual: 3600, profile: 7200 },
          { kind: 'day', day: 6, actual: 14_400, profile: 10_800 },
        ],
        changed: [],
      },
    });
  });

  test('a difference the bot made itself is changed; one made on the computer is unexplained', () => {
    // The bot set Saturday to 4h after the switch; someone set Monday to 1h on the computer.
    const expected = withLimit(onProfile, 6, 14_400);
    const actual = withLimit(expected, 1, 3600);
    expect(standingOf(rulesOf(actual), expected, school)).toEqual({
      ok: true,
      value: {
        unexplained: [{ kind: 'day', day: 1, actual: 3600, profile: 7200 }],
        changed: [{ kind: 'day', day: 6, actual: 14_400, profile: 10_800 }],
      },
    });
  });

  test('a day the bot changed, then changed again on the computer, is unexplained', () => {
    const expected = withLimit(onProfile, 6, 14_400);
    const actual = withLimit(onProfile, 6, 18_000);
    expect(standingOf(rulesOf(actual), expected, school)).toEqual({
      ok: true,
      value: { unexplained: [{ kind: 'day', day: 6, actual: 18_000, profile: 10_800 }], changed: [] },
    });
  });

  test('a change the bot expects that did not happen on the computer is no difference at all', () => {
    const expected = withLimit(onProfile, 6, 14_400);
    expect(standingOf(rulesOf(onProfile), expected, school)).toEqual({ ok: true, value: { unexplained: [], changed: [] } });
  });

  test('an exception the bot wrote (a day off) is changed', () => {
    const expected = settingsAfter(onProfile, { kind: 'exception', exception: { kind: 'day-off', date: '2026-12-03' } });
    const standing = standingOf(rulesOf(expected), expected, profileEdit({ id: 'all', rules: { days: [1, 2, 3, 4, 5, 6, 7], limits: school.edits.flatMap((edit) => (edit.kind === 'limit' ? edit.limits : [])) } }));
    expect(standing).toEqual({ ok: true, value: { unexplained: [], changed: [{ kind: 'day', day: 4, actual: undefined, profile: 7200 }] } });
  });

  test('parts the profile leaves out are never differences', () => {
    const actual = { ...onProfile, lockout: { type: 'shutdown' } as const, weekLimit: 3600, hours: onProfile.hours.map(() => hours([600, 660])) };
    expect(standingOf(rulesOf(actual), undefined, school)).toEqual({ ok: true, value: { unexplained: [], changed: [] } });
  });

  test('week and month "off" in a profile match a computer without them', () => {
    const edit = profileEdit({ id: 'free', rules: { limits: [], weekLimit: 'off', monthLimit: 'off' } });
    expect(standingOf(rulesOf(defaultSettings()), undefined, edit)).toEqual({ ok: true, value: { unexplained: [], changed: [] } });
    expect(standingOf(rulesOf({ ...defaultSettings(), weekLimit: 36_000 }), undefined, edit)).toEqual({
      ok: true,
      value: { unexplained: [{ kind: 'week-limit', actual: 36_000, profile: undefined }], changed: [] },
    });
  });

  test('refused on a computer where a limit of the profile names a day that is not allowed', () => {
    const noWeekend: RuleSettings = { ...defaultSettings(), allowedDays: [...weekdays], dayLimits: [7200, 7200, 7200, 7200, 7200] };
    expect(standingOf(rulesOf(noWeekend), undefined, school)).toEqual({ ok: false, error: { kind: 'days-not-allowed', days: [6, 7] } });
    expect(standingOf(rulesOf(noWeekend), onProfile, school)).toEqual({ ok: false, error: { kind: 'days-not-allowed', days: [6, 7] } });
  });

  test('when what the bot expects does not fit the profile, every difference is unexplained', () => {
    // The bot expects the weekend off (its own /days), but the computer has it allowed again: the profile fits there.
    const expected: RuleSettings = { ...onProfile, allowedDays: [...weekdays], dayLimits: [7200, 7200, 7200, 7200, 7200] };
    const actual = withLimit(onProfile, 7, 3600);
    expect(standingOf(rulesOf(actual), expected, school)).toEqual({
      ok: true,
      value: { unexplained: [{ kind: 'day', day: 7, actual: 3600, profile: 10_800 }], changed: [] },
    });
  });
});
