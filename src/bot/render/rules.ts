import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'grammy/types';
import type { ChildConfig, Config } from '../../config/types.ts';
import { intervalsFromHours, type EditProblem } from '../../household/rules-edit.ts';
import type { MachineRulesOutcome } from '../../household/rules.ts';
import type { NoAccount } from '../../household/change-time.ts';
import { duration, namesList } from '../../i18n/format.ts';
import { clock, dayName, intervalsText, limitText, lockoutText } from '../../i18n/rule-text.ts';
import { msg, type Words } from '../../i18n/words.ts';
import { assertNever, type Result } from '../../lib/result.ts';
import type { WeekPicture } from '../../reports/week-chart-spec.ts';
import type { MachineFailure } from '../../timekpr/client.ts';
import type { IsoWeekday } from '../../timekpr/parse.ts';
import { dayLimitOf, hoursOf, playTimeLimitOf, RULE_BOUNDS, WEEKDAYS, type LockoutType, type RuleField, type Rules, type RulesPatch } from '../../timekpr/rules.ts';
import { encodeButtonAction, type ButtonAction } from '../callback-data.ts';
import { failureText } from './failure.ts';
import { escapeHtml } from './html.ts';

/** Every word about a child's house rules: what they are, what changed, and the buttons under them. */

/** `Mon–Fri, Sun`; `every day` for all seven. */
export function dayList(words: Words, days: readonly IsoWeekday[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return words.t('rules-every-day');
  if (sorted.length === 0) return words.t('rules-no-day');
  const runs: IsoWeekday[][] = [];
  for (const day of sorted) {
    const run = runs.at(-1);
    if (run !== undefined && run.at(-1) === day - 1) run.push(day);
    else runs.push([day]);
  }
  return runs
    .map((run) => {
      const first = run[0] ?? 1;
      const last = run.at(-1) ?? first;
      if (run.length >= 3) return `${dayName(words, first)}–${dayName(words, last)}`;
      return run.map((day) => dayName(words, day)).join(', ');
    })
    .join(', ');
}

/** Days with the same value said once: `Mon–Thu 2h 00m · Fri 3h 00m`; days without a value are left out. */
function byDays(words: Words, valueOf: (day: IsoWeekday) => string | undefined): string {
  const groups = new Map<string, IsoWeekday[]>();
  for (const day of WEEKDAYS) {
    const value = valueOf(day);
    if (value === undefined) continue;
    groups.set(value, [...(groups.get(value) ?? []), day]);
  }
  if (groups.size === 1) {
    const [[value, days] = ['', []]] = groups;
    return days.length === 7 ? value : `${dayList(words, days)} ${value}`;
  }
  return [...groups].map(([value, days]) => `${dayList(words, days)} ${value}`).join(' · ');
}

/** The lines of the rules, by what they are about (a change shows the lines of the fields it touched). */
export type RulesLine = 'days' | 'limits' | 'hours' | 'week' | 'lockout' | 'playtime';
const LINES: readonly RulesLine[] = ['days', 'limits', 'hours', 'week', 'lockout', 'playtime'];

const LINE_LABELS: Readonly<Record<RulesLine, string>> = {
  days: msg('rules-label-days'),
  limits: msg('rules-label-limits'),
  hours: msg('rules-label-hours'),
  week: msg('rules-label-week'),
  lockout: msg('rules-label-lockout'),
  playtime: msg('rules-label-playtime'),
};

const FIELD_LINES: Readonly<Record<RuleField, RulesLine>> = {
  allowedDays: 'days',
  dayLimits: 'limits',
  hours: 'hours',
  weekLimit: 'week',
  monthLimit: 'week',
  lockout: 'lockout',
  playTimeEnabled: 'playtime',
  playTimeOverride: 'playtime',
  playTimeInFreeIntervals: 'playtime',
  playTimeDays: 'playtime',
  playTimeLimits: 'playtime',
  playTimeActivities: 'playtime',
};

/** The label of a line: `Limit per day`. Plain text. */
export function lineLabel(words: Words, line: RulesLine): string {
  return words.t(LINE_LABELS[line]);
}

/** The lines a patch touches, in the order they are shown. */
export function linesOf(patch: RulesPatch): RulesLine[] {
  const touched = new Set(Object.keys(patch).flatMap((field) => (field in FIELD_LINES ? [FIELD_LINES[field as RuleField]] : [])));
  return LINES.filter((line) => touched.has(line));
}

/** One line of the rules, without its label. Plain text (escape it for HTML). */
export function lineValue(words: Words, rules: Rules, line: RulesLine): string {
  const { settings } = rules;
  switch (line) {
    case 'days':
      return dayList(words, settings.allowedDays);
    case 'limits':
      return byDays(words, (day) => (settings.allowedDays.includes(day) ? limitText(words, dayLimitOf(settings, day), RULE_BOUNDS.daySeconds) : undefined));
    case 'hours':
      return byDays(words, (day) => (settings.allowedDays.includes(day) ? intervalsText(words, intervalsFromHours(hoursOf(settings, day))) : undefined));
    case 'week': {
      const parts = [
        ...(settings.weekLimit < RULE_BOUNDS.weekSeconds ? [words.t('rules-week-limit', { limit: duration(words, settings.weekLimit) })] : []),
        ...(settings.monthLimit < RULE_BOUNDS.monthSeconds ? [words.t('rules-month-limit', { limit: duration(words, settings.monthLimit) })] : []),
      ];
      return parts.length === 0 ? words.t('rules-no-limit') : parts.join(', ');
    }
    case 'lockout':
      return lockoutText(words, settings.lockout);
    case 'playtime': {
      if (!settings.playTimeEnabled) return words.t('rules-playtime-off');
      const limits = byDays(words, (day) => {
        const limit = playTimeLimitOf(settings, day);
        return limit === undefined || !settings.allowedDays.includes(day) ? undefined : limitText(words, limit, RULE_BOUNDS.daySeconds);
      });
      const games = settings.playTimeActivities.map((activity) => activity.description);
      return words.t('rules-playtime-on', {
        limits,
        left: duration(words, rules.playTimeLeftToday),
        games: games.length === 0 ? words.t('rules-playtime-no-games') : namesList(words, games),
      });
    }
    default:
      return assertNever(line);
  }
}

export { clock, dayName, intervalsText, limitText, lockoutText };

export type ReadRules = { readonly machineId: string; readonly rules: Result<Rules, MachineFailure | NoAccount> };

/**
 * `/rules mia`: her rules line by line; where her computers agree a line is said once, where they differ each
 * computer's value is said. A computer that could not be read says why. HTML.
 */
export function rulesText(words: Words, config: Config, child: ChildConfig, reads: readonly ReadRules[], withCommands = true): string {
  const readable = reads.flatMap((read) => (read.rules.ok ? [{ machineId: read.machineId, rules: read.rules.value }] : []));
  const lines = [words.t('rules-title', { child: escapeHtml(child.name) })];
  if (readable.length > 1) lines.push(words.t('rules-on-machines', { machines: escapeHtml(namesList(words, readable.map((read) => read.machineId))) }));
  for (const line of readable.length > 0 ? LINES : []) lines.push(agreedLine(words, line, readable));
  for (const read of reads) {
    if (!read.rules.ok) lines.push(words.t('rules-not-read', { machine: escapeHtml(read.machineId), why: escapeHtml(failureText(words, config, read.machineId, read.rules.error)) }));
  }
  if (readable.length > 0 && withCommands) lines.push('', words.t('rules-commands-hint', { child: escapeHtml(child.id) }));
  return lines.join('\n');
}

/** `<b>Limit per day</b>: …`, or one value per computer when they differ. */
function agreedLine(words: Words, line: RulesLine, readable: readonly { machineId: string; rules: Rules }[]): string {
  const label = words.t(LINE_LABELS[line]);
  const values = readable.map(({ machineId, rules }) => ({ machineId, value: lineValue(words, rules, line) }));
  const first = values[0]?.value ?? '';
  if (values.every(({ value }) => value === first)) return `<b>${escapeHtml(label)}</b>: ${escapeHtml(first)}`;
  return [`<b>${escapeHtml(label)}</b> ${words.t('rules-differ')}`, ...values.map(({ machineId, value }) => `  • ${escapeHtml(machineId)}: ${escapeHtml(value)}`)].join('\n');
}

/** The week picture of the first computer that was read (its name in the title when the computers differ). */
export function weekPicture(words: Words, child: ChildConfig, reads: readonly ReadRules[]): WeekPicture | undefined {
  const readable = reads.flatMap((read) => (read.rules.ok ? [{ machineId: read.machineId, rules: read.rules.value }] : []));
  const first = readable[0];
  if (first === undefined) return undefined;
  const agree = readable.every(({ rules }) => ['days', 'limits', 'hours'].every((line) => lineValue(words, rules, line as RulesLine) === lineValue(words, first.rules, line as RulesLine)));
  const { settings } = first.rules;
  return {
    title: agree ? words.t('rules-picture-title', { child: child.name }) : words.t('rules-picture-title-machine', { child: child.name, machine: first.machineId }),
    rows: WEEKDAYS.map((day) => ({
      label: dayName(words, day),
      allowed: settings.allowedDays.includes(day),
      intervals: intervalsFromHours(hoursOf(settings, day)),
      limit: settings.allowedDays.includes(day) ? limitText(words, dayLimitOf(settings, day), RULE_BOUNDS.daySeconds) : '–',
    })),
    texts: { allowed: words.t('rules-picture-allowed'), free: words.t('rules-picture-free'), notAllowed: words.t('rules-picture-not-allowed') },
  };
}

/** A problem an edit met on one computer. Plain text. */
export function editProblemText(words: Words, problem: EditProblem): string {
  switch (problem.kind) {
    case 'days-not-allowed':
      return words.t('rules-problem-days-not-allowed', { days: dayList(words, problem.days) });
    case 'playtime-days-not-allowed':
      return words.t('rules-problem-playtime-days-not-allowed', { days: dayList(words, problem.days) });
    case 'today-not-allowed':
      return words.t('rules-problem-today-not-allowed');
    case 'intervals-share-hour':
      return words.t('rules-problem-intervals-share-hour', { hour: String(problem.hour) });
    default:
      return assertNever(problem);
  }
}

/**
 * The answer to a rules change: who changed whose rules, then per computer what it is now (the lines it touched,
 * read back), "already so", or why not. HTML.
 */
export function rulesOutcomeText(words: Words, config: Config, child: ChildConfig, byName: string, results: readonly MachineRulesOutcome[], undo = false): string {
  const changed = results.some((result) => result.kind === 'changed' || result.kind === 'partly');
  const head = changed || undo
    ? words.t(undo ? msg('rules-undone-by') : msg('rules-changed-by'), { parent: escapeHtml(byName), child: escapeHtml(child.name) })
    : words.t('rules-nothing-changed', { child: escapeHtml(child.name) });
  return [head, ...results.map((result) => outcomeLine(words, config, result))].join('\n');
}

/** One computer's line of a rules change's answer. HTML. */
export function outcomeLine(words: Words, config: Config, result: MachineRulesOutcome): string {
  const machine = escapeHtml(result.machineId);
  switch (result.kind) {
    case 'changed': {
      if (result.after === undefined) return words.t('rules-outcome-not-read', { machine });
      const after = result.after;
      const lines = linesOf(result.patch).map((line) => `<b>${escapeHtml(words.t(LINE_LABELS[line]))}</b>: ${escapeHtml(lineValue(words, after, line))}`);
      return words.t('rules-outcome-changed', { machine, lines: lines.join('; ') });
    }
    case 'already':
      return words.t('rules-outcome-already', { machine });
    case 'refused':
      return words.t('rules-outcome-refused', { machine, why: escapeHtml(editProblemText(words, result.problem)) });
    case 'partly':
      return words.t('rules-outcome-partly', {
        machine,
        written: escapeHtml(namesList(words, linesOf(Object.fromEntries(result.written.map((field) => [field, true]))).map((line) => words.t(LINE_LABELS[line])))),
        why: escapeHtml(failureText(words, config, result.machineId, result.failure)),
      });
    case 'failed':
      return words.t('rules-outcome-failed', { machine, why: escapeHtml(failureText(words, config, result.machineId, result.failure)) });
    case 'unknown':
      return words.t('rules-outcome-unknown', { machine, why: escapeHtml(failureText(words, config, result.machineId, result.failure)) });
    default:
      return assertNever(result);
  }
}

const button = (text: string, action: ButtonAction): InlineKeyboardButton => ({ text, callback_data: encodeButtonAction(action) });

/** `↩ Undo` under a rules change that wrote something. */
export function undoKeyboard(words: Words, updateId: number): InlineKeyboardMarkup {
  return { inline_keyboard: [[button(words.t('rules-button-undo'), { kind: 'rules-undo', updateId })]] };
}

/** The common moves under `/rules mia`: today's limit ∓30 min, PlayTime on/off, what happens at zero. */
export function rulesKeyboard(words: Words, child: ChildConfig, reads: readonly ReadRules[]): InlineKeyboardMarkup {
  const first = reads.find((read) => read.rules.ok);
  const settings = first?.rules.ok === true ? first.rules.value.settings : undefined;
  const playTimeOn = settings?.playTimeEnabled ?? false;
  const lockout = settings?.lockout.type;
  const mark = (type: LockoutType) => (type === lockout ? '✓ ' : '');
  return {
    inline_keyboard: [
      [
        button(words.t('rules-button-today-less'), { kind: 'rules-step', childId: child.id, minutes: -30 }),
        button(words.t('rules-button-today-more'), { kind: 'rules-step', childId: child.id, minutes: 30 }),
      ],
      [button(words.t(playTimeOn ? msg('rules-button-playtime-off') : msg('rules-button-playtime-on')), { kind: 'rules-playtime', childId: child.id, enabled: !playTimeOn })],
      ...[['lock', 'suspend'] as const, ['terminate', 'shutdown'] as const].map((pair) =>
        pair.map((type) => button(`${mark(type)}${lockoutText(words, { type })}`, { kind: 'rules-lockout', childId: child.id, lockout: type })),
      ),
    ],
  };
}

/** `🌙 Until 21:30 tonight` `📅 +1h today` `🚫 No computer tomorrow`: exceptions that end by themselves. */
export function exceptionKeyboardRow(words: Words, child: ChildConfig, tonight: number | undefined, extraMinutes: number): InlineKeyboardButton[] {
  return [
    ...(tonight === undefined ? [] : [button(words.t('exception-button-tonight', { time: clock(tonight) }), { kind: 'exception-tonight', childId: child.id, toMinute: tonight })]),
    button(words.t('exception-button-extra', { extra: duration(words, extraMinutes * 60) }), { kind: 'exception-extra', childId: child.id, minutes: extraMinutes }),
    button(words.t('exception-button-tomorrow-off'), { kind: 'exception-tomorrow-off', childId: child.id }),
  ];
}
