import type { ConversationFlavor } from '@grammyjs/conversations';
import type { Context } from 'grammy';
import type { Logger } from 'pino';
import type { Words } from '../i18n/words.ts';

/** The per-update logger, bound to `{ updateId, chatId, userId }` (see telegram/update-logger.ts). */
export interface LogFlavor {
  log: Logger;
}

/** The words of the sender's language (see words.ts). */
export interface WordsFlavor {
  words: Words;
}

/** The context every handler of the bot gets. */
export type BotContext = ConversationFlavor<Context & LogFlavor & WordsFlavor>;
