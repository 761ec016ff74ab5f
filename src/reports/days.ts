import { intlLocale, weekdayShort } from '../i18n/format.ts';
import type { Words } from '../i18n/words.ts';
import { addDays, daysBetween, mondayOf, noonOf } from '../lib/local-days.ts';

/** The days of reports: their periods, labels and the day's last minutes (calendar days: lib/local-days.ts). */

export type ReportPeriod = 'week' | 'month';

/** The days a report covers: this week (Monday to today) or this month (the 1st to today). */
export function periodDays(period: ReportPeriod, today: string): string[] {
  return daysBetween(period === 'week' ? mondayOf(today) : `${today.slice(0, 8)}01`, today);
}

/** `Mon 17` / `Mo 17.` (in a week) or `17` (in a month): a day's label under its bar. */
export function dayLabel(words: Words, day: string, period: ReportPeriod): string {
  const noon = noonOf(day);
  return period === 'week' ? words.t('report-day-label', { weekday: weekdayShort(words, noon), day: noon.getDate() }) : String(noon.getDate());
}

/** `Tue 1 Dec` / `Di., 1. Dez.`: a day in words. */
export function dayWords(words: Words, day: string): string {
  return noonOf(day).toLocaleDateString(intlLocale(words), { weekday: 'short', day: 'numeric', month: 'short' });
}

/** `December 2026` / `Dezember 2026`. */
export function monthWords(words: Words, day: string): string {
  return noonOf(day).toLocaleDateString(intlLocale(words), { month: 'long', year: 'numeric' });
}

const minutesIntoDay = (at: number): number => {
  const time = new Date(at);
  return time.getHours() * 60 + time.getMinutes();
};

/** A reading from the day's last 10 minutes is the day's final figure. */
export function isDayEnd(at: number): boolean {
  return minutesIntoDay(at) >= 23 * 60 + 50;
}

/**
 * In the first two minutes of a day the daemon may still report the day before (it rolls its counters over at its
 * next poll): such a reading would count yesterday's time again today, so it is not recorded.
 */
export function isDayRollover(at: number): boolean {
  return minutesIntoDay(at) < 2;
}

/**
 * A day of this week the bot never read, worked out from the week's total (Timekpr-nExT's TIME_SPENT_WEEK), when
 * that is exact: only one earlier day of this week is unknown and every other earlier day has its final figure.
 * `known`: the earlier days of this week that have a reading, and whether it is final. Pure.
 */
export function missedDayOfWeek(
  today: string,
  todaySeconds: number,
  weekSeconds: number,
  known: ReadonlyMap<string, { readonly seconds: number; readonly complete: boolean }>,
): { readonly day: string; readonly seconds: number } | undefined {
  const earlier = daysBetween(mondayOf(today), addDays(today, -1));
  const missing = earlier.filter((day) => !known.has(day));
  if (missing.length !== 1 || earlier.some((day) => known.has(day) && known.get(day)?.complete !== true)) return undefined;
  const seconds = weekSeconds - todaySeconds - earlier.reduce((sum, day) => sum + (known.get(day)?.seconds ?? 0), 0);
  const day = missing[0];
  return day === undefined || seconds < 0 ? undefined : { day, seconds };
}
