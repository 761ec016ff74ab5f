import { z } from 'zod';
import { err, ok, type Result } from '../lib/result.ts';
import type { IsoWeekday } from '../lib/rule-vocabulary.ts';

/**
 * What `timekpra` said instead of doing the job. It always exits 0, so these are recognised from its text
 * (run with LC_ALL=C, so the text is English). Seen from Timekpr-nExT 0.5.4.
 */
export type TimekpraProblem =
  /** The login has no Timekpr-nExT configuration there: a wrong name, or the child never logged in on it. */
  | { readonly kind: 'unknown-user'; readonly login: string }
  /** timekprd is not running (or its D-Bus name is unreachable). */
  | { readonly kind: 'daemon-not-running' }
  /** The SSH user is not in the `timekpr` group. */
  | { readonly kind: 'access-denied' }
  /** Another `timekpra` of the same SSH user was running at that moment. */
  | { readonly kind: 'busy' }
  /** timekpra itself refused the arguments: a bug on our side, since they are validated before sending. */
  | { readonly kind: 'rejected'; readonly message: string }
  /** The shell could not find or run the configured timekpra path. */
  | { readonly kind: 'timekpra-not-found' }
  /** Neither a known error nor the expected answer; carries the raw text. */
  | { readonly kind: 'unexpected-output'; readonly text: string };

const PROBLEM_PATTERNS: readonly { readonly pattern: RegExp; readonly problem: (match: RegExpMatchArray, text: string) => TimekpraProblem }[] = [
  { pattern: /Timekpr-nExT "timekpra" is already running for user/, problem: () => ({ kind: 'busy' }) },
  { pattern: /^FAILED to obtain connection to timekpr\./m, problem: () => ({ kind: 'daemon-not-running' }) },
  { pattern: /^Command FAILED: access denied/m, problem: () => ({ kind: 'access-denied' }) },
  { pattern: /^User "([^"\n]*)" configuration is not found/m, problem: (m) => ({ kind: 'unknown-user', login: m[1] ?? '' }) },
  { pattern: /^User's "[^"\n]*" time operation can be one of these: .*$/m, problem: (m) => ({ kind: 'rejected', message: m[0] }) },
  { pattern: /^PARAMETER PARSE ERROR.*$/m, problem: (m) => ({ kind: 'rejected', message: m[0] }) },
  { pattern: /^The command is incorrect:.*$/m, problem: (m) => ({ kind: 'rejected', message: m[0] }) },
];

/** Exit codes of a POSIX shell for a program that is missing or not executable. */
const NOT_FOUND_EXIT_CODES: readonly number[] = [126, 127];

/** Recognises a known failure in timekpra's output; undefined if the output names none. Pure. */
export function recognizeProblem(output: string, exitCode: number): TimekpraProblem | undefined {
  if (NOT_FOUND_EXIT_CODES.includes(exitCode)) return { kind: 'timekpra-not-found' };
  for (const { pattern, problem } of PROBLEM_PATTERNS) {
    const match = output.match(pattern);
    if (match !== null) return problem(match, output);
  }
  return undefined;
}

/** A successful `--settimeleft` prints nothing at all. */
export function parseSetTimeLeftOutput(output: string, exitCode: number): Result<void, TimekpraProblem> {
  const problem = recognizeProblem(output, exitCode);
  if (problem !== undefined) return err(problem);
  if (output.trim() !== '' || exitCode !== 0) return err({ kind: 'unexpected-output', text: output });
  return ok(undefined);
}

/** One allowed hour of a day: minutes `fromMinute`..`toMinute` of it; `accounted` false for `!` (free) hours. */
export interface AllowedHour {
  readonly hour: number;
  readonly fromMinute: number;
  readonly toMinute: number;
  readonly accounted: boolean;
}

/** A child account's state on one machine, as `timekpra --userinfo` reports it. */
export interface UserInfo {
  readonly login: string;
  /** True while the daemon tracks a session of the child (the `ACTUAL_*` keys are present). */
  readonly loggedIn: boolean;
  /** Time left today, in seconds: what the child can really still use (capped at midnight and allowed hours). */
  readonly secondsLeft: number;
  readonly secondsSpentToday: number;
  /**
   * Today's spent balance: time spent minus time given (negative after time was added). Timekpr-nExT derives the
   * uncapped time left from it: today's limit minus this.
   */
  readonly spentBalanceSeconds: number;
  /** Today's limit in seconds; 0 when today is not an allowed weekday. */
  readonly todayLimitSeconds: number;
  readonly allowedHoursToday: readonly AllowedHour[];
  /** Time spent this week (Monday to today), as the daemon last saved it; undefined if it did not say. */
  readonly secondsSpentWeek?: number | undefined;
  /** PlayTime left today, in seconds; present only while PlayTime is on for the child. */
  readonly playTimeLeftSeconds?: number | undefined;
}

/** The values of `timekpra --userinfo`, as text: the pieces both readers of it (time here, rules in rules-read.ts) use. */
export const userinfoText = {
  seconds: z.string().regex(/^-?\d+$/, 'a whole number of seconds').transform(Number),
  list: z.string().regex(/^(\d+(;\d+)*)?$/, 'numbers separated by ;').transform((s) => (s === '' ? [] : s.split(';').map(Number))),
  flag: z.enum(['True', 'False']).transform((value) => value === 'True'),
  /** The week's days and their allowed hours, `ALLOWED_HOURS_1` … `_7`: `8;9[0-30];!20`. */
  days: (() => {
    const hours = z.string().regex(/^(!?\d{1,2}(\[\d{1,2}-\d{1,2}\])?(;!?\d{1,2}(\[\d{1,2}-\d{1,2}\])?)*)?$/, 'hours like 8;9[0-30];!20');
    return { ALLOWED_HOURS_1: hours, ALLOWED_HOURS_2: hours, ALLOWED_HOURS_3: hours, ALLOWED_HOURS_4: hours, ALLOWED_HOURS_5: hours, ALLOWED_HOURS_6: hours, ALLOWED_HOURS_7: hours };
  })(),
} as const;
const { seconds, list } = userinfoText;

const userInfoSchema = z.object({
  ALLOWED_WEEKDAYS: list,
  LIMITS_PER_WEEKDAYS: list,
  ...userinfoText.days,
  TIME_SPENT_BALANCE: seconds,
  TIME_SPENT_DAY: seconds,
  TIME_SPENT_WEEK: seconds.optional(),
  TIME_LEFT_DAY: seconds,
  ACTUAL_TIME_SPENT_BALANCE: seconds.optional(),
  ACTUAL_TIME_SPENT_DAY: seconds.optional(),
  ACTUAL_TIME_LEFT_DAY: seconds.optional(),
  PLAYTIME_ENABLED: userinfoText.flag.optional(),
  PLAYTIME_LEFT_DAY: seconds.optional(),
  ACTUAL_PLAYTIME_LEFT_DAY: seconds.optional(),
});

export type { IsoWeekday };

/**
 * Parses `timekpra --userinfo <login>`. `weekday` is the machine's own ISO weekday, which picks today's limit and
 * allowed hours. Pure.
 */
export function parseUserInfo(output: string, exitCode: number, login: string, weekday: IsoWeekday): Result<UserInfo, TimekpraProblem> {
  const parsed = parseUserinfoText(output, exitCode, login, userInfoSchema);
  if (!parsed.ok) return parsed;
  const info = parsed.value;
  return ok(buildUserInfo(login, weekday, info, parseAllowedHours(info[`ALLOWED_HOURS_${weekday}`])));
}

/**
 * `timekpra --userinfo <login>` read with `schema`: a known failure is itself; text that is not the login's
 * configuration, or not of the schema's shape, is unexpected output. Pure.
 */
export function parseUserinfoText<T>(output: string, exitCode: number, login: string, schema: z.ZodType<T>): Result<T, TimekpraProblem> {
  const problem = recognizeProblem(output, exitCode);
  if (problem !== undefined) return err(problem);
  const unexpected = { kind: 'unexpected-output', text: output } as const;
  const lines = output.split('\n');
  if (lines[0]?.trim() !== `# Configuration for user ${login}:`) return err(unexpected);
  const values: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const match = /^([A-Z0-9_]+): ?(.*)$/.exec(line.trimEnd());
    if (match?.[1] !== undefined && match[2] !== undefined) values[match[1]] = match[2];
  }
  const parsed = schema.safeParse(values);
  return parsed.success ? ok(parsed.data) : err(unexpected);
}

/** The daemon's numbers for one user, by its own key names, however they were read (timekpra's text or D-Bus). */
export interface DaemonUserFields {
  readonly ALLOWED_WEEKDAYS: readonly number[];
  readonly LIMITS_PER_WEEKDAYS: readonly number[];
  readonly TIME_SPENT_BALANCE: number;
  readonly TIME_SPENT_DAY: number;
  readonly TIME_SPENT_WEEK?: number | undefined;
  readonly TIME_LEFT_DAY: number;
  /** The live values; present only while the daemon tracks a session of the user. */
  readonly ACTUAL_TIME_SPENT_BALANCE?: number | undefined;
  readonly ACTUAL_TIME_SPENT_DAY?: number | undefined;
  readonly ACTUAL_TIME_LEFT_DAY?: number | undefined;
  readonly PLAYTIME_ENABLED?: boolean | undefined;
  readonly PLAYTIME_LEFT_DAY?: number | undefined;
  readonly ACTUAL_PLAYTIME_LEFT_DAY?: number | undefined;
}

/** One rule for every backend: what the bot shows of a child, from the daemon's numbers and today's hours. Pure. */
export function buildUserInfo(login: string, weekday: IsoWeekday, fields: DaemonUserFields, allowedHoursToday: readonly AllowedHour[]): UserInfo {
  const loggedIn = fields.ACTUAL_TIME_LEFT_DAY !== undefined;
  // Right after a change ACTUAL_TIME_LEFT_DAY briefly shows the uncapped value until the daemon's next poll, while
  // TIME_LEFT_DAY is already capped: the smaller of the two is what the child really has.
  const secondsLeft = Math.max(0, Math.min(fields.TIME_LEFT_DAY, fields.ACTUAL_TIME_LEFT_DAY ?? fields.TIME_LEFT_DAY));
  const dayIndex = fields.ALLOWED_WEEKDAYS.indexOf(weekday);
  return {
    login,
    loggedIn,
    secondsLeft,
    secondsSpentToday: fields.ACTUAL_TIME_SPENT_DAY ?? fields.TIME_SPENT_DAY,
    spentBalanceSeconds: fields.ACTUAL_TIME_SPENT_BALANCE ?? fields.TIME_SPENT_BALANCE,
    todayLimitSeconds: dayIndex === -1 ? 0 : (fields.LIMITS_PER_WEEKDAYS[dayIndex] ?? 0),
    allowedHoursToday,
    ...(fields.TIME_SPENT_WEEK === undefined ? {} : { secondsSpentWeek: fields.TIME_SPENT_WEEK }),
    ...(fields.PLAYTIME_ENABLED === true && fields.PLAYTIME_LEFT_DAY !== undefined
      ? { playTimeLeftSeconds: Math.max(0, Math.min(fields.PLAYTIME_LEFT_DAY, fields.ACTUAL_PLAYTIME_LEFT_DAY ?? fields.PLAYTIME_LEFT_DAY)) }
      : {}),
  };
}

/** `0;1;!22[0-30]` → hour 0, hour 1, and 22:00–22:30 not counted. The format is checked by the schema. */
export function parseAllowedHours(text: string): AllowedHour[] {
  if (text === '') return [];
  return text.split(';').map((item) => {
    const match = /^(!?)(\d+)(?:\[(\d+)-(\d+)\])?$/.exec(item);
    return {
      hour: Number(match?.[2]),
      fromMinute: match?.[3] === undefined ? 0 : Number(match[3]),
      toMinute: match?.[4] === undefined ? 60 : Number(match[4]),
      accounted: match?.[1] !== '!',
    };
  });
}

/** `timekpra --userlist`: the logins Timekpr-nExT has a configuration for. Pure. */
export function parseUserList(output: string, exitCode: number): Result<string[], TimekpraProblem> {
  const problem = recognizeProblem(output, exitCode);
  if (problem !== undefined) return err(problem);
  const [header, ...names] = output.trimEnd().split('\n');
  const count = /^(\d+) users? in total:$/.exec(header?.trim() ?? '');
  const logins = names.map((name) => name.trim()).filter((name) => name !== '');
  if (count === null || Number(count[1]) !== logins.length) return err({ kind: 'unexpected-output', text: output });
  return ok(logins);
}

/** `date +%u` → 1..7. */
export function parseWeekday(output: string): Result<IsoWeekday, TimekpraProblem> {
  const text = output.trim();
  return /^[1-7]$/.test(text) ? ok(Number(text) as IsoWeekday) : err({ kind: 'unexpected-output', text: output });
}

/** A day never has more than this much time left. */
const SECONDS_PER_DAY = 86_400;
/** Saved and live values drift by up to half a minute between the daemon's saves; smaller gaps are not a cap. */
const CAP_TOLERANCE_SECONDS = 60;

/**
 * True when Timekpr-nExT keeps time left below what the limit and balance would give: the end of allowed hours or
 * midnight comes first, so time added now (partly) cannot be used today. Pure.
 */
export function isCappedByClock(info: UserInfo): boolean {
  const uncapped = Math.min(SECONDS_PER_DAY, Math.max(0, info.todayLimitSeconds - info.spentBalanceSeconds));
  return info.secondsLeft < uncapped - CAP_TOLERANCE_SECONDS;
}
