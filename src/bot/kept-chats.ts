import type { Config } from '../config/types.ts';
import type { Translations } from '../i18n/translations.ts';
import type { Words } from '../i18n/words.ts';
import type { KeptChats, KeptNews } from '../household/kept.ts';
import type { KeptRecord } from '../storage/kept.ts';
import type { Logger } from 'pino';
import { announce } from './push.ts';
import { formatReread } from './render/change.ts';
import { escapeHtml } from './render/html.ts';
import { keptAppliedText, keptCancelledText, keptDroppedText, keptKeyboard, keptLine } from './render/kept.ts';
import { formatPauseLines } from './render/pause.ts';
import type { Outbox } from './telegram/outbox.ts';
import { wordsForGroups } from './words.ts';

export interface KeptChatsDependencies {
  readonly outbox: Outbox;
  readonly config: Config;
  readonly logger: Logger;
  readonly translations: Translations;
}

/** What notes, once a message is delivered, that it carries the Cancel buttons of `kept`. */
export function keptButtonsOn(kept: readonly KeptRecord[]) {
  return { kind: 'kept-buttons' as const, keptIds: kept.map((one) => one.id) };
}

/** Sends the kept changes' lines with their Cancel buttons, as a message of its own (after a tap on another message). */
export async function sendKeptNotice(deps: Pick<KeptChatsDependencies, 'outbox' | 'config'>, words: Words, chatId: number, kept: readonly KeptRecord[]): Promise<void> {
  if (kept.length === 0) return;
  await deps.outbox.send(chatId, kept.map((one) => keptLine(words, deps.config, one)).join('\n'), { html: true, buttons: keptKeyboard(words, kept), after: keptButtonsOn(kept) });
}

/** A kept change's news in words. HTML. */
function newsText(words: Words, config: Config, news: KeptNews): string {
  const { kept } = news;
  switch (news.kind) {
    case 'applied':
      return keptAppliedText(words, config, kept, news.result, news.reread === undefined ? '' : formatReread(words, config, news.reread));
    case 'paused':
      return words.t('kept-pause-back', { machine: escapeHtml(kept.machineId), lines: formatPauseLines(words, config, kept.childId, kept.byName, [news.line]) });
    case 'no-account':
      return keptCancelledText(words, config, kept, words.t('kept-by-config'));
    case 'dropped':
      return keptDroppedText(words, config, [kept]);
  }
}

/**
 * The chats' side of kept changes: news is told where the change was asked, as a reply to its message when there is
 * one, and announced in the group chats when that was a private chat (as the change itself was), so the other parent
 * knows. It comes later, with the parent not in a conversation with the bot: in the language of the group chats.
 */
export function keptChats(deps: KeptChatsDependencies): KeptChats {
  const words = () => wordsForGroups(deps.translations, deps.config);
  return {
    async tell(news) {
      const text = newsText(words(), deps.config, news);
      const { kept } = news;
      const delivery = await deps.outbox.send(kept.chatId, text, { html: true, replyTo: kept.messageId });
      if (delivery.kind === 'failed') deps.logger.warn({ chat: kept.chatId, kept: kept.id, err: delivery.reason }, 'kept change: chat not told');
      // Private chats have the user's (positive) id; groups have negative ids.
      if (kept.chatId > 0) await announce(deps.outbox, deps.config, [text], words());
    },
    async showWaiting(chatId, messageId, waiting) {
      // A message too old or deleted keeps its buttons: they then only answer "nothing to cancel".
      await deps.outbox.buttons(chatId, messageId, waiting.length === 0 ? { inline_keyboard: [] } : keptKeyboard(words(), waiting));
    },
  };
}
