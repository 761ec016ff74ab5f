import { afterEach, describe, expect, test } from 'vitest';
import { slotOf, withDay } from '../../../src/household/day-slot.ts';
import { exceptionDay, hoursFromIntervals, intervalsFromHours, wantedSettings, type RuleException } from '../../../src/household/rules-edit.ts';
import { parseStoredEdit, parseStoredException, parseStoredSlot } from '../../../src/household/rules-stored.ts';
import { isoWeekdayOf } from '../../../src/lib/local-days.ts';
import type { AllowedHour } from '../../../src/timekpr/parse.ts';
import { dayLimitOf, hoursOf, type IsoWeekday, type Rules, type RuleSettings } from '../../../src/timekpr/rules.ts';
import { defaultSettings } from '../../support/fake-rules-client.ts';

// Exceptions change one weekday: the weekday of their date (never the computer's own weekday), and their end puts
// back exactly what they changed.

/** The daemon's hours of spans given in minutes of the day; `free` spans are not counted. */
function hours(...spans: [number, number, ('free' | undefined)?][]): AllowedHour[] {
  const made = hoursFromIntervals(spans.map(([fromMinute, toMinute, free]) => ({ fromMinute, toMinute, free: free === 'free' })));
  if (!made.ok) throw new Error(`bad test hours: ${JSON.stringify(made.error)}`);
  return made.value;
}

const THURSDAY = '2026-12-03';
const SATURDAY = '2026-12-05';
const FRIDAY = '2026-12-04';

/** Monday..Friday allowed, 2h each; 8–20 every day. */
function schoolWeek(): RuleSettings {
  const h8to20 = hours([480, 1200]);
  return { ...defaultSettings(), allowedDays: [1, 2, 3, 4, 5], dayLimits: [7200, 7200, 7200, 7200, 7200], hours: Array.from({ length: 7 }, () => h8to20) };
}

/** Rules read on a Monday (weekday 1): an exception is about its date, not the day it is asked. */
function rulesOf(settings: RuleSettings, weekday: IsoWeekday = 1): Rules {
  return { login: 'mia', weekday, settings, playTimeLeftToday: 0, playTimeSpentToday: 0 };
}

function exceptionEdit(exception: RuleException) {
  return { kind: 'exception', exception } as const;
}

function settingsAfter(rules: Rules, exception: RuleException): RuleSettings {
  const wanted = wantedSettings(rules, exceptionEdit(exception));
  if (!wanted.ok) throw new Error(`refused: ${JSON.stringify(wanted.error)}`);
  return wanted.value;
}

describe('isoWeekdayOf', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  test.each([
    ['2026-12-03', 4],
    ['2026-12-05', 6],
    ['2026-12-06', 7],
    ['2026-12-07', 1],
    ['2026-01-01', 4],
    ['2027-01-01', 5],
    ['2024-02-29', 4],
  ] as const)('%s is ISO weekday %i', (day, weekday) => {
    expect(isoWeekdayOf(day)).toBe(weekday);
  });

  test.each(['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/Berlin', 'America/Sao_Paulo'])('is the same in time zone %s, also on days of 23 or 25 hours', (zone) => {
    process.env.TZ = zone;
    // 2026-03-29 and 2026-10-25: Europe's clocks change (Sundays).
    expect(['2026-12-03', '2026-03-29', '2026-10-25', '2026-12-07'].map(isoWeekdayOf)).toEqual([4, 7, 7, 1]);
  });
});

describe('exceptionDay', () => {
  test('is the weekday of the date, for every kind', () => {
    expect(exceptionDay({ kind: 'tonight', date: THURSDAY, toMinute: 1350 })).toBe(4);
    expect(exceptionDay({ kind: 'day-limit', date: SATURDAY, seconds: 3600 })).toBe(6);
    expect(exceptionDay({ kind: 'day-off', date: '2026-12-06' })).toBe(7);
  });
});

describe("'tonight': the day's allowed hours extended", () => {
  test('to the minute asked, on the weekday of its date; nothing else changes', () => {
    const settings = schoolWeek();
    const after = settingsAfter(rulesOf(settings), { kind: 'tonight', date: THURSDAY, toMinute: 22 * 60 + 30 });
    expect(intervalsFromHours(hoursOf(after, 4))).toEqual([{ fromMinute: 480, toMinute: 1350, free: false }]);
    expect(after).toEqual({ ...settings, hours: settings.hours.map((dayHours, index) => (index === 3 ? hours([480, 1350]) : dayHours)) });
    // The computer's own weekday (Monday) is not touched.
    expect(hoursOf(after, 1)).toEqual(hours([480, 1200]));
  });

  test('a day that ends inside an hour is extended in that same hour', () => {
    const settings = { ...schoolWeek(), hours: schoolWeek().hours.map(() => hours([480, 1230])) };
    const after = settingsAfter(rulesOf(settings), { kind: 'tonight', date: THURSDAY, toMinute: 1290 });
    expect(hoursOf(after, 4).filter((hour) => hour.hour >= 19)).toEqual([
      { hour: 19, fromMinute: 0, toMinute: 60, accounted: true },
      { hour: 20, fromMinute: 0, toMinute: 60, accounted: true },
      { hour: 21, fromMinute: 0, toMinute: 30, accounted: true },
    ]);
  });

  test('extends after the last span of the day; the earlier gap stays', () => {
    const split = hours([480, 720], [840, 1080]);
    const settings = { ...schoolWeek(), hours: schoolWeek().hours.map(() => split) };
    const after = settingsAfter(rulesOf(settings), { kind: 'tonight', date: THURSDAY, toMinute: 1260 });
    expect(intervalsFromHours(hoursOf(after, 4))).toEqual([
      { fromMinute: 480, toMinute: 720, free: false },
      { fromMinute: 840, toMinute: 1260, free: false },
    ]);
  });

  test('free hours stay free; the evening added is counted', () => {
    const withFree = hours([480, 1080], [1080, 1200, 'free']);
    const settings = { ...schoolWeek(), hours: schoolWeek().hours.map(() => withFree) };
    const after = settingsAfter(rulesOf(settings), { kind: 'tonight', date: THURSDAY, toMinute: 1320 });
    expect(intervalsFromHours(hoursOf(after, 4))).toEqual([
      { fromMinute: 480, toMinute: 1080, free: false },
      { fromMinute: 1080, toMinute: 1200, free: true },
      { fromMinute: 1200, toMinute: 1320, free: false },
    ]);
  });

  test('a free span ending inside an hour cannot be followed by a counted one in it (the daemon keeps one span per hour)', () => {
    const withFree = hours([480, 1200], [1200, 1230, 'free']);
    const settings = { ...schoolWeek(), hours: schoolWeek().hours.map(() => withFree) };
    expect(wantedSettings(rulesOf(settings), exceptionEdit({ kind: 'tonight', date: THURSDAY, toMinute: 1320 }))).toEqual({
      ok: false,
      error: { kind: 'intervals-share-hour', hour: 20 },
    });
  });

  test('on a day that is not allowed it is refused', () => {
    expect(wantedSettings(rulesOf(schoolWeek()), exceptionEdit({ kind: 'tonight', date: SATURDAY, toMinute: 1320 }))).toEqual({
      ok: false,
      error: { kind: 'today-not-allowed' },
    });
  });

  test('is refused for a day that is not allowed even when the computer’s own day is allowed', () => {
    // Read on a Friday (allowed); the exception is for Saturday.
    expect(wantedSettings(rulesOf(schoolWeek(), 5), exceptionEdit({ kind: 'tonight', date: SATURDAY, toMinute: 1320 }))).toEqual({
      ok: false,
      error: { kind: 'today-not-allowed' },
    });
  });

  test.each([1200, 1100, 600])('when the day already reaches minute %i the settings are unchanged', (toMinute) => {
    const settings = schoolWeek();
    expect(wantedSettings(rulesOf(settings), exceptionEdit({ kind: 'tonight', date: THURSDAY, toMinute }))).toEqual({ ok: true, value: settings });
  });

  test('a day allowed around the clock is unchanged by any evening', () => {
    const settings = defaultSettings();
    expect(wantedSettings(rulesOf(settings), exceptionEdit({ kind: 'tonight', date: THURSDAY, toMinute: 1440 }))).toEqual({ ok: true, value: settings });
  });
});

describe("'day-limit': that day's limit", () => {
  test('sets the limit of the weekday of its date only', () => {
    const after = settingsAfter(rulesOf(schoolWeek()), { kind: 'day-limit', date: THURSDAY, seconds: 10_800 });
    expect([after.allowedDays, after.dayLimits]).toEqual([
      [1, 2, 3, 4, 5],
      [7200, 7200, 7200, 10_800, 7200],
    ]);
    expect(after.hours).toEqual(schoolWeek().hours);
  });

  test('a day that is not allowed is allowed for it, in weekday order', () => {
    const after = settingsAfter(rulesOf(schoolWeek()), { kind: 'day-limit', date: SATURDAY, seconds: 3600 });
    expect([after.allowedDays, after.dayLimits]).toEqual([
      [1, 2, 3, 4, 5, 6],
      [7200, 7200, 7200, 7200, 7200, 3600],
    ]);
    expect(dayLimitOf(after, 6)).toBe(3600);
  });

  test('a limit of 0 keeps the day allowed (with no time)', () => {
    const after = settingsAfter(rulesOf(schoolWeek()), { kind: 'day-limit', date: FRIDAY, seconds: 0 });
    expect(dayLimitOf(after, 5)).toBe(0);
    expect(after.allowedDays).toEqual([1, 2, 3, 4, 5]);
  });

  test('the same limit changes nothing', () => {
    const settings = schoolWeek();
    expect(settingsAfter(rulesOf(settings), { kind: 'day-limit', date: THURSDAY, seconds: 7200 })).toEqual(settings);
  });
});

describe("'day-off': no computer that day", () => {
  test('removes the weekday of its date and its limit; the others keep theirs', () => {
    const settings = { ...schoolWeek(), dayLimits: [100, 200, 300, 400, 500] };
    const after = settingsAfter(rulesOf(settings), { kind: 'day-off', date: THURSDAY });
    expect([after.allowedDays, after.dayLimits]).toEqual([
      [1, 2, 3, 5],
      [100, 200, 300, 500],
    ]);
    expect(after.hours).toEqual(settings.hours);
  });

  test('a day that is not allowed stays so', () => {
    const settings = schoolWeek();
    expect(settingsAfter(rulesOf(settings), { kind: 'day-off', date: SATURDAY })).toEqual(settings);
  });
});

describe("'exception-end': what the exception changed goes back", () => {
  function endOf(before: RuleSettings, during: RuleSettings, weekday: IsoWeekday, now: RuleSettings) {
    return wantedSettings(rulesOf(now), { kind: 'exception-end', weekday, before: slotOf(before, weekday), wrote: slotOf(during, weekday) });
  }

  test.each([
    ['tonight', { kind: 'tonight', date: THURSDAY, toMinute: 1350 }],
    ['a day limit', { kind: 'day-limit', date: THURSDAY, seconds: 10_800 }],
    ['a day limit on a day not allowed', { kind: 'day-limit', date: SATURDAY, seconds: 3600 }],
    ['a day off', { kind: 'day-off', date: THURSDAY }],
  ] as const)('after %s the computer has what it had before', (_name, exception) => {
    const before = schoolWeek();
    const during = settingsAfter(rulesOf(before), exception);
    expect(during).not.toEqual(before);
    expect(endOf(before, during, exceptionDay(exception), during)).toEqual({ ok: true, value: before });
  });

  test('a limit set 3h by the exception, then 4h by a parent, stays 4h', () => {
    const before = schoolWeek();
    const during = settingsAfter(rulesOf(before), { kind: 'day-limit', date: THURSDAY, seconds: 10_800 });
    const now = withDay(during, 4, true, 14_400);
    expect(endOf(before, during, 4, now)).toEqual({ ok: true, value: now });
  });

  test('an evening changed by a parent since stays; a change of another day is kept too', () => {
    const before = schoolWeek();
    const during = settingsAfter(rulesOf(before), { kind: 'tonight', date: THURSDAY, toMinute: 1350 });
    const evening = { ...during, hours: during.hours.map((dayHours, index) => (index === 3 ? hours([480, 1380]) : dayHours)) };
    expect(endOf(before, during, 4, evening)).toEqual({ ok: true, value: evening });
    const otherDay = withDay(during, 1, true, 60);
    expect(endOf(before, during, 4, otherDay)).toEqual({ ok: true, value: withDay(before, 1, true, 60) });
  });
});

describe('stored exceptions and their edits', () => {
  test('an exception, its slots and its edits read back as written', () => {
    const exceptions: RuleException[] = [
      { kind: 'tonight', date: THURSDAY, toMinute: 1350 },
      { kind: 'day-limit', date: SATURDAY, seconds: 3600 },
      { kind: 'day-off', date: FRIDAY },
    ];
    for (const exception of exceptions) {
      expect(parseStoredException(JSON.stringify(exception))).toEqual(exception);
      expect(parseStoredEdit(JSON.stringify(exceptionEdit(exception)))).toEqual(exceptionEdit(exception));
    }
    const slot = slotOf(schoolWeek(), 4);
    expect(parseStoredSlot(JSON.stringify(slot))).toEqual(slot);
    const end = { kind: 'exception-end', weekday: 4, before: slot, wrote: { ...slot, limit: 10_800 } } as const;
    expect(parseStoredEdit(JSON.stringify(end))).toEqual(end);
  });

  test('a damaged one is not trusted', () => {
    expect(parseStoredException('{"kind":"tonight","date":"3 Dec","toMinute":1350}')).toBeUndefined();
    expect(parseStoredException('{"kind":"day-limit","date":"2026-12-03","seconds":90000}')).toBeUndefined();
    expect(parseStoredException('not json')).toBeUndefined();
    expect(parseStoredSlot('{"allowed":true,"limit":-1,"hours":[]}')).toBeUndefined();
    expect(parseStoredEdit('{"kind":"exception-end","weekday":8,"before":{"allowed":true,"limit":0,"hours":[]},"wrote":{"allowed":true,"limit":0,"hours":[]}}')).toBeUndefined();
  });
});
