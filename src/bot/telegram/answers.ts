import { GrammyError, type Context } from 'grammy';

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

/** How long an answer to a question (/status, /time, /help, a wrong command) is worth sending when Telegram was away. */
export const ANSWER_VALID_MS = 10 * 60_000;
