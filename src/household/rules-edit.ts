import { err, ok, type Result } from '../lib/result.ts';
import type { DayIntervals, DayLimit, Interval, IsoWeekday } from '../lib/rule-vocabulary.ts';
import type { AllowedHour } from '../timekpr/parse.ts';
import { isoWeekdayOf } from '../lib/local-days.ts';
import { restoredSettings, withDay, withDayHours, type DaySlot } from './day-slot.ts';
import {
  dayLimitOf,
  hoursOf,
  RULE_BOUNDS,
  withPatch,
  type Lockout,
  type PlayTimeActivity,
  type Rules,
  type RuleSettings,
  type RulesPatch,
} from '../timekpr/rules.ts';

export type { DayIntervals, DayLimit, DaySelection, Interval } from '../lib/rule-vocabulary.ts';

/**
 * What a parent asks of a child's house rules, before it meets a computer: the same edit is applied to each computer's
 * own rules (read first), so it means the same everywhere even where they differ. Pure.
 */

export type RulesEdit =
  /** Limits per day, applied in order (`weekdays 1h30 weekend 3h`). */
  | { readonly kind: 'limit'; readonly limits: readonly DayLimit[] }
  /** Today's limit (the computer's own weekday) up or down, by a button. */
  | { readonly kind: 'limit-step'; readonly deltaSeconds: number }
  | { readonly kind: 'week-limit'; readonly seconds: number | 'off' }
  | { readonly kind: 'month-limit'; readonly seconds: number | 'off' }
  | { readonly kind: 'hours'; readonly groups: readonly DayIntervals[] }
  | { readonly kind: 'days'; readonly days: readonly IsoWeekday[] }
  | { readonly kind: 'playtime'; readonly enabled: boolean }
  | { readonly kind: 'playtime-limit'; readonly limits: readonly DayLimit[] }
  | { readonly kind: 'playtime-activities'; readonly activities: readonly PlayTimeActivity[] }
  | { readonly kind: 'lockout'; readonly lockout: Lockout }
  /** Exactly these values back (an Undo). */
  | { readonly kind: 'restore'; readonly patch: RulesPatch }
  /** A profile's rules, in order (a switch, or `[Apply]` where a computer differs). */
  | { readonly kind: 'profile'; readonly profileId: string; readonly edits: readonly RulesEdit[] }
  /** One day's rules changed until the day ends (`/tonight`, `/today`, `/tomorrow`). */
  | { readonly kind: 'exception'; readonly exception: RuleException }
  /** An exception's end: the parts it changed back to what they were, unless changed again since. */
  | { readonly kind: 'exception-end'; readonly weekday: IsoWeekday; readonly before: DaySlot; readonly wrote: DaySlot };

/**
 * An exception to the house rules that ends by itself, at the end of the day it is about: `date` is that local day
 * (YYYY-MM-DD), fixed when it is asked, so one kept for a computer that is off still means that day.
 */
export type RuleException =
  /** The day's allowed hours extended to this minute of it (`/tonight mia 22:30`). */
  | { readonly kind: 'tonight'; readonly date: string; readonly toMinute: number }
  /** The day's limit (`/today mia 3h`, `/tomorrow mia 1h`); a day that is not allowed is allowed for it. */
  | { readonly kind: 'day-limit'; readonly date: string; readonly seconds: number }
  /** The day's limit raised by `seconds` (`📅 +1h today` under /rules); a day that is not allowed gets just that. */
  | { readonly kind: 'day-extra'; readonly date: string; readonly seconds: number }
  /** No computer that day (`/tomorrow mia off`). */
  | { readonly kind: 'day-off'; readonly date: string };

/** Why an edit cannot be applied to a computer's rules as they are. */
export type EditProblem =
  /** A limit for days that are not allowed there: allow them first (/days). */
  | { readonly kind: 'days-not-allowed'; readonly days: readonly IsoWeekday[] }
  /** A PlayTime limit for days PlayTime is not allowed on there. */
  | { readonly kind: 'playtime-days-not-allowed'; readonly days: readonly IsoWeekday[] }
  /** Today is not an allowed day there, so it has no limit to move. */
  | { readonly kind: 'today-not-allowed' }
  /** Two intervals share an hour in a way Timekpr-nExT cannot keep (it has one span per hour). */
  | { readonly kind: 'intervals-share-hour'; readonly hour: number };

const EDIT_PROBLEM_KINDS: ReadonlySet<string> = new Set<EditProblem['kind']>(['days-not-allowed', 'playtime-days-not-allowed', 'today-not-allowed', 'intervals-share-hour']);

/** Whether a problem is an edit's that does not fit a computer (as opposed to the computer not being read). Pure. */
export function isEditProblem<T extends { readonly kind: string }>(problem: T | EditProblem): problem is EditProblem {
  return EDIT_PROBLEM_KINDS.has(problem.kind);
}

/** Week and month limits "off" are the daemon's maximum: a whole week, 31 days. */
const NO_WEEK_LIMIT = RULE_BOUNDS.weekSeconds;
const NO_MONTH_LIMIT = RULE_BOUNDS.monthSeconds;

/**
 * The settings a computer should have after `edit`, from what it has now. A day that becomes allowed gets the
 * largest limit of the days allowed before (a whole day when none was), so allowing Saturday never means "0 minutes".
 */
export function wantedSettings(rules: Rules, edit: RulesEdit): Result<RuleSettings, EditProblem> {
  const current = rules.settings;
  switch (edit.kind) {
    case 'limit': {
      const limits = limitsAfter(current.allowedDays, current.dayLimits, edit.limits);
      return limits.ok ? ok({ ...current, dayLimits: limits.value }) : err({ kind: 'days-not-allowed', days: limits.error });
    }
    case 'limit-step': {
      const today = dayLimitOf(current, rules.weekday);
      if (today === undefined) return err({ kind: 'today-not-allowed' });
      const seconds = Math.min(RULE_BOUNDS.daySeconds, Math.max(0, today + edit.deltaSeconds));
      return wantedSettings(rules, { kind: 'limit', limits: [{ days: { kind: 'days', days: [rules.weekday] }, seconds }] });
    }
    case 'week-limit':
      return ok({ ...current, weekLimit: edit.seconds === 'off' ? NO_WEEK_LIMIT : edit.seconds });
    case 'month-limit':
      return ok({ ...current, monthLimit: edit.seconds === 'off' ? NO_MONTH_LIMIT : edit.seconds });
    case 'hours': {
      const hours = current.hours.map((dayHours) => [...dayHours]);
      for (const group of edit.groups) {
        const groupHours = hoursFromIntervals(group.intervals);
        if (!groupHours.ok) return groupHours;
        for (const day of group.days) hours[day - 1] = groupHours.value;
      }
      return ok({ ...current, hours });
    }
    case 'days': {
      const days = [...new Set(edit.days)].sort((a, b) => a - b);
      const fallback = Math.max(0, ...current.allowedDays.map((day) => dayLimitOf(current, day) ?? 0)) || RULE_BOUNDS.daySeconds;
      return ok({ ...current, allowedDays: days, dayLimits: days.map((day) => dayLimitOf(current, day) ?? fallback) });
    }
    case 'playtime':
      return ok({ ...current, playTimeEnabled: edit.enabled });
    case 'playtime-limit': {
      const limits = limitsAfter(current.playTimeDays, current.playTimeLimits, edit.limits);
      return limits.ok ? ok({ ...current, playTimeLimits: limits.value }) : err({ kind: 'playtime-days-not-allowed', days: limits.error });
    }
    case 'playtime-activities':
      return ok({ ...current, playTimeActivities: edit.activities });
    case 'lockout':
      return ok({ ...current, lockout: edit.lockout });
    case 'restore':
      return ok(withPatch(current, edit.patch));
    case 'profile': {
      let settings = current;
      for (const part of edit.edits) {
        const next = wantedSettings({ ...rules, settings }, part);
        if (!next.ok) return next;
        settings = next.value;
      }
      return ok(settings);
    }
    case 'exception':
      return exceptionSettings(rules, edit.exception);
    case 'exception-end':
      return ok(restoredSettings(current, edit.weekday, edit.before, edit.wrote).settings);
  }
}

/** The weekday of the day an exception is about. Pure. */
export function exceptionDay(exception: RuleException): IsoWeekday {
  return isoWeekdayOf(exception.date);
}

function exceptionSettings(rules: Rules, exception: RuleException): Result<RuleSettings, EditProblem> {
  const current = rules.settings;
  const day = exceptionDay(exception);
  switch (exception.kind) {
    case 'tonight': {
      if (dayLimitOf(current, day) === undefined) return err({ kind: 'today-not-allowed' });
      const intervals = intervalsFromHours(hoursOf(current, day));
      const end = Math.max(0, ...intervals.map((interval) => interval.toMinute));
      if (end >= exception.toMinute) return ok(current);
      const hours = hoursFromIntervals([...intervals, { fromMinute: end, toMinute: exception.toMinute, free: false }]);
      return hours.ok ? ok(withDayHours(current, day, hours.value)) : hours;
    }
    case 'day-limit':
      return ok(withDay(current, day, true, exception.seconds));
    case 'day-extra':
      return ok(withDay(current, day, true, Math.min(RULE_BOUNDS.daySeconds, (dayLimitOf(current, day) ?? 0) + exception.seconds)));
    case 'day-off':
      return ok(withDay(current, day, false, 0));
  }
}

/** The limits of `days` (positional, as the daemon keeps them) after `changes`; or the days named that are not among them. */
function limitsAfter(days: readonly IsoWeekday[], limits: readonly number[], changes: readonly DayLimit[]): Result<number[], IsoWeekday[]> {
  const after = days.map((_, index) => limits[index] ?? 0);
  for (const change of changes) {
    const named = change.days.kind === 'allowed' ? days : change.days.days;
    const missing = named.filter((day) => !days.includes(day));
    if (missing.length > 0) return err(missing);
    for (const day of named) after[days.indexOf(day)] = change.seconds;
  }
  return ok(after);
}

/**
 * Intervals as the daemon keeps them: one entry per hour with its minutes. Adjacent intervals of the same kind that
 * meet inside an hour become one entry; two different spans in one hour cannot be kept. Pure.
 */
export function hoursFromIntervals(intervals: readonly Interval[]): Result<AllowedHour[], EditProblem> {
  const byHour = new Map<number, AllowedHour>();
  const sorted = withFreeCarvedOut(intervals).sort((a, b) => a.fromMinute - b.fromMinute);
  for (const interval of sorted) {
    for (let hour = Math.floor(interval.fromMinute / 60); hour * 60 < interval.toMinute; hour += 1) {
      const fromMinute = Math.max(interval.fromMinute, hour * 60) - hour * 60;
      const toMinute = Math.min(interval.toMinute, hour * 60 + 60) - hour * 60;
      const accounted = !interval.free;
      const existing = byHour.get(hour);
      if (existing === undefined) {
        byHour.set(hour, { hour, fromMinute, toMinute, accounted });
      } else if (existing.toMinute === fromMinute && existing.accounted === accounted) {
        byHour.set(hour, { ...existing, toMinute });
      } else {
        return err({ kind: 'intervals-share-hour', hour });
      }
    }
  }
  return ok([...byHour.values()].sort((a, b) => a.hour - b.hour));
}

/**
 * Free intervals win over counted ones they overlap (`15-20:30 16-17 free`: 16–17 is free, the rest counted): the
 * counted ones are cut around them.
 */
function withFreeCarvedOut(intervals: readonly Interval[]): Interval[] {
  const free = intervals.filter((interval) => interval.free);
  const counted = intervals
    .filter((interval) => !interval.free)
    .flatMap((interval) =>
      free.reduce<Interval[]>(
        (pieces, hole) =>
          pieces.flatMap((piece) => {
            if (hole.toMinute <= piece.fromMinute || hole.fromMinute >= piece.toMinute) return [piece];
            return [
              { ...piece, toMinute: hole.fromMinute },
              { ...piece, fromMinute: hole.toMinute },
            ].filter((part) => part.fromMinute < part.toMinute);
          }),
        [interval],
      ),
    );
  return [...counted, ...free];
}

/** The daemon's hours read back as intervals, for people: consecutive hours of the same kind joined. Pure. */
export function intervalsFromHours(hours: readonly AllowedHour[]): Interval[] {
  const intervals: Interval[] = [];
  for (const hour of [...hours].sort((a, b) => a.hour - b.hour)) {
    const fromMinute = hour.hour * 60 + hour.fromMinute;
    const toMinute = hour.hour * 60 + hour.toMinute;
    const last = intervals.at(-1);
    if (last !== undefined && last.toMinute === fromMinute && last.free === !hour.accounted) {
      intervals[intervals.length - 1] = { ...last, toMinute };
    } else {
      intervals.push({ fromMinute, toMinute, free: !hour.accounted });
    }
  }
  return intervals;
}
