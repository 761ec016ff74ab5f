import { messageOf } from '../lib/errors.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { specSvg, svgPng, type ChartFailure } from './chart.ts';
import { buildWeekChartSpec, weekChartSize, type WeekPicture } from './week-chart-spec.ts';

export { weekChartSize } from './week-chart-spec.ts';
export type { WeekPicture, WeekRow } from './week-chart-spec.ts';

/**
 * Renders a child's week of house rules as a PNG of exactly `weekChartSize(picture)` pixels, as the usage chart is
 * drawn: Vega-Lite → SVG (Vega, headless) → PNG (resvg, the bundled font). The first drawing in a process loads the
 * charting libraries and the font; the bot draws in a process of its own (`createChartRenderer().renderWeek`).
 */
export async function renderWeekChart(picture: WeekPicture): Promise<Result<Buffer, ChartFailure>> {
  try {
    return ok(await svgPng(await weekChartSvg(picture)));
  } catch (error) {
    return err({ kind: 'render-failed', message: messageOf(error) });
  }
}

/** The week picture as SVG, its root sized to the PNG's pixels (scaled down to fit if Vega's layout came out larger). */
export async function weekChartSvg(picture: WeekPicture): Promise<string> {
  return specSvg(buildWeekChartSpec(picture), weekChartSize(picture));
}
