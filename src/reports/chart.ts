import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Loader } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { messageOf } from '../lib/errors.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { buildChartSpec, chartSize, FONT_FAMILY, PIXEL_RATIO, type UsageChart } from './chart-spec.ts';
import { type FontMetrics, readFontMetrics } from './font-metrics.ts';

export { chartSize } from './chart-spec.ts';
export type { ChildUsage, DayUsage, MachineUsage, UsageChart } from './chart-spec.ts';

/** Why a chart could not be drawn. */
export type ChartFailure = { readonly kind: 'render-failed'; readonly message: string };

/** The chart's font files (regular, bold), from the dejavu-fonts-ttf package: the Docker image has no fonts. */
function fontFiles(): readonly [regular: string, bold: string] {
  const folder = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return [path.join(folder, 'DejaVuSans.ttf'), path.join(folder, 'DejaVuSans-Bold.ttf')];
}

/** Vega may not fetch anything: the spec carries its data, and a chart is drawn offline. */
const NO_LOADING: Loader = {
  load: (uri) => refuse(uri),
  sanitize: (uri) => refuse(uri),
  http: (uri) => refuse(uri),
  file: (file) => refuse(file),
};

function refuse(what: string): Promise<never> {
  return Promise.reject(new Error(`a chart loads nothing, but it asked for ${what}`));
}

/**
 * Vega, Vega-Lite and resvg, loaded on the first chart: they take about 0.4 s and 40 MB, which a bot that never
 * draws one need not pay at start.
 */
async function libraries(): Promise<{ vega: typeof import('vega'); compile: typeof import('vega-lite').compile; renderAsync: typeof import('@resvg/resvg-js').renderAsync }> {
  const [vega, vegaLite, resvg] = await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
  return { vega, compile: vegaLite.compile, renderAsync: resvg.renderAsync };
}

/**
 * Renders the chart as a PNG of exactly `chartSize(chart)` pixels: Vega-Lite → SVG (Vega, headless) → PNG (resvg,
 * off the main thread, with the bundled font and no system fonts).
 */
export async function renderUsageChart(chart: UsageChart): Promise<Result<Buffer, ChartFailure>> {
  try {
    return ok(await svgPng(await chartSvg(chart)));
  } catch (error) {
    return err({ kind: 'render-failed', message: messageOf(error) });
  }
}

/** The chart as SVG, its root sized to the PNG's pixels (scaled down to fit if Vega's layout came out larger). */
export async function chartSvg(chart: UsageChart): Promise<string> {
  return specSvg(buildChartSpec(chart), chartSize(chart));
}

/**
 * Any chart's Vega-Lite spec as SVG (Vega, headless, text measured in the bundled font), its root sized to `size`
 * (the PNG's pixels, `PIXEL_RATIO`× the CSS layout; the drawing is scaled down to fit if Vega's came out larger).
 * Throws if Vega fails.
 */
export async function specSvg(spec: TopLevelSpec, size: { readonly width: number; readonly height: number }): Promise<string> {
  const { vega, compile } = await libraries();
  await measureTextWithFont(vega);
  const vegaSpec = compile(spec, { logger: vega.logger(vega.None) }).spec;
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none', loader: NO_LOADING, logLevel: vega.None });
  try {
    return fitSvg(await view.toSVG(), size);
  } finally {
    view.finalize();
  }
}

/** An SVG of {@link specSvg} as PNG at its own size (resvg, off the main thread, the bundled font, no system fonts). */
export async function svgPng(svg: string): Promise<Buffer> {
  const { renderAsync } = await libraries();
  const image = await renderAsync(svg, {
    font: { fontFiles: [...fontFiles()], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    fitTo: { mode: 'original' },
    background: 'white',
    logLevel: 'off',
  });
  return image.asPng();
}

let measuring: Promise<void> | undefined;

/**
 * Lays text out with the widths of the font resvg draws it in. Without a canvas Vega guesses 0.8 em per character,
 * which leaves wide gaps in legends; like vl-convert, this sets Vega's `textMetrics.width` (a process-wide setting
 * of Vega's, which only the charts use).
 */
function measureTextWithFont(vega: typeof import('vega')): Promise<void> {
  measuring ??= (async () => {
    const [regular, bold] = await Promise.all(fontFiles().map(async (file) => {
      const metrics = readFontMetrics(await readFile(file));
      if (!metrics.ok) throw new Error(`${file}: ${metrics.error}`);
      return metrics.value;
    }));
    const textMetrics: unknown = Reflect.get(vega, 'textMetrics');
    if (regular === undefined || bold === undefined || typeof textMetrics !== 'object' || textMetrics === null) throw new Error('Vega has no textMetrics');
    Reflect.set(textMetrics, 'width', (item: TextItem, text?: unknown) => textWidth(item, text, regular, bold));
  })();
  measuring.catch(() => {
    measuring = undefined;
  });
  return measuring;
}

/** What Vega passes for a text mark: its font settings and text (the first argument of `textMetrics.width`). */
interface TextItem {
  readonly text?: unknown;
  readonly fontSize?: number | string;
  readonly fontWeight?: number | string;
  readonly limit?: number;
}

/** Vega's text width of `text` (or of the item's own text) in the chart's font. */
function textWidth(item: TextItem, text: unknown, regular: FontMetrics, bold: FontMetrics): number {
  const line = text === undefined ? item.text : text;
  const value = typeof line === 'string' ? line.trim() : typeof line === 'number' ? String(line) : '';
  const fontSize = item.fontSize === undefined ? 11 : Number(item.fontSize) || 0;
  const weight = item.fontWeight;
  const metrics = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600 ? bold : regular;
  const width = metrics.width(value, fontSize);
  return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
}

/**
 * Gives Vega's SVG (CSS pixels, its own size) the PNG's size: the drawing keeps its top-left corner and is scaled
 * down only if it would not fit the chart's CSS size.
 */
function fitSvg(svg: string, size: { readonly width: number; readonly height: number }): string {
  const root = /^<svg\b[^>]*>/.exec(svg);
  const width = Number(/\bwidth="([\d.]+)"/.exec(root?.[0] ?? '')?.[1]);
  const height = Number(/\bheight="([\d.]+)"/.exec(root?.[0] ?? '')?.[1]);
  if (root === null || !(width > 0) || !(height > 0)) throw new Error('Vega gave an SVG without a size');
  const cssWidth = size.width / PIXEL_RATIO;
  const cssHeight = size.height / PIXEL_RATIO;
  const scale = Math.min(1, cssWidth / width, cssHeight / height);
  const viewBox = `0 0 ${cssWidth / scale} ${cssHeight / scale}`;
  const open = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${size.width}" height="${size.height}" viewBox="${viewBox}" preserveAspectRatio="xMinYMin meet">`;
  return open + svg.slice(root[0].length);
}
