import type { TopLevelSpec } from 'vega-lite';
import { FONT_FAMILY, legendGrid, MUTED_COLOUR, PIXEL_RATIO, TEXT_COLOUR } from './chart-spec.ts';

/**
 * A child's house rules as a week: one row per day, top to bottom, with the hours the child may use a computer. Every
 * word in it is the caller's (from the locale files): it travels as data to the process that draws it.
 */
export interface WeekPicture {
  /** E.g. `Mia — house rules`. */
  readonly title: string;
  /** The days, top to bottom: seven, Monday first. */
  readonly rows: readonly WeekRow[];
  /** The legend's words: for counted allowed hours, free (not counted) hours, and hours or days not allowed. */
  readonly texts: { readonly allowed: string; readonly free: string; readonly notAllowed: string };
}

/** One day of a {@link WeekPicture}. */
export interface WeekRow {
  /** Left of the row, e.g. `Mon`. */
  readonly label: string;
  /** False: the whole day is not allowed; the row is grey, says `texts.notAllowed`, and its intervals are not drawn. */
  readonly allowed: boolean;
  /**
   * The allowed hours, in minutes of the day (0..1440; 1440 is the day's end). Clamped to the day; empty ones are
   * left out. A free one is drawn over a counted one where they overlap.
   */
  readonly intervals: readonly { readonly fromMinute: number; readonly toMinute: number; readonly free: boolean }[];
  /** Right of the row: the day's limit, e.g. `2 h`, `1 h 30` or `∞`. */
  readonly limit: string;
}

/**
 * The week picture's layout in CSS pixels (the PNG is drawn at `PIXEL_RATIO`×, as the usage chart). The heights are
 * what Vega's layout takes with these font sizes, measured; `chart.ts` scales a drawing that comes out larger down.
 */
export const WEEK_LAYOUT = {
  /** The whole picture's width: the usage chart's. */
  width: 640,
  padding: 12,
  /** One day's row: its bar and the gap to the next. */
  rowStep: 36,
  /** Padding, title and legend above the first row. */
  headerHeight: 78,
  /** The hour labels under the rows, and the padding under them. */
  footerHeight: 24,
  /** A legend row more, when the legend's words need two or three. */
  legendRowHeight: 18,
  /** Between the day labels and the bars, and between the bars and the limits. */
  gap: 10,
} as const;

/** Font sizes in CSS pixels: larger than the usage chart's axes, as a phone shows the 640 px picture about 390 px wide. */
const FONT = { title: 17, day: 15, limit: 15, hour: 13, legend: 14, mark: 15, notAllowed: 14 } as const;

/**
 * A text's width estimated from its length: DejaVu Sans's letters and digits are mostly 0.55–0.7 em wide (bold a
 * little more), so this overestimates a little and a column never runs past the picture. Vega cuts what would (`limit`).
 */
function estimatedWidth(text: string, fontSizePx: number, bold: boolean): number {
  return [...text].length * fontSizePx * (bold ? 0.78 : 0.7);
}

/** The day labels' column: at least a short weekday's, at most this; longer labels are cut with an ellipsis. */
const LABEL_WIDTH = { min: 40, max: 120 } as const;
/** The limits' column, likewise. */
const LIMIT_WIDTH = { min: 28, max: 130 } as const;
/** Legend entries: symbol and gap, and the room between entries (Vega's `columnPadding`). */
const LEGEND = { symbolAndGap: 20, columnPadding: 18, labelLimit: 260 } as const;

/** The usage chart's colour family: Okabe & Ito's blue for counted hours, their bluish green for free ones. */
const ALLOWED_COLOUR = '#0072B2';
const FREE_COLOUR = '#009E73';
/** The row behind the bars: time that is not allowed. */
const NOT_ALLOWED_COLOUR = '#e4e4e4';
/** Lines every 3 hours, drawn over the bars (under the texts): white, so that they read as notches. */
const GRID_COLOUR = '#ffffff';
/** The mark written on a free interval (not a word: the same in every language). */
const FREE_MARK = '∞';
/** A free interval gets its mark from this many minutes (narrower, the mark would not fit). */
const FREE_MARK_MIN_MINUTES = 50;

const DAY_MINUTES = 1440;
/** The hour ticks: every 3 hours, 0 to 24. */
const TICK_MINUTES = Array.from({ length: 9 }, (_, index) => index * 180);

/** What a time interval or a row's background stands for: the colour scale's (and legend's) keys. */
export type WeekKey = 'allowed' | 'free' | 'notAllowed';

/** A row of the spec's data: a day's background, one of its intervals, its limit, or an hour line. */
export type WeekChartRow =
  | { readonly kind: 'hour'; readonly minute: number }
  | { readonly kind: 'day'; readonly row: string; readonly allowed: boolean; readonly fromMinute: 0; readonly toMinute: typeof DAY_MINUTES }
  | { readonly kind: 'interval'; readonly row: string; readonly key: 'allowed' | 'free'; readonly fromMinute: number; readonly toMinute: number }
  | { readonly kind: 'limit'; readonly row: string; readonly text: string };

/** The row's key in the spec (`r0` … `r6`, top to bottom): two days may have the same label. */
function rowKey(index: number): string {
  return `r${index}`;
}

/** A day's intervals clamped to 0..1440, empty ones left out, counted ones first (a free one is drawn over them). */
function intervalsOf(row: WeekRow): { readonly fromMinute: number; readonly toMinute: number; readonly free: boolean }[] {
  if (!row.allowed) return [];
  const clamp = (minute: number): number => Math.min(DAY_MINUTES, Math.max(0, Number.isFinite(minute) ? minute : 0));
  return row.intervals
    .map((interval) => ({ fromMinute: clamp(interval.fromMinute), toMinute: clamp(interval.toMinute), free: interval.free }))
    .filter((interval) => interval.toMinute > interval.fromMinute)
    .sort((a, b) => Number(a.free) - Number(b.free) || a.fromMinute - b.fromMinute);
}

/**
 * The picture's data: the hour lines (every 3 hours), then per day (in input order) its background, its intervals
 * (counted before free) and its limit. Pure.
 */
export function weekChartRows(picture: WeekPicture): WeekChartRow[] {
  const hours = TICK_MINUTES.slice(1, -1).map((minute): WeekChartRow => ({ kind: 'hour', minute }));
  return [...hours, ...picture.rows.flatMap((day, index): WeekChartRow[] => {
    const row = rowKey(index);
    return [
      { kind: 'day', row, allowed: day.allowed, fromMinute: 0, toMinute: DAY_MINUTES },
      ...intervalsOf(day).map((interval) => ({ kind: 'interval' as const, row, key: interval.free ? ('free' as const) : ('allowed' as const), fromMinute: interval.fromMinute, toMinute: interval.toMinute })),
      { kind: 'limit', row, text: day.limit },
    ];
  })];
}

/** Whether any minute of an allowed day is outside its intervals. */
function hasGaps(row: WeekRow): boolean {
  let covered = 0;
  for (const interval of [...intervalsOf(row)].sort((a, b) => a.fromMinute - b.fromMinute)) {
    if (interval.fromMinute > covered) return true;
    covered = Math.max(covered, interval.toMinute);
  }
  return covered < DAY_MINUTES;
}

/** The legend's entries, in this order, each only if the picture shows it. */
function legendKeys(picture: WeekPicture): WeekKey[] {
  const intervals = picture.rows.flatMap(intervalsOf);
  return [
    ...(intervals.some((interval) => !interval.free) ? (['allowed'] as const) : []),
    ...(intervals.some((interval) => interval.free) ? (['free'] as const) : []),
    ...(picture.rows.some((row) => !row.allowed || hasGaps(row)) ? (['notAllowed'] as const) : []),
  ];
}

/**
 * How the legend wraps: as many entries per row as fit over the plot, each label's width overestimated from its
 * length (so a row never runs past the picture).
 */
function legendLayout(picture: WeekPicture): { readonly columns: number; readonly rows: number } {
  const widths = legendKeys(picture).map((key) => LEGEND.symbolAndGap + Math.min(LEGEND.labelLimit, estimatedWidth(picture.texts[key], FONT.legend, false)) + LEGEND.columnPadding);
  return legendGrid(widths, WEEK_LAYOUT.width - 2 * WEEK_LAYOUT.padding - columns(picture).label - WEEK_LAYOUT.gap);
}

/** The columns across the picture: day labels, the 24 hours, the limits (CSS pixels). */
function columns(picture: WeekPicture): { readonly label: number; readonly plot: number; readonly limit: number } {
  const widest = (texts: readonly string[], fontSizePx: number, bold: boolean, bounds: { readonly min: number; readonly max: number }): number =>
    Math.ceil(Math.min(bounds.max, Math.max(bounds.min, ...texts.map((text) => estimatedWidth(text, fontSizePx, bold)))));
  const label = widest(picture.rows.map((row) => row.label), FONT.day, false, LABEL_WIDTH);
  const limit = widest(picture.rows.map((row) => row.limit), FONT.limit, true, LIMIT_WIDTH);
  const plot = WEEK_LAYOUT.width - 2 * WEEK_LAYOUT.padding - (label + WEEK_LAYOUT.gap) - (WEEK_LAYOUT.gap + limit);
  return { label, plot, limit };
}

/** The PNG's size in pixels: the usage chart's width; the height from the number of days and legend rows. Pure. */
export function weekChartSize(picture: WeekPicture): { readonly width: number; readonly height: number } {
  const css = WEEK_LAYOUT.headerHeight + (legendLayout(picture).rows - 1) * WEEK_LAYOUT.legendRowHeight + Math.max(1, picture.rows.length) * WEEK_LAYOUT.rowStep + WEEK_LAYOUT.footerHeight;
  return { width: WEEK_LAYOUT.width * PIXEL_RATIO, height: css * PIXEL_RATIO };
}

/**
 * The Vega-Lite spec of a week picture: a row per day with a grey bar for the whole day, the allowed hours over it
 * (counted in blue, free in green with `∞` on it), a not-allowed day grey with the words for it, the day's limit
 * after the row; hours 0–24 on the x axis, every 3 hours. Pure; it names no external data, so rendering loads nothing.
 */
export function buildWeekChartSpec(picture: WeekPicture): TopLevelSpec {
  const rows = weekChartRows(picture);
  const keys = legendKeys(picture);
  const colours: Record<WeekKey, string> = { allowed: ALLOWED_COLOUR, free: FREE_COLOUR, notAllowed: NOT_ALLOWED_COLOUR };
  const rowKeys = picture.rows.map((_, index) => rowKey(index));
  const labels = Object.fromEntries(picture.rows.map((row, index) => [rowKey(index), row.label]));
  const notAllowedRows = picture.rows.flatMap((row, index) => (row.allowed ? [] : [rowKey(index)]));
  const column = columns(picture);
  const plotHeight = Math.max(1, picture.rows.length) * WEEK_LAYOUT.rowStep;
  const dayDomain: number[] = [0, DAY_MINUTES];
  const x = {
    field: 'fromMinute',
    type: 'quantitative',
    title: null,
    scale: { domain: dayDomain, nice: false, zero: true },
    axis: {
      values: TICK_MINUTES,
      labelExpr: 'datum.value / 60',
      labelFontSize: FONT.hour,
      labelColor: MUTED_COLOUR,
      labelPadding: 4,
      labelFlush: false,
      ticks: false,
      domain: false,
      // The lines are a layer of their own, over the bars and under the texts.
      grid: false,
    },
  } as const;
  const y = {
    field: 'row',
    type: 'nominal',
    title: null,
    sort: rowKeys,
    scale: { domain: rowKeys, paddingInner: 0.28, paddingOuter: 0.14 },
    axis: {
      labelExpr: `${JSON.stringify(labels)}[datum.value]`,
      labelFontSize: FONT.day,
      labelColor: { condition: { test: `indexof(${JSON.stringify(notAllowedRows)}, datum.value) >= 0`, value: MUTED_COLOUR }, value: TEXT_COLOUR },
      labelLimit: column.label,
      labelPadding: WEEK_LAYOUT.gap,
      minExtent: column.label + WEEK_LAYOUT.gap,
      maxExtent: column.label + WEEK_LAYOUT.gap,
      ticks: false,
      domain: false,
      grid: false,
    },
  } as const;
  const rowY = { field: 'row', type: 'nominal', sort: rowKeys } as const;
  const freeMark = { type: 'text', text: FREE_MARK, fontSize: FONT.mark, fontWeight: 'bold', align: 'center', baseline: 'middle' } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: picture.title, anchor: 'start', offset: 10, limit: WEEK_LAYOUT.width - 2 * WEEK_LAYOUT.padding },
    padding: WEEK_LAYOUT.padding,
    background: 'white',
    width: column.plot,
    height: plotHeight,
    data: { values: rows },
    layer: [
      {
        // The whole day, grey: what is not allowed. The bars of the allowed hours go over it.
        transform: [{ filter: "datum.kind === 'day'" }],
        mark: { type: 'bar', color: NOT_ALLOWED_COLOUR },
        encoding: { x, x2: { field: 'toMinute' }, y },
      },
      {
        transform: [{ filter: "datum.kind === 'interval'" }],
        mark: { type: 'bar' },
        encoding: {
          x,
          x2: { field: 'toMinute' },
          y,
          color: {
            field: 'key',
            type: 'nominal',
            // Every entry the picture shows, the grey of "not allowed" too (no interval has it: the day's bar shows it).
            scale: { domain: keys, range: keys.map((key) => colours[key]) },
            legend: keys.length === 0 ? null : {
              title: null,
              orient: 'top',
              direction: 'horizontal',
              columns: legendLayout(picture).columns,
              labelExpr: `${JSON.stringify(picture.texts)}[datum.value]`,
            },
          },
        },
      },
      {
        // Every 3 hours a line over the bars: it notches them, so that a time can be read off a bar.
        transform: [{ filter: "datum.kind === 'hour'" }],
        mark: { type: 'rule', color: GRID_COLOUR, strokeWidth: 1.5 },
        encoding: { x: { field: 'minute', type: 'quantitative' } },
      },
      {
        // The free hours' mark, on each free interval wide enough for it: white, in a green halo that keeps an hour
        // line from running through it.
        transform: [{ filter: `datum.kind === 'interval' && datum.key === 'free' && datum.toMinute - datum.fromMinute >= ${FREE_MARK_MIN_MINUTES}` }, { calculate: '(datum.fromMinute + datum.toMinute) / 2', as: 'middle' }],
        encoding: { x: { field: 'middle', type: 'quantitative' }, y: rowY },
        layer: [
          { mark: { ...freeMark, color: FREE_COLOUR, stroke: FREE_COLOUR, strokeWidth: 6, strokeJoin: 'round' } },
          { mark: { ...freeMark, color: 'white' } },
        ],
      },
      {
        // A day that is not allowed says so in the middle of its grey bar.
        transform: [{ filter: "datum.kind === 'day' && !datum.allowed" }],
        mark: { type: 'text', text: picture.texts.notAllowed, color: MUTED_COLOUR, fontSize: FONT.notAllowed, align: 'center', baseline: 'middle', limit: column.plot },
        encoding: { x: { datum: DAY_MINUTES / 2 }, y: rowY },
      },
      {
        // The day's limit, after its row.
        transform: [{ filter: "datum.kind === 'limit'" }],
        mark: { type: 'text', color: TEXT_COLOUR, fontSize: FONT.limit, fontWeight: 'bold', align: 'left', baseline: 'middle', dx: WEEK_LAYOUT.gap, limit: column.limit },
        encoding: { x: { value: column.plot }, y: rowY, text: { field: 'text', type: 'nominal' } },
      },
    ],
    config: {
      font: FONT_FAMILY,
      view: { stroke: null },
      title: { fontSize: FONT.title, fontWeight: 'bold', color: TEXT_COLOUR },
      legend: { labelFontSize: FONT.legend, labelColor: TEXT_COLOUR, symbolType: 'square', symbolSize: 160, symbolStrokeWidth: 0, labelLimit: LEGEND.labelLimit, columnPadding: LEGEND.columnPadding, rowPadding: 4 },
    },
  };
}
