import { Composer } from 'grammy';
import { actorOf } from '../actor.ts';
import { onButtons } from '../buttons.ts';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { refreshCancelButtons } from '../../household/kept.ts';
import { answerQuietly } from '../telegram/answers.ts';
import { keptCancelledText } from '../render/kept.ts';

/**
 * "Cancel" under a change kept for a computer that is off: any parent may drop it while it waits. One that was
 * applied, dropped or cancelled already only gets a toast saying so.
 */
export function keptFeature(deps: FeatureDependencies): Composer<BotContext> {
  const { config, store, logger, now } = deps;
  const { chats } = deps;
  const feature = new Composer<BotContext>();
  feature.use(
    onButtons(['kept-cancel'], config, async (ctx, { keptId }, message) => {
      const actor = actorOf(ctx);
      const cancelled = store.kept.cancel(keptId, actor.name, now(), message);
      if (cancelled === undefined) {
        await answerQuietly(ctx, { text: ctx.words.t('kept-gone-toast') });
        return refreshCancelButtons({ store, chats }, message.chatId, message.messageId);
      }
      logger.info({ action: 'kept-cancel', kept: keptId, user: actor.id, child: cancelled.childId, machine: cancelled.machineId }, 'kept change cancelled');
      await answerQuietly(ctx, { text: ctx.words.t('kept-cancelled-toast') });
      await deps.outbox.send(message.chatId, keptCancelledText(ctx.words, config, cancelled, actor.name), { html: true, replyTo: message.messageId });
      await refreshCancelButtons({ store, chats }, message.chatId, message.messageId);
    }),
  );
  return feature;
}
