import { afterEach, describe, expect, test } from 'vitest';
import { renderUsageChart } from '../../../src/reports/chart.ts';
import { createChartRenderer, type ChartRenderer } from '../../../src/reports/chart-process.ts';
import { chartTexts, type ChartData, type UsageChart } from '../../../src/reports/chart-spec.ts';
import { english, german } from '../../support/words.ts';

const data: ChartData = {
  title: 'Screen time, week of 30 Nov',
  machines: ['desktop', 'laptop'],
  children: [
    {
      name: 'Mia',
      days: [
        { date: '2026-11-30', label: 'Mon 30', partial: false, limitSeconds: 7200, byMachine: [{ machine: 'desktop', seconds: 3600 }, { machine: 'laptop', seconds: 1800 }] },
        { date: '2026-12-01', label: 'Tue 1', partial: true, limitSeconds: 7200, byMachine: [{ machine: 'desktop', seconds: 900 }] },
      ],
    },
  ],
};
const chart: UsageChart = { ...data, texts: chartTexts(english, data) };

const renderers: ChartRenderer[] = [];
afterEach(() => renderers.splice(0).forEach((renderer) => renderer.close()));

describe('createChartRenderer (a process of its own)', () => {
  test('draws the same PNG as drawing in this process, several in a row, and again after it was closed', { timeout: 30_000 }, async () => {
    const renderer = createChartRenderer({ idleMs: 60_000 });
    renderers.push(renderer);
    const here = await renderUsageChart(chart);
    expect(here.ok).toBe(true);
    const [first, second] = await Promise.all([renderer.render(chart), renderer.render({ ...chart, title: 'Another' })]);
    expect(first).toEqual(here);
    expect(second.ok && here.ok && !second.value.equals(here.value)).toBe(true);
    renderer.close();
    expect(await renderer.render(chart)).toEqual(here);
  });

  test('the words travel with the chart: a German one drawn there is the same as here, and not the English one', { timeout: 30_000 }, async () => {
    const renderer = createChartRenderer();
    renderers.push(renderer);
    const inGerman: UsageChart = { ...data, title: 'Bildschirmzeit, Woche vom 30. Nov.', texts: chartTexts(german, data) };
    const here = await renderUsageChart(inGerman);
    const there = await renderer.render(inGerman);
    expect(there).toEqual(here);
    const english = await renderUsageChart({ ...chart, title: inGerman.title });
    expect(there.ok && english.ok && !there.value.equals(english.value)).toBe(true);
  });

  test('a chart the renderer rejects comes back as a failure, not a crash', { timeout: 30_000 }, async () => {
    const renderer = createChartRenderer();
    renderers.push(renderer);
    // Not a chart at all: the drawing process refuses it, and goes on drawing.
    expect(await renderer.render({ title: 'x' } as unknown as UsageChart)).toEqual({ ok: false, error: { kind: 'render-failed', message: 'not a chart' } });
    expect((await renderer.render(chart)).ok).toBe(true);
  });

  test('a drawing process that dies answers what it was drawing with a failure', { timeout: 30_000 }, async () => {
    const renderer = createChartRenderer();
    renderers.push(renderer);
    const drawing = renderer.render(chart);
    renderer.close();
    const result = await drawing;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/^the chart process stopped/);
  });

  test('a drawing that takes too long fails, and its process is ended', { timeout: 30_000 }, async () => {
    const renderer = createChartRenderer({ timeoutMs: 1 });
    renderers.push(renderer);
    expect(await renderer.render(chart)).toEqual({ ok: false, error: { kind: 'render-failed', message: 'the chart was not drawn within 0.001 s' } });
  });
});
