import type { Words } from './words.ts';

/**
 * Durations, signed minutes, lists and dates in the reader's language. The unit words come from the locale files;
 * dates, weekdays and lists from Intl.
 */

/** `1h 05m`, `45m`, `0m` (German `1 Std. 05 Min.`): seconds rounded down to whole minutes; negative counts as zero. */
export function duration(words: Words, seconds: number): string {
  const totalMinutes = Math.floor(Math.max(0, seconds) / 60);
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  return hours > 0 ? words.t('duration-hours-minutes', { hours, minutes: String(minutes).padStart(2, '0') }) : words.t('duration-minutes', { minutes });
}

/** `+15 min` / `−15 min`: an amount of time given or taken (`+1440 min`, never grouped as `+1,440`). */
export function signedMinutes(words: Words, minutes: number): string {
  return words.t('minutes-signed', { sign: minutes < 0 ? '−' : '+', minutes: String(Math.abs(minutes)) });
}

/** `Mia and Leo`, `Mia, Leo and Ben` (German `Mia und Leo`). */
export function namesList(words: Words, names: readonly string[]): string {
  return new Intl.ListFormat(intlLocale(words), { type: 'conjunction' }).format(names);
}

/** `Tue` / `Di.`: the short weekday of a moment, in the local time zone. */
export function weekdayShort(words: Words, at: Date): string {
  return at.toLocaleDateString(intlLocale(words), { weekday: 'short' });
}

/** `3 Nov` / `3. Nov.`: day and short month of a moment, in the local time zone. */
export function dayAndMonth(words: Words, at: Date): string {
  return at.toLocaleDateString(intlLocale(words), { day: 'numeric', month: 'short' });
}

/** `18:40`: the local time of day, the same in every language the bot speaks. */
export function timeOfDay(at: Date): string {
  return at.toTimeString().slice(0, 5);
}

/** British English for `en` (day before month, 24-hour clock, as the bot has always written); the language otherwise. */
export function intlLocale(words: Words): string {
  return words.language === 'en' ? 'en-GB' : words.language;
}
