import { z } from 'zod';
import { err, ok, type Result } from '../../lib/result.ts';
import { buildUserInfo, type AllowedHour, type IsoWeekday, type UserInfo } from '../parse.ts';

/**
 * The helper's `info` answer: the daemon's typed `a{sv}` from `getUserInformation(user, "F")` as plain JSON, and the
 * machine's weekday. Read with a schema, no text parsing; the same rules as timekpra's output (see parse.ts). Pure.
 */

const int = z.int();
const hour = z.object({ STARTMIN: z.int().min(0).max(60), ENDMIN: z.int().min(0).max(60), UACC: z.union([z.int(), z.boolean()]) });
const hours = z.record(z.string().regex(/^\d{1,2}$/), hour);

/** The daemon's typed answer, as JSON: the pieces both readers of it (time here, rules in rules-client.ts) use. */
export const daemonInfo = {
  /** Weekdays as the daemon sends them (strings) or as numbers. */
  days: z.array(z.union([z.string().regex(/^[1-7]$/).transform(Number), z.int().min(1).max(7)])).max(7),
  /** `ALLOWED_HOURS_1` … `_7`: `{"8": {STARTMIN, ENDMIN, UACC}, …}`. */
  hours: { ALLOWED_HOURS_1: hours, ALLOWED_HOURS_2: hours, ALLOWED_HOURS_3: hours, ALLOWED_HOURS_4: hours, ALLOWED_HOURS_5: hours, ALLOWED_HOURS_6: hours, ALLOWED_HOURS_7: hours },
} as const;

const infoSchema = z.object({
  weekday: z.int().min(1).max(7),
  info: z.object({
    ALLOWED_WEEKDAYS: daemonInfo.days,
    LIMITS_PER_WEEKDAYS: z.array(int),
    ...daemonInfo.hours,
    TIME_SPENT_BALANCE: int,
    TIME_SPENT_DAY: int,
    TIME_SPENT_WEEK: int.optional(),
    TIME_LEFT_DAY: int,
    ACTUAL_TIME_SPENT_BALANCE: int.optional(),
    ACTUAL_TIME_SPENT_DAY: int.optional(),
    ACTUAL_TIME_LEFT_DAY: int.optional(),
    PLAYTIME_ENABLED: z.boolean().optional(),
    PLAYTIME_LEFT_DAY: int.optional(),
    ACTUAL_PLAYTIME_LEFT_DAY: int.optional(),
  }),
});

export function userInfoFromHelper(login: string, result: Readonly<Record<string, unknown>>): Result<UserInfo, string> {
  const parsed = infoSchema.safeParse(result);
  if (!parsed.success) return err(`the daemon's answer for ${login} was not as expected`);
  const { weekday, info } = parsed.data;
  const day = weekday as IsoWeekday;
  return ok(buildUserInfo(login, day, info, allowedHours(info[`ALLOWED_HOURS_${day}`])));
}

/** `{"8": {STARTMIN: 0, ENDMIN: 60, UACC: 0}, …}` → hours in order; UACC set means the hour is not counted. */
export function allowedHours(byHour: Readonly<Record<string, z.infer<typeof hour>>>): AllowedHour[] {
  return Object.entries(byHour)
    .map(([key, value]) => ({ hour: Number(key), fromMinute: value.STARTMIN, toMinute: value.ENDMIN, accounted: !value.UACC }))
    .sort((a, b) => a.hour - b.hour);
}
