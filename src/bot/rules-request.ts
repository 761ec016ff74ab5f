import type { ChildConfig, Config } from '../config/types.ts';
import type { RuleException, RulesEdit } from '../household/rules-edit.ts';
import { addDays } from '../lib/local-days.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { RULE_BOUNDS } from '../lib/rule-vocabulary.ts';
import {
  activitiesOf,
  clip,
  GAMES,
  isValueWord,
  KEYWORDS,
  MONTH,
  NONE,
  OFF,
  ON,
  parseDayLimits,
  parseDayList,
  parseDays,
  parseDuration,
  parseHourGroups,
  parseEndTime,
  parseLockout,
  splitWords,
  WEEK,
  type RuleWordProblem,
} from '../lib/rule-words.ts';
import { findChild, findMachineOf, type NameProblem } from './names.ts';

/**
 * The house-rules commands as parents type them (`/limit mia weekdays 1h30 weekend 3h desktop`), read into a
 * `RulesEdit` for one child's computers. English and German words, any case. Facts only: every problem names the
 * text it is about (cut to `MAX_PROBLEM_TEXT` characters); render/ words them. Pure.
 */

export type RulesCommand = 'limit' | 'hours' | 'days' | 'playtime' | 'lockout' | ExceptionCommand;

/** The commands of exceptions that end by themselves, at the end of the day they are about. */
export type ExceptionCommand = 'tonight' | 'today' | 'tomorrow';

export interface RulesRequest {
  readonly child: ChildConfig;
  /** The computers to change: the one named last, or all of the child's (config order). */
  readonly machineIds: readonly string[];
  readonly edit: RulesEdit;
}

/** Why a house-rules command is not taken. */
export type RulesRequestProblem =
  /** Not the command's shape (nothing after the child, a keyword out of place, days without a value…). */
  | { readonly kind: 'usage'; readonly command: RulesCommand }
  | NameProblem
  | Exclude<RuleWordProblem, { readonly kind: 'usage' }>;

/** A word that belongs to a command's grammar: a keyword, a value, days or a list; not a child's or computer's name. */
function looksLikeArgument(word: string): boolean {
  return KEYWORDS.has(word.toLowerCase()) || isValueWord(word) || word.includes(',') || word.includes('[') || parseDays(word).ok;
}

/**
 * Parses the text after `/limit`, `/hours`, `/days`, `/playtime` or `/lockout`: `<child> <arguments> [computer]`.
 * The child is the longest run of leading words that names one (names may contain spaces); a last word that names one
 * of the child's computers selects it, otherwise all of them. A last word that is no argument, where the rest is a
 * whole command, is an unknown computer. Pure.
 */
export function parseRulesArguments(config: Config, command: RulesCommand, text: string, today: string): Result<RulesRequest, RulesRequestProblem> {
  const usage = err({ kind: 'usage', command } as const);
  const all = splitWords(text.normalize('NFC'));
  const found = leadingChild(config, all);
  if (found === undefined) {
    const nameEnd = all.findIndex(looksLikeArgument);
    const nameWords = nameEnd === -1 ? all : all.slice(0, nameEnd);
    return nameWords.length === 0 ? usage : err({ kind: 'unknown-child', name: clip(nameWords.join(' ')) });
  }
  const { child, rest } = found;
  const last = rest.at(-1);
  const machine = last === undefined ? undefined : findMachineOf(child, last);
  const args = machine?.ok === true ? rest.slice(0, -1) : rest;
  const machineIds = machine?.ok === true ? [machine.value] : [...child.accounts.keys()];
  if (args.length === 0) return usage;
  const edit = editOf(command, args, today);
  if (edit.ok) return ok({ child, machineIds, edit: edit.value });
  // Only a last word the grammar could not place (an unknown day, the usage) may have been meant as a computer.
  const lastUnplaced = edit.error.kind === 'usage' || (edit.error.kind === 'unknown-day' && last !== undefined && edit.error.text === clip(last));
  if (last !== undefined && machine?.ok === false && lastUnplaced && !looksLikeArgument(last) && editOf(command, args.slice(0, -1), today).ok) {
    return err({ kind: 'unknown-machine', childId: child.id, name: clip(last) });
  }
  return edit.error.kind === 'usage' ? usage : err(edit.error);
}

function leadingChild(config: Config, all: readonly string[]): { child: ChildConfig; rest: readonly string[] } | undefined {
  for (let count = all.length; count >= 1; count -= 1) {
    const child = findChild(config, all.slice(0, count).join(' '));
    if (child.ok) return { child: child.value, rest: all.slice(count) };
  }
  return undefined;
}

const USAGE = err({ kind: 'usage' } as const);

function editOf(command: RulesCommand, args: readonly string[], today: string): Result<RulesEdit, RuleWordProblem> {
  switch (command) {
    case 'tonight':
    case 'today':
    case 'tomorrow': {
      const exception = exceptionOf(command, args, today);
      return exception.ok ? ok({ kind: 'exception', exception: exception.value }) : exception;
    }
    case 'limit':
      return limitEdit(args);
    case 'hours': {
      const groups = parseHourGroups(args);
      return groups.ok ? ok({ kind: 'hours', groups: groups.value }) : groups;
    }
    case 'days': {
      const days = parseDayList(args);
      return days.ok ? ok({ kind: 'days', days: days.value }) : days;
    }
    case 'playtime':
      return playTimeEdit(args);
    case 'lockout': {
      const lockout = parseLockout(args);
      return lockout.ok ? ok({ kind: 'lockout', lockout: lockout.value }) : lockout;
    }
  }
}

function limitEdit(args: readonly string[]): Result<RulesEdit, RuleWordProblem> {
  const first = args[0]?.toLowerCase() ?? '';
  const period = WEEK.has(first) ? 'week-limit' : MONTH.has(first) ? 'month-limit' : undefined;
  if (period === undefined) {
    const limits = parseDayLimits(args);
    return limits.ok ? ok({ kind: 'limit', limits: limits.value }) : limits;
  }
  const value = args[1];
  if (value === undefined || args.length > 2) return USAGE;
  if (OFF.has(value.toLowerCase())) return ok({ kind: period, seconds: 'off' });
  const seconds = parseDuration(value, period === 'week-limit' ? RULE_BOUNDS.weekSeconds : RULE_BOUNDS.monthSeconds);
  return seconds.ok ? ok({ kind: period, seconds: seconds.value }) : seconds;
}

function playTimeEdit(args: readonly string[]): Result<RulesEdit, RuleWordProblem> {
  const first = args[0]?.toLowerCase() ?? '';
  if (ON.has(first) || OFF.has(first)) return args.length === 1 ? ok({ kind: 'playtime', enabled: ON.has(first) }) : USAGE;
  if (GAMES.has(first)) {
    if (args.length === 1 || (args.length > 2 && args.some((word) => NONE.has(word.toLowerCase())))) return USAGE;
    const activities = activitiesOf(args.slice(1));
    return activities.ok ? ok({ kind: 'playtime-activities', activities: activities.value }) : activities;
  }
  const limits = parseDayLimits(args);
  return limits.ok ? ok({ kind: 'playtime-limit', limits: limits.value }) : limits;
}


/** `/tonight mia 22:30`, `/today mia 3h`, `/today mia off`, `/tomorrow mia off`, `/tomorrow mia 1h`: one value. */
function exceptionOf(command: ExceptionCommand, args: readonly string[], today: string): Result<RuleException, RuleWordProblem> {
  const [value] = args;
  if (value === undefined || args.length > 1) return USAGE;
  const date = command === 'tomorrow' ? addDays(today, 1) : today;
  if (command === 'tonight') {
    const toMinute = parseEndTime(value);
    return toMinute.ok ? ok({ kind: 'tonight', date, toMinute: toMinute.value }) : toMinute;
  }
  if (OFF.has(value.toLowerCase())) return ok({ kind: 'day-off', date });
  if (!isValueWord(value)) return USAGE;
  const seconds = parseDuration(value, RULE_BOUNDS.daySeconds);
  return seconds.ok ? ok({ kind: 'day-limit', date, seconds: seconds.value }) : seconds;
}
