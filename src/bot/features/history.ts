import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { historyStart, parseHistoryArguments } from '../history-request.ts';
import { formatHistory, historyProblemText } from '../render/history.ts';
import { ANSWER_VALID_MS } from '../telegram/answers.ts';

/** `/history [child] [days]`: the changes and alerts of the period, newest first, in the asking parent's language. */
export function historyFeature({ config, store, outbox, now }: Pick<FeatureDependencies, 'config' | 'store' | 'outbox' | 'now'>): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command('history', async (ctx) => {
    const request = parseHistoryArguments(config, ctx.match);
    if (!request.ok) {
      await outbox.send(ctx.chat.id, historyProblemText(ctx.words, config, request.error), { validForMs: ANSWER_VALID_MS });
      return;
    }
    const entries = store.history(historyStart(new Date(now()), request.value.days), request.value.childId);
    await outbox.send(ctx.chat.id, formatHistory(ctx.words, config, request.value, entries), { html: true, validForMs: ANSWER_VALID_MS });
  });
  return feature;
}
