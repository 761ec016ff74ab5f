import { GrammyError, type Context } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';

/**
 * Answers a button press (the toast). A query older than Telegram's few seconds, e.g. a tap made while the bot
 * was restarting, can no longer be answered; the tap itself still counts, so that is not an error.
 */
export async function answerQuietly(ctx: Context, options: { text?: string; show_alert?: boolean } = {}): Promise<void> {
  try {
    await ctx.answerCallbackQuery(options);
  } catch (error) {
    if (!(error instanceof GrammyError && error.error_code === 400)) throw error;
  }
}

/** Edits a message (HTML); "message is not modified" (a refresh that changed nothing) is not an error. */
export async function editIgnoringUnchanged(
  ctx: Context,
  chatId: number,
  messageId: number,
  text: string,
  extra: { reply_markup?: InlineKeyboardMarkup } = {},
): Promise<void> {
  try {
    await ctx.api.editMessageText(chatId, messageId, text, { parse_mode: 'HTML', ...extra });
  } catch (error) {
    if (error instanceof GrammyError && error.description.includes('message is not modified')) return;
    throw error;
  }
}
