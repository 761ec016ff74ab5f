import { dayOf } from '../alerts/thresholds.ts';

/**
 * Local calendar days for reports, as YYYY-MM-DD. Days are counted on the calendar (year, month, day), never by
 * adding 24 hours, so a day of 23 or 25 hours (daylight saving changes) is still one day. All pure, in the process's
 * time zone (the bot's `TZ`, which should be the computers' zone).
 */

export type ReportPeriod = 'week' | 'month';

/** The local day of a moment. */
export function localDay(at: number): string {
  return dayOf(new Date(at));
}

/** The moment of a local wall time on a day (minutes after midnight; a time a DST change skips moves on). */
export function localTimeOf(day: string, minuteOfDay: number): number {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1, Math.floor(minuteOfDay / 60), minuteOfDay % 60).getTime();
}

/** The local noon of a day: a moment safely inside it, whatever its length. */
function noonOf(day: string): Date {
  return new Date(localTimeOf(day, 12 * 60));
}

/** The day `count` days after `day` (before, when negative). */
export function addDays(day: string, count: number): string {
  const noon = noonOf(day);
  return dayOf(new Date(noon.getFullYear(), noon.getMonth(), noon.getDate() + count, 12));
}

/** The Monday of the ISO week of `day` (Timekpr-nExT's week starts on Monday too). */
export function mondayOf(day: string): string {
  const weekday = (noonOf(day).getDay() + 6) % 7;
  return addDays(day, -weekday);
}

/** Every day from `from` to `to`, inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The days a report covers: this week (Monday to today) or this month (the 1st to today). */
export function periodDays(period: ReportPeriod, today: string): string[] {
  return daysBetween(period === 'week' ? mondayOf(today) : `${today.slice(0, 8)}01`, today);
}

/** `Mon 17` (in a week) or `17` (in a month): a day's label under its bar. */
export function dayLabel(day: string, period: ReportPeriod): string {
  const noon = noonOf(day);
  return period === 'week' ? `${noon.toLocaleDateString('en-GB', { weekday: 'short' })} ${noon.getDate()}` : String(noon.getDate());
}

/** `Tue 1 Dec`: a day in words. */
export function dayWords(day: string): string {
  return noonOf(day).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short' });
}

/** `December 2026`. */
export function monthWords(day: string): string {
  return noonOf(day).toLocaleDateString('en-GB', { month: 'long', year: 'numeric' });
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
