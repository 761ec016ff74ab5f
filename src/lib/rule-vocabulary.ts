/**
 * The vocabulary of house rules that the config file, the chat's commands and the computers share: weekdays, spans of
 * a day, limits for days, what happens at zero, PlayTime activities, and the bounds every side checks. Types and
 * constants only; it imports nothing of ours, so every layer may use it.
 */

/** Monday is 1, Sunday 7 (as Timekpr-nExT numbers them). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const WEEKDAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5, 6, 7];

/** What Timekpr-nExT 0.5 does when time is up (its `setLockoutType`); it knows no other. */
export const LOCKOUT_TYPES = ['lock', 'suspend', 'suspendwake', 'terminate', 'shutdown'] as const;
export type LockoutType = (typeof LOCKOUT_TYPES)[number];

/** The wake-up hours timekpra sends when given none: any hour. */
export const ANY_HOUR = { fromHour: 0, toHour: 23 } as const;

export interface Lockout {
  readonly type: LockoutType;
  /** Only with `suspendwake`: the hours (0–23) between which the computer may wake up again. */
  readonly wake?: { readonly fromHour: number; readonly toHour: number } | undefined;
}

/** A process PlayTime counts: `mask` is matched against the process name, `description` is what people read. */
export interface PlayTimeActivity {
  readonly mask: string;
  readonly description: string;
}

/** Bounds both sides check (the daemon clamps silently; the bot and the helper refuse instead). */
export const RULE_BOUNDS = {
  daySeconds: 86_400,
  weekSeconds: 604_800,
  monthSeconds: 2_678_400,
  maxActivities: 32,
  maxMaskLength: 64,
  maxDescriptionLength: 64,
} as const;

/** A PlayTime mask: a process-name pattern made of safe characters only (no `;`, `[`, `]`, `$`, quotes, spaces). */
export const ACTIVITY_MASK_PATTERN = /^[A-Za-z0-9._*+?^-]{1,64}$/;
/** A PlayTime description: letters, digits, spaces and a little punctuation; never `;`, `[` or `]`. */
export const ACTIVITY_DESCRIPTION_PATTERN = /^[\p{L}\p{N} ._:!'&+-]{1,64}$/u;

/** Days an edit is about: listed weekdays, or every day that is allowed on that computer. */
export type DaySelection = { readonly kind: 'allowed' } | { readonly kind: 'days'; readonly days: readonly IsoWeekday[] };

/** A span of a day in minutes (0..1440); `free`: not counted ("∞"). */
export interface Interval {
  readonly fromMinute: number;
  readonly toMinute: number;
  readonly free: boolean;
}

/** A limit for some days. */
export interface DayLimit {
  readonly days: DaySelection;
  readonly seconds: number;
}

/** Allowed hours for some days. */
export interface DayIntervals {
  readonly days: readonly IsoWeekday[];
  readonly intervals: readonly Interval[];
}

/** One way a computer's rules differ from a profile: the value there, and the profile's. */
export type RuleDifference =
  /** A day's limit; undefined: the day is not allowed. */
  | { readonly kind: 'day'; readonly day: IsoWeekday; readonly actual: number | undefined; readonly profile: number | undefined }
  | { readonly kind: 'hours'; readonly day: IsoWeekday; readonly actual: readonly Interval[]; readonly profile: readonly Interval[] }
  /** Week or month limit; undefined: off. */
  | { readonly kind: 'week-limit' | 'month-limit'; readonly actual: number | undefined; readonly profile: number | undefined }
  | { readonly kind: 'lockout'; readonly actual: Lockout; readonly profile: Lockout }
  | { readonly kind: 'playtime'; readonly actual: boolean; readonly profile: boolean }
  /** A day's PlayTime limit; undefined: PlayTime is not allowed that day. */
  | { readonly kind: 'playtime-limit'; readonly day: IsoWeekday; readonly actual: number | undefined; readonly profile: number | undefined }
  | { readonly kind: 'playtime-activities'; readonly actual: readonly PlayTimeActivity[]; readonly profile: readonly PlayTimeActivity[] };
