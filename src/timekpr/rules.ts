import { err, ok, type Result } from '../lib/result.ts';
import type { AllowedHour } from './parse.ts';
import {
  ACTIVITY_DESCRIPTION_PATTERN,
  ACTIVITY_MASK_PATTERN,
  ANY_HOUR,
  LOCKOUT_TYPES,
  RULE_BOUNDS,
  WEEKDAYS,
  type IsoWeekday,
  type Lockout,
  type PlayTimeActivity,
} from '../lib/rule-vocabulary.ts';

export { ACTIVITY_DESCRIPTION_PATTERN, ACTIVITY_MASK_PATTERN, ANY_HOUR, LOCKOUT_TYPES, RULE_BOUNDS, WEEKDAYS };
export type { IsoWeekday, Lockout, LockoutType, PlayTimeActivity } from '../lib/rule-vocabulary.ts';

/**
 * The house rules of one child on one computer, as Timekpr-nExT keeps them: allowed days, a limit per allowed day,
 * allowed hours per weekday, week and month limits, what happens at zero, and PlayTime. One shape for both backends
 * (timekpra's text and the helper's typed D-Bus answer are read into it); the setters take exactly these fields.
 * Pure types and rules, no I/O.
 */

/**
 * Everything a parent can set, in the daemon's own shape. `dayLimits[i]` is the limit of `allowedDays[i]` (the daemon
 * stores them by position; a missing one counts as 0); `playTimeLimits` likewise for `playTimeDays`. `hours` has the
 * allowed hours of Monday..Sunday (index 0..6), one entry per hour.
 */
export interface RuleSettings {
  readonly allowedDays: readonly IsoWeekday[];
  readonly dayLimits: readonly number[];
  readonly hours: readonly (readonly AllowedHour[])[];
  readonly weekLimit: number;
  readonly monthLimit: number;
  readonly lockout: Lockout;
  readonly playTimeEnabled: boolean;
  /** PlayTime is counted instead of normal time ("override"). */
  readonly playTimeOverride: boolean;
  /** PlayTime activities are allowed in free ("∞") intervals. */
  readonly playTimeInFreeIntervals: boolean;
  readonly playTimeDays: readonly IsoWeekday[];
  readonly playTimeLimits: readonly number[];
  readonly playTimeActivities: readonly PlayTimeActivity[];
}

/** The rules as read, with what changes by the minute beside them. */
export interface Rules {
  readonly login: string;
  readonly settings: RuleSettings;
  /** The computer's own weekday when they were read. */
  readonly weekday: IsoWeekday;
  readonly playTimeLeftToday: number;
  readonly playTimeSpentToday: number;
}

/** The day's allowed hours of `settings`, on weekday `day`. */
export function hoursOf(settings: RuleSettings, day: IsoWeekday): readonly AllowedHour[] {
  return settings.hours[day - 1] ?? [];
}

/** The limit of `day` in seconds; undefined when the day is not allowed at all. */
export function dayLimitOf(settings: Pick<RuleSettings, 'allowedDays' | 'dayLimits'>, day: IsoWeekday): number | undefined {
  const index = settings.allowedDays.indexOf(day);
  return index === -1 ? undefined : (settings.dayLimits[index] ?? 0);
}

/** The PlayTime limit of `day` in seconds; undefined when PlayTime is not allowed that day. */
export function playTimeLimitOf(settings: Pick<RuleSettings, 'playTimeDays' | 'playTimeLimits'>, day: IsoWeekday): number | undefined {
  const index = settings.playTimeDays.indexOf(day);
  return index === -1 ? undefined : (settings.playTimeLimits[index] ?? 0);
}

/** One day's hours, as the daemon's setter takes them. */
export interface DayHours {
  readonly day: IsoWeekday;
  readonly hours: readonly AllowedHour[];
}

/**
 * The fields to write, each only when it differs from what the computer has. `hours` lists only the days that change.
 * The order of the setters matters and is fixed by `RULE_FIELDS`: days before their limits.
 */
export interface RulesPatch {
  readonly allowedDays?: readonly IsoWeekday[];
  readonly dayLimits?: readonly number[];
  readonly hours?: readonly DayHours[];
  readonly weekLimit?: number;
  readonly monthLimit?: number;
  readonly lockout?: Lockout;
  readonly playTimeEnabled?: boolean;
  readonly playTimeOverride?: boolean;
  readonly playTimeInFreeIntervals?: boolean;
  readonly playTimeDays?: readonly IsoWeekday[];
  readonly playTimeLimits?: readonly number[];
  readonly playTimeActivities?: readonly PlayTimeActivity[];
}

/** The patch's fields in the order their setters run. */
export const RULE_FIELDS = [
  'allowedDays',
  'dayLimits',
  'hours',
  'weekLimit',
  'monthLimit',
  'lockout',
  'playTimeEnabled',
  'playTimeOverride',
  'playTimeInFreeIntervals',
  'playTimeDays',
  'playTimeLimits',
  'playTimeActivities',
] as const satisfies readonly (keyof RulesPatch)[];
export type RuleField = (typeof RULE_FIELDS)[number];

/** Whether a patch writes nothing. */
export function isEmptyPatch(patch: RulesPatch): boolean {
  return RULE_FIELDS.every((field) => patch[field] === undefined);
}

/** How many setter calls a patch makes (each shows the child a notification). */
export function setterCount(patch: RulesPatch): number {
  return RULE_FIELDS.reduce((count, field) => {
    const value = patch[field];
    if (value === undefined) return count;
    return count + (field === 'hours' ? (value as readonly DayHours[]).length : 1);
  }, 0);
}

/**
 * What must be written for a computer with `current` to have `wanted`: only the fields that differ, and of the hours
 * only the days that differ. Limits are compared as the daemon reads them (by day), so a list that only grows a
 * trailing missing value is not rewritten; when the days change, the limits are rewritten for the new days. Pure.
 */
export function diffSettings(current: RuleSettings, wanted: RuleSettings): RulesPatch {
  const patch: { -readonly [K in keyof RulesPatch]: RulesPatch[K] } = {};
  const daysChange = !sameList(current.allowedDays, wanted.allowedDays);
  if (daysChange) patch.allowedDays = wanted.allowedDays;
  if (daysChange || !sameLimits(current, wanted, 'allowedDays', 'dayLimits')) patch.dayLimits = limitsFor(wanted.allowedDays, wanted.dayLimits);
  const hours = WEEKDAYS.filter((day) => !sameHours(hoursOf(current, day), hoursOf(wanted, day))).map((day) => ({ day, hours: hoursOf(wanted, day) }));
  if (hours.length > 0) patch.hours = hours;
  if (current.weekLimit !== wanted.weekLimit) patch.weekLimit = wanted.weekLimit;
  if (current.monthLimit !== wanted.monthLimit) patch.monthLimit = wanted.monthLimit;
  if (!sameLockout(current.lockout, wanted.lockout)) patch.lockout = wanted.lockout;
  if (current.playTimeEnabled !== wanted.playTimeEnabled) patch.playTimeEnabled = wanted.playTimeEnabled;
  if (current.playTimeOverride !== wanted.playTimeOverride) patch.playTimeOverride = wanted.playTimeOverride;
  if (current.playTimeInFreeIntervals !== wanted.playTimeInFreeIntervals) patch.playTimeInFreeIntervals = wanted.playTimeInFreeIntervals;
  const playDaysChange = !sameList(current.playTimeDays, wanted.playTimeDays);
  if (playDaysChange) patch.playTimeDays = wanted.playTimeDays;
  if (playDaysChange || !sameLimits(current, wanted, 'playTimeDays', 'playTimeLimits')) {
    patch.playTimeLimits = limitsFor(wanted.playTimeDays, wanted.playTimeLimits);
  }
  if (!sameActivities(current.playTimeActivities, wanted.playTimeActivities)) patch.playTimeActivities = wanted.playTimeActivities;
  return patch;
}

/** `settings` with `patch` written over it: what the computer has after the setters ran. Pure. */
export function withPatch(settings: RuleSettings, patch: RulesPatch): RuleSettings {
  const hours = settings.hours.map((dayHours, index) => patch.hours?.find((entry) => entry.day === index + 1)?.hours ?? dayHours);
  return {
    allowedDays: patch.allowedDays ?? settings.allowedDays,
    dayLimits: patch.dayLimits ?? settings.dayLimits,
    hours,
    weekLimit: patch.weekLimit ?? settings.weekLimit,
    monthLimit: patch.monthLimit ?? settings.monthLimit,
    lockout: patch.lockout ?? settings.lockout,
    playTimeEnabled: patch.playTimeEnabled ?? settings.playTimeEnabled,
    playTimeOverride: patch.playTimeOverride ?? settings.playTimeOverride,
    playTimeInFreeIntervals: patch.playTimeInFreeIntervals ?? settings.playTimeInFreeIntervals,
    playTimeDays: patch.playTimeDays ?? settings.playTimeDays,
    playTimeLimits: patch.playTimeLimits ?? settings.playTimeLimits,
    playTimeActivities: patch.playTimeActivities ?? settings.playTimeActivities,
  };
}

/**
 * The values `patch` replaces, as they are in `before`: the patch that undoes it. Limits are given for the days as
 * they were, so undoing a change of days restores both. Pure.
 */
export function inversePatch(before: RuleSettings, patch: RulesPatch): RulesPatch {
  const inverse: { -readonly [K in keyof RulesPatch]: RulesPatch[K] } = {};
  if (patch.allowedDays !== undefined) inverse.allowedDays = before.allowedDays;
  if (patch.dayLimits !== undefined || patch.allowedDays !== undefined) inverse.dayLimits = limitsFor(before.allowedDays, before.dayLimits);
  if (patch.hours !== undefined) inverse.hours = patch.hours.map(({ day }) => ({ day, hours: hoursOf(before, day) }));
  if (patch.weekLimit !== undefined) inverse.weekLimit = before.weekLimit;
  if (patch.monthLimit !== undefined) inverse.monthLimit = before.monthLimit;
  if (patch.lockout !== undefined) inverse.lockout = before.lockout;
  if (patch.playTimeEnabled !== undefined) inverse.playTimeEnabled = before.playTimeEnabled;
  if (patch.playTimeOverride !== undefined) inverse.playTimeOverride = before.playTimeOverride;
  if (patch.playTimeInFreeIntervals !== undefined) inverse.playTimeInFreeIntervals = before.playTimeInFreeIntervals;
  if (patch.playTimeDays !== undefined) inverse.playTimeDays = before.playTimeDays;
  if (patch.playTimeLimits !== undefined || patch.playTimeDays !== undefined) inverse.playTimeLimits = limitsFor(before.playTimeDays, before.playTimeLimits);
  if (patch.playTimeActivities !== undefined) inverse.playTimeActivities = before.playTimeActivities;
  return inverse;
}

/** One limit for each of `days` (a missing one is 0, as the daemon reads it). */
function limitsFor(days: readonly IsoWeekday[], limits: readonly number[]): number[] {
  return days.map((_, index) => limits[index] ?? 0);
}

function sameLimits<D extends 'allowedDays' | 'playTimeDays', L extends 'dayLimits' | 'playTimeLimits'>(
  current: RuleSettings,
  wanted: RuleSettings,
  daysField: D,
  limitsField: L,
): boolean {
  const days = wanted[daysField];
  return sameList(limitsFor(days, current[limitsField]), limitsFor(days, wanted[limitsField]));
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

export function sameHours(a: readonly AllowedHour[], b: readonly AllowedHour[]): boolean {
  return (
    a.length === b.length &&
    a.every((hour, index) => {
      const other = b[index];
      return other !== undefined && hour.hour === other.hour && hour.fromMinute === other.fromMinute && hour.toMinute === other.toMinute && hour.accounted === other.accounted;
    })
  );
}

export function sameLockout(a: Lockout, b: Lockout): boolean {
  if (a.type !== b.type) return false;
  if (a.type !== 'suspendwake') return true;
  const wakeA = a.wake ?? ANY_HOUR;
  const wakeB = b.wake ?? ANY_HOUR;
  return wakeA.fromHour === wakeB.fromHour && wakeA.toHour === wakeB.toHour;
}

export function sameActivities(a: readonly PlayTimeActivity[], b: readonly PlayTimeActivity[]): boolean {
  return a.length === b.length && a.every((activity, index) => activity.mask === b[index]?.mask && activity.description === b[index]?.description);
}

/**
 * Checks a patch against the bounds both backends enforce, before anything is sent: the bot's own guard (the helper
 * checks the same again on its side, timekpra's daemon would clamp silently). Returns why not, naming the field. Pure.
 */
export function checkPatch(patch: RulesPatch): Result<void, string> {
  if (isEmptyPatch(patch)) return err('nothing to write');
  const problems = [
    patch.allowedDays === undefined ? undefined : checkDays('allowedDays', patch.allowedDays),
    patch.dayLimits === undefined ? undefined : checkLimits('dayLimits', patch.dayLimits),
    patch.hours === undefined ? undefined : checkHours(patch.hours),
    patch.weekLimit === undefined ? undefined : checkSeconds('weekLimit', patch.weekLimit, RULE_BOUNDS.weekSeconds),
    patch.monthLimit === undefined ? undefined : checkSeconds('monthLimit', patch.monthLimit, RULE_BOUNDS.monthSeconds),
    patch.lockout === undefined ? undefined : checkLockout(patch.lockout),
    patch.playTimeDays === undefined ? undefined : checkDays('playTimeDays', patch.playTimeDays),
    patch.playTimeLimits === undefined ? undefined : checkLimits('playTimeLimits', patch.playTimeLimits),
    patch.playTimeActivities === undefined ? undefined : checkActivities(patch.playTimeActivities),
  ];
  const problem = problems.find((found) => found !== undefined);
  return problem === undefined ? ok(undefined) : err(problem);
}

function isWholeIn(value: number, low: number, high: number): boolean {
  return Number.isSafeInteger(value) && value >= low && value <= high;
}

function checkDays(field: string, days: readonly number[]): string | undefined {
  const ascending = days.every((day, index) => index === 0 || day > (days[index - 1] ?? 0));
  return days.every((day) => isWholeIn(day, 1, 7)) && ascending ? undefined : `${field}: weekdays 1-7, ascending, each once`;
}

function checkLimits(field: string, limits: readonly number[]): string | undefined {
  return limits.length <= 7 && limits.every((limit) => isWholeIn(limit, 0, RULE_BOUNDS.daySeconds)) ? undefined : `${field}: at most 7 limits of 0-86400 s`;
}

function checkSeconds(field: string, value: number, high: number): string | undefined {
  return isWholeIn(value, 0, high) ? undefined : `${field}: 0-${high} s`;
}

function checkHours(days: readonly DayHours[]): string | undefined {
  const distinct = new Set(days.map(({ day }) => day)).size === days.length;
  if (days.length === 0 || days.length > 7 || !distinct) return 'hours: 1-7 distinct days';
  for (const { day, hours } of days) {
    if (!isWholeIn(day, 1, 7) || hours.length === 0 || hours.length > 24) return `hours: day ${day} needs 1-24 hours`;
    for (const [index, hour] of hours.entries()) {
      const previous = hours[index - 1];
      const valid =
        isWholeIn(hour.hour, 0, 23) &&
        isWholeIn(hour.fromMinute, 0, 59) &&
        isWholeIn(hour.toMinute, 1, 60) &&
        hour.fromMinute < hour.toMinute &&
        (previous === undefined || hour.hour > previous.hour);
      if (!valid) return `hours: day ${day}, hour ${hour.hour} is not valid`;
    }
  }
  return undefined;
}

function checkLockout(lockout: Lockout): string | undefined {
  if (!LOCKOUT_TYPES.includes(lockout.type)) return 'lockout: unknown type';
  if (lockout.wake === undefined) return undefined;
  const { fromHour, toHour } = lockout.wake;
  if (lockout.type !== 'suspendwake') return 'lockout: wake hours only with suspendwake';
  return isWholeIn(fromHour, 0, 23) && isWholeIn(toHour, 0, 23) && fromHour <= toHour ? undefined : 'lockout: wake hours 0-23, from before to';
}

function checkActivities(activities: readonly PlayTimeActivity[]): string | undefined {
  if (activities.length > RULE_BOUNDS.maxActivities) return `playTimeActivities: at most ${RULE_BOUNDS.maxActivities}`;
  const valid = activities.every(({ mask, description }) => ACTIVITY_MASK_PATTERN.test(mask) && ACTIVITY_DESCRIPTION_PATTERN.test(description));
  return valid ? undefined : 'playTimeActivities: a mask or description with characters that are not allowed';
}
