/**
 * Local calendar days, as YYYY-MM-DD: the one place the bot turns moments into days and back. Days are counted on the
 * calendar (year, month, day), never by adding 24 hours, so a day of 23 or 25 hours (daylight saving changes) is still
 * one day. All pure, in the process's time zone (the bot's `TZ`, which should be the computers' zone).
 */

/** The local calendar day of a moment (ms since the epoch). */
export function localDay(at: number): string {
  const time = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}`;
}

/** The moment of a local wall time on a day (minutes after midnight; a time a DST change skips moves on). */
export function localTimeOf(day: string, minuteOfDay: number): number {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1, Math.floor(minuteOfDay / 60), minuteOfDay % 60).getTime();
}

/** The local noon of a day: a moment safely inside it, whatever its length. */
export function noonOf(day: string): Date {
  return new Date(localTimeOf(day, 12 * 60));
}

/** The day `count` days after `day` (before, when negative). */
export function addDays(day: string, count: number): string {
  const noon = noonOf(day);
  return localDay(new Date(noon.getFullYear(), noon.getMonth(), noon.getDate() + count, 12).getTime());
}

/** The ISO weekday of `day`: Monday 1 … Sunday 7 (as Timekpr-nExT numbers them). */
export function isoWeekdayOf(day: string): 1 | 2 | 3 | 4 | 5 | 6 | 7 {
  return (((noonOf(day).getDay() + 6) % 7) + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7;
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
