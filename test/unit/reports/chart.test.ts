import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildChartSpec, chartRows, chartTexts, formatTick, hourTicks, LAYOUT, PIXEL_RATIO, type ChartData } from '../../../src/reports/chart-spec.ts';
import { chartSize, chartSvg, renderUsageChart, type ChildUsage, type DayUsage, type UsageChart } from '../../../src/reports/chart.ts';
import { readFontMetrics } from '../../../src/reports/font-metrics.ts';
import { english, german } from '../../support/words.ts';

const H = 3600;

function day(date: string, byMachine: DayUsage['byMachine'], limitSeconds?: number, partial = false): DayUsage {
  return { date, label: `Day ${date.slice(8)}`, partial, limitSeconds, byMachine };
}

/** A chart with its words in English, as the report makes it. */
const inEnglish = (chart: ChartData): UsageChart => ({ ...chart, texts: chartTexts(english, chart) });

/** Mia on two computers over three days: a limit on two of them, the last day partial, the middle one unused. */
const SMALL: UsageChart = inEnglish({
  title: 'Screen time, test',
  machines: ['desktop', 'laptop'],
  children: [
    {
      name: 'Mia',
      days: [
        day('2025-11-21', [{ machine: 'desktop', seconds: 90 * 60 }, { machine: 'laptop', seconds: 30 * 60 }], 2 * H),
        day('2025-11-22', []),
        day('2025-11-23', [{ machine: 'laptop', seconds: 600 }, { machine: 'desktop', seconds: 0 }], 3 * H, true),
      ],
    },
  ],
});

/** `days` days from 1 Nov for each child in `names`, on `machines`, with varied use and a limit every day. */
function chartOf(names: readonly string[], machines: readonly string[], days: number): UsageChart {
  const children: ChildUsage[] = names.map((name, child) => ({
    name,
    days: Array.from({ length: days }, (_, index) => {
      const date = `2025-${index < 30 ? '11' : '12'}-${String((index % 30) + 1).padStart(2, '0')}`;
      return {
        date,
        label: date.slice(8),
        partial: index === days - 1,
        limitSeconds: 2 * H,
        byMachine: machines.map((machine, m) => ({ machine, seconds: ((index * 7 + child * 13 + m * 5) % 60) * 60 })),
      };
    }),
  }));
  return inEnglish({ title: 'Screen time', children, machines });
}

/** A value inside a JSON-like tree, by keys and indexes. */
function at(value: unknown, ...keys: readonly (string | number)[]): unknown {
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

describe('chartRows', () => {
  test('a row per computer and day with use, a limit row only where a limit is set, the partial day flagged', () => {
    expect(chartRows(SMALL)).toEqual([
      { kind: 'panel', child: 'c0' },
      { kind: 'use', child: 'c0', date: '2025-11-21', machine: 'desktop', machineIndex: 0, minutes: 90, partial: false },
      { kind: 'use', child: 'c0', date: '2025-11-21', machine: 'laptop', machineIndex: 1, minutes: 30, partial: false },
      { kind: 'limit', child: 'c0', date: '2025-11-21', limitMinutes: 120 },
      { kind: 'use', child: 'c0', date: '2025-11-23', machine: 'laptop', machineIndex: 1, minutes: 10, partial: true },
      { kind: 'limit', child: 'c0', date: '2025-11-23', limitMinutes: 180 },
    ]);
  });

  test('a computer missing from `machines` comes after the listed ones', () => {
    const chart: UsageChart = { ...SMALL, machines: ['laptop'] };
    const machines = chartRows(chart).flatMap((row) => (row.kind === 'use' ? [[row.machine, row.machineIndex]] : []));
    expect(machines).toEqual([['desktop', 1], ['laptop', 0], ['laptop', 0]]);
  });
});

describe('buildChartSpec', () => {
  const spec = buildChartSpec(SMALL);
  const layer = (index: number, ...keys: readonly (string | number)[]): unknown => at(spec, 'spec', 'layer', index, ...keys);

  test('carries the rows inline and names nothing to load', () => {
    expect(at(spec, 'data', 'values')).toEqual(chartRows(SMALL));
    expect(JSON.stringify(spec)).not.toMatch(/"url"/);
  });

  test('every day is on the x axis, the unused one too, with its label; the partial day says so', () => {
    expect(layer(1, 'encoding', 'x', 'scale', 'domain')).toEqual(['2025-11-21', '2025-11-22', '2025-11-23']);
    const labels = String(layer(1, 'encoding', 'x', 'axis', 'labelExpr'));
    expect(labels).toContain('"2025-11-22":"Day 22"');
    expect(labels).toContain('"2025-11-23":["Day 23","(so far)"]');
  });

  test('bars are coloured by computer in the given order, limits drawn from limit rows, the partial day paler', () => {
    expect(layer(1, 'transform', 0, 'filter')).toBe("datum.kind === 'use'");
    // The legend's entries: the computers, then what a paler bar and the dark tick mean.
    expect(layer(1, 'encoding', 'color', 'scale', 'domain')).toEqual(['desktop', 'laptop', 'today, so far', 'daily limit']);
    expect(layer(1, 'encoding', 'color', 'scale', 'range')).toEqual(['#0072B2', '#E69F00', '#999999', '#1a1a1a']);
    expect(layer(1, 'encoding', 'opacity', 'field')).toBe('partial');
    expect(layer(1, 'encoding', 'opacity', 'scale', 'range')).toEqual([1, 0.45]);
    expect(layer(2, 'transform', 0, 'filter')).toBe("datum.kind === 'limit'");
    expect(layer(2, 'mark', 'type')).toBe('tick');
    expect(layer(2, 'encoding', 'y', 'field')).toBe('limitMinutes');
  });

  test('one panel per child in input order, named by the child', () => {
    const twins: UsageChart = { ...SMALL, children: [{ name: 'Leo', days: [] }, { name: 'Leo', days: SMALL.children[0]?.days ?? [] }] };
    const twinSpec = buildChartSpec(twins);
    expect(at(twinSpec, 'facet', 'row', 'sort')).toEqual(['c0', 'c1']);
    expect(at(twinSpec, 'facet', 'row', 'header', 'labelExpr')).toBe('{"c0":"Leo","c1":"Leo"}[datum.value]');
  });

  test('without a partial day or a limit the legend does not explain them', () => {
    const plain: UsageChart = { ...SMALL, children: [{ name: 'Mia', days: [day('2025-11-21', [{ machine: 'desktop', seconds: 60 }])] }] };
    const plainSpec = buildChartSpec(plain);
    expect(at(plainSpec, 'spec', 'layer', 1, 'encoding', 'opacity')).toEqual({ value: 1 });
    expect(at(plainSpec, 'spec', 'layer', 1, 'encoding', 'color', 'scale', 'domain')).toEqual(['desktop', 'laptop']);
  });

  test('a legend too wide for one row wraps, and the chart grows by the rows', () => {
    const machines = ['desktop', 'laptop', 'living-room PC', 'tablet PC', 'study computer', 'old netbook'];
    const many: UsageChart = { ...SMALL, machines };
    expect(at(buildChartSpec(SMALL), 'spec', 'layer', 1, 'encoding', 'color', 'legend', 'columns')).toBe(4);
    const columns = Number(at(buildChartSpec(many), 'spec', 'layer', 1, 'encoding', 'color', 'legend', 'columns'));
    expect(columns).toBeLessThan(machines.length + 2);
    expect(chartSize(many).height).toBeGreaterThan(chartSize(SMALL).height);
  });

  test('the y axis is in minutes with round ticks up to the highest bar or limit', () => {
    expect(layer(1, 'encoding', 'y', 'scale', 'domain')).toEqual([0, 180]);
    expect(layer(1, 'encoding', 'y', 'axis', 'values')).toEqual([0, 60, 120, 180]);
  });
});

describe('hourTicks and formatTick', () => {
  test.each([
    [0, [0, 15, 30, 45, 60]],
    [61, [0, 30, 60, 90]],
    [200, [0, 60, 120, 180, 240]],
    [500, [0, 120, 240, 360, 480, 600]],
  ])('%d min → %j', (minutes, ticks) => {
    expect(hourTicks(minutes)).toEqual(ticks);
  });

  test.each([
    [0, '0'],
    [15, '15m'],
    [60, '1h'],
    [90, '1h 30m'],
    [240, '4h'],
  ])('%d min → %s', (minutes, text) => {
    expect(formatTick(english, minutes)).toBe(text);
  });

  test.each([
    [0, '0'],
    [15, '15 min'],
    [60, '1 h'],
    [90, '1:30 h'],
    [240, '4 h'],
  ])('in German: %d min → %s', (minutes, text) => {
    expect(formatTick(german, minutes)).toBe(text);
  });
});

describe('readFontMetrics', () => {
  const fontFile = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf');

  test('reads DejaVu Sans advance widths (2048 units per em)', async () => {
    const metrics = readFontMetrics(await readFile(fontFile));
    if (!metrics.ok) throw new Error(metrics.error);
    expect(metrics.value.width('a', 2048)).toBe(1255);
    expect(metrics.value.width('M', 2048)).toBe(1767);
    expect(metrics.value.width('aM', 10)).toBeCloseTo((1255 + 1767) / 204.8, 6);
    expect(metrics.value.width('Лёва', 12)).toBeGreaterThan(0);
  });

  test('something that is not a font is an error value', () => {
    expect(readFontMetrics(new Uint8Array(64)).ok).toBe(false);
  });
});

describe('chartSize', () => {
  test('fixed width; height grows by one panel per child', () => {
    const one = chartSize(chartOf(['Mia'], ['desktop'], 7));
    const three = chartSize(chartOf(['Mia', 'Leo', 'Ava'], ['desktop'], 7));
    expect(one.width).toBe(LAYOUT.width * PIXEL_RATIO);
    expect(three.width).toBe(one.width);
    expect(three.height - one.height).toBe(2 * LAYOUT.panelHeight * PIXEL_RATIO);
  });
});

describe('renderUsageChart', () => {
  test.each([
    ['1 child × 7 days', chartOf(['Mia'], ['desktop', 'laptop'], 7)],
    ['3 children × 3 computers × 31 days', chartOf(['Mia', 'Leo', 'Ava'], ['desktop', 'laptop', 'living room'], 31)],
    ['a child without days beside one with', { ...SMALL, children: [...SMALL.children, { name: 'Leo', days: [] }] }],
    ['only a child without days', { ...SMALL, children: [{ name: 'Leo', days: [] }] }],
  ])('%s: a PNG of exactly chartSize', async (_, chart) => {
    const png = await renderUsageChart(chart);
    if (!png.ok) throw new Error(png.error.message);
    expect(pngSize(png.value)).toEqual(chartSize(chart));
  });

  test.each([
    ['a week', chartOf(['Mia', 'Leo'], ['desktop', 'laptop'], 7)],
    ['a month', chartOf(['Mia', 'Leo', 'Ava'], ['desktop', 'laptop', 'living room'], 31)],
    ['six computers (the legend wraps)', chartOf(['Mia', 'Leo'], ['desktop', 'laptop', 'living-room PC', 'tablet PC', 'study computer', 'old netbook'], 7)],
  ])("%s: Vega's layout fits chartSize without scaling, and shows the title, names and legend", async (_, chart) => {
    const svg = await chartSvg(chart);
    const size = chartSize(chart);
    expect(svg).toMatch(new RegExp(`^<svg [^>]*viewBox="0 0 ${size.width / PIXEL_RATIO} ${size.height / PIXEL_RATIO}"`));
    // Vega's own background: little is left blank at the bottom either.
    const drawnHeight = Number(/^<svg [^>]*><rect width="[\d.]+" height="([\d.]+)"/.exec(svg)?.[1]);
    expect(size.height / PIXEL_RATIO - drawnHeight).toBeGreaterThanOrEqual(0);
    expect(size.height / PIXEL_RATIO - drawnHeight).toBeLessThan(12);
    for (const text of ['>Screen time<', '>Mia<', '>Leo<', '>desktop<', '>laptop<', '>today, so far<', '>daily limit<']) expect(svg).toContain(text);
  });

  test('a German chart is drawn with its German words (they travel with the chart as data)', async () => {
    const data: ChartData = {
      title: 'Bildschirmzeit, Woche vom 21. Nov.',
      machines: ['desktop', 'laptop'],
      children: [{ name: 'Mia', days: (SMALL.children[0]?.days ?? []).map((each, index) => ({ ...each, label: ['Fr 21.', 'Sa 22.', 'So 23.'][index] ?? '' })) }],
    };
    const svg = await chartSvg({ ...data, texts: chartTexts(german, data) });
    for (const text of ['>Bildschirmzeit, Woche vom 21. Nov.<', '>Genutzte Zeit pro Tag, nach Computer<', '>Fr 21.<', '>So 23.<', '>(bis jetzt)<', '>heute bis jetzt<', '>Tageslimit<', '>1 h<', '>3 h<']) {
      expect(svg).toContain(text);
    }
    expect(svg).not.toMatch(/so far|daily limit|Time used/);
  });

  test('the same chart gives the same PNG twice', async () => {
    const chart = chartOf(['Mia', 'Leo'], ['desktop', 'laptop'], 7);
    const [first, second] = await Promise.all([renderUsageChart(chart), renderUsageChart(chart)]);
    if (!first.ok || !second.ok) throw new Error('render failed');
    expect(first.value.equals(second.value)).toBe(true);
  });
});
