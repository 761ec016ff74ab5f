/**
 * The week picture's drawing time (a child's house rules, scripts/example-week-chart.ts's week): in a process of its
 * own as the bot draws it (the first drawing starts that process and loads the charting libraries and the font), and
 * in this process, cold and then warm. Needs no test host: `node bench/week-chart.ts`, or `npm run bench -- week-chart`.
 */
import { createChartRenderer } from '../src/reports/chart-process.ts';
import { renderWeekChart } from '../src/reports/week-chart.ts';
import type { WeekPicture } from '../src/reports/week-chart-spec.ts';
import { sampleWeek } from '../scripts/example-week-chart.ts';

const TARGET_MS = 1000;

/** The first of `rounds + 1` timed drawings, and the median of the others. */
async function timed(rounds: number, draw: () => Promise<{ readonly ok: boolean }>): Promise<{ readonly first: number; readonly median: number }> {
  const times: number[] = [];
  for (let round = 0; round <= rounds; round += 1) {
    const started = performance.now();
    const png = await draw();
    times.push(performance.now() - started);
    if (!png.ok) throw new Error('week picture bench: the picture was not drawn');
  }
  const first = times.shift() ?? Number.NaN;
  times.sort((a, b) => a - b);
  return { first, median: times[Math.floor(times.length / 2)] ?? Number.NaN };
}

/** Draws the example week cold and then `rounds` times, in the drawing process and here; two lines. */
export async function benchWeekChart(rounds: number): Promise<string[]> {
  const week: WeekPicture = sampleWeek();
  // The drawing process first, as in bench/chart.ts: its first drawing is cold whatever ran here before.
  const renderer = createChartRenderer({ idleMs: 60_000 });
  let there: { readonly first: number; readonly median: number };
  try {
    there = await timed(rounds, () => renderer.renderWeek(week));
  } finally {
    renderer.close();
  }
  const here = await timed(rounds, () => renderWeekChart(week));
  const met = (ms: number): string => (ms < TARGET_MS ? 'met' : 'NOT MET');
  return [
    `week picture drawing time, in its own process (as the bot draws): first ${Math.round(there.first)} ms incl. starting it (target < ${TARGET_MS} ms: ${met(there.first)}), then median ${Math.round(there.median)} ms`,
    // Cold here unless a chart was drawn in this process before (`npm run bench` draws the usage chart first).
    `week picture drawing time, in this process: first ${Math.round(here.first)} ms, then median ${Math.round(here.median)} ms (target < ${TARGET_MS} ms: ${met(here.median)})`,
  ];
}

if (import.meta.main) {
  for (const line of await benchWeekChart(Number(process.env['BENCH_ROUNDS'] ?? 20))) process.stdout.write(`${line}\n`);
}
