import { z } from 'zod';
import type { IsoWeekday } from '../timekpr/parse.ts';
import { LOCKOUT_TYPES, type RulesPatch } from '../timekpr/rules.ts';
import type { RulesEdit } from './rules-edit.ts';

/**
 * The JSON the household keeps of rules changes (in the ledger and with kept changes), read back with schemas: a row
 * written by another version, or damaged, is not trusted blindly. Pure.
 */

const weekday = z.int().min(1).max(7).transform((day) => day as IsoWeekday);
const seconds = z.int().min(0).max(2_678_400);
const hour = z.object({ hour: z.int().min(0).max(23), fromMinute: z.int().min(0).max(59), toMinute: z.int().min(1).max(60), accounted: z.boolean() });
const lockout = z.object({
  type: z.enum(LOCKOUT_TYPES),
  wake: z.object({ fromHour: z.int().min(0).max(23), toHour: z.int().min(0).max(23) }).optional(),
});
const activity = z.object({ mask: z.string().max(64), description: z.string().max(64) });

const patchSchema = z
  .object({
    allowedDays: z.array(weekday).max(7),
    dayLimits: z.array(seconds).max(7),
    hours: z.array(z.object({ day: weekday, hours: z.array(hour).max(24) })).max(7),
    weekLimit: seconds,
    monthLimit: seconds,
    lockout,
    playTimeEnabled: z.boolean(),
    playTimeOverride: z.boolean(),
    playTimeInFreeIntervals: z.boolean(),
    playTimeDays: z.array(weekday).max(7),
    playTimeLimits: z.array(seconds).max(7),
    playTimeActivities: z.array(activity).max(64),
  })
  .partial()
  .strict();

const daySelection = z.union([z.object({ kind: z.literal('allowed') }), z.object({ kind: z.literal('days'), days: z.array(weekday).max(7) })]);
const dayLimit = z.object({ days: daySelection, seconds });
const interval = z.object({ fromMinute: z.int().min(0).max(1440), toMinute: z.int().min(0).max(1440), free: z.boolean() });

const editSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('limit'), limits: z.array(dayLimit).max(14) }),
  z.object({ kind: z.literal('limit-step'), deltaSeconds: z.int().min(-86_400).max(86_400) }),
  z.object({ kind: z.literal('week-limit'), seconds: z.union([seconds, z.literal('off')]) }),
  z.object({ kind: z.literal('month-limit'), seconds: z.union([seconds, z.literal('off')]) }),
  z.object({ kind: z.literal('hours'), groups: z.array(z.object({ days: z.array(weekday).max(7), intervals: z.array(interval).max(48) })).max(14) }),
  z.object({ kind: z.literal('days'), days: z.array(weekday).max(7) }),
  z.object({ kind: z.literal('playtime'), enabled: z.boolean() }),
  z.object({ kind: z.literal('playtime-limit'), limits: z.array(dayLimit).max(14) }),
  z.object({ kind: z.literal('playtime-activities'), activities: z.array(activity).max(64) }),
  z.object({ kind: z.literal('lockout'), lockout }),
  z.object({ kind: z.literal('restore'), patch: patchSchema }),
]);

/** A stored patch; an unreadable one is empty (nothing to restore is better than a wrong value). */
export function parseStoredPatch(text: string | undefined): RulesPatch {
  if (text === undefined) return {};
  try {
    const parsed = patchSchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as RulesPatch) : {};
  } catch {
    return {};
  }
}

/** A stored edit; undefined when it cannot be read. */
export function parseStoredEdit(text: string): RulesEdit | undefined {
  try {
    const parsed = editSchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data as RulesEdit) : undefined;
  } catch {
    return undefined;
  }
}
