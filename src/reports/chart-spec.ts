import type { TopLevelSpec } from 'vega-lite';
import type { Words } from '../i18n/words.ts';

/** One computer's share of a day. */
export interface MachineUsage {
  /** The computer's display name. */
  readonly machine: string;
  readonly seconds: number;
}

/** One day of one child. */
export interface DayUsage {
  /** YYYY-MM-DD, the child's local day. */
  readonly date: string;
  /** Shown under the bar, e.g. `Mon 23`. */
  readonly label: string;
  /** Today: the day is not over. Its bar is paler, and (in a week) its label says "(so far)". */
  readonly partial: boolean;
  /** The day's limit, drawn as a dark tick across that day's bar; undefined draws none. */
  readonly limitSeconds: number | undefined;
  /** May be empty (no use that day): the day still has its place on the axis. */
  readonly byMachine: readonly MachineUsage[];
}

/** One child's days: one panel of the chart. */
export interface ChildUsage {
  readonly name: string;
  readonly days: readonly DayUsage[];
}

/**
 * The chart's words in the reader's language (see {@link chartTexts}). They travel with the chart as data: it is drawn
 * in a process of its own, which has no locale files.
 */
export interface ChartTexts {
  /** Under the title: `Time used each day` (`…, by computer` when there are several). */
  readonly subtitle: string;
  /** The second line of an upright partial day's label: `(so far)`. */
  readonly soFar: string;
  /** The legend's entry for a paler bar: `today, so far`. */
  readonly partialLegend: string;
  /** The legend's entry for the dark tick: `daily limit`. */
  readonly limitLegend: string;
  /** The y axis's tick labels (`0`, `45m`, `1h 30m`), by their minutes. */
  readonly ticks: Readonly<Record<string, string>>;
}

/** What a usage chart shows: one panel (row) per child, the same days in each. */
export interface UsageChart {
  /** E.g. `Screen time, week of 23 Nov`. */
  readonly title: string;
  readonly children: readonly ChildUsage[];
  /** Every computer in display order: it fixes each computer's colour and the legend's order. */
  readonly machines: readonly string[];
  readonly texts: ChartTexts;
}

/** A chart before its words: what {@link chartTexts} needs to know which words it takes. */
export type ChartData = Omit<UsageChart, 'texts'>;

/**
 * The chart's layout in CSS pixels (the PNG is drawn at `PIXEL_RATIO`×). The heights are what Vega's layout takes
 * with these font sizes, measured; `chart.ts` scales a drawing that comes out larger down to fit.
 */
export const LAYOUT = {
  /** The whole chart's width. */
  width: 640,
  padding: 12,
  /** Left of each plot: the hour labels. */
  plotLeft: 40,
  plotHeight: 128,
  /** Between one panel's plot and the next panel's name. */
  panelSpacing: 24,
  /** One child: the name above the plot (20), the plot and the spacing. */
  panelHeight: 172,
  /** Padding, title, subtitle and legend above the first panel, and the padding under the day labels. */
  headerHeight: 82,
  /** Upright day labels: per line (a partial day's label has two). */
  labelLineHeight: 13,
  /** Turned day labels: per character of the longest. */
  labelCharWidth: 7,
  /** Beyond this many days the day labels are turned upright so that a month's fit. */
  upright: 14,
} as const;

/** The legend's entries: their width is estimated from the label's length (12 px DejaVu Sans: about 7 px a character). */
const LEGEND = { symbolAndGap: 18, charWidth: 8, labelLimit: 160, columnPadding: 14, rowHeight: 17 } as const;

/** Device pixels per CSS pixel in the PNG, so that text stays sharp when Telegram shows it full screen. */
export const PIXEL_RATIO = 2;

/** The font every text of the chart is drawn in; `chart.ts` loads its files. */
export const FONT_FAMILY = 'DejaVu Sans';

/**
 * Okabe & Ito's colour-blind-safe palette, most distinct first (its black left out for the limit, with Tol's wine in
 * its place); a 9th computer reuses the 1st colour.
 */
const MACHINE_COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#882255'] as const;

const LIMIT_COLOUR = '#1a1a1a';
/** The limit's legend symbol: a flat bar like the tick (an SVG path in a unit square around 0,0). */
const LIMIT_SYMBOL = 'M-1,-0.2H1V0.2H-1Z';
const PARTIAL_SWATCH = '#999999';
export const TEXT_COLOUR = '#222222';
export const MUTED_COLOUR = '#666666';
const PARTIAL_OPACITY = 0.45;
const PADDING_OUTER = 0.15;

/** A row of the spec's data: a child's panel, one computer's use on one day, or one day's limit. */
export type ChartRow =
  | { readonly kind: 'panel'; readonly child: string }
  | { readonly kind: 'use'; readonly child: string; readonly date: string; readonly machine: string; readonly machineIndex: number; readonly minutes: number; readonly partial: boolean }
  | { readonly kind: 'limit'; readonly child: string; readonly date: string; readonly limitMinutes: number };

/**
 * The legend entries after the computers': "today, so far" if a day is partial, "daily limit" if a day has one.
 * They share the computers' colour scale, so one legend holds all and wraps as one.
 */
function legendExtras(chart: UsageChart): { readonly label: string; readonly colour: string }[] {
  const days = chart.children.flatMap((child) => child.days);
  return [
    ...(days.some((day) => day.partial) ? [{ label: chart.texts.partialLegend, colour: PARTIAL_SWATCH }] : []),
    ...(days.some((day) => day.limitSeconds !== undefined) ? [{ label: chart.texts.limitLegend, colour: LIMIT_COLOUR }] : []),
  ];
}

/**
 * The words a chart needs, in the reader's language: made where the words are, before the chart goes to the process
 * that draws it. Pure.
 */
export function chartTexts(words: Words, chart: ChartData): ChartTexts {
  return {
    subtitle: machineOrder(chart).length > 1 ? words.t('chart-subtitle-by-computer') : words.t('chart-subtitle'),
    soFar: words.t('chart-so-far'),
    partialLegend: words.t('chart-legend-today'),
    limitLegend: words.t('chart-legend-limit'),
    ticks: Object.fromEntries(hourTicks(topMinutes(chart)).map((minutes) => [String(minutes), formatTick(words, minutes)])),
  };
}

/**
 * How the legend wraps: as many entries per row as fit over the plot, with each label's width overestimated from
 * its length (so a row never runs past the chart). Pure.
 */
function legendLayout(chart: UsageChart): { readonly columns: number; readonly rows: number } {
  const labels = [...machineOrder(chart), ...legendExtras(chart).map((extra) => extra.label)];
  const widths = labels.map((label) => LEGEND.symbolAndGap + Math.min(LEGEND.labelLimit, LEGEND.charWidth * [...label].length) + LEGEND.columnPadding);
  return legendGrid(widths, LAYOUT.width - 2 * LAYOUT.padding - LAYOUT.plotLeft);
}

/**
 * The most legend entries per row that fit in `room` (CSS pixels), and the rows that makes. Vega aligns the entries in
 * a grid: a column is as wide as its widest entry. Pure.
 */
export function legendGrid(widths: readonly number[], room: number): { readonly columns: number; readonly rows: number } {
  const fits = (count: number): boolean => {
    let total = 0;
    for (let column = 0; column < count; column += 1) total += Math.max(0, ...widths.filter((_, index) => index % count === column));
    return total <= room;
  };
  let columns = Math.max(1, widths.length);
  while (columns > 1 && !fits(columns)) columns -= 1;
  return { columns, rows: Math.max(1, Math.ceil(widths.length / columns)) };
}

/** The PNG's size in pixels for a chart: fixed width, height from the number of children and the day labels. Pure. */
export function chartSize(chart: UsageChart): { readonly width: number; readonly height: number } {
  const panels = Math.max(1, chart.children.length);
  const days = allDays(chart);
  const labels = turned(chart)
    ? LAYOUT.labelCharWidth * Math.max(2, ...days.map((day) => [...day.label].length))
    : LAYOUT.labelLineHeight * (days.some((day) => day.partial) ? 2 : 1);
  const legendRows = legendLayout(chart).rows - 1;
  return { width: LAYOUT.width * PIXEL_RATIO, height: (LAYOUT.headerHeight + legendRows * LEGEND.rowHeight + panels * LAYOUT.panelHeight + labels) * PIXEL_RATIO };
}

/**
 * The chart's data: per child (`c0`, `c1`… in input order), a row for its panel (so that a child without use has
 * one too), one per computer and day with use, and one per day that has a limit. Computers not in `chart.machines` come after
 * the listed ones. Pure.
 */
export function chartRows(chart: UsageChart): ChartRow[] {
  const machines = machineOrder(chart);
  const rows: ChartRow[] = [];
  chart.children.forEach((child, index) => {
    const key = childKey(index);
    rows.push({ kind: 'panel', child: key });
    for (const day of child.days) {
      for (const use of day.byMachine) {
        if (use.seconds <= 0) continue;
        rows.push({ kind: 'use', child: key, date: day.date, machine: use.machine, machineIndex: machines.indexOf(use.machine), minutes: use.seconds / 60, partial: day.partial });
      }
      if (day.limitSeconds !== undefined) rows.push({ kind: 'limit', child: key, date: day.date, limitMinutes: day.limitSeconds / 60 });
    }
  });
  return rows;
}

/**
 * The Vega-Lite spec of a chart: a panel per child with a bar per day stacked by computer, the day's limit as a dark
 * tick, today paler; hours on the y axis. Pure; it names no external data, so rendering loads nothing.
 */
export function buildChartSpec(chart: UsageChart): TopLevelSpec {
  const machines = machineOrder(chart);
  const days = allDays(chart);
  const rows = chartRows(chart);
  const ticks = hourTicks(topMinutes(chart));
  const isTurned = turned(chart);
  const anyPartial = days.some((day) => day.partial);
  const extras = legendExtras(chart);
  const legend = legendLayout(chart);
  const dayLabels = Object.fromEntries(days.map((day) => [day.date, dayLabel(day, isTurned, chart.texts.soFar)]));
  const childNames = Object.fromEntries(chart.children.map((child, index) => [childKey(index), child.name]));
  const tickLabels = Object.fromEntries(ticks.map((minutes) => [String(minutes), chart.texts.ticks[String(minutes)] ?? String(minutes)]));
  const plotWidth = LAYOUT.width - 2 * LAYOUT.padding - LAYOUT.plotLeft;
  const paddingInner = isTurned ? 0.25 : 0.35;
  // The bars' width for the days shown, but never wider than in a week: one day's bar is not a wall.
  const barWidth = (plotWidth / (Math.max(7, days.length) - paddingInner + 2 * PADDING_OUTER)) * (1 - paddingInner);
  const x = {
    field: 'date',
    type: 'ordinal',
    title: null,
    scale: { domain: days.map((day) => day.date), paddingInner, paddingOuter: PADDING_OUTER },
    axis: { labelExpr: `${JSON.stringify(dayLabels)}[datum.value]`, labelAngle: isTurned ? -90 : 0, labelAlign: isTurned ? 'right' : 'center', labelBaseline: isTurned ? 'middle' : 'top', labelOverlap: false, labelPadding: 4, ticks: false, domainColor: '#999999' },
  } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: chart.title, subtitle: chart.texts.subtitle, anchor: 'start', offset: 10 },
    padding: LAYOUT.padding,
    background: 'white',
    data: { values: rows },
    facet: {
      row: {
        field: 'child',
        type: 'nominal',
        sort: chart.children.map((_, index) => childKey(index)),
        header: { title: null, labelExpr: `${JSON.stringify(childNames)}[datum.value]`, labelOrient: 'top', labelAngle: 0, labelAnchor: 'start', labelAlign: 'left', labelBaseline: 'top', labelFontSize: 14, labelFontWeight: 'bold', labelColor: TEXT_COLOUR, labelPadding: 6 },
      },
    },
    spacing: LAYOUT.panelSpacing,
    spec: {
      width: plotWidth,
      height: LAYOUT.plotHeight,
      layer: [
        {
          // The whole plot, invisible: the panel's bounds, and so its name's place, do not depend on its data.
          transform: [{ filter: "datum.kind === 'panel'" }],
          mark: { type: 'rect', opacity: 0 },
          encoding: { x: { value: 0 }, x2: { value: 'width' }, y: { value: 0 }, y2: { value: 'height' } },
        },
        {
          transform: [{ filter: "datum.kind === 'use'" }],
          mark: { type: 'bar', width: barWidth },
          encoding: {
            x,
            y: {
              field: 'minutes',
              type: 'quantitative',
              stack: 'zero',
              title: null,
              scale: { domain: [0, ticks.at(-1) ?? 60], nice: false, zero: true },
              axis: { values: ticks, labelExpr: `${JSON.stringify(tickLabels)}[datum.value]`, ticks: false, domain: false, gridColor: '#e6e6e6', labelPadding: 6, minExtent: LAYOUT.plotLeft, maxExtent: LAYOUT.plotLeft },
            },
            color: {
              field: 'machine',
              type: 'nominal',
              scale: { domain: [...machines, ...extras.map((extra) => extra.label)], range: [...machines.map((_, index) => machineColour(index)), ...extras.map((extra) => extra.colour)] },
              legend: {
                title: null,
                orient: 'top',
                direction: 'horizontal',
                columns: legend.columns,
                // Per entry: Vega evaluates these for each legend symbol, with its `datum`.
                // The labels as JSON strings: a quote in the words cannot end the expression's string.
                symbolType: { expr: `datum.value === ${JSON.stringify(chart.texts.limitLegend)} ? '${LIMIT_SYMBOL}' : 'square'` },
                symbolOpacity: { expr: `datum.value === ${JSON.stringify(chart.texts.partialLegend)} ? ${PARTIAL_OPACITY} : 1` },
              },
            },
            order: { field: 'machineIndex', type: 'quantitative' },
            opacity: anyPartial ? { field: 'partial', type: 'ordinal', scale: { domain: [false, true], range: [1, PARTIAL_OPACITY] }, legend: null } : { value: 1 },
          },
        },
        {
          transform: [{ filter: "datum.kind === 'limit'" }],
          mark: { type: 'tick', size: barWidth, thickness: 3, color: LIMIT_COLOUR, opacity: 1, stroke: 'white', strokeWidth: 0.75 },
          encoding: { x, y: { field: 'limitMinutes', type: 'quantitative' } },
        },
      ],
    },
    resolve: { scale: { x: 'shared', y: 'shared' } },
    config: {
      font: FONT_FAMILY,
      view: { stroke: null },
      title: { fontSize: 17, fontWeight: 'bold', color: TEXT_COLOUR, subtitleFontSize: 12, subtitleColor: MUTED_COLOUR, subtitlePadding: 4 },
      axis: { labelFontSize: 11, labelColor: TEXT_COLOUR },
      legend: { labelFontSize: 12, labelColor: TEXT_COLOUR, symbolSize: 140, labelLimit: LEGEND.labelLimit, columnPadding: LEGEND.columnPadding, rowPadding: 4 },
      header: { labelFontSize: 14 },
    },
  };
}

/** The y-axis ticks in minutes, from 0 to a round top at or above `maxMinutes`: 15 min, 30 min, 1 h or 2 h apart. */
export function hourTicks(maxMinutes: number): number[] {
  const wanted = Math.max(60, maxMinutes);
  const step = wanted <= 60 ? 15 : wanted <= 150 ? 30 : wanted <= 360 ? 60 : wanted <= 720 ? 120 : 240;
  const top = Math.ceil(wanted / step) * step;
  return Array.from({ length: top / step + 1 }, (_, index) => index * step);
}

/** A y-axis tick: `0`, `45m`, `2h`, `1h 30m` (German `45 min`, `2 h`, `1:30 h`): short, the axis is 40 px wide. */
export function formatTick(words: Words, minutes: number): string {
  if (minutes === 0) return '0';
  const hours = Math.floor(minutes / 60);
  const rest = Math.round(minutes % 60);
  if (hours === 0) return words.t('chart-tick-minutes', { minutes: rest });
  return rest === 0 ? words.t('chart-tick-hours', { hours }) : words.t('chart-tick-hours-minutes', { hours, minutes: String(rest).padStart(2, '0') });
}

function machineColour(index: number): string {
  return MACHINE_COLOURS[index % MACHINE_COLOURS.length] ?? '#999999';
}

function childKey(index: number): string {
  return `c${index}`;
}

/** The machines of `chart.machines`, then any other named in the days, in order of appearance. */
function machineOrder(chart: ChartData): string[] {
  const order = [...chart.machines];
  for (const child of chart.children) {
    for (const day of child.days) {
      for (const use of day.byMachine) if (!order.includes(use.machine)) order.push(use.machine);
    }
  }
  return order;
}

/** Every date of every child, in date order; a day is partial when any child's is. */
function allDays(chart: UsageChart): { readonly date: string; readonly label: string; readonly partial: boolean }[] {
  const byDate = new Map<string, { date: string; label: string; partial: boolean }>();
  for (const child of chart.children) {
    for (const day of child.days) {
      const known = byDate.get(day.date);
      if (known === undefined) byDate.set(day.date, { date: day.date, label: day.label, partial: day.partial });
      else known.partial ||= day.partial;
    }
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** The label under a day: an upright partial day's says "(so far)" on a second line; turned labels stay short. */
function dayLabel(day: { readonly label: string; readonly partial: boolean }, isTurned: boolean, soFar: string): string | string[] {
  if (!day.partial) return day.label;
  return isTurned ? day.label : [day.label, soFar];
}

function turned(chart: UsageChart): boolean {
  return allDays(chart).length > LAYOUT.upright;
}

/** The highest bar or limit of any child, in minutes. */
function topMinutes(chart: ChartData): number {
  let top = 0;
  for (const child of chart.children) {
    for (const day of child.days) {
      const used = day.byMachine.reduce((sum, use) => sum + Math.max(0, use.seconds), 0);
      top = Math.max(top, used, day.limitSeconds ?? 0);
    }
  }
  return top / 60;
}
