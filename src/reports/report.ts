import type { ChildConfig, Config } from '../config/types.ts';
import { dayAndMonth, duration, intlLocale, signedMinutes } from '../i18n/format.ts';
import type { Words } from '../i18n/words.ts';
import type { AskRecord } from '../storage/asks.ts';
import type { ChangeRecord } from '../storage/store.ts';
import type { UsageDay } from '../storage/usage.ts';
import { chartTexts, type ChildUsage, type UsageChart } from './chart-spec.ts';
import { daysBetween, noonOf } from '../lib/local-days.ts';
import { dayLabel, dayWords, monthWords, periodDays, type ReportPeriod } from './days.ts';

/** What a report is made of, read from the store for its period. */
export interface ReportData {
  readonly period: ReportPeriod;
  /** The period's last day: the week or month of this day, up to it. */
  readonly lastDay: string;
  /** The period's first day, when it is not the start of `lastDay`'s week or month (the digest: 7 days to its day). */
  readonly firstDay?: string | undefined;
  /** The local day now: it is not over, so it is marked as partial. */
  readonly today: string;
  /** The children reported on, in config order. */
  readonly children: readonly ChildConfig[];
  readonly usage: readonly UsageDay[];
  /** The ledger's changes since the period began. */
  readonly changes: readonly ChangeRecord[];
  /** Children's requests since the period began. */
  readonly asks: readonly AskRecord[];
}

/** A report: the chart to draw (none when nothing was recorded) and its caption, in words (plain text). */
export interface Report {
  readonly chart: UsageChart | undefined;
  readonly caption: string;
}

/** The changes that were made: applied, capped, or done but not read back. */
const wasMade = (change: ChangeRecord): boolean => change.outcome.kind === 'applied' || change.outcome.kind === 'capped' || change.outcome.kind === 'not-read-back';

/** `desktop 1h 30m, laptop 50m`: the items of a list that reads as one unit of the sentence. */
const unitList = (words: Words, items: readonly string[]): string => new Intl.ListFormat(intlLocale(words), { type: 'unit', style: 'short' }).format(items);

/**
 * `Screen time this week (Mon 30 Nov – Wed 2 Dec)` or `Screen time this month (December 2026, to Wed 2 Dec)`; for a
 * period that ended before today: `Screen time the week Mon 30 Nov – Sun 6 Dec` or `Screen time December 2026`.
 */
function heading(words: Words, period: ReportPeriod, days: readonly string[], today: string): string {
  const first = days[0] ?? '';
  const last = days.at(-1) ?? '';
  const span = first === last ? dayWords(words, first) : words.t('report-days', { first: dayWords(words, first), last: dayWords(words, last) });
  if (!days.includes(today)) return period === 'week' ? words.t('report-heading-past-week', { days: span }) : words.t('report-heading-past-month', { month: monthWords(words, first) });
  return period === 'week' ? words.t('report-heading-this-week', { days: span }) : words.t('report-heading-this-month', { month: monthWords(words, first), day: dayWords(words, last) });
}

/** A day's time used by a child on the computers she has now. */
const usedOn = (child: ChildConfig, rows: readonly UsageDay[]): number =>
  rows.filter((row) => row.childId === child.id && child.accounts.has(row.machineId)).reduce((sum, row) => sum + Math.max(0, row.secondsSpent), 0);

/** The chart's panel of one child: per day, the time used on each computer and the day's limit (the largest). */
function childPanel(words: Words, child: ChildConfig, data: ReportData, days: readonly string[]): ChildUsage {
  const rows = data.usage.filter((row) => row.childId === child.id);
  return {
    name: child.name,
    days: days.map((day) => {
      const ofDay = rows.filter((row) => row.day === day && child.accounts.has(row.machineId));
      const limits = ofDay.flatMap((row) => (row.limitSeconds === undefined || row.limitSeconds <= 0 ? [] : [row.limitSeconds]));
      return {
        date: day,
        label: dayLabel(words, day, data.period),
        partial: day === data.today,
        limitSeconds: limits.length === 0 ? undefined : Math.max(...limits),
        byMachine: [...child.accounts.keys()].flatMap((machineId) => {
          const row = ofDay.find((each) => each.machineId === machineId);
          return row === undefined || row.secondsSpent <= 0 ? [] : [{ machine: machineId, seconds: row.secondsSpent }];
        }),
      };
    }),
  };
}

/** The caption's sentences about one child's time used: total and average, longest day, days over the limit. Pure. */
function usageSentences(words: Words, child: ChildConfig, panel: ChildUsage, data: ReportData): string[] {
  if (data.usage.every((row) => row.childId !== child.id)) return [words.t('report-child-nothing-yet', { child: child.name })];
  const totals = panel.days.map((day) => ({ day, seconds: day.byMachine.reduce((sum, each) => sum + each.seconds, 0) }));
  const total = totals.reduce((sum, each) => sum + each.seconds, 0);
  const longest = totals.reduce((best, each) => (each.seconds > best.seconds ? each : best));
  const overLimit = panel.days.filter((day) => day.limitSeconds !== undefined && day.byMachine.reduce((sum, each) => sum + each.seconds, 0) > day.limitSeconds).length;
  const totalArgs = { child: child.name, total: duration(words, total), average: duration(words, total / Math.max(1, panel.days.length)) };
  const sentences = [panel.days.some((day) => day.partial) ? words.t('report-child-total-today', totalArgs) : words.t('report-child-total', totalArgs)];
  if (longest.seconds > 0) {
    const longestArgs = { day: dayWords(words, longest.day.date), duration: duration(words, longest.seconds) };
    const computers = longest.day.byMachine.map((each) => words.t('report-computer-time', { computer: each.machine, duration: duration(words, each.seconds) }));
    sentences.push(computers.length > 1 ? words.t('report-longest-day-computers', { ...longestArgs, computers: unitList(words, computers) }) : words.t('report-longest-day', longestArgs));
  }
  if (overLimit > 0) sentences.push(words.t('report-over-limit', { days: overLimit }));
  return sentences;
}

/** The caption's paragraph for one child: time used, the parents' changes, the child's requests. Pure. */
function childSummary(words: Words, child: ChildConfig, panel: ChildUsage, data: ReportData): string {
  const sentences = usageSentences(words, child, panel, data);
  const made = data.changes.filter((change) => change.childId === child.id && wasMade(change));
  if (made.length > 0) {
    const byParent = new Map<string, number>();
    for (const change of made) byParent.set(change.parentName, (byParent.get(change.parentName) ?? 0) + change.minutes);
    const given = made.reduce((sum, change) => sum + change.minutes, 0);
    const parents = [...byParent].map(([name, minutes]) => words.t('report-parent-change', { parent: name, amount: signedMinutes(words, minutes) }));
    sentences.push(words.t('report-parents-changed', { child: child.name, total: signedMinutes(words, given), parents: unitList(words, parents) }));
  }
  const asks = data.asks.filter((ask) => ask.childId === child.id);
  if (asks.length > 0) {
    const given = asks.filter((ask) => ask.state.kind === 'given').length;
    const refused = asks.filter((ask) => ask.state.kind === 'denied').length;
    const unanswered = asks.length - given - refused;
    const counts = { count: asks.length, given, refused };
    sentences.push(unanswered > 0 ? words.t('report-asked-unanswered', { ...counts, unanswered }) : words.t('report-asked', counts));
  }
  return sentences.join(' ');
}

/**
 * The report of a period: a chart with one panel per child (bars per day stacked by computer, the day's limit, today
 * marked as partial) and a caption that says it in words. With nothing recorded for any child, no chart: the caption
 * says so. Pure.
 */
export function buildReport(words: Words, config: Config, data: ReportData): Report {
  const days = data.firstDay === undefined ? periodDays(data.period, data.lastDay) : daysBetween(data.firstDay, data.lastDay);
  const title = heading(words, data.period, days, data.today);
  // No time used (or none recorded) by anyone: words, no empty chart.
  if (data.children.every((child) => usedOn(child, data.usage) === 0)) {
    const only = data.children.length === 1 ? data.children[0] : undefined;
    const caption = only === undefined ? words.t('report-nothing-for-anyone', { heading: title }) : words.t('report-nothing-for-child', { heading: title, child: only.name });
    return { chart: undefined, caption };
  }
  const panels = data.children.map((child) => childPanel(words, child, data, days));
  // Every computer of the children shown, in config order: each keeps its colour from one report to the next.
  const machines = [...config.machines.keys()].filter((machineId) => data.children.some((child) => child.accounts.has(machineId)));
  const chartTitle =
    data.period === 'week' ? words.t('chart-title-week', { day: dayAndMonth(words, noonOf(days[0] ?? data.lastDay)) }) : words.t('chart-title-month', { month: monthWords(words, data.lastDay) });
  const chart = { title: chartTitle, children: panels, machines };
  const caption = [title, ...data.children.map((child, index) => childSummary(words, child, panels[index] ?? { name: child.name, days: [] }, data))].join('\n\n');
  return { chart: { ...chart, texts: chartTexts(words, chart) }, caption };
}
