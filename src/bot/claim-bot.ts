import { Bot, type Transformer } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Logger } from 'pino';
import type { ClaimDesk } from '../household/claim.ts';
import { spokenLanguage, type Language } from '../i18n/languages.ts';
import type { Translations } from '../i18n/translations.ts';
import type { Result } from '../lib/result.ts';
import { retryDroppedConnection, retryFloodAndServerErrors } from './telegram/api-retry.ts';

/** `/claim 482-917`, `/claim@family_time_bot 482917`: the code typed, or nothing. */
const CLAIM = /^\/claim(?:@[A-Za-z0-9_]+)?(?:\s+(.{0,40}))?$/s;

export interface ClaimBotDependencies {
  readonly token: string;
  readonly apiRoot: string;
  readonly translations: Translations;
  /** The language of whoever's Telegram app speaks none the bot speaks. */
  readonly language: Language;
  readonly logger: Logger;
  readonly claim: ClaimDesk;
  /** Makes the claimer the first parent (writes the config); a failure is said in general words and logged. */
  readonly becomeParent: (user: { readonly id: number; readonly language: Language }) => Promise<Result<void, string>>;
  /** Told once the first parent is made and welcomed: the bot then starts as the household's. */
  readonly claimed: () => void;
  readonly botInfo?: UserFromGetMe;
  readonly fetch?: typeof globalThis.fetch;
  readonly apiTransformers?: readonly Transformer[];
}

/**
 * The bot of a machine that has no config yet: it answers nobody but `/claim` in a private chat. The right code makes
 * the sender the first parent; a wrong, spent or expired one gets the same plain refusal, with no hint. Anything else,
 * and anything in a group, gets no answer at all.
 */
export function createClaimBot(deps: ClaimBotDependencies): Bot {
  const client = { apiRoot: deps.apiRoot, timeoutSeconds: 60, ...(deps.fetch === undefined ? {} : { fetch: deps.fetch as never }) };
  const bot = new Bot(deps.token, { client, ...(deps.botInfo === undefined ? {} : { botInfo: deps.botInfo }) });
  for (const transformer of [retryFloodAndServerErrors(), retryDroppedConnection(), ...(deps.apiTransformers ?? [])]) bot.api.config.use(transformer);
  bot.on('message:text', async (ctx) => {
    const typed = CLAIM.exec(ctx.message.text.trim());
    if (typed === null || ctx.chat.type !== 'private') {
      deps.logger.debug({ chatId: ctx.chat.id, userId: ctx.from.id }, 'no parent yet: only /claim in a private chat is answered');
      return;
    }
    const language = spokenLanguage(ctx.from.language_code) ?? deps.language;
    const words = deps.translations.wordsFor(language);
    const attempt = deps.claim.attempt(typed[1] ?? '');
    if (attempt.kind === 'refused') {
      deps.logger.warn({ userId: ctx.from.id }, 'a /claim with a wrong, spent or expired code was refused');
      await ctx.reply(words.t('claim-refused'));
      return;
    }
    const made = await deps.becomeParent({ id: ctx.from.id, language });
    if (!made.ok) {
      deps.claim.undoClaim();
      deps.logger.error({ userId: ctx.from.id, problem: made.error }, 'the first parent could not be written to the config');
      await ctx.reply(words.t('claim-not-saved'));
      return;
    }
    deps.logger.info({ userId: ctx.from.id }, 'claimed: the first parent is set');
    await ctx.reply(words.t('claim-welcome'), { parse_mode: 'HTML' });
    deps.claimed();
  });
  bot.catch(({ error, ctx }) => deps.logger.error({ err: error, updateId: ctx.update.update_id }, 'update failed'));
  return bot;
}
