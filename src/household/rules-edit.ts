import { err, ok, type Result } from '../lib/result.ts';
import type { AllowedHour, IsoWeekday } from '../timekpr/parse.ts';
import {
  dayLimitOf,
  RULE_BOUNDS,
  WEEKDAYS,
  withPatch,
  type Lockout,
  type PlayTimeActivity,
  type Rules,
  type RuleSettings,
  type RulesPatch,
} from '../timekpr/rules.ts';

/**
 * What a parent asks of a child's house rules, before it meets a computer: the same edit is applied to each computer's
 * own rules (read first), so it means the same everywhere even where they differ. Pure.
 */

/** Days an edit is about: listed weekdays, or every day that is allowed on that computer. */
export type DaySelection = { readonly kind: 'allowed' } | { readonly kind: 'days'; readonly days: readonly IsoWeekday[] };

/** A span of a day in minutes (0..1440); `free`: not counted ("∞"). */
export interface Interval {
  readonly fromMinute: number;
  readonly toMinute: number;
  readonly free: boolean;
}

export type RulesEdit =
  | { readonly kind: 'limit'; readonly days: DaySelection; readonly seconds: number }
  /** Today's limit (the computer's own weekday) up or down, by a button. */
  | { readonly kind: 'limit-step'; readonly deltaSeconds: number }
  | { readonly kind: 'week-limit'; readonly seconds: number | 'off' }
  | { readonly kind: 'month-limit'; readonly seconds: number | 'off' }
  | { readonly kind: 'hours'; readonly days: readonly IsoWeekday[]; readonly intervals: readonly Interval[] }
  | { readonly kind: 'days'; readonly days: readonly IsoWeekday[] }
  | { readonly kind: 'playtime'; readonly enabled: boolean }
  | { readonly kind: 'playtime-limit'; readonly days: DaySelection; readonly seconds: number }
  | { readonly kind: 'playtime-activities'; readonly activities: readonly PlayTimeActivity[] }
  | { readonly kind: 'lockout'; readonly lockout: Lockout }
  /** Exactly these values back (an Undo). */
  | { readonly kind: 'restore'; readonly patch: RulesPatch };

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
      const days = selected(edit.days, current.allowedDays);
      const missing = days.filter((day) => !current.allowedDays.includes(day));
      if (missing.length > 0) return err({ kind: 'days-not-allowed', days: missing });
      return ok({ ...current, dayLimits: current.allowedDays.map((day) => (days.includes(day) ? edit.seconds : (dayLimitOf(current, day) ?? 0))) });
    }
    case 'limit-step': {
      const today = dayLimitOf(current, rules.weekday);
      if (today === undefined) return err({ kind: 'today-not-allowed' });
      const seconds = Math.min(RULE_BOUNDS.daySeconds, Math.max(0, today + edit.deltaSeconds));
      return wantedSettings(rules, { kind: 'limit', days: { kind: 'days', days: [rules.weekday] }, seconds });
    }
    case 'week-limit':
      return ok({ ...current, weekLimit: edit.seconds === 'off' ? NO_WEEK_LIMIT : edit.seconds });
    case 'month-limit':
      return ok({ ...current, monthLimit: edit.seconds === 'off' ? NO_MONTH_LIMIT : edit.seconds });
    case 'hours': {
      const hours = hoursFromIntervals(edit.intervals);
      if (!hours.ok) return hours;
      return ok({ ...current, hours: current.hours.map((dayHours, index) => (edit.days.includes(WEEKDAYS[index] ?? 1) ? hours.value : dayHours)) });
    }
    case 'days': {
      const days = [...new Set(edit.days)].sort((a, b) => a - b);
      const fallback = Math.max(0, ...current.allowedDays.map((day) => dayLimitOf(current, day) ?? 0)) || RULE_BOUNDS.daySeconds;
      return ok({ ...current, allowedDays: days, dayLimits: days.map((day) => dayLimitOf(current, day) ?? fallback) });
    }
    case 'playtime':
      return ok({ ...current, playTimeEnabled: edit.enabled });
    case 'playtime-limit': {
      const days = selected(edit.days, current.playTimeDays);
      const missing = days.filter((day) => !current.playTimeDays.includes(day));
      if (missing.length > 0) return err({ kind: 'playtime-days-not-allowed', days: missing });
      const limits = current.playTimeDays.map((day, index) => (days.includes(day) ? edit.seconds : (current.playTimeLimits[index] ?? 0)));
      return ok({ ...current, playTimeLimits: limits });
    }
    case 'playtime-activities':
      return ok({ ...current, playTimeActivities: edit.activities });
    case 'lockout':
      return ok({ ...current, lockout: edit.lockout });
    case 'restore':
      return ok(withPatch(current, edit.patch));
  }
}

function selected(selection: DaySelection, allowed: readonly IsoWeekday[]): readonly IsoWeekday[] {
  return selection.kind === 'allowed' ? allowed : selection.days;
}

/**
 * Intervals as the daemon keeps them: one entry per hour with its minutes. Adjacent intervals of the same kind that
 * meet inside an hour become one entry; two different spans in one hour cannot be kept. Pure.
 */
export function hoursFromIntervals(intervals: readonly Interval[]): Result<AllowedHour[], EditProblem> {
  const byHour = new Map<number, AllowedHour>();
  const sorted = [...intervals].sort((a, b) => a.fromMinute - b.fromMinute);
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
