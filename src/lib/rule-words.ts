import { err, ok, type Result } from './result.ts';
import {
  ACTIVITY_DESCRIPTION_PATTERN,
  ACTIVITY_MASK_PATTERN,
  ANY_HOUR,
  LOCKOUT_TYPES,
  RULE_BOUNDS,
  WEEKDAYS,
  type DayIntervals,
  type DayLimit,
  type Interval,
  type IsoWeekday,
  type Lockout,
  type LockoutType,
  type PlayTimeActivity,
} from './rule-vocabulary.ts';

/**
 * The words of house rules, as parents write them in the chat's commands and in the config file's profiles: days
 * (`mon-fri`, `weekend`, `Mo.-Fr.`), durations (`1h30`, `90m`, `2std`), spans of a day (`8:00-20:30`, `16-17 free`),
 * PlayTime activities and lockout types, in English and German, any case. Facts only: every problem is a kind naming
 * the text it is about (cut to `MAX_PROBLEM_TEXT` characters); the bot words them. Pure.
 */

/** Typed text carried in a problem is cut to this many characters (the last one then `…`). */
export const MAX_PROBLEM_TEXT = 40;

/** Why a word or list of days is not taken. */
export type DayProblem =
  /** Not a day, a day group or a range of days (`xyz` of `mon,xyz`). */
  | { readonly kind: 'unknown-day'; readonly text: string }
  /** A range that runs over the week's end (`fri-mon`): write it as a list (`fri-sun,mon`). */
  | { readonly kind: 'wrapping-day-range'; readonly text: string }
  /** Nothing at all where days were asked for (`parseDays('')`). */
  | { readonly kind: 'no-days' };

/** Why a duration is not taken. */
export type DurationProblem =
  /** Not a duration at all (`-1h`, `2x`). */
  | { readonly kind: 'not-duration'; readonly text: string }
  /** A bare number other than 0 (`2`): hours or minutes? */
  | { readonly kind: 'duration-without-unit'; readonly text: string }
  /** Not a whole number of minutes (`1.01h`, `0.5m`). */
  | { readonly kind: 'not-whole-minutes'; readonly text: string }
  /** More than this limit can be (`25h` for a day: at most 86400 s). */
  | { readonly kind: 'duration-too-long'; readonly text: string; readonly maxSeconds: number };

/** Why a range of times of day is not taken. */
export type TimeRangeProblem =
  /** Not `from-to` (`8`, `8-`, `8-9-10`). */
  | { readonly kind: 'bad-time-range'; readonly text: string }
  /** A time of day that does not exist (`25:00`, `8:61`; `24` only as an end). */
  | { readonly kind: 'bad-time'; readonly text: string }
  /** The end is not after the start (`20-8`, `8-8`). */
  | { readonly kind: 'end-not-after-start'; readonly text: string };

/** Why PlayTime activities (`minecraft[Minecraft] steam`) are not taken. */
export type ActivityProblem =
  /** Not `mask` or `mask[Description]` (an unclosed `[`, text after `]`, no mask), or `none` among masks. */
  | { readonly kind: 'bad-activity'; readonly text: string }
  /** A mask with characters that are not allowed (`;`, `$`, quotes…) or longer than 64. */
  | { readonly kind: 'bad-activity-mask'; readonly text: string }
  /** A description with characters that are not allowed (`;`, `[`…) or longer than 64. */
  | { readonly kind: 'bad-activity-description'; readonly text: string }
  /** A mask given without a description that cannot be its own (`steam.*`): write `steam.*[Steam]`. */
  | { readonly kind: 'activity-needs-description'; readonly mask: string }
  /** The same mask twice. */
  | { readonly kind: 'duplicate-activity'; readonly mask: string }
  | { readonly kind: 'too-many-activities'; readonly count: number; readonly max: number }
  /** Nothing at all where activities were asked for (`parseActivities('')`). */
  | { readonly kind: 'no-activities' };

/** Why the words of a limit, hours, days, activities or a lockout are not taken. */
export type RuleWordProblem =
  /** Not the shape the words must have (a keyword out of place, days without a value…). */
  | { readonly kind: 'usage' }
  | DayProblem
  | DurationProblem
  | TimeRangeProblem
  /** Two intervals of one group of days, both counted or both free, overlap (`8-12 10-14`), as typed. */
  | { readonly kind: 'overlapping-intervals'; readonly first: string; readonly second: string }
  | ActivityProblem
  /** Not one of the lockout types (nor a German name of one). */
  | { readonly kind: 'unknown-lockout'; readonly text: string }
  /** Wake-up hours that are not `from-to` whole hours 0..23 with from ≤ to (`7-25`, `18-7`, `7:30-9`). */
  | { readonly kind: 'bad-wake-hours'; readonly text: string }
  /** Wake-up hours given with a type that does not wake (`lock 7-18`). */
  | { readonly kind: 'wake-hours-need-suspendwake'; readonly type: LockoutType };

const USAGE = err({ kind: 'usage' } as const);

const words = (...list: string[]): ReadonlySet<string> => new Set(list);

const DAY_NAMES: ReadonlyMap<string, IsoWeekday> = new Map<string, IsoWeekday>([
  ...(['mon', 'monday', 'mo', 'montag'] as const).map((name) => [name, 1] as const),
  ...(['tue', 'tues', 'tuesday', 'di', 'dienstag'] as const).map((name) => [name, 2] as const),
  ...(['wed', 'wednesday', 'mi', 'mittwoch'] as const).map((name) => [name, 3] as const),
  ...(['thu', 'thur', 'thurs', 'thursday', 'do', 'donnerstag'] as const).map((name) => [name, 4] as const),
  ...(['fri', 'friday', 'fr', 'freitag'] as const).map((name) => [name, 5] as const),
  ...(['sat', 'saturday', 'sa', 'samstag', 'sonnabend'] as const).map((name) => [name, 6] as const),
  ...(['sun', 'sunday', 'so', 'sonntag'] as const).map((name) => [name, 7] as const),
]);

const DAY_GROUPS: ReadonlyMap<string, readonly IsoWeekday[]> = new Map<string, readonly IsoWeekday[]>([
  ...['weekdays', 'weekday', 'werktags', 'wochentags'].map((name) => [name, [1, 2, 3, 4, 5]] as const),
  ...['weekend', 'weekends', 'wochenende'].map((name) => [name, [6, 7]] as const),
  ...['all', 'daily', 'everyday', 'alle', 'täglich', 'taeglich'].map((name) => [name, WEEKDAYS] as const),
]);

export const WEEK = words('week', 'woche');
export const MONTH = words('month', 'monat');
export const ON = words('on', 'an');
export const OFF = words('off', 'aus');
export const GAMES = words('games', 'spiele');
export const NONE = words('none', 'keine');
export const FREE = words('free', 'frei');

const LOCKOUT_ALIASES: ReadonlyMap<string, LockoutType> = new Map<string, LockoutType>([
  ...LOCKOUT_TYPES.map((type) => [type, type] as const),
  ['sperren', 'lock'],
  ['ruhezustand', 'suspend'],
  ['abmelden', 'terminate'],
  ['herunterfahren', 'shutdown'],
]);

/** Words of the commands' grammar other than days: out of place they make the usage, never a day or a computer. */
export const KEYWORDS: ReadonlySet<string> = new Set([...WEEK, ...MONTH, ...ON, ...OFF, ...GAMES, ...NONE, ...FREE, ...LOCKOUT_ALIASES.keys()]);

const HOUR_UNITS = 'h|hr|hrs|hour|hours|std|stunde|stunden';
const MINUTE_UNITS = 'm|min|mins|minute|minutes|minuten';
const BARE_NUMBER = /^\d+$/;
const CLOCK_DURATION = /^(\d+):(\d\d)$/;
const HOURS_DURATION = new RegExp(`^(\\d+)(?:[.,](\\d+))?(?:${HOUR_UNITS})$`);
const MINUTES_DURATION = new RegExp(`^(\\d+)(?:[.,](\\d+))?(?:${MINUTE_UNITS})$`);
const HOURS_MINUTES_DURATION = new RegExp(`^(\\d+)(?:${HOUR_UNITS})(\\d{1,2})(?:${MINUTE_UNITS})?$`);
const TIME_OF_DAY = /^(\d{1,2})(?:[:.](\d\d))?$/;
const WAKE_HOUR = /^(\d{1,2})(?::00)?$/;
const RANGE_DASH = /[-–]/;

/** `text`, or its first characters and `…` when it is longer than `MAX_PROBLEM_TEXT`. */
export function clip(text: string): string {
  const characters = [...text];
  return characters.length <= MAX_PROBLEM_TEXT ? text : `${characters.slice(0, MAX_PROBLEM_TEXT - 1).join('')}…`;
}

/** Starts like a number, a time or a duration (also `-1h`, `.5h`): a value, never a day or a name. */
export const isValueWord = (word: string): boolean => /^[-–+.,:\d]/.test(word);

/**
 * Days from `mon-fri`, `sat,sun`, `mon,wed-fri`, `weekdays`, `Mo.-Fr.`, `sat, sun` (lists by commas or spaces, ranges
 * by `-`, day groups, English and German, any case). Ascending, each once. A range may not run over Sunday. Pure.
 */
export function parseDays(text: string): Result<IsoWeekday[], DayProblem> {
  const trimmed = text.normalize('NFC').trim();
  if (trimmed === '') return err({ kind: 'no-days' });
  const parts = trimmed.replace(/\s*([-–])\s*/g, '$1').split(/[\s,]+/).filter((part) => part !== '');
  if (parts.length === 0) return err({ kind: 'unknown-day', text: clip(trimmed) });
  const days = new Set<IsoWeekday>();
  for (const part of parts) {
    const found = daysOfPart(part);
    if (!found.ok) return found;
    for (const day of found.value) days.add(day);
  }
  return ok([...days].sort((a, b) => a - b));
}

function daysOfPart(part: string): Result<readonly IsoWeekday[], DayProblem> {
  const range = part.split(RANGE_DASH);
  if (range.length === 1) {
    const name = dayWord(part);
    const days = DAY_GROUPS.get(name) ?? DAY_NAMES.get(name);
    if (days === undefined) return err({ kind: 'unknown-day', text: clip(part) });
    return ok(typeof days === 'number' ? [days] : days);
  }
  const [fromText = '', toText = ''] = range;
  const from = DAY_NAMES.get(dayWord(fromText));
  const to = DAY_NAMES.get(dayWord(toText));
  if (range.length !== 2 || from === undefined || to === undefined) {
    // Name the side that is not a day, unless it is empty or a group of days (`weekend-mon`): then the whole range.
    const side = range.length !== 2 ? undefined : from === undefined ? fromText : toText;
    const unknown = side === undefined || side === '' || DAY_GROUPS.has(dayWord(side)) ? part : side;
    return err({ kind: 'unknown-day', text: clip(unknown) });
  }
  if (to < from) return err({ kind: 'wrapping-day-range', text: clip(part) });
  return ok(WEEKDAYS.filter((day) => day >= from && day <= to));
}

/** A day word as looked up: any case, a German abbreviation's dot (`Mo.`) dropped. */
const dayWord = (text: string): string => text.toLowerCase().replace(/\.$/, '');

/**
 * A duration in seconds from `2h`, `1h30`, `1h30m`, `90m`, `45min`, `1.5h`, `1,5h`, `2:30`, `0`, German `2std`,
 * `2stunden`, `90minuten`. Whole minutes, from 0 to `maxSeconds`. A bare number other than 0 is refused (no unit). Pure.
 */
export function parseDuration(text: string, maxSeconds: number): Result<number, DurationProblem> {
  const trimmed = text.trim();
  const lower = trimmed.toLowerCase();
  const seconds = secondsOf(lower);
  if (seconds === 'not-duration') return err({ kind: 'not-duration', text: clip(trimmed) });
  if (seconds === 'without-unit') return err({ kind: 'duration-without-unit', text: clip(trimmed) });
  if (seconds === 'not-whole-minutes') return err({ kind: 'not-whole-minutes', text: clip(trimmed) });
  if (seconds > maxSeconds) return err({ kind: 'duration-too-long', text: clip(trimmed), maxSeconds });
  return ok(seconds);
}

/** More digits before the point than any limit can use (a million minutes is over a month): too long, not unreadable. */
const MAX_INTEGER_DIGITS = 6;
/** More digits after the point than whole minutes can have: not whole minutes. */
const MAX_FRACTION_DIGITS = 6;

function secondsOf(lower: string): number | 'not-duration' | 'without-unit' | 'not-whole-minutes' {
  if (BARE_NUMBER.test(lower)) return /^0+$/.test(lower) ? 0 : 'without-unit';
  const clock = CLOCK_DURATION.exec(lower) ?? HOURS_MINUTES_DURATION.exec(lower);
  if (clock !== null) {
    const minutes = Number(clock[2]);
    if (minutes > 59) return 'not-duration';
    const hours = decimalSeconds(clock[1] ?? '', '', 3600);
    return typeof hours === 'number' ? hours + minutes * 60 : hours;
  }
  const hours = HOURS_DURATION.exec(lower);
  if (hours !== null) return decimalSeconds(hours[1] ?? '', hours[2] ?? '', 3600);
  const minutes = MINUTES_DURATION.exec(lower);
  if (minutes !== null) return decimalSeconds(minutes[1] ?? '', minutes[2] ?? '', 60);
  return 'not-duration';
}

/** `integer.fraction` units of `unitSeconds` as seconds, exactly (no floating point): whole minutes only. */
function decimalSeconds(integer: string, fraction: string, unitSeconds: number): number | 'not-whole-minutes' {
  const integerDigits = integer.replace(/^0+(?=\d)/, '');
  if (integerDigits.length > MAX_INTEGER_DIGITS) return Number.POSITIVE_INFINITY;
  const fractionDigits = fraction.replace(/0+$/, '');
  if (fractionDigits.length > MAX_FRACTION_DIGITS) return 'not-whole-minutes';
  const scale = 10 ** fractionDigits.length;
  const scaledSeconds = (Number(integerDigits) * scale + Number(fractionDigits === '' ? '0' : fractionDigits)) * unitSeconds;
  if (scaledSeconds % (scale * 60) !== 0) return 'not-whole-minutes';
  return scaledSeconds / scale;
}

/**
 * A span of a day in minutes from `8:00-20:30`, `9-22`, `8.30-12`, `20-24`: hours 0..23, minutes 0..59 (two digits),
 * `24`/`24:00` only as the end; the end after the start. Pure.
 */
export function parseTimeRange(text: string): Result<Omit<Interval, 'free'>, TimeRangeProblem> {
  const trimmed = text.trim();
  const parts = trimmed.split(RANGE_DASH);
  const [fromText = '', toText = ''] = parts;
  if (parts.length !== 2 || fromText === '' || toText === '') return err({ kind: 'bad-time-range', text: clip(trimmed) });
  const fromMinute = minuteOfDay(fromText, false);
  if (fromMinute === undefined) return err({ kind: 'bad-time', text: clip(fromText) });
  const toMinute = minuteOfDay(toText, true);
  if (toMinute === undefined) return err({ kind: 'bad-time', text: clip(toText) });
  if (toMinute <= fromMinute) return err({ kind: 'end-not-after-start', text: clip(trimmed) });
  return ok({ fromMinute, toMinute });
}

/** A time of day as an end (`22:30`, `22`, `22.30`, `24`): minutes after midnight, 1..1440. Pure. */
export function parseEndTime(text: string): Result<number, TimeRangeProblem> {
  const minute = minuteOfDay(text.trim(), true);
  return minute === undefined || minute === 0 ? err({ kind: 'bad-time', text: clip(text.trim()) }) : ok(minute);
}

function minuteOfDay(text: string, isEnd: boolean): number | undefined {
  const match = TIME_OF_DAY.exec(text);
  if (match === null) return undefined;
  const hour = Number(match[1]);
  const minute = Number(match[2] ?? '0');
  if (minute > 59) return undefined;
  if (hour === 24 && minute === 0 && isEnd) return 24 * 60;
  return hour > 23 ? undefined : hour * 60 + minute;
}

/**
 * PlayTime activities from `minecraft[Minecraft] steam[Steam Games] supertux`: a mask alone is also its description;
 * `none`/`keine` alone is no activities (and no mask). Masks must match `ACTIVITY_MASK_PATTERN`, descriptions (NFC, trimmed)
 * `ACTIVITY_DESCRIPTION_PATTERN`; at most `RULE_BOUNDS.maxActivities`, each mask once. Pure.
 */
export function parseActivities(text: string): Result<PlayTimeActivity[], ActivityProblem> {
  const tokens = splitWords(text.normalize('NFC'));
  if (tokens.length === 0) return err({ kind: 'no-activities' });
  return activitiesOf(tokens);
}

export function activitiesOf(tokens: readonly string[]): Result<PlayTimeActivity[], ActivityProblem> {
  if (tokens.length === 1 && NONE.has(tokens[0]?.toLowerCase() ?? '')) return ok([]);
  const none = tokens.find((token) => NONE.has(token.toLowerCase()));
  if (none !== undefined) return err({ kind: 'bad-activity', text: none });
  if (tokens.length > RULE_BOUNDS.maxActivities) return err({ kind: 'too-many-activities', count: tokens.length, max: RULE_BOUNDS.maxActivities });
  const activities: PlayTimeActivity[] = [];
  for (const token of tokens) {
    const shape = /^([^[\]]+)(?:\[([^[\]]*)\])?$/.exec(token);
    if (shape === null) return err({ kind: 'bad-activity', text: clip(token) });
    const mask = shape[1] ?? '';
    if (!ACTIVITY_MASK_PATTERN.test(mask)) return err({ kind: 'bad-activity-mask', text: clip(mask) });
    const described = (shape[2] ?? '').trim();
    if (described === '' && !ACTIVITY_DESCRIPTION_PATTERN.test(mask)) return err({ kind: 'activity-needs-description', mask: clip(mask) });
    const description = described === '' ? mask : described;
    if (!ACTIVITY_DESCRIPTION_PATTERN.test(description)) return err({ kind: 'bad-activity-description', text: clip(description) });
    if (activities.some((activity) => activity.mask === mask)) return err({ kind: 'duplicate-activity', mask: clip(mask) });
    activities.push({ mask, description });
  }
  return ok(activities);
}

/** Words split at white space, except inside `[…]` (a description may have spaces; an unclosed `[` takes the rest). */
export function splitWords(text: string): string[] {
  const found: string[] = [];
  let current = '';
  let inBrackets = false;
  for (const character of text) {
    if (!inBrackets && /\s/.test(character)) {
      if (current !== '') found.push(current);
      current = '';
      continue;
    }
    if (character === '[') inBrackets = true;
    else if (character === ']') inBrackets = false;
    current += character;
  }
  if (current !== '') found.push(current);
  return found;
}

/** `2h`, `weekdays 1h30 weekend 3h`, `2h sat 4h`: a limit for every allowed day first, or for the days before it. */
export function parseDayLimits(args: readonly string[]): Result<DayLimit[], RuleWordProblem> {
  const limits: DayLimit[] = [];
  let days: IsoWeekday[] | undefined;
  for (const word of args) {
    if (isValueWord(word)) {
      const seconds = parseDuration(word, RULE_BOUNDS.daySeconds);
      if (!seconds.ok) return seconds;
      if (days === undefined && limits.length > 0) return USAGE;
      limits.push({ days: days === undefined ? { kind: 'allowed' } : { kind: 'days', days }, seconds: seconds.value });
      days = undefined;
      continue;
    }
    const more = dayArgument(word);
    if (!more.ok) return more;
    days = union(days, more.value);
  }
  return days !== undefined || limits.length === 0 ? USAGE : ok(limits);
}

/** `8-20`, `mon-fri 7-8 15-20 sat,sun 9-21`, `mon 16-17 free`: hours for every day first, or for the days before. */
export function parseHourGroups(args: readonly string[]): Result<DayIntervals[], RuleWordProblem> {
  interface Group {
    readonly days: readonly IsoWeekday[];
    readonly intervals: { fromMinute: number; toMinute: number; free: boolean; readonly text: string }[];
  }
  const groups: Group[] = [];
  let days: IsoWeekday[] | undefined;
  for (const word of args) {
    if (FREE.has(word.toLowerCase())) {
      const interval = days === undefined ? groups.at(-1)?.intervals.at(-1) : undefined;
      if (interval === undefined || interval.free) return USAGE;
      interval.free = true;
      continue;
    }
    if (isValueWord(word)) {
      const range = parseTimeRange(word);
      if (!range.ok) return range;
      if (days !== undefined || groups.length === 0) groups.push({ days: days ?? WEEKDAYS, intervals: [] });
      days = undefined;
      groups.at(-1)?.intervals.push({ ...range.value, free: false, text: word });
      continue;
    }
    const more = dayArgument(word);
    if (!more.ok) return more;
    days = union(days, more.value);
  }
  if (days !== undefined || groups.length === 0) return USAGE;
  for (const group of groups) {
    for (const [index, first] of group.intervals.entries()) {
      // A free interval inside a counted one is how a free hour in the afternoon is written (`15-20:30 16-17 free`).
      const second = group.intervals
        .slice(index + 1)
        .find((other) => other.free === first.free && other.fromMinute < first.toMinute && first.fromMinute < other.toMinute);
      if (second !== undefined) return err({ kind: 'overlapping-intervals', first: clip(first.text), second: clip(second.text) });
    }
  }
  return ok(
    groups.map((group) => ({
      days: group.days,
      intervals: group.intervals
        .map(({ fromMinute, toMinute, free }) => ({ fromMinute, toMinute, free }))
        .sort((a, b) => a.fromMinute - b.fromMinute),
    })),
  );
}

/** `mon-fri`, `sat sun`, `weekdays sat`: the days of all the words together, ascending, each once. */
export function parseDayList(args: readonly string[]): Result<IsoWeekday[], RuleWordProblem> {
  let days: IsoWeekday[] | undefined;
  for (const word of args) {
    const more = dayArgument(word);
    if (!more.ok) return more;
    days = union(days, more.value);
  }
  return days === undefined ? USAGE : ok(days);
}

/** `lock`, `sperren`, `suspendwake 7-18`: what happens at zero. */
export function parseLockout(args: readonly string[]): Result<Lockout, RuleWordProblem> {
  const [typeWord = '', wakeText] = args;
  const type = LOCKOUT_ALIASES.get(typeWord.toLowerCase());
  if (type === undefined) return KEYWORDS.has(typeWord.toLowerCase()) ? USAGE : err({ kind: 'unknown-lockout', text: clip(typeWord) });
  if (wakeText === undefined) {
    const lockout: Lockout = type === 'suspendwake' ? { type, wake: { ...ANY_HOUR } } : { type };
    return ok(lockout);
  }
  if (args.length > 2 || !isValueWord(wakeText)) return USAGE;
  if (type !== 'suspendwake') return err({ kind: 'wake-hours-need-suspendwake', type });
  const wake = wakeHours(wakeText);
  return wake === undefined ? err({ kind: 'bad-wake-hours', text: clip(wakeText) }) : ok({ type, wake });
}

/** `7-18`, `7:00-18:00`: whole hours 0..23, from ≤ to. */
function wakeHours(text: string): { fromHour: number; toHour: number } | undefined {
  const parts = text.split(RANGE_DASH);
  if (parts.length !== 2) return undefined;
  const [fromHour, toHour] = parts.map((part) => {
    const match = WAKE_HOUR.exec(part);
    return match === null ? undefined : Number(match[1]);
  });
  if (fromHour === undefined || toHour === undefined || toHour > 23 || fromHour > toHour) return undefined;
  return { fromHour, toHour };
}

/** One word of days inside a command: a keyword out of place is the usage, anything else must be days. */
function dayArgument(word: string): Result<IsoWeekday[], RuleWordProblem> {
  return KEYWORDS.has(word.toLowerCase()) ? USAGE : parseDays(word);
}

function union(days: readonly IsoWeekday[] | undefined, more: readonly IsoWeekday[]): IsoWeekday[] {
  return [...new Set([...(days ?? []), ...more])].sort((a, b) => a - b);
}
