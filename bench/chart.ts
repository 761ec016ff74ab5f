/**
 * The usage chart's render time: a month for 3 children × 3 computers, Vega-Lite spec to PNG, several times (the
 * first, which warms Vega up and reads the font, is shown apart and left out of the median). Needs no test host:
 * `node bench/chart.ts`, or `npm run bench -- chart`.
 */
import { loadTranslations } from '../src/i18n/translations.ts';
import { createChartRenderer } from '../src/reports/chart-process.ts';
import { renderUsageChart, type ChildUsage, type UsageChart } from '../src/reports/chart.ts';
import { chartTexts } from '../src/reports/chart-spec.ts';

const TARGET_MS = 1000;

/** A month (30 days, today partial) for 3 children × 3 computers, with made-up but plausible numbers. */
export function sampleMonth(): UsageChart {
  const machines = ['desktop', 'laptop', 'living-room PC'];
  const start = Date.UTC(2025, 9, 25);
  const children: ChildUsage[] = ['Mia', 'Leo', 'Ava'].map((name, child) => ({
    name,
    days: Array.from({ length: 30 }, (_, index) => {
      const at = new Date(start + index * 86_400_000);
      const weekend = at.getUTCDay() === 0 || at.getUTCDay() === 6;
      const limitSeconds = (weekend ? 180 : 120 - child * 15) * 60;
      return {
        date: at.toISOString().slice(0, 10),
        label: String(at.getUTCDate()),
        partial: index === 29,
        limitSeconds: child === 2 && index % 10 === 3 ? undefined : limitSeconds,
        byMachine: machines.flatMap((machine, m) => {
          const minutes = ((index * 37 + child * 53 + m * 29) % 70) - (m === 2 ? 20 : 0) + (weekend ? 25 : 0);
          return minutes > 0 && (index + child) % 11 !== 5 ? [{ machine, seconds: minutes * 60 }] : [];
        }),
      };
    }),
  }));
  const translations = loadTranslations();
  if (!translations.ok) throw new Error(`locale files: ${translations.error.join('; ')}`);
  const chart = { title: 'Screen time, 25 Oct – 23 Nov', children, machines };
  return { ...chart, texts: chartTexts(translations.value.wordsFor('en'), chart) };
}

/** Renders the month once cold (Vega's first run, the font read) and then `rounds` times; one line with the median. */
export async function benchChart(rounds: number): Promise<string[]> {
  const chart = sampleMonth();
  // The drawing process first: this process's memory is then not yet grown by drawing here.
  const inItsProcess = await benchChartProcess(chart, rounds);
  const times: number[] = [];
  for (let round = 0; round <= rounds; round += 1) {
    const started = performance.now();
    const png = await renderUsageChart(chart);
    times.push(performance.now() - started);
    if (!png.ok) throw new Error(`chart bench: ${png.error.message}`);
  }
  const first = times.shift() ?? Number.NaN;
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
  const met = median < TARGET_MS ? 'met' : 'NOT MET';
  return [`chart: month, 3 children × 3 computers: median ${Math.round(median)} ms, first ${Math.round(first)} ms (target < ${TARGET_MS} ms: ${met})`, ...inItsProcess];
}

/**
 * As the bot draws them: in a process of its own (reports/chart-process.ts). The first report starts that process
 * and loads the libraries; the bot's own memory is measured before and after.
 */
async function benchChartProcess(chart: UsageChart, rounds: number): Promise<string[]> {
  const mb = () => Math.round(process.memoryUsage().rss / 1e6);
  const before = mb();
  const renderer = createChartRenderer({ idleMs: 60_000 });
  try {
    const times: number[] = [];
    for (let round = 0; round <= rounds; round += 1) {
      const started = performance.now();
      const png = await renderer.render(chart);
      times.push(performance.now() - started);
      if (!png.ok) throw new Error(`chart bench: ${png.error.message}`);
    }
    const first = times.shift() ?? Number.NaN;
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
    const met = first < TARGET_MS ? 'met' : 'NOT MET';
    return [
      `chart in its own process (as the bot draws): first ${Math.round(first)} ms incl. starting it (target < ${TARGET_MS} ms: ${met}), then median ${Math.round(median)} ms`,
      `  the bot's RSS across ${rounds + 1} reports: ${before} MB before, ${mb()} MB after (the charting libraries' memory stays in the drawing process, which ends when idle)`,
    ];
  } finally {
    renderer.close();
  }
}

if (import.meta.main) {
  for (const line of await benchChart(Number(process.env['BENCH_ROUNDS'] ?? 20))) process.stdout.write(`${line}\n`);
}
