import type { IsoWeekday } from '../lib/rule-vocabulary.ts';
import type { AllowedHour } from '../timekpr/parse.ts';
import { dayLimitOf, hoursOf, sameHours, type RuleSettings } from '../timekpr/rules.ts';

/**
 * One weekday's rules on a computer: whether the day is allowed, its limit, its allowed hours. An exception (`/today`,
 * `/tonight`, `/tomorrow`) changes exactly one weekday, keeps what it replaced, and puts it back at its end. Pure.
 */
export interface DaySlot {
  readonly allowed: boolean;
  /** The day's limit in seconds (0 when the day is not allowed). */
  readonly limit: number;
  readonly hours: readonly AllowedHour[];
}

/** The parts of a day an exception may change: allowed and limit together, or the hours. */
export type SlotPart = 'day' | 'hours';

export function slotOf(settings: RuleSettings, day: IsoWeekday): DaySlot {
  const limit = dayLimitOf(settings, day);
  return { allowed: limit !== undefined, limit: limit ?? 0, hours: hoursOf(settings, day) };
}

/** `settings` with `day` allowed (with `limit`) or not; the other days keep their limits. */
export function withDay(settings: RuleSettings, day: IsoWeekday, allowed: boolean, limit: number): RuleSettings {
  const days = [...new Set([...settings.allowedDays.filter((other) => other !== day), ...(allowed ? [day] : [])])].sort((a, b) => a - b);
  return { ...settings, allowedDays: days, dayLimits: days.map((other) => (other === day ? limit : (dayLimitOf(settings, other) ?? 0))) };
}

export function withDayHours(settings: RuleSettings, day: IsoWeekday, hours: readonly AllowedHour[]): RuleSettings {
  return { ...settings, hours: settings.hours.map((dayHours, index) => (index === day - 1 ? hours : dayHours)) };
}

function samePart(a: DaySlot, b: DaySlot, part: SlotPart): boolean {
  if (part === 'hours') return sameHours(a.hours, b.hours);
  return a.allowed === b.allowed && (!a.allowed || a.limit === b.limit);
}

const PARTS: readonly SlotPart[] = ['day', 'hours'];

/**
 * What a computer should have when an exception ends: each part the exception changed goes back to what it replaced,
 * unless it was changed again since (then it is kept, and named). Pure.
 */
export function restoredSettings(current: RuleSettings, day: IsoWeekday, before: DaySlot, wrote: DaySlot): { settings: RuleSettings; kept: SlotPart[] } {
  const now = slotOf(current, day);
  let settings = current;
  const kept: SlotPart[] = [];
  for (const part of PARTS.filter((changed) => !samePart(before, wrote, changed))) {
    if (!samePart(now, wrote, part)) kept.push(part);
    else if (part === 'day') settings = withDay(settings, day, before.allowed, before.limit);
    else settings = withDayHours(settings, day, before.hours);
  }
  return { settings, kept };
}
