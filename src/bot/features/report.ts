import { Composer } from 'grammy';
import { localDay } from '../../lib/local-days.ts';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { makeReport, sendReport, type RenderChart } from '../report-flow.ts';
import { parseReportArguments } from '../report-request.ts';
import { reportRequestErrorText } from '../render/report.ts';
import { ANSWER_VALID_MS } from '../telegram/answers.ts';

/**
 * `/report [child] [week|month]`: a chart of the time used per day and computer, with its words. Parents only (a
 * child's /report gets the children's usual answer before it reaches this feature).
 */
export function reportFeature(deps: Pick<FeatureDependencies, 'config' | 'store' | 'logger' | 'now' | 'outbox'> & { readonly renderChart: RenderChart }): Composer<BotContext> {
  const { config, now, outbox, renderChart } = deps;
  const feature = new Composer<BotContext>();
  feature.command('report', async (ctx) => {
    const request = parseReportArguments(config, ctx.match);
    if (!request.ok) return void (await outbox.send(ctx.chat.id, reportRequestErrorText(ctx.words, config, request.error), { validForMs: ANSWER_VALID_MS }));
    await ctx.replyWithChatAction('upload_photo').catch(() => undefined);
    const at = now();
    // In the sender's language: the one who asked reads it (in a group the others see it too).
    const report = makeReport(ctx.words, deps, request.value.children, request.value.period, localDay(at), at);
    await sendReport(ctx.words, outbox, ctx.log, renderChart, ctx.chat.id, report);
    ctx.log.info({ action: 'report', period: request.value.period, children: request.value.children.length, chart: report.chart !== undefined }, 'report');
  });
  return feature;
}
