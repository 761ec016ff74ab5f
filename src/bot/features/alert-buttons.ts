import { Composer } from 'grammy';
import { applyOnce, rereadUncertain } from '../../household/apply.ts';
import { actorOf } from '../actor.ts';
import { keptOf } from '../../household/kept.ts';
import { sendKeptNotice } from '../household-chats.ts';
import { onButtons } from '../buttons.ts';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { answerQuietly } from '../telegram/answers.ts';
import { formatDismissed } from '../render/alert.ts';
import { formatReread, outcomeLines } from '../render/change.ts';
import { escapeHtml } from '../render/html.ts';
import { changingToast } from '../render/replies.ts';

/** The buttons under a low-time alert: add 15/30/60 minutes, or "Let it end". The alert's text stays on top. */
export function alertButtonsFeature(deps: FeatureDependencies): Composer<BotContext> {
  const { config } = deps;
  const feature = new Composer<BotContext>();

  feature.use(
    onButtons(['alert-add'], config, async (ctx, { childId, machineId, minutes }, message) => {
      await answerQuietly(ctx, { text: changingToast(ctx.words, minutes) });
      const actor = actorOf(ctx);
      const update = { updateId: ctx.update.update_id, callbackQueryId: ctx.callbackQuery?.id ?? '' };
      const outcome = await applyOnce(deps, actor, update, [{ childId, machineId, minutes }], message.chatId, { keepUnreached: true });
      const rereads = (await rereadUncertain(deps, outcome)).map((reread) => formatReread(ctx.words, config, reread));
      const lines = [escapeHtml(message.text), ...outcomeLines(ctx.words, config, actor, outcome), ...rereads];
      await deps.outbox.edit(message.chatId, message.messageId, lines.join('\n'), { html: true });
      await sendKeptNotice(deps, ctx.words, message.chatId, keptOf(outcome));
    }),
  );

  feature.use(
    onButtons(['dismiss'], config, async (ctx, _action, message) => {
      await answerQuietly(ctx, { text: ctx.words.t('letting-it-end') });
      await deps.outbox.edit(message.chatId, message.messageId, formatDismissed(ctx.words, message.text, actorOf(ctx).name), { html: true });
    }),
  );
  return feature;
}
