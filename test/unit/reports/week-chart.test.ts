import { afterEach, describe, expect, test } from 'vitest';
import { createChartRenderer, type ChartRenderer } from '../../../src/reports/chart-process.ts';
import { PIXEL_RATIO } from '../../../src/reports/chart-spec.ts';
import { renderWeekChart, weekChartSize, weekChartSvg, type WeekPicture, type WeekRow } from '../../../src/reports/week-chart.ts';
import { buildWeekChartSpec, WEEK_LAYOUT, weekChartRows } from '../../../src/reports/week-chart-spec.ts';

const at = (hours: number, minutes = 0): number => hours * 60 + minutes;
const counted = (from: number, to: number) => ({ fromMinute: from, toMinute: to, free: false });
const free = (from: number, to: number) => ({ fromMinute: from, toMinute: to, free: true });

/** A school day: 7–8 and 15–20:30, 16–17 free. */
const school = (label: string, limit: string): WeekRow => ({ label, allowed: true, limit, intervals: [counted(at(7), at(8)), counted(at(15), at(20, 30)), free(at(16), at(17))] });

/** A week with every kind of day: school days, one until midnight, a whole free day, one not allowed. */
const WEEK: WeekPicture = {
  title: 'Mia — house rules',
  texts: { allowed: 'allowed', free: 'free (not counted)', notAllowed: 'not allowed' },
  rows: [
    school('Mon', '2 h'),
    school('Tue', '2 h'),
    school('Wed', '1 h 30'),
    { label: 'Thu', allowed: true, limit: '2 h', intervals: [counted(at(20), at(24))] },
    school('Fri', '3 h'),
    { label: 'Sat', allowed: true, limit: 'no limit', intervals: [free(0, at(24))] },
    // Its intervals are not drawn: the whole day is not allowed.
    { label: 'Sun', allowed: false, limit: '–', intervals: [counted(at(9), at(21))] },
  ],
};

/** A value inside a JSON-like tree, by keys and indexes. */
function get(value: unknown, ...keys: readonly (string | number)[]): unknown {
  let here = value;
  for (const key of keys) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<string | number, unknown>)[key];
  }
  return here;
}

/** The width and height in a PNG's IHDR chunk, after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** The bars Vega drew for intervals: row, minutes and key from each one's aria label, left edge and width from its path. */
function intervalBars(svg: string): { row: string; from: number; to: number; key: string; left: number; width: number }[] {
  const group = /<g class="mark-rect role-mark layer_1_marks"[^>]*>(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  return [...group.matchAll(/aria-label="fromMinute: (\d+); row: (r\d); toMinute: (\d+); key: (\w+)"[^>]* d="M([\d.]+),[\d.]+h([\d.]+)/g)].map((match) => ({
    row: match[2] ?? '',
    from: Number(match[1]),
    to: Number(match[3]),
    key: match[4] ?? '',
    left: Number(match[5]),
    width: Number(match[6]),
  }));
}

describe('weekChartRows', () => {
  const rows = weekChartRows(WEEK);

  test('a background per day in order, then its intervals (counted first, free over them) and its limit', () => {
    expect(rows.filter((row) => row.kind === 'day').map((row) => [row.row, row.allowed])).toEqual([
      ['r0', true], ['r1', true], ['r2', true], ['r3', true], ['r4', true], ['r5', true], ['r6', false],
    ]);
    expect(rows.filter((row) => row.kind !== 'hour' && row.row === 'r0')).toEqual([
      { kind: 'day', row: 'r0', allowed: true, fromMinute: 0, toMinute: 1440 },
      { kind: 'interval', row: 'r0', key: 'allowed', fromMinute: 420, toMinute: 480 },
      { kind: 'interval', row: 'r0', key: 'allowed', fromMinute: 900, toMinute: 1230 },
      { kind: 'interval', row: 'r0', key: 'free', fromMinute: 960, toMinute: 1020 },
      { kind: 'limit', row: 'r0', text: '2 h' },
    ]);
    expect(rows.flatMap((row) => (row.kind === 'limit' ? [row.text] : []))).toEqual(['2 h', '2 h', '1 h 30', '2 h', '3 h', 'no limit', '–']);
  });

  test('a day until midnight ends at 1440; a not-allowed day has no intervals; hour lines every 3 hours', () => {
    expect(rows.filter((row) => row.kind === 'interval' && row.row === 'r3')).toEqual([{ kind: 'interval', row: 'r3', key: 'allowed', fromMinute: 1200, toMinute: 1440 }]);
    expect(rows.filter((row) => row.kind === 'interval' && row.row === 'r6')).toEqual([]);
    expect(rows.flatMap((row) => (row.kind === 'hour' ? [row.minute] : []))).toEqual([180, 360, 540, 720, 900, 1080, 1260]);
  });

  test('intervals are clamped to the day, and empty or reversed ones left out', () => {
    const odd: WeekPicture = { ...WEEK, rows: [{ label: 'Mon', allowed: true, limit: '1 h', intervals: [counted(-30, 60), counted(600, 600), counted(700, 650), free(1400, 1500)] }] };
    expect(weekChartRows(odd).filter((row) => row.kind === 'interval')).toEqual([
      { kind: 'interval', row: 'r0', key: 'allowed', fromMinute: 0, toMinute: 60 },
      { kind: 'interval', row: 'r0', key: 'free', fromMinute: 1400, toMinute: 1440 },
    ]);
  });
});

describe('buildWeekChartSpec', () => {
  const spec = buildWeekChartSpec(WEEK);
  const layer = (index: number, ...keys: readonly (string | number)[]): unknown => get(spec, 'layer', index, ...keys);

  test('carries its rows inline and names nothing to load', () => {
    expect(get(spec, 'data', 'values')).toEqual(weekChartRows(WEEK));
    expect(JSON.stringify(spec)).not.toMatch(/"url"/);
  });

  test('seven rows top to bottom in the given order, labelled with the given words; a not-allowed day muted', () => {
    const y = layer(0, 'encoding', 'y');
    expect(get(y, 'scale', 'domain')).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(get(y, 'sort')).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(get(y, 'axis', 'labelExpr')).toBe('{"r0":"Mon","r1":"Tue","r2":"Wed","r3":"Thu","r4":"Fri","r5":"Sat","r6":"Sun"}[datum.value]');
    expect(get(y, 'axis', 'labelColor', 'condition', 'test')).toBe('indexof(["r6"], datum.value) >= 0');
  });

  test('the day is 0–24 h with ticks every 3 hours, written as hours', () => {
    const x = layer(0, 'encoding', 'x');
    expect(get(x, 'scale', 'domain')).toEqual([0, 1440]);
    expect(get(x, 'axis', 'values')).toEqual([0, 180, 360, 540, 720, 900, 1080, 1260, 1440]);
    expect(get(x, 'axis', 'labelExpr')).toBe('datum.value / 60');
  });

  test('the day grey below, intervals coloured by counted or free, the legend in the given words', () => {
    expect(layer(0, 'transform', 0, 'filter')).toBe("datum.kind === 'day'");
    expect(layer(0, 'mark', 'color')).toBe('#e4e4e4');
    expect(layer(1, 'transform', 0, 'filter')).toBe("datum.kind === 'interval'");
    expect(layer(1, 'encoding', 'x2', 'field')).toBe('toMinute');
    expect(layer(1, 'encoding', 'color', 'scale', 'domain')).toEqual(['allowed', 'free', 'notAllowed']);
    expect(layer(1, 'encoding', 'color', 'scale', 'range')).toEqual(['#0072B2', '#009E73', '#e4e4e4']);
    expect(layer(1, 'encoding', 'color', 'legend', 'labelExpr')).toBe('{"allowed":"allowed","free":"free (not counted)","notAllowed":"not allowed"}[datum.value]');
  });

  test('free intervals wide enough carry ∞; a not-allowed day says so; each row ends with its limit', () => {
    expect(String(layer(3, 'transform', 0, 'filter'))).toMatch(/datum.key === 'free' && datum.toMinute - datum.fromMinute >= 50/);
    expect(layer(3, 'layer', 1, 'mark', 'text')).toBe('∞');
    expect(layer(4, 'transform', 0, 'filter')).toBe("datum.kind === 'day' && !datum.allowed");
    expect(layer(4, 'mark', 'text')).toBe('not allowed');
    expect(layer(5, 'transform', 0, 'filter')).toBe("datum.kind === 'limit'");
    expect(layer(5, 'encoding', 'text', 'field')).toBe('text');
  });

  test('the legend shows only what the picture has', () => {
    const allDay: WeekPicture = { ...WEEK, rows: WEEK.rows.map((row) => ({ ...row, allowed: true, intervals: [counted(0, 1440)] })) };
    expect(get(buildWeekChartSpec(allDay), 'layer', 1, 'encoding', 'color', 'scale', 'domain')).toEqual(['allowed']);
  });

});

describe('weekChartSize', () => {
  test('the usage chart\'s width; a longer legend adds a row', () => {
    const size = weekChartSize(WEEK);
    expect(size.width).toBe(640 * PIXEL_RATIO);
    const long: WeekPicture = { ...WEEK, texts: { allowed: 'erlaubt (wird auf das Tageslimit angerechnet)', free: 'frei (wird nicht angerechnet)', notAllowed: 'nicht erlaubt' } };
    expect(weekChartSize(long).height).toBeGreaterThan(size.height);
  });
});

describe('renderWeekChart', () => {
  test('a real PNG of exactly weekChartSize', async () => {
    const png = await renderWeekChart(WEEK);
    if (!png.ok) throw new Error(png.error.message);
    expect(pngSize(png.value)).toEqual(weekChartSize(WEEK));
  });

  test.each([
    ['English', WEEK],
    ['long German words', {
      title: 'Mia — Hausregeln',
      texts: { allowed: 'erlaubt (wird auf das Tageslimit angerechnet)', free: 'frei (wird nicht angerechnet)', notAllowed: 'nicht erlaubt' },
      rows: WEEK.rows.map((row, index) => ({ ...row, label: ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'][index] ?? '', limit: row.limit === 'no limit' ? 'kein Limit' : row.limit })),
    }],
  ])("%s: Vega's layout fits weekChartSize without scaling, with little left blank", async (_, picture: WeekPicture) => {
    const svg = await weekChartSvg(picture);
    const size = weekChartSize(picture);
    expect(svg).toMatch(new RegExp(`^<svg [^>]*viewBox="0 0 ${size.width / PIXEL_RATIO} ${size.height / PIXEL_RATIO}"`));
    const drawnHeight = Number(/^<svg [^>]*><rect width="[\d.]+" height="([\d.]+)"/.exec(svg)?.[1]);
    expect(size.height / PIXEL_RATIO - drawnHeight).toBeGreaterThanOrEqual(0);
    expect(size.height / PIXEL_RATIO - drawnHeight).toBeLessThan(4);
  });

  test('the SVG shows the title, day labels, legend words, limits, ∞ and the hour ticks', async () => {
    const svg = await weekChartSvg(WEEK);
    for (const text of ['Mia — house rules', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun', 'allowed', 'free (not counted)', 'not allowed', '2 h', '1 h 30', '3 h', 'no limit', '–', '∞', '0', '12', '24']) {
      expect(svg).toContain(`>${text}</text>`);
    }
    // The not-allowed day's words: once in the legend, once on Sunday's row.
    expect(svg.match(/>not allowed<\/text>/g)).toHaveLength(2);
    // ∞ on each free interval: Mon, Tue, Wed and Fri's hour, and all of Saturday (each drawn twice: halo and mark).
    expect(svg.match(/font-weight="bold" fill="white">∞<\/text>/g)).toHaveLength(5);
  });

  test('a day with several intervals gets a bar for each; a day until 24:00 reaches the end of the axis', async () => {
    const svg = await weekChartSvg(WEEK);
    const bars = intervalBars(svg);
    expect(bars.filter((bar) => bar.row === 'r0').map((bar) => [bar.from, bar.to, bar.key])).toEqual([[420, 480, 'allowed'], [900, 1230, 'allowed'], [960, 1020, 'free']]);
    expect(bars.filter((bar) => bar.row === 'r6')).toEqual([]);
    const hour24 = Number(/transform="translate\(([\d.]+),[\d.]+\)"[^>]*>24<\/text>/.exec(svg)?.[1]);
    const thursday = bars.find((bar) => bar.row === 'r3');
    const saturday = bars.find((bar) => bar.row === 'r5');
    expect(hour24).toBeGreaterThan(0);
    expect((thursday?.left ?? 0) + (thursday?.width ?? 0)).toBeCloseTo(hour24, 3);
    expect(saturday?.left).toBe(0);
    expect(saturday?.width).toBeCloseTo(hour24, 3);
    // Thursday's bar starts at 20:00: 20/24 of the way.
    expect(thursday?.left).toBeCloseTo((hour24 * 20) / 24, 3);
  });

  test('the rows are spaced evenly, Monday at the top', async () => {
    const svg = await weekChartSvg(WEEK);
    const labelY = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((label) => Number(new RegExp(`translate\\(-?[\\d.]+,([\\d.]+)\\)"[^>]*>${label}</text>`).exec(svg)?.[1]));
    const steps = labelY.slice(1).map((y, index) => y - (labelY[index] ?? 0));
    for (const step of steps) expect(step).toBeCloseTo(WEEK_LAYOUT.rowStep, 3);
  });

  test("every text drawn is the caller's, an hour number or ∞: the picture has no words of its own", async () => {
    const words: WeekPicture = {
      title: 'T',
      texts: { allowed: 'A', free: 'F', notAllowed: 'N' },
      rows: WEEK.rows.map((row, index) => ({ ...row, label: `L${index}`, limit: `M${index}` })),
    };
    const texts = [...(await weekChartSvg(words)).matchAll(/>([^<>]+)<\/text>/g)].map((match) => match[1] ?? '');
    expect(texts.length).toBeGreaterThan(20);
    for (const text of texts) expect(text).toMatch(/^(?:[TAFN]|[LM][0-6]|\d{1,2}|∞)$/);
  });

  test('the same picture gives the same PNG twice', async () => {
    const [first, second] = await Promise.all([renderWeekChart(WEEK), renderWeekChart(WEEK)]);
    if (!first.ok || !second.ok) throw new Error('render failed');
    expect(first.value.equals(second.value)).toBe(true);
  });
});

describe('createChartRenderer().renderWeek (a process of its own)', () => {
  const renderers: ChartRenderer[] = [];
  afterEach(() => renderers.splice(0).forEach((renderer) => renderer.close()));

  test('draws the same PNG as drawing in this process, and a usage chart still after it', { timeout: 30_000 }, async () => {
    const renderer = createChartRenderer({ idleMs: 60_000 });
    renderers.push(renderer);
    const here = await renderWeekChart(WEEK);
    expect(here.ok).toBe(true);
    expect(await renderer.renderWeek(WEEK)).toEqual(here);
    const usage = await renderer.render({ title: 'Screen time', machines: [], children: [{ name: 'Mia', days: [] }], texts: { subtitle: 's', soFar: 'f', partialLegend: 'p', limitLegend: 'l', ticks: {} } });
    expect(usage.ok).toBe(true);
  });

  test('something that is not a week picture is refused there, not a crash', { timeout: 30_000 }, async () => {
    const renderer = createChartRenderer();
    renderers.push(renderer);
    expect(await renderer.renderWeek({ title: 'x' } as unknown as WeekPicture)).toEqual({ ok: false, error: { kind: 'render-failed', message: 'not a chart' } });
    expect((await renderer.renderWeek(WEEK)).ok).toBe(true);
  });
});
