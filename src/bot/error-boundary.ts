import type { BotError } from 'grammy';
import type { BotContext } from './context.ts';
import { answerQuietly } from './telegram/answers.ts';

/**
 * What happens to an error thrown while an update is handled (a bug, or Telegram refusing a call): it is logged
 * with its stack, and the parent gets one short apology (a toast for a tap, a reply for a command) instead of
 * silence. The apology failing too is logged, never thrown.
 */
export async function apologize({ error, ctx }: BotError<BotContext>): Promise<void> {
  ctx.log.error({ err: error }, 'update failed');
  try {
    if (ctx.callbackQuery !== undefined) await answerQuietly(ctx, { text: ctx.words.t('apology') });
    else if (ctx.message !== undefined) await ctx.reply(ctx.words.t('apology'));
  } catch (apologyError) {
    ctx.log.error({ err: apologyError }, 'apology not delivered');
  }
}
