import { RULE_BOUNDS, type Interval, type IsoWeekday, type Lockout, type LockoutType, type RuleDifference } from '../lib/rule-vocabulary.ts';
import { assertNever } from '../lib/result.ts';
import { duration, namesList } from './format.ts';
import { msg, type Words } from './words.ts';

/**
 * House rules in words, for the chat and for `check`: weekdays, times of day, limits, spans of a day, what happens at
 * zero, and where a computer differs from a profile. Plain text.
 */

const DAY_KEYS: Readonly<Record<IsoWeekday, string>> = {
  1: msg('rules-day-1'),
  2: msg('rules-day-2'),
  3: msg('rules-day-3'),
  4: msg('rules-day-4'),
  5: msg('rules-day-5'),
  6: msg('rules-day-6'),
  7: msg('rules-day-7'),
};

const LOCKOUT_KEYS: Readonly<Record<LockoutType, string>> = {
  lock: msg('rules-lockout-lock'),
  suspend: msg('rules-lockout-suspend'),
  suspendwake: msg('rules-lockout-suspendwake'),
  terminate: msg('rules-lockout-terminate'),
  shutdown: msg('rules-lockout-shutdown'),
};

/** The short name of a weekday: `Mon` / `Mo`. */
export function dayName(words: Words, day: IsoWeekday): string {
  return words.t(DAY_KEYS[day]);
}

/** `7:00`, `20:30`, `24:00`. */
export function clock(minuteOfDay: number): string {
  return `${Math.floor(minuteOfDay / 60)}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

/** A limit: `2h 00m`, or "no limit" for a whole day. */
export function limitText(words: Words, seconds: number | undefined, whole: number): string {
  if (seconds === undefined) return '–';
  return seconds >= whole ? words.t('rules-no-limit') : duration(words, seconds);
}

export function intervalsText(words: Words, intervals: readonly Interval[]): string {
  if (intervals.length === 1 && intervals[0]?.fromMinute === 0 && intervals[0].toMinute === 1440 && !intervals[0].free) return words.t('rules-all-day');
  return intervals.map((interval) => `${clock(interval.fromMinute)}–${clock(interval.toMinute)}${interval.free ? ` ${words.t('rules-free-mark')}` : ''}`).join(', ');
}

/** What happens at zero: `lock the screen`, `suspend, may wake 7–18 h`. Plain text. */
export function lockoutText(words: Words, lockout: Lockout): string {
  return lockout.type === 'suspendwake' && lockout.wake !== undefined
    ? words.t('rules-lockout-suspendwake-hours', { from: String(lockout.wake.fromHour), to: String(lockout.wake.toHour) })
    : words.t(LOCKOUT_KEYS[lockout.type]);
}

/** A limit of a day, or "not allowed". Plain text. */
function dayValue(words: Words, seconds: number | undefined): string {
  return seconds === undefined ? words.t('profile-value-not-allowed') : limitText(words, seconds, RULE_BOUNDS.daySeconds);
}

function periodValue(words: Words, seconds: number | undefined): string {
  return seconds === undefined ? words.t('profile-value-off') : duration(words, seconds);
}

/** One side of a difference (the computer's value, or the profile's), with what it is about. Plain text. */
function differenceSide(words: Words, difference: RuleDifference, side: 'actual' | 'profile'): string {
  switch (difference.kind) {
    case 'day':
      return words.t('profile-diff-day', { day: dayName(words, difference.day), value: dayValue(words, difference[side]) });
    case 'hours':
      return words.t('profile-diff-hours', { day: dayName(words, difference.day), value: intervalsText(words, difference[side]) });
    case 'week-limit':
      return words.t('profile-diff-week', { value: periodValue(words, difference[side]) });
    case 'month-limit':
      return words.t('profile-diff-month', { value: periodValue(words, difference[side]) });
    case 'lockout':
      return words.t('profile-diff-lockout', { value: lockoutText(words, difference[side]) });
    case 'playtime':
      return words.t('profile-diff-playtime', { value: words.t(difference[side] ? msg('profile-value-on') : msg('profile-value-off')) });
    case 'playtime-limit':
      return words.t('profile-diff-playtime-limit', { day: dayName(words, difference.day), value: dayValue(words, difference[side]) });
    case 'playtime-activities': {
      const games = difference[side].map((activity) => activity.description);
      return words.t('profile-diff-games', { value: games.length === 0 ? words.t('profile-value-none') : namesList(words, games) });
    }
    default:
      return assertNever(difference);
  }
}

/** `Sat 3h 00m (profile: 2h 00m)`, joined by `; `. Plain text. */
export function differencesText(words: Words, differences: readonly RuleDifference[]): string {
  return differences.map((difference) => words.t('profile-difference', { actual: differenceSide(words, difference, 'actual'), profile: profileSide(words, difference) })).join('; ');
}

/** The profile's side without repeating what it is about where that is the same (`2h 00m`, not `Sat 2h 00m`). */
function profileSide(words: Words, difference: RuleDifference): string {
  switch (difference.kind) {
    case 'day':
    case 'playtime-limit':
      return dayValue(words, difference.profile);
    case 'hours':
      return intervalsText(words, difference.profile);
    default:
      return differenceSide(words, difference, 'profile');
  }
}

/** What the bot changed itself after the switch: `Sat 3h 00m`. Plain text. */
export function changedText(words: Words, differences: readonly RuleDifference[]): string {
  return differences.map((difference) => differenceSide(words, difference, 'actual')).join('; ');
}

