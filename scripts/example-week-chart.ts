/**
 * Renders an example week picture of a child's house rules to docs/rules-week-example.png: school days with an hour
 * before school and the afternoon and evening (an hour of it free: homework), a longer Friday, a Saturday without a
 * limit, and a Sunday that is not allowed. The words are English, as the bot's locale files would give them.
 * Run: `npx node scripts/example-week-chart.ts`.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderWeekChart } from '../src/reports/week-chart.ts';
import type { WeekPicture, WeekRow } from '../src/reports/week-chart-spec.ts';

const at = (hours: number, minutes = 0): number => hours * 60 + minutes;

/** Mon–Thu: 7:00–8:00 before school, 15:00–20:30 after it, 16:00–17:00 free (homework on the computer). */
function schoolDay(label: string, limit: string): WeekRow {
  return {
    label,
    allowed: true,
    limit,
    intervals: [
      { fromMinute: at(7), toMinute: at(8), free: false },
      { fromMinute: at(15), toMinute: at(20, 30), free: false },
      { fromMinute: at(16), toMinute: at(17), free: true },
    ],
  };
}

/** The example week for `bench/week-chart.ts` too. */
export function sampleWeek(): WeekPicture {
  return {
    title: 'Mia — house rules',
    texts: { allowed: 'allowed', free: 'free (not counted)', notAllowed: 'not allowed' },
    rows: [
      schoolDay('Mon', '2h'),
      schoolDay('Tue', '2h'),
      schoolDay('Wed', '1h 30m'),
      schoolDay('Thu', '2h'),
      {
        label: 'Fri',
        allowed: true,
        limit: '3h',
        intervals: [
          { fromMinute: at(7), toMinute: at(8), free: false },
          { fromMinute: at(15), toMinute: at(22), free: false },
        ],
      },
      { label: 'Sat', allowed: true, limit: '∞', intervals: [{ fromMinute: at(9), toMinute: at(21), free: false }] },
      { label: 'Sun', allowed: false, limit: '–', intervals: [] },
    ],
  };
}

if (import.meta.main) {
  const out = path.resolve(import.meta.dirname, '../docs/rules-week-example.png');
  const png = await renderWeekChart(sampleWeek());
  if (!png.ok) {
    process.stderr.write(`${png.error.message}\n`);
    process.exitCode = 1;
  } else {
    await writeFile(out, png.value);
    process.stdout.write(`${out}\n`);
  }
}
