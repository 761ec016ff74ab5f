import process from 'node:process';
import { z } from 'zod';
import { renderUsageChart } from './chart.ts';
import type { UsageChart } from './chart-spec.ts';

/**
 * The process that draws charts (started by chart-process.ts): the charting libraries live here, so their memory is
 * given back when it ends. Requests: `{ id, chart }`; answers: `{ id, ok: true, png }` or `{ id, ok: false, message }`.
 */
const withId = z.object({ id: z.number() });
const request = z.object({
  id: z.number(),
  chart: z.custom<UsageChart>((value) => typeof value === 'object' && value !== null && 'title' in value && 'children' in value && 'machines' in value),
});

process.on('message', (message: unknown) => {
  const parsed = request.safeParse(message);
  if (!parsed.success) {
    const id = withId.safeParse(message);
    if (id.success) process.send?.({ id: id.data.id, ok: false, message: 'not a chart' });
    return;
  }
  const { id, chart } = parsed.data;
  void renderUsageChart(chart).then((result) => {
    process.send?.(result.ok ? { id, ok: true, png: new Uint8Array(result.value) } : { id, ok: false, message: result.error.message });
  });
});
// The bot went away: nothing more to draw.
process.on('disconnect', () => process.exit(0));
