import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { answerQuietly } from '../telegram/answers.ts';
import { buttonRefusalText } from '../render/replies.ts';

/** Last in line: a tap no feature took (forged or garbled callback data) is refused with a toast; nothing runs. */
export function unknownButtonsFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on('callback_query:data', async (ctx) => {
    ctx.log.warn({ data: ctx.callbackQuery.data.slice(0, 64) }, 'refused button');
    await answerQuietly(ctx, { text: buttonRefusalText(ctx.words, 'malformed') });
  });
  return feature;
}
