import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { historyStart, parseHistoryArguments } from '../history-request.ts';
import { formatHistory } from '../render/history.ts';

/** `/history [child] [days]`: the changes and alerts of the period, newest first. */
export function historyFeature({ config, store, now }: Pick<FeatureDependencies, 'config' | 'store' | 'now'>): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command('history', async (ctx) => {
    const request = parseHistoryArguments(config, ctx.match);
    if (!request.ok) {
      await ctx.reply(request.error);
      return;
    }
    const entries = store.history(historyStart(new Date(now()), request.value.days), request.value.childId);
    await ctx.reply(formatHistory(config, request.value, entries), { parse_mode: 'HTML' });
  });
  return feature;
}
