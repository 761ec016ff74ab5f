import { z } from 'zod';
import type { IsoWeekday } from '../timekpr/parse.ts';
import { LOCKOUT_TYPES, type RuleSettings, type RulesPatch } from '../timekpr/rules.ts';
import type { DaySlot } from './day-slot.ts';
import type { RuleException, RulesEdit } from './rules-edit.ts';

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

/** The fields of the rules but the hours, as the daemon keeps them (shared by settings and patches). */
const ruleFields = {
  allowedDays: z.array(weekday).max(7),
  dayLimits: z.array(seconds).max(7),
  weekLimit: seconds,
  monthLimit: seconds,
  lockout,
  playTimeEnabled: z.boolean(),
  playTimeOverride: z.boolean(),
  playTimeInFreeIntervals: z.boolean(),
  playTimeDays: z.array(weekday).max(7),
  playTimeLimits: z.array(seconds).max(7),
  playTimeActivities: z.array(activity).max(64),
};

/** A patch: some fields, and of the hours only the days it writes. */
const patchSchema = z
  .object({ ...ruleFields, hours: z.array(z.object({ day: weekday, hours: z.array(hour).max(24) })).max(7) })
  .partial()
  .strict();

const daySelection = z.union([z.object({ kind: z.literal('allowed') }), z.object({ kind: z.literal('days'), days: z.array(weekday).max(7) })]);
const dayLimit = z.object({ days: daySelection, seconds });
const interval = z.object({ fromMinute: z.int().min(0).max(1440), toMinute: z.int().min(0).max(1440), free: z.boolean() });

const date = z.string().regex(/^\d{4}-\d\d-\d\d$/);
const exceptionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('tonight'), date, toMinute: z.int().min(1).max(1440) }),
  z.object({ kind: z.literal('day-limit'), date, seconds: z.int().min(0).max(86_400) }),
  z.object({ kind: z.literal('day-extra'), date, seconds: z.int().min(0).max(86_400) }),
  z.object({ kind: z.literal('day-off'), date }),
]);
const slotSchema = z.object({ allowed: z.boolean(), limit: z.int().min(0).max(86_400), hours: z.array(hour).max(24) });

const simpleEdits = [
  z.object({ kind: z.literal('limit'), limits: z.array(dayLimit).max(64) }),
  z.object({ kind: z.literal('limit-step'), deltaSeconds: z.int().min(-86_400).max(86_400) }),
  z.object({ kind: z.literal('week-limit'), seconds: z.union([seconds, z.literal('off')]) }),
  z.object({ kind: z.literal('month-limit'), seconds: z.union([seconds, z.literal('off')]) }),
  z.object({ kind: z.literal('hours'), groups: z.array(z.object({ days: z.array(weekday).max(7), intervals: z.array(interval).max(96) })).max(64) }),
  z.object({ kind: z.literal('days'), days: z.array(weekday).max(7) }),
  z.object({ kind: z.literal('playtime'), enabled: z.boolean() }),
  z.object({ kind: z.literal('playtime-limit'), limits: z.array(dayLimit).max(64) }),
  z.object({ kind: z.literal('playtime-activities'), activities: z.array(activity).max(64) }),
  z.object({ kind: z.literal('lockout'), lockout }),
  z.object({ kind: z.literal('restore'), patch: patchSchema }),
  z.object({ kind: z.literal('exception'), exception: exceptionSchema }),
  z.object({ kind: z.literal('exception-end'), weekday, before: slotSchema, wrote: slotSchema }),
] as const;

const editSchema = z.discriminatedUnion('kind', [
  ...simpleEdits,
  z.object({ kind: z.literal('profile'), profileId: z.string().max(24), edits: z.array(z.discriminatedUnion('kind', simpleEdits)).max(16) }),
]);

/** Settings: every field, and the hours of all seven days. */
const settingsSchema = z.object({ ...ruleFields, hours: z.array(z.array(hour).max(24)).length(7) });

/** JSON read with `schema`; undefined when it is missing, not JSON, or not of that shape. */
function readStored<T>(schema: z.ZodType<T>, text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Stored settings (what the bot expects a computer to have); undefined when they cannot be read. */
export function parseStoredSettings(text: string | undefined): RuleSettings | undefined {
  return readStored<RuleSettings>(settingsSchema, text);
}

/** A stored day of rules (what an exception replaced or wrote); undefined when it cannot be read. */
export function parseStoredSlot(text: string): DaySlot | undefined {
  return readStored<DaySlot>(slotSchema, text);
}

/** A stored exception; undefined when it cannot be read. */
export function parseStoredException(text: string): RuleException | undefined {
  return readStored<RuleException>(exceptionSchema, text);
}

/** A stored patch; an unreadable one is empty (nothing to restore is better than a wrong value). */
export function parseStoredPatch(text: string | undefined): RulesPatch {
  return readStored<RulesPatch>(patchSchema as z.ZodType<RulesPatch>, text) ?? {};
}

/** A stored edit; undefined when it cannot be read. */
export function parseStoredEdit(text: string): RulesEdit | undefined {
  return readStored<RulesEdit>(editSchema as z.ZodType<RulesEdit>, text);
}
