import type { ConversationFlavor } from '@grammyjs/conversations';
import type { Context } from 'grammy';
import type { Logger } from 'pino';

/** The per-update logger, bound to `{ updateId, chatId, userId }` (see telegram/update-logger.ts). */
export interface LogFlavor {
  log: Logger;
}

/** The context every handler of the bot gets. */
export type BotContext = ConversationFlavor<Context & LogFlavor>;
