import { describe, expect, test } from 'vitest';
import { restoredSettings, slotOf, withDay, withDayHours, type DaySlot } from '../../../src/household/day-slot.ts';
import { hoursFromIntervals } from '../../../src/household/rules-edit.ts';
import type { AllowedHour } from '../../../src/timekpr/parse.ts';
import type { RuleSettings } from '../../../src/timekpr/rules.ts';
import { defaultSettings } from '../../support/fake-rules-client.ts';

// One weekday's rules: read out of a computer's settings, changed alone, and put back when an exception ends.

/** The daemon's hours of counted spans given in minutes of the day (throws on a span the daemon cannot keep). */
function hours(...spans: [number, number][]): AllowedHour[] {
  const made = hoursFromIntervals(spans.map(([fromMinute, toMinute]) => ({ fromMinute, toMinute, free: false })));
  if (!made.ok) throw new Error(`bad test hours: ${JSON.stringify(made.error)}`);
  return made.value;
}

const H8_20 = hours([480, 1200]);
const H8_22 = hours([480, 1320]);
const H9_12 = hours([540, 720]);

/** School week: Monday..Friday 2h (Friday 2h30), weekend not allowed; Monday..Friday 8–20. */
function schoolWeek(): RuleSettings {
  const base = defaultSettings();
  return {
    ...base,
    allowedDays: [1, 2, 3, 4, 5],
    dayLimits: [7200, 7200, 7200, 7200, 9000],
    hours: [H8_20, H8_20, H8_20, H8_20, H8_20, [], []],
  };
}

describe('slotOf', () => {
  test('an allowed day has its limit and hours', () => {
    expect(slotOf(schoolWeek(), 5)).toEqual({ allowed: true, limit: 9000, hours: H8_20 });
  });

  test('a day that is not allowed has limit 0, and keeps its hours', () => {
    const settings = { ...schoolWeek(), hours: [H8_20, H8_20, H8_20, H8_20, H8_20, H9_12, []] };
    expect(slotOf(settings, 6)).toEqual({ allowed: false, limit: 0, hours: H9_12 });
    expect(slotOf(settings, 7)).toEqual({ allowed: false, limit: 0, hours: [] });
  });

  test('an allowed day whose limit is missing (the daemon reads it as 0) is allowed with 0', () => {
    const settings = { ...schoolWeek(), dayLimits: [7200, 7200, 7200] };
    expect(slotOf(settings, 4)).toEqual({ allowed: true, limit: 0, hours: H8_20 });
  });
});

describe('withDay', () => {
  test('changes the limit of an allowed day only', () => {
    const changed = withDay(schoolWeek(), 3, true, 3600);
    expect([changed.allowedDays, changed.dayLimits]).toEqual([
      [1, 2, 3, 4, 5],
      [7200, 7200, 3600, 7200, 9000],
    ]);
    expect(changed.hours).toEqual(schoolWeek().hours);
  });

  test('allowing a day puts it in weekday order, with its limit at its position', () => {
    const settings = { ...schoolWeek(), allowedDays: [1, 2, 3, 5] as const, dayLimits: [100, 200, 300, 500] };
    const changed = withDay({ ...settings, allowedDays: [...settings.allowedDays] }, 4, true, 400);
    expect([changed.allowedDays, changed.dayLimits]).toEqual([
      [1, 2, 3, 4, 5],
      [100, 200, 300, 400, 500],
    ]);
  });

  test('days kept out of order come back in order, each with its own limit', () => {
    const settings: RuleSettings = { ...schoolWeek(), allowedDays: [5, 1], dayLimits: [500, 100] };
    const changed = withDay(settings, 3, true, 300);
    expect([changed.allowedDays, changed.dayLimits]).toEqual([
      [1, 3, 5],
      [100, 300, 500],
    ]);
  });

  test('not allowing a day removes it and its limit; the others keep theirs', () => {
    const changed = withDay(schoolWeek(), 2, false, 0);
    expect([changed.allowedDays, changed.dayLimits]).toEqual([
      [1, 3, 4, 5],
      [7200, 7200, 7200, 9000],
    ]);
  });

  test('not allowing a day that is not allowed changes nothing', () => {
    const changed = withDay(schoolWeek(), 6, false, 1234);
    expect([changed.allowedDays, changed.dayLimits]).toEqual([schoolWeek().allowedDays, schoolWeek().dayLimits]);
  });

  test('the last allowed day removed leaves no day', () => {
    const settings: RuleSettings = { ...schoolWeek(), allowedDays: [6], dayLimits: [3600] };
    const changed = withDay(settings, 6, false, 0);
    expect([changed.allowedDays, changed.dayLimits]).toEqual([[], []]);
  });

  test('touches nothing else, and does not change the settings given', () => {
    const settings = schoolWeek();
    const copy = structuredClone(settings);
    const changed = withDay(settings, 6, true, 10_800);
    expect(settings).toEqual(copy);
    expect({ ...changed, allowedDays: copy.allowedDays, dayLimits: copy.dayLimits }).toEqual(copy);
    expect([changed.allowedDays, changed.dayLimits]).toEqual([
      [1, 2, 3, 4, 5, 6],
      [7200, 7200, 7200, 7200, 9000, 10_800],
    ]);
  });
});

describe('withDayHours', () => {
  test('replaces the hours of that weekday only', () => {
    const settings = schoolWeek();
    const changed = withDayHours(settings, 2, H8_22);
    expect(changed.hours).toEqual([H8_20, H8_22, H8_20, H8_20, H8_20, [], []]);
    expect(settings.hours[1]).toEqual(H8_20);
    expect([changed.allowedDays, changed.dayLimits]).toEqual([settings.allowedDays, settings.dayLimits]);
  });

  test('Sunday is the last entry', () => {
    expect(withDayHours(schoolWeek(), 7, H9_12).hours[6]).toEqual(H9_12);
  });
});

describe('restoredSettings', () => {
  const thursday = 4;

  test('an exception that changed the limit is put back to the limit it replaced', () => {
    const before = slotOf(schoolWeek(), thursday);
    const during = withDay(schoolWeek(), thursday, true, 10_800);
    const wrote = slotOf(during, thursday);
    const restored = restoredSettings(during, thursday, before, wrote);
    expect(restored.kept).toEqual([]);
    expect(restored.settings).toEqual(schoolWeek());
  });

  test('a limit changed again since the exception (3h, then 4h) is kept and named', () => {
    const before = slotOf(schoolWeek(), thursday);
    const wrote = slotOf(withDay(schoolWeek(), thursday, true, 10_800), thursday);
    const now = withDay(schoolWeek(), thursday, true, 14_400);
    const restored = restoredSettings(now, thursday, before, wrote);
    expect(restored.kept).toEqual(['day']);
    expect(restored.settings).toEqual(now);
  });

  test('a day the exception allowed is not allowed again', () => {
    const saturday = 6;
    const before = slotOf(schoolWeek(), saturday);
    const during = withDay(schoolWeek(), saturday, true, 3600);
    const restored = restoredSettings(during, saturday, before, slotOf(during, saturday));
    expect(restored).toEqual({ settings: schoolWeek(), kept: [] });
  });

  test('a day the exception took off is allowed again, with its limit', () => {
    const before = slotOf(schoolWeek(), 5);
    const during = withDay(schoolWeek(), 5, false, 0);
    const restored = restoredSettings(during, 5, before, slotOf(during, 5));
    expect(restored).toEqual({ settings: schoolWeek(), kept: [] });
  });

  test('a day taken off, then allowed again by a parent, is kept', () => {
    const before = slotOf(schoolWeek(), 5);
    const wrote = slotOf(withDay(schoolWeek(), 5, false, 0), 5);
    const now = withDay(schoolWeek(), 5, true, 3600);
    expect(restoredSettings(now, 5, before, wrote)).toEqual({ settings: now, kept: ['day'] });
  });

  test('hours extended for one evening go back to what they were', () => {
    const before = slotOf(schoolWeek(), thursday);
    const during = withDayHours(schoolWeek(), thursday, H8_22);
    const restored = restoredSettings(during, thursday, before, slotOf(during, thursday));
    expect(restored).toEqual({ settings: schoolWeek(), kept: [] });
  });

  test('hours changed again since are kept and named, the limit it changed too is restored', () => {
    const before = slotOf(schoolWeek(), thursday);
    const during = withDayHours(withDay(schoolWeek(), thursday, true, 10_800), thursday, H8_22);
    const wrote = slotOf(during, thursday);
    const now = withDayHours(during, thursday, H9_12);
    const restored = restoredSettings(now, thursday, before, wrote);
    expect(restored.kept).toEqual(['hours']);
    expect(slotOf(restored.settings, thursday)).toEqual({ allowed: true, limit: 7200, hours: H9_12 });
  });

  test('a part the exception did not change is left as it is now, even if it changed meanwhile', () => {
    const before = slotOf(schoolWeek(), thursday);
    const during = withDay(schoolWeek(), thursday, true, 10_800);
    const wrote = slotOf(during, thursday);
    // A parent changed Thursday's hours since: the exception never touched them.
    const now = withDayHours(during, thursday, H9_12);
    const restored = restoredSettings(now, thursday, before, wrote);
    expect(restored.kept).toEqual([]);
    expect(slotOf(restored.settings, thursday)).toEqual({ allowed: true, limit: 7200, hours: H9_12 });
  });

  test('other weekdays changed meanwhile are left as they are now', () => {
    const before = slotOf(schoolWeek(), thursday);
    const during = withDay(schoolWeek(), thursday, true, 10_800);
    const now = withDayHours(withDay(during, 1, true, 60), 2, H9_12);
    const restored = restoredSettings(now, thursday, before, slotOf(during, thursday));
    expect(restored.kept).toEqual([]);
    expect(restored.settings).toEqual(withDayHours(withDay(schoolWeek(), 1, true, 60), 2, H9_12));
  });

  test('an exception that changed nothing restores nothing and keeps nothing', () => {
    const slot = slotOf(schoolWeek(), thursday);
    const now = withDay(schoolWeek(), thursday, true, 60);
    expect(restoredSettings(now, thursday, slot, slot)).toEqual({ settings: now, kept: [] });
  });

  test('the limits of two days that are not allowed do not count as a difference', () => {
    // Before: Saturday not allowed (limit 0); wrote: not allowed with a stray limit. Same part: nothing to do.
    const before: DaySlot = { allowed: false, limit: 0, hours: [] };
    const wrote: DaySlot = { allowed: false, limit: 999, hours: [] };
    const now = withDay(schoolWeek(), 6, true, 3600);
    expect(restoredSettings(now, 6, before, wrote)).toEqual({ settings: now, kept: [] });
  });

  test('both parts changed again since: both kept, in order, nothing restored', () => {
    const before = slotOf(schoolWeek(), thursday);
    const wrote = slotOf(withDayHours(withDay(schoolWeek(), thursday, true, 10_800), thursday, H8_22), thursday);
    const now = withDayHours(withDay(schoolWeek(), thursday, false, 0), thursday, H9_12);
    expect(restoredSettings(now, thursday, before, wrote)).toEqual({ settings: now, kept: ['day', 'hours'] });
  });
});
