import { describe, expect, test } from 'vitest';
import { dayLabel, dayWords, isDayEnd, isDayRollover, missedDayOfWeek, monthWords, periodDays } from '../../../src/reports/days.ts';
import { addDays, daysBetween, localDay, mondayOf } from '../../../src/lib/local-days.ts';
import { inTimeZone } from '../../support/time-zone.ts';
import { english, german } from '../../support/words.ts';

// The days are local: in a zone with daylight saving time. In 2026 Berlin goes from 02:00 CET (UTC+1) to 03:00 CEST
// (UTC+2) on Sunday 29 March, and back from 03:00 CEST to 02:00 CET on Sunday 25 October. Node honours a change of
// TZ at run time; other test files may run in this process after this one, so it is put back.
inTimeZone('Europe/Berlin');

const at = (iso: string): number => Date.parse(iso);

test('the process runs in Berlin time, with its daylight saving changes', () => {
  expect(new Date(at('2026-03-29T00:59:00Z')).getHours()).toBe(1);
  expect(new Date(at('2026-03-29T01:00:00Z')).getHours()).toBe(3);
  expect(new Date(at('2026-10-25T00:59:00Z')).getHours()).toBe(2);
  expect(new Date(at('2026-10-25T01:00:00Z')).getHours()).toBe(2);
});

describe('localDay', () => {
  test('changes at local midnight, not at UTC midnight', () => {
    // 23:59 and 00:00 CET.
    expect(localDay(at('2026-03-27T22:59:59Z'))).toBe('2026-03-27');
    expect(localDay(at('2026-03-27T23:00:00Z'))).toBe('2026-03-28');
    expect(localDay(at('2026-03-28T23:30:00Z'))).toBe('2026-03-29');
  });

  test('the 23-hour day of the spring change ends at 22:00 UTC', () => {
    expect(localDay(at('2026-03-28T23:00:00Z'))).toBe('2026-03-29');
    expect(localDay(at('2026-03-29T21:59:59Z'))).toBe('2026-03-29');
    expect(localDay(at('2026-03-29T22:00:00Z'))).toBe('2026-03-30');
  });

  test('the 25-hour day of the autumn change ends at 23:00 UTC', () => {
    expect(localDay(at('2026-10-24T22:00:00Z'))).toBe('2026-10-25');
    expect(localDay(at('2026-10-25T22:59:59Z'))).toBe('2026-10-25');
    expect(localDay(at('2026-10-25T23:00:00Z'))).toBe('2026-10-26');
  });
});

describe('addDays', () => {
  test('counts calendar days across both daylight saving changes', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-03-30', -1)).toBe('2026-03-29');
    expect(addDays('2026-03-30', -2)).toBe('2026-03-28');
    expect(addDays('2026-10-24', 1)).toBe('2026-10-25');
    // 24 hours after the local midnight that starts 25 October is still 25 October (23:00).
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addDays('2026-10-26', -1)).toBe('2026-10-25');
    expect(addDays('2026-10-20', 10)).toBe('2026-10-30');
    expect(addDays('2026-03-25', 7)).toBe('2026-04-01');
  });

  test('crosses months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-06-15', 0)).toBe('2026-06-15');
  });
});

describe('daysBetween', () => {
  test('lists every day once, inclusive, across a daylight saving change', () => {
    expect(daysBetween('2026-03-27', '2026-03-31')).toEqual(['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31']);
    expect(daysBetween('2026-10-23', '2026-10-27')).toEqual(['2026-10-23', '2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27']);
  });

  test('one day, or none when the range is backwards', () => {
    expect(daysBetween('2026-10-25', '2026-10-25')).toEqual(['2026-10-25']);
    expect(daysBetween('2026-10-26', '2026-10-25')).toEqual([]);
  });
});

describe('mondayOf', () => {
  test('the Monday of the ISO week, a Sunday belonging to the week before', () => {
    expect(mondayOf('2026-03-29')).toBe('2026-03-23');
    expect(mondayOf('2026-03-30')).toBe('2026-03-30');
    expect(mondayOf('2026-03-31')).toBe('2026-03-30');
    expect(mondayOf('2026-10-25')).toBe('2026-10-19');
    expect(mondayOf('2026-10-26')).toBe('2026-10-26');
    expect(mondayOf('2027-01-01')).toBe('2026-12-28');
  });
});

describe('periodDays', () => {
  test('a week: Monday to today, the day of the change counted once', () => {
    expect(periodDays('week', '2026-03-29')).toEqual(['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29']);
    expect(periodDays('week', '2026-03-30')).toEqual(['2026-03-30']);
    expect(periodDays('week', '2026-10-27')).toEqual(['2026-10-26', '2026-10-27']);
  });

  test('a month: the 1st to today', () => {
    const october = periodDays('month', '2026-10-27');
    expect(october).toHaveLength(27);
    expect(october[0]).toBe('2026-10-01');
    expect(october.at(-1)).toBe('2026-10-27');
    expect(october.filter((day) => day === '2026-10-25')).toHaveLength(1);
    expect(periodDays('month', '2026-03-01')).toEqual(['2026-03-01']);
    expect(periodDays('month', '2026-03-31')).toHaveLength(31);
  });
});

describe('words', () => {
  test('labels and dates in words', () => {
    expect(dayLabel(english, '2026-03-29', 'week')).toBe('Sun 29');
    expect(dayLabel(english, '2026-03-30', 'week')).toBe('Mon 30');
    expect(dayLabel(english, '2026-03-09', 'month')).toBe('9');
    expect(dayWords(english, '2026-12-01')).toBe('Tue 1 Dec');
    expect(dayWords(english, '2026-10-25')).toBe('Sun 25 Oct');
    expect(monthWords(english, '2026-12-17')).toBe('December 2026');
  });

  test('in German, through Intl: weekday names, the day with its dot, the month', () => {
    expect(dayLabel(german, '2026-03-29', 'week')).toBe('So 29.');
    expect(dayLabel(german, '2026-03-30', 'week')).toBe('Mo 30.');
    expect(dayLabel(german, '2026-03-31', 'week')).toBe('Di 31.');
    expect(dayLabel(german, '2026-03-09', 'month')).toBe('9');
    expect(dayWords(german, '2026-12-01')).toBe('Di., 1. Dez.');
    expect(monthWords(german, '2026-12-17')).toBe('Dezember 2026');
  });
});

describe('isDayEnd and isDayRollover', () => {
  test('the day ends with its last 10 minutes, local time', () => {
    // CET (UTC+1).
    expect(isDayEnd(at('2026-03-27T22:49:59Z'))).toBe(false);
    expect(isDayEnd(at('2026-03-27T22:50:00Z'))).toBe(true);
    expect(isDayEnd(at('2026-03-27T22:59:59Z'))).toBe(true);
    expect(isDayEnd(at('2026-03-27T23:00:00Z'))).toBe(false);
    // The day of the spring change ends in CEST (UTC+2).
    expect(isDayEnd(at('2026-03-29T21:49:00Z'))).toBe(false);
    expect(isDayEnd(at('2026-03-29T21:50:00Z'))).toBe(true);
    // The day of the autumn change ends in CET again.
    expect(isDayEnd(at('2026-10-25T21:55:00Z'))).toBe(false);
    expect(isDayEnd(at('2026-10-25T22:50:00Z'))).toBe(true);
  });

  test('the first two minutes of a day are the rollover, local time', () => {
    expect(isDayRollover(at('2026-03-28T23:00:00Z'))).toBe(true);
    expect(isDayRollover(at('2026-03-28T23:01:59Z'))).toBe(true);
    expect(isDayRollover(at('2026-03-28T23:02:00Z'))).toBe(false);
    expect(isDayRollover(at('2026-03-28T22:59:59Z'))).toBe(false);
    // Midnight after the spring change is 22:00 UTC; 23:00 UTC is 01:00 CEST.
    expect(isDayRollover(at('2026-03-29T22:01:00Z'))).toBe(true);
    expect(isDayRollover(at('2026-03-29T23:01:00Z'))).toBe(false);
    // Midnight after the autumn change is 23:00 UTC.
    expect(isDayRollover(at('2026-10-25T23:01:00Z'))).toBe(true);
    expect(isDayRollover(at('2026-10-25T22:01:00Z'))).toBe(false);
  });
});

describe('missedDayOfWeek', () => {
  const final = (seconds: number) => ({ seconds, complete: true });
  const partial = (seconds: number) => ({ seconds, complete: false });

  test('one earlier day missing, every other earlier day final: the rest of the week total is that day', () => {
    // Thursday 26 March; Monday 23 and Wednesday 25 known, Tuesday 24 missed.
    const known = new Map([
      ['2026-03-23', final(3600)],
      ['2026-03-25', final(1800)],
    ]);
    expect(missedDayOfWeek('2026-03-26', 600, 3600 + 1200 + 1800 + 600, known)).toEqual({ day: '2026-03-24', seconds: 1200 });
  });

  test('works across the spring change: Sunday 29 March with Saturday missed', () => {
    const known = new Map(['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27'].map((day) => [day, final(1000)] as const));
    expect(missedDayOfWeek('2026-03-29', 500, 5000 + 2500 + 500, known)).toEqual({ day: '2026-03-28', seconds: 2500 });
  });

  test('a missed day with no use at all is filled with 0', () => {
    expect(missedDayOfWeek('2026-03-25', 600, 3600 + 600, new Map([['2026-03-23', final(3600)]]))).toEqual({ day: '2026-03-24', seconds: 0 });
  });

  test('two days missing: not exact, nothing', () => {
    expect(missedDayOfWeek('2026-03-26', 600, 9000, new Map([['2026-03-23', final(3600)]]))).toBeUndefined();
  });

  test('a known day that is not final: not exact, nothing', () => {
    const known = new Map([
      ['2026-03-23', final(3600)],
      ['2026-03-25', partial(1800)],
    ]);
    expect(missedDayOfWeek('2026-03-26', 600, 9000, known)).toBeUndefined();
  });

  test('no day missing: nothing', () => {
    const known = new Map([
      ['2026-03-23', final(3600)],
      ['2026-03-24', final(1800)],
    ]);
    expect(missedDayOfWeek('2026-03-25', 600, 6000, known)).toBeUndefined();
  });

  test('a week total smaller than the days known (it lags, or was reset): nothing', () => {
    expect(missedDayOfWeek('2026-03-25', 600, 3600 + 600 - 1, new Map([['2026-03-23', final(3600)]]))).toBeUndefined();
  });

  test('on Monday there is no earlier day: nothing', () => {
    expect(missedDayOfWeek('2026-03-30', 600, 4000, new Map())).toBeUndefined();
  });

  test('days of last week do not count', () => {
    // Tuesday 31 March: only Monday 30 is earlier this week; a known Sunday 29 belongs to last week.
    expect(missedDayOfWeek('2026-03-31', 600, 1000, new Map([['2026-03-29', final(5000)]]))).toEqual({ day: '2026-03-30', seconds: 400 });
  });
});
