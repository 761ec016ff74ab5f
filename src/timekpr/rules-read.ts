import { z } from 'zod';
import { err, ok, type Result } from '../lib/result.ts';
import { parseAllowedHours, parseUserinfoText, userinfoText, type AllowedHour, type IsoWeekday, type TimekpraProblem } from './parse.ts';
import { ANY_HOUR, LOCKOUT_TYPES, WEEKDAYS, type Lockout, type PlayTimeActivity, type Rules } from './rules.ts';

/** The daemon's rule fields for one user, by its own key names, however they were read (timekpra's text or D-Bus). */
export interface DaemonRuleFields {
  readonly ALLOWED_WEEKDAYS: readonly number[];
  readonly LIMITS_PER_WEEKDAYS: readonly number[];
  /** Monday..Sunday. */
  readonly hours: readonly (readonly AllowedHour[])[];
  readonly LIMIT_PER_WEEK: number;
  readonly LIMIT_PER_MONTH: number;
  readonly LOCKOUT_TYPE: string;
  /** `7;18`: only present with `suspendwake`. */
  readonly WAKEUP_HOUR_INTERVAL?: string | undefined;
  readonly PLAYTIME_ENABLED: boolean;
  readonly PLAYTIME_LIMIT_OVERRIDE_ENABLED: boolean;
  readonly PLAYTIME_UNACCOUNTED_INTERVALS_ENABLED: boolean;
  readonly PLAYTIME_ALLOWED_WEEKDAYS: readonly number[];
  readonly PLAYTIME_LIMITS_PER_WEEKDAYS: readonly number[];
  readonly PLAYTIME_ACTIVITIES: readonly PlayTimeActivity[];
  readonly PLAYTIME_LEFT_DAY: number;
  readonly PLAYTIME_SPENT_DAY: number;
  /** Live PlayTime left, while the child is logged in. */
  readonly ACTUAL_PLAYTIME_LEFT_DAY?: number | undefined;
}

/** One rule for every backend: the rules from the daemon's fields. Fails on values the daemon should not have. Pure. */
export function buildRules(login: string, weekday: IsoWeekday, fields: DaemonRuleFields): Result<Rules, string> {
  const days = weekdays(fields.ALLOWED_WEEKDAYS);
  const playDays = weekdays(fields.PLAYTIME_ALLOWED_WEEKDAYS);
  const lockout = lockoutOf(fields.LOCKOUT_TYPE, fields.WAKEUP_HOUR_INTERVAL);
  if (days === undefined || playDays === undefined) return err('weekdays outside 1-7');
  if (lockout === undefined) return err(`unknown lockout type ${JSON.stringify(fields.LOCKOUT_TYPE.slice(0, 40))}`);
  if (fields.hours.length !== 7) return err('allowed hours for fewer than 7 days');
  return ok({
    login,
    weekday,
    settings: {
      allowedDays: days,
      dayLimits: [...fields.LIMITS_PER_WEEKDAYS],
      hours: fields.hours,
      weekLimit: fields.LIMIT_PER_WEEK,
      monthLimit: fields.LIMIT_PER_MONTH,
      lockout,
      playTimeEnabled: fields.PLAYTIME_ENABLED,
      playTimeOverride: fields.PLAYTIME_LIMIT_OVERRIDE_ENABLED,
      playTimeInFreeIntervals: fields.PLAYTIME_UNACCOUNTED_INTERVALS_ENABLED,
      playTimeDays: playDays,
      playTimeLimits: [...fields.PLAYTIME_LIMITS_PER_WEEKDAYS],
      playTimeActivities: fields.PLAYTIME_ACTIVITIES,
    },
    playTimeLeftToday: Math.max(0, Math.min(fields.PLAYTIME_LEFT_DAY, fields.ACTUAL_PLAYTIME_LEFT_DAY ?? fields.PLAYTIME_LEFT_DAY)),
    playTimeSpentToday: fields.PLAYTIME_SPENT_DAY,
  });
}

function weekdays(values: readonly number[]): IsoWeekday[] | undefined {
  const days = values.filter((value): value is IsoWeekday => (WEEKDAYS as readonly number[]).includes(value));
  return days.length === values.length ? [...days].sort((a, b) => a - b) : undefined;
}

function lockoutOf(type: string, wake: string | undefined): Lockout | undefined {
  const known = LOCKOUT_TYPES.find((candidate) => candidate === type);
  if (known === undefined) return undefined;
  if (known !== 'suspendwake') return { type: known };
  // Without a readable interval the daemon wakes the computer at any hour: what timekpra sets when given none.
  const match = /^(\d{1,2});(\d{1,2})$/.exec(wake ?? '');
  return { type: known, wake: match === null ? ANY_HOUR : { fromHour: Number(match[1]), toHour: Number(match[2]) } };
}

const { seconds, list, flag } = userinfoText;

const rulesTextSchema = z.object({
  ALLOWED_WEEKDAYS: list,
  LIMITS_PER_WEEKDAYS: list,
  ...userinfoText.days,
  LIMIT_PER_WEEK: seconds,
  LIMIT_PER_MONTH: seconds,
  LOCKOUT_TYPE: z.string(),
  WAKEUP_HOUR_INTERVAL: z.string().optional(),
  PLAYTIME_ENABLED: flag,
  PLAYTIME_LIMIT_OVERRIDE_ENABLED: flag,
  PLAYTIME_UNACCOUNTED_INTERVALS_ENABLED: flag,
  PLAYTIME_ALLOWED_WEEKDAYS: list,
  PLAYTIME_LIMITS_PER_WEEKDAYS: list,
  PLAYTIME_ACTIVITIES: z.string(),
  PLAYTIME_LEFT_DAY: seconds,
  PLAYTIME_SPENT_DAY: seconds,
  ACTUAL_PLAYTIME_LEFT_DAY: seconds.optional(),
});

/**
 * Parses the rules out of `timekpra --userinfo <login>` (the same output `parseUserInfo` reads the time from). Pure.
 */
export function parseRulesText(output: string, exitCode: number, login: string, weekday: IsoWeekday): Result<Rules, TimekpraProblem> {
  const parsed = parseUserinfoText(output, exitCode, login, rulesTextSchema);
  if (!parsed.ok) return parsed;
  const unexpected = { kind: 'unexpected-output', text: output } as const;
  const info = parsed.value;
  const activities = parseActivities(info.PLAYTIME_ACTIVITIES);
  if (activities === undefined) return err(unexpected);
  const rules = buildRules(login, weekday, {
    ...info,
    hours: WEEKDAYS.map((day) => parseAllowedHours(info[`ALLOWED_HOURS_${day}`])),
    PLAYTIME_ACTIVITIES: activities,
  });
  return rules.ok ? rules : err(unexpected);
}

/** `steam[Steam];mc.*[Minecraft]` → masks and descriptions; a mask without brackets is its own description. */
function parseActivities(text: string): PlayTimeActivity[] | undefined {
  if (text.trim() === '') return [];
  const activities: PlayTimeActivity[] = [];
  for (const item of text.split(';')) {
    const match = /^([^[\]]+)(?:\[([^\]]*)\])?$/.exec(item);
    if (match?.[1] === undefined) return undefined;
    activities.push({ mask: match[1], description: match[2] === undefined || match[2] === '' ? match[1] : match[2] });
  }
  return activities;
}
