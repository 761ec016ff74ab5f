import { z } from 'zod';
import { err, type Result } from '../lib/result.ts';
import { RULE_BOUNDS, type DayIntervals, type DayLimit, type IsoWeekday, type Lockout, type PlayTimeActivity } from '../lib/rule-vocabulary.ts';
import {
  activitiesOf,
  OFF,
  ON,
  parseDayLimits,
  parseDayList,
  parseDuration,
  parseHourGroups,
  parseLockout,
  splitWords,
  type RuleWordProblem,
} from '../lib/rule-words.ts';

/**
 * `profiles:` in the config file: named sets of house rules (School, Holidays, Grandparents), written with the words the
 * chat's commands take (`weekdays: 1h30`, `hours: "8:00-20:30"`, `lockout: suspendwake 7-18`). Each value is read
 * here with the commands' own grammar (lib/rule-words.ts), so a mistake is named at its path like any other setting.
 */

/** A week or month limit: a duration, or off (the daemon's maximum). */
export type PeriodLimit = number | 'off';

/**
 * The rules a profile sets. What it leaves out stays as each computer has it, and is not compared. Limits are applied
 * in order: `limit` for every allowed day, then the days named.
 */
export interface ProfileRules {
  readonly days?: readonly IsoWeekday[] | undefined;
  readonly limits: readonly DayLimit[];
  readonly hours?: readonly DayIntervals[] | undefined;
  readonly weekLimit?: PeriodLimit | undefined;
  readonly monthLimit?: PeriodLimit | undefined;
  readonly lockout?: Lockout | undefined;
  readonly playTime?: ProfilePlayTime | undefined;
}

export interface ProfilePlayTime {
  readonly enabled?: boolean | undefined;
  readonly limits: readonly DayLimit[];
  readonly activities?: readonly PlayTimeActivity[] | undefined;
}

/** The setting beside the profiles (every other key under `profiles:` names one). */
export const REPORT_DIFFERENCES_KEY = 'reportDifferences';

/** English words for a problem with the words of a rule, for the config's error lines. */
export function describeRuleWordProblem(problem: RuleWordProblem): string {
  switch (problem.kind) {
    case 'usage':
      return 'is not written the way this setting takes it (see config.example.yaml)';
    case 'unknown-day':
      return `"${problem.text}" is not a day: write days like mon-fri, sat,sun, weekdays or weekend`;
    case 'wrapping-day-range':
      return `"${problem.text}" runs over the end of the week: write it as a list, e.g. fri-sun,mon`;
    case 'no-days':
      return 'names no days';
    case 'not-duration':
      return `"${problem.text}" is not a duration: write it like 2h, 1h30 or 90m`;
    case 'duration-without-unit':
      return `"${problem.text}" has no unit: write 2h or 2m (0 alone means none)`;
    case 'not-whole-minutes':
      return `"${problem.text}" is not whole minutes`;
    case 'duration-too-long':
      return `"${problem.text}" is longer than this limit can be (at most ${problem.maxSeconds / 3600} hours)`;
    case 'bad-time-range':
      return `"${problem.text}" is not a span of the day: write it like 8:00-20:30`;
    case 'bad-time':
      return `"${problem.text}" is not a time of day (0:00 to 23:59; 24:00 only as an end)`;
    case 'end-not-after-start':
      return `"${problem.text}" ends before it starts`;
    case 'overlapping-intervals':
      return `"${problem.first}" and "${problem.second}" overlap`;
    case 'bad-activity':
      return `"${problem.text}" is not a game: write it like minecraft[Minecraft]`;
    case 'bad-activity-mask':
      return `"${problem.text}" has characters a process name pattern may not have (letters, digits and . _ * + ? ^ - only, at most 64)`;
    case 'bad-activity-description':
      return `"${problem.text}" is not a usable description (letters, digits, spaces and . _ : ! ' & + - only, at most 64)`;
    case 'activity-needs-description':
      return `"${problem.mask}" needs a name people can read: write it like ${problem.mask}[Steam]`;
    case 'duplicate-activity':
      return `"${problem.mask}" is listed twice`;
    case 'too-many-activities':
      return `lists ${problem.count} games: at most ${problem.max}`;
    case 'no-activities':
      return 'names no games: write none for no games';
    case 'unknown-lockout':
      return `"${problem.text}" is not a lockout: use lock, suspend, suspendwake, terminate or shutdown`;
    case 'bad-wake-hours':
      return `"${problem.text}" are not wake-up hours: write whole hours like 7-18`;
    case 'wake-hours-need-suspendwake':
      return `only suspendwake has wake-up hours, not ${problem.type}`;
  }
}

type Issues = { issues: z.core.$ZodRawIssue[] };

/** A value written in rule words: text, or a number YAML read from it (`0`). */
const wordsShape = z.union([z.string(), z.number()]);

/** `text` read by `parse`, or the problem named at this setting (`at`: a key below it). */
function read<T>(ctx: Issues, text: unknown, parse: (text: string) => Result<T, RuleWordProblem>, at: string[] = []): T | undefined {
  const found = parse(String(text));
  if (found.ok) return found.value;
  ctx.issues.push({ code: 'custom', message: describeRuleWordProblem(found.error), input: text, path: at });
  return undefined;
}

/** What was read, or `z.NEVER` once a problem was named (then the value is not used). */
function readOrNever<T>(ctx: Issues, value: T | undefined): T {
  return value === undefined || ctx.issues.length > 0 ? z.NEVER : value;
}

const dayLimitWords = (text: string) => parseDayLimits(splitWords(text));
const durationWords = (text: string) => parseDuration(text, RULE_BOUNDS.daySeconds);

/** Limits for days: a duration for every allowed day (`2h`), or days → duration (`{ weekdays: 1h30, sat: 3h }`). */
const dayLimits = z
  .union([wordsShape, z.record(z.string(), wordsShape)], {
    error: 'must be a duration like 2h, or days with durations, e.g. { weekdays: 1h30, weekend: 3h }',
  })
  .transform((value, ctx): DayLimit[] => {
    if (typeof value !== 'object') {
      const seconds = read(ctx, value, durationWords);
      return readOrNever(ctx, seconds === undefined ? undefined : [{ days: { kind: 'allowed' }, seconds }]);
    }
    const limits = Object.entries(value).flatMap(([days, text]) => read(ctx, `${days} ${text}`, dayLimitWords, [days]) ?? []);
    return readOrNever(ctx, limits);
  });

/** Allowed hours: for every day (`"8:00-20:30"`), or days → hours (`{ weekdays: "15-20:30 16-17 free", weekend: "9-21" }`). */
const hours = z
  .union([wordsShape, z.record(z.string(), wordsShape)], {
    error: 'must be hours like "8:00-20:30", or days with hours, e.g. { weekdays: "15:00-20:30", weekend: "9-21" }',
  })
  .transform((value, ctx): DayIntervals[] => {
    const hourWords = (text: string) => parseHourGroups(splitWords(text));
    if (typeof value !== 'object') return readOrNever(ctx, read(ctx, value, hourWords));
    return readOrNever(ctx, Object.entries(value).flatMap(([days, text]) => read(ctx, `${days} ${text}`, hourWords, [days]) ?? []));
  });

/** Words, or a list of words (`[mon, wed]`), as one text. */
const wordList = (value: string | readonly string[]): string => (typeof value === 'string' ? value : value.join(' '));

const days = z
  .union([z.string(), z.array(z.string())], { error: 'must be days like mon-fri, all, or a list such as [mon, wed, sat]' })
  .transform((value, ctx) => readOrNever(ctx, read(ctx, wordList(value), (text) => parseDayList(splitWords(text)))));

/** A week or month limit: a duration, `off`, or false. */
function periodLimit(maxSeconds: number) {
  return z.union([z.literal(false), wordsShape], { error: 'must be a duration like 14h, or off' }).transform((value, ctx): PeriodLimit => {
    if (value === false || OFF.has(String(value).trim().toLowerCase())) return 'off';
    return readOrNever(ctx, read(ctx, value, (text) => parseDuration(text, maxSeconds)));
  });
}

const lockout = wordsShape.transform((value, ctx) => readOrNever(ctx, read(ctx, value, (text) => parseLockout(splitWords(text)))));

/** Games PlayTime counts: `"minecraft[Minecraft] supertux"`, a list of them, or `none`. */
function readActivities(ctx: Issues, value: string | readonly string[], at: string[]): readonly PlayTimeActivity[] | undefined {
  const tokens = typeof value === 'string' ? splitWords(value.normalize('NFC')) : value.map((entry) => entry.normalize('NFC').trim());
  return read(ctx, value, () => (tokens.length === 0 ? err({ kind: 'no-activities' } as const) : activitiesOf(tokens)), at);
}

/** On or off: true/false, or the words on/off (an/aus). */
function readOnOff(ctx: Issues, value: boolean | string, at: string[]): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const word = value.trim().toLowerCase();
  if (ON.has(word) || OFF.has(word)) return ON.has(word);
  ctx.issues.push({ code: 'custom', message: 'must be on or off', input: value, path: at });
  return undefined;
}

const playTime = z
  .union(
    [
      z.boolean(),
      z.string(),
      z.strictObject({
        enabled: z.union([z.boolean(), z.string()]).optional(),
        limit: z.union([wordsShape, z.record(z.string(), wordsShape)]).optional(),
        games: z.union([z.string(), z.array(z.string())]).optional(),
      }),
    ],
    { error: 'must be on, off, or { enabled: on, limit: 1h, games: "minecraft[Minecraft]" }' },
  )
  .transform((value, ctx): ProfilePlayTime => {
    if (typeof value !== 'object') return readOrNever(ctx, { enabled: readOnOff(ctx, value, []), limits: [] });
    const enabled = value.enabled === undefined ? undefined : readOnOff(ctx, value.enabled, ['enabled']);
    const limits = value.limit === undefined ? [] : dayLimits.safeParse(value.limit);
    if (!Array.isArray(limits) && !limits.success) {
      for (const issue of limits.error.issues) ctx.issues.push({ code: 'custom', message: issue.message, input: value.limit, path: ['limit', ...issue.path] });
    }
    const activities = value.games === undefined ? undefined : readActivities(ctx, value.games, ['games']);
    return readOrNever(ctx, { enabled, limits: Array.isArray(limits) ? limits : limits.success ? limits.data : [], activities });
  });

/** One profile as written. */
export const profileSchema = z
  .strictObject(
    {
      name: z.string({ error: 'must be the name parents see' }).trim().min(1, { error: 'must not be empty' }).max(32, { error: 'must be at most 32 characters' }).optional(),
      children: z
        .union([z.literal('all'), z.array(z.string({ error: 'must be a child named under children' })).min(1, { error: 'must name at least one child, or be all' })], {
          error: 'must be all, or a list of children, e.g. [mia, leo]',
        })
        .default('all'),
      days: days.optional(),
      limit: dayLimits.optional(),
      weekdays: wordsShape.transform((value, ctx) => readOrNever(ctx, read(ctx, value, durationWords))).optional(),
      weekend: wordsShape.transform((value, ctx) => readOrNever(ctx, read(ctx, value, durationWords))).optional(),
      hours: hours.optional(),
      week: periodLimit(RULE_BOUNDS.weekSeconds).optional(),
      month: periodLimit(RULE_BOUNDS.monthSeconds).optional(),
      lockout: lockout.optional(),
      playtime: playTime.optional(),
    },
    { error: 'must be a profile: name, children and rules such as limit, hours or days' },
  )
  .transform((profile) => {
    const limits: DayLimit[] = [...(profile.limit ?? [])];
    if (profile.weekdays !== undefined) limits.push({ days: { kind: 'days', days: [1, 2, 3, 4, 5] }, seconds: profile.weekdays });
    if (profile.weekend !== undefined) limits.push({ days: { kind: 'days', days: [6, 7] }, seconds: profile.weekend });
    const rules: ProfileRules = {
      days: profile.days,
      limits,
      hours: profile.hours,
      weekLimit: profile.week,
      monthLimit: profile.month,
      lockout: profile.lockout,
      playTime: profile.playtime,
    };
    return { name: profile.name, children: profile.children, rules };
  });

/** Whether a profile sets anything at all. */
export function setsAnything(rules: ProfileRules): boolean {
  const playTime = rules.playTime;
  return (
    rules.days !== undefined ||
    rules.limits.length > 0 ||
    rules.hours !== undefined ||
    rules.weekLimit !== undefined ||
    rules.monthLimit !== undefined ||
    rules.lockout !== undefined ||
    (playTime !== undefined && (playTime.enabled !== undefined || playTime.limits.length > 0 || playTime.activities !== undefined))
  );
}
