import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import type { Translations } from '../i18n/translations.ts';
import type { AskRecord, AskStore } from '../storage/asks.ts';
import { pushTargets } from './push.ts';
import { askKeyboard, childToldText, formatAskOutcome, formatAskRequest } from './render/asks.ts';
import type { StatusSnapshot } from '../household/status.ts';
import type { Outbox } from './telegram/outbox.ts';
import { wordsForGroups, wordsForPerson } from './words.ts';

/** What sending and closing requests needs. */
export interface AskFlowDependencies {
  readonly outbox: Outbox;
  readonly config: Config;
  readonly asks: AskStore;
  readonly logger: Logger;
  readonly translations: Translations;
}

/**
 * Sends a child's request to the parents (the chats of `telegram.chats`, or each parent privately) and remembers
 * every copy once delivered, so that the answer can be shown on all of them. Returns how many parents' chats got it
 * or will get it (a copy Telegram cannot take now is kept and sent when it can). The copies are in the groups'
 * language (`telegram.language`), like everything the bot says to the parents unasked.
 */
export async function publishAsk({ outbox, config, logger, translations }: AskFlowDependencies, ask: AskRecord, snapshot: StatusSnapshot): Promise<number> {
  const child = config.children.get(ask.childId);
  if (child === undefined) return 0;
  const words = wordsForGroups(translations, config);
  const text = formatAskRequest(words, config, ask, snapshot);
  const deliveries = await Promise.all(
    pushTargets(config).map(async (chatId) => {
      // A copy is worth sending while the request is open; one that arrives after it was answered gets its outcome.
      const validForMs = Math.max(1, ask.expiresAt - ask.at);
      const delivery = await outbox.send(chatId, text, { html: true, buttons: askKeyboard(words, child, ask), after: { kind: 'ask-copy', askId: ask.id }, validForMs });
      if (delivery.kind === 'failed') logger.error({ chat: chatId, ask: ask.id, err: delivery.reason }, 'request not delivered');
      return delivery.kind !== 'failed';
    }),
  );
  return deliveries.filter(Boolean).length;
}

/** Shows a request's outcome on every copy the parents got, without buttons. One copy failing does not stop the rest. */
export async function showAskOutcome({ outbox, config, asks, translations }: AskFlowDependencies, ask: AskRecord): Promise<void> {
  const text = formatAskOutcome(wordsForGroups(translations, config), config, ask);
  await Promise.all(asks.messages(ask.id).map(({ chatId, messageId }) => outbox.edit(chatId, messageId, text, { html: true, buttons: { inline_keyboard: [] } })));
}

/**
 * Tells the child how their request ended, as a reply to their /ask where they asked, in the language they asked in
 * (kept with the request; `telegram.language` for a request from before it was kept).
 */
export async function tellChild({ outbox, config, logger, translations }: AskFlowDependencies, ask: AskRecord): Promise<void> {
  const text = childToldText(wordsForPerson(translations, config, ask.language), config, ask);
  if (text === '') return;
  const delivery = await outbox.send(ask.chatId, text, { replyTo: ask.messageId });
  if (delivery.kind === 'failed') logger.warn({ chat: ask.chatId, ask: ask.id, err: delivery.reason }, 'child not told');
}
