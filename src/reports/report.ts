import type { ChildConfig, Config } from '../config/types.ts';
import { formatDuration } from '../lib/duration.ts';
import type { AskRecord } from '../storage/asks.ts';
import type { ChangeRecord } from '../storage/store.ts';
import type { UsageDay } from '../storage/usage.ts';
import type { ChildUsage, UsageChart } from './chart-spec.ts';
import { dayLabel, dayWords, monthWords, periodDays, type ReportPeriod } from './days.ts';
import { daysBetween } from '../lib/local-days.ts';

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

const signed = (minutes: number): string => `${minutes < 0 ? '−' : '+'}${Math.abs(minutes)} min`;

/** The changes that were made: applied, capped, or done but not read back. */
const wasMade = (change: ChangeRecord): boolean => change.outcome.kind === 'applied' || change.outcome.kind === 'capped' || change.outcome.kind === 'not-read-back';

/**
 * `this week (Mon 30 Nov – Wed 2 Dec)` or `this month (December 2026, to Wed 2 Dec)`; for a period that ended before
 * today: `the week Mon 30 Nov – Sun 6 Dec` or `December 2026`.
 */
function periodWords(period: ReportPeriod, days: readonly string[], today: string): string {
  const first = days[0] ?? '';
  const last = days.at(-1) ?? '';
  const span = first === last ? dayWords(first) : `${dayWords(first)} – ${dayWords(last)}`;
  if (!days.includes(today)) return period === 'week' ? `the week ${span}` : monthWords(first);
  return period === 'week' ? `this week (${span})` : `this month (${monthWords(first)}, to ${dayWords(last)})`;
}

/** A day's time used by a child on the computers she has now. */
const usedOn = (child: ChildConfig, rows: readonly UsageDay[]): number =>
  rows.filter((row) => row.childId === child.id && child.accounts.has(row.machineId)).reduce((sum, row) => sum + Math.max(0, row.secondsSpent), 0);

/** The chart's panel of one child: per day, the time used on each computer and the day's limit (the largest). */
function childPanel(child: ChildConfig, data: ReportData, days: readonly string[]): ChildUsage {
  const rows = data.usage.filter((row) => row.childId === child.id);
  return {
    name: child.name,
    days: days.map((day) => {
      const ofDay = rows.filter((row) => row.day === day && child.accounts.has(row.machineId));
      const limits = ofDay.flatMap((row) => (row.limitSeconds === undefined || row.limitSeconds <= 0 ? [] : [row.limitSeconds]));
      return {
        date: day,
        label: dayLabel(day, data.period),
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

/** The caption's paragraph for one child. Pure. */
function childSummary(child: ChildConfig, panel: ChildUsage, data: ReportData): string {
  const totals = panel.days.map((day) => ({ day, seconds: day.byMachine.reduce((sum, each) => sum + each.seconds, 0) }));
  const total = totals.reduce((sum, each) => sum + each.seconds, 0);
  const lines = [`${child.name}:`];
  if (data.usage.every((row) => row.childId !== child.id)) {
    lines.push('no screen time recorded yet.');
  } else {
    const longest = totals.reduce((best, each) => (each.seconds > best.seconds ? each : best));
    const overLimit = panel.days.filter((day) => day.limitSeconds !== undefined && day.byMachine.reduce((sum, each) => sum + each.seconds, 0) > day.limitSeconds).length;
    const partial = panel.days.some((day) => day.partial) ? ' (today so far)' : '';
    lines.push(`${formatDuration(total)} in total${partial}, ${formatDuration(total / Math.max(1, panel.days.length))} a day on average.`);
    if (longest.seconds > 0) {
      const parts = longest.day.byMachine.map((each) => `${each.machine} ${formatDuration(each.seconds)}`).join(', ');
      lines.push(`Longest day: ${dayWords(longest.day.date)}, ${formatDuration(longest.seconds)}${longest.day.byMachine.length > 1 ? ` (${parts})` : ''}.`);
    }
    if (overLimit > 0) lines.push(`Over the day's limit on ${overLimit} day${overLimit === 1 ? '' : 's'} (with time given).`);
  }
  const made = data.changes.filter((change) => change.childId === child.id && wasMade(change));
  if (made.length > 0) {
    const byParent = new Map<string, number>();
    for (const change of made) byParent.set(change.parentName, (byParent.get(change.parentName) ?? 0) + change.minutes);
    const given = made.reduce((sum, change) => sum + change.minutes, 0);
    lines.push(`Parents changed ${child.name}'s time by ${signed(given)} (${[...byParent].map(([name, minutes]) => `${name} ${signed(minutes)}`).join(', ')}).`);
  }
  const asks = data.asks.filter((ask) => ask.childId === child.id);
  if (asks.length > 0) {
    const given = asks.filter((ask) => ask.state.kind === 'given').length;
    const denied = asks.filter((ask) => ask.state.kind === 'denied').length;
    const unanswered = asks.length - given - denied;
    lines.push(`Asked for more ${asks.length} time${asks.length === 1 ? '' : 's'}: ${given} given, ${denied} refused${unanswered > 0 ? `, ${unanswered} not answered` : ''}.`);
  }
  return lines.join(' ');
}

/**
 * The report of a period: a chart with one panel per child (bars per day stacked by computer, the day's limit, today
 * marked as partial) and a caption that says it in words. With nothing recorded for any child, no chart: the caption
 * says so. Pure.
 */
export function buildReport(config: Config, data: ReportData): Report {
  const days = data.firstDay === undefined ? periodDays(data.period, data.lastDay) : daysBetween(data.firstDay, data.lastDay);
  const heading = `Screen time ${periodWords(data.period, days, data.today)}`;
  // No time used (or none recorded) by anyone: words, no empty chart.
  if (data.children.every((child) => usedOn(child, data.usage) === 0)) {
    const who = data.children.length === 1 ? (data.children[0]?.name ?? '') : 'any child';
    return { chart: undefined, caption: `${heading}: no screen time used or recorded for ${who}. The bot records it while it runs and reads the computers.` };
  }
  const panels = data.children.map((child) => childPanel(child, data, days));
  // Every computer of the children shown, in config order: each keeps its colour from one report to the next.
  const machines = [...config.machines.keys()].filter((machineId) => data.children.some((child) => child.accounts.has(machineId)));
  const title = data.period === 'week' ? `Screen time, week of ${dayWords(days[0] ?? data.lastDay).replace(/^\w+ /, '')}` : `Screen time, ${monthWords(data.lastDay)}`;
  const caption = [heading, ...data.children.map((child, index) => childSummary(child, panels[index] ?? { name: child.name, days: [] }, data))].join('\n\n');
  return { chart: { title, children: panels, machines }, caption };
}
