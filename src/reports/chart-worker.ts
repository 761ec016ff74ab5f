import process from 'node:process';
import { z } from 'zod';
import { renderUsageChart } from './chart.ts';
import type { UsageChart } from './chart-spec.ts';
import { renderWeekChart } from './week-chart.ts';
import type { WeekPicture } from './week-chart-spec.ts';

/**
 * The process that draws charts (started by chart-process.ts): the charting libraries live here, so their memory is
 * given back when it ends. Requests: `{ id, chart }` (a usage chart) or `{ id, week }` (a week of house rules);
 * answers: `{ id, ok: true, png }` or `{ id, ok: false, message }`.
 */
const withId = z.object({ id: z.number() });
const request = z.union([
  z.object({
    id: z.number(),
    chart: z.custom<UsageChart>((value) => typeof value === 'object' && value !== null && 'title' in value && 'children' in value && 'machines' in value),
  }),
  z.object({
    id: z.number(),
    week: z.custom<WeekPicture>((value) => typeof value === 'object' && value !== null && 'title' in value && 'rows' in value && Array.isArray(value.rows) && 'texts' in value),
  }),
]);

process.on('message', (message: unknown) => {
  const parsed = request.safeParse(message);
  if (!parsed.success) {
    const id = withId.safeParse(message);
    if (id.success) process.send?.({ id: id.data.id, ok: false, message: 'not a chart' });
    return;
  }
  const { id } = parsed.data;
  const drawing = 'chart' in parsed.data ? renderUsageChart(parsed.data.chart) : renderWeekChart(parsed.data.week);
  void drawing.then((result) => {
    process.send?.(result.ok ? { id, ok: true, png: new Uint8Array(result.value) } : { id, ok: false, message: result.error.message });
  });
});
// The bot went away: nothing more to draw.
process.on('disconnect', () => process.exit(0));
