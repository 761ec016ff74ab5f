import type { Middleware } from 'grammy';
import type { Config } from '../config/types.ts';
import { spokenLanguage } from '../i18n/languages.ts';
import type { Translations } from '../i18n/translations.ts';
import type { Words } from '../i18n/words.ts';
import type { BotContext } from './context.ts';

/** The words for a person: the language of their Telegram app when the bot speaks it, else `telegram.language`. */
export function wordsForPerson(translations: Translations, config: Config, languageCode: string | undefined): Words {
  return translations.wordsFor(spokenLanguage(languageCode) ?? config.telegram.language);
}

/** The words for the group chats and for whoever is not in the conversation (alerts, digests, announcements). */
export function wordsForGroups(translations: Translations, config: Config): Words {
  return translations.wordsFor(config.telegram.language);
}

/** Gives each update `ctx.words`: the sender's language. */
export function wordsOfSender(translations: Translations, config: Config): Middleware<BotContext> {
  return (ctx, next) => {
    ctx.words = wordsForPerson(translations, config, ctx.from?.language_code);
    return next();
  };
}
