/**
 * Renders example usage charts: a week for Mia and Leo on two computers (one day over the limit, today so far) to
 * docs/report-example.png, and with `--month` a month for three children on three computers to a temp file.
 * Run: `npx node scripts/example-chart.ts [--month]`.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadTranslations } from '../src/i18n/translations.ts';
import { renderUsageChart, type ChildUsage, type DayUsage, type UsageChart } from '../src/reports/chart.ts';
import { chartTexts, type ChartData } from '../src/reports/chart-spec.ts';
import { sampleMonth } from '../bench/chart.ts';

const H = 3600;
const M = 60;

function day(date: string, label: string, limitSeconds: number | undefined, desktop: number, laptop: number, partial = false): DayUsage {
  const byMachine = [
    ...(desktop > 0 ? [{ machine: 'desktop', seconds: desktop }] : []),
    ...(laptop > 0 ? [{ machine: 'laptop', seconds: laptop }] : []),
  ];
  return { date, label, partial, limitSeconds, byMachine };
}

const mia: ChildUsage = {
  name: 'Mia',
  days: [
    day('2025-11-17', 'Mon 17', 2 * H, 1 * H + 10 * M, 35 * M),
    day('2025-11-18', 'Tue 18', 2 * H, 1 * H + 25 * M, 20 * M),
    day('2025-11-19', 'Wed 19', 2 * H, 55 * M, 50 * M),
    day('2025-11-20', 'Thu 20', 2 * H, 1 * H + 40 * M, 45 * M),
    day('2025-11-21', 'Fri 21', 3 * H, 2 * H + 5 * M, 40 * M),
    day('2025-11-22', 'Sat 22', 3 * H, 1 * H + 30 * M, 1 * H + 5 * M),
    day('2025-11-23', 'Sun 23', 3 * H, 50 * M, 25 * M, true),
  ],
};
const leo: ChildUsage = {
  name: 'Leo',
  days: [
    day('2025-11-17', 'Mon 17', 1 * H + 30 * M, 45 * M, 30 * M),
    day('2025-11-18', 'Tue 18', 1 * H + 30 * M, 1 * H + 5 * M, 0),
    day('2025-11-19', 'Wed 19', 1 * H + 30 * M, 0, 0),
    day('2025-11-20', 'Thu 20', 1 * H + 30 * M, 50 * M, 35 * M),
    day('2025-11-21', 'Fri 21', 2 * H, 1 * H + 20 * M, 25 * M),
    day('2025-11-22', 'Sat 22', 2 * H + 30 * M, 1 * H + 40 * M, 45 * M),
    day('2025-11-23', 'Sun 23', 2 * H + 30 * M, 35 * M, 0, true),
  ],
};

const translations = loadTranslations();
if (!translations.ok) throw new Error(`locale files: ${translations.error.join('; ')}`);
const weekData: ChartData = { title: 'Screen time, week of 17 Nov', children: [mia, leo], machines: ['desktop', 'laptop'] };
const week: UsageChart = { ...weekData, texts: chartTexts(translations.value.wordsFor('en'), weekData) };
const month = process.argv.includes('--month');
const chart = month ? sampleMonth() : week;
const out = month ? path.join(os.tmpdir(), 'report-example-month.png') : path.resolve(import.meta.dirname, '../docs/report-example.png');
const png = await renderUsageChart(chart);
if (!png.ok) {
  process.stderr.write(`${png.error.message}\n`);
  process.exitCode = 1;
} else {
  await writeFile(out, png.value);
  process.stdout.write(`${out}\n`);
}
