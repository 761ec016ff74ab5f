import type { Logger } from 'pino';
import type { ChildConfig, Config } from '../config/types.ts';
import type { Words } from '../i18n/words.ts';
import type { ChartFailure, UsageChart } from '../reports/chart.ts';
import { periodDays, type ReportPeriod } from '../reports/days.ts';
import { localDay, localTimeOf } from '../lib/local-days.ts';
import { buildReport, type Report } from '../reports/report.ts';
import type { Result } from '../lib/result.ts';
import type { Store } from '../storage/store.ts';
import type { Outbox } from './telegram/outbox.ts';

/** Draws a chart as a PNG. */
export type RenderChart = (chart: UsageChart) => Promise<Result<Buffer, ChartFailure>>;

export interface ReportDependencies {
  readonly config: Config;
  readonly store: Store;
  readonly logger: Logger;
}

/** Telegram's limit on a photo's caption, in characters. */
const CAPTION_LIMIT = 1024;

/**
 * Reads a period's data from the store and makes its report (chart data and caption, in `words`): the week or month
 * of `lastDay` up to it, or from `firstDay` when given.
 */
export function makeReport(words: Words, deps: ReportDependencies, children: readonly ChildConfig[], period: ReportPeriod, lastDay: string, now: number, firstDay?: string): Report {
  const first = firstDay ?? periodDays(period, lastDay)[0] ?? lastDay;
  const ids = new Set(children.map((child) => child.id));
  const from = localTimeOf(first, 0);
  const entries = deps.store.history(from).filter((entry) => entry.kind === 'change' || entry.kind === 'ask');
  return buildReport(words, deps.config, {
    period,
    lastDay,
    firstDay,
    today: localDay(now),
    children,
    usage: deps.store.usage.days(first, lastDay).filter((row) => ids.has(row.childId)),
    // PlayTime given is part of the day's time, not more of it: the time given counts the day's changes only.
    changes: entries.flatMap((entry) => (entry.kind === 'change' && entry.change.play !== true && localDay(entry.change.at) <= lastDay ? [entry.change] : [])),
    asks: entries.flatMap((entry) => (entry.kind === 'ask' && localDay(entry.ask.at) <= lastDay ? [entry.ask] : [])),
  });
}

/**
 * Sends a report to a chat through the outbox: the chart as a photo with the caption (a caption too long for a photo
 * follows as a message), or the words alone when there is nothing to draw or drawing failed (then `words` say so).
 * Resolves false if Telegram refused it for good (one it cannot take now is kept and sent when it can).
 */
export async function sendReport(words: Words, outbox: Outbox, logger: Logger, render: RenderChart, chatId: number, report: Report): Promise<boolean> {
  const sent = (delivery: { readonly kind: string; readonly reason?: string }) => {
    if (delivery.kind === 'failed') logger.error({ chat: chatId, err: delivery.reason }, 'report not sent');
    return delivery.kind !== 'failed';
  };
  if (report.chart === undefined) return sent(await outbox.send(chatId, report.caption));
  const started = performance.now();
  const png = await render(report.chart);
  if (!png.ok) {
    logger.error({ chat: chatId, err: png.error.message }, 'report: chart not drawn');
    return sent(await outbox.send(chatId, `${report.caption}\n\n${words.t('report-chart-not-drawn', { reason: png.error.message })}`));
  }
  logger.info({ chat: chatId, bytes: png.value.length, renderMs: Math.round(performance.now() - started) }, 'report: chart drawn');
  const fits = report.caption.length <= CAPTION_LIMIT;
  const caption = fits ? report.caption : (report.caption.split('\n\n')[0] ?? '').slice(0, CAPTION_LIMIT);
  if (!sent(await outbox.photo(chatId, png.value, caption, 'screen-time.png'))) return false;
  if (!fits) await outbox.send(chatId, report.caption.slice(caption.length).trim());
  return true;
}
