import type { InlineKeyboardMarkup } from 'grammy/types';
import { rulesOutcomeText, undoKeyboard } from './render/rules.ts';
import { differencesNotice, exceptionEndedText } from './render/profiles.ts';
import { parseStoredException } from '../household/rules-stored.ts';
import { localDay } from '../lib/local-days.ts';
import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import type { Chats, Notice } from '../household/chats.ts';
import type { Translations } from '../i18n/translations.ts';
import type { Words } from '../i18n/words.ts';
import type { KeptRecord } from '../storage/kept.ts';
import type { Clock } from '../lib/scheduler.ts';
import type { Store } from '../storage/store.ts';
import { makeReport, sendReport, type RenderChart } from './report-flow.ts';
import { showAskOutcome, tellChild } from './ask-flow.ts';
import { announce, pushTargets, sendAlert } from './push.ts';
import { formatInterrupted, formatReread } from './render/change.ts';
import { childNameHtml, escapeHtml } from './render/html.ts';
import { keptAppliedText, keptCancelledText, keptDroppedText, keptKeyboard, keptLine } from './render/kept.ts';
import { formatPauseLines, pausesEndedText } from './render/pause.ts';
import type { Outbox } from './telegram/outbox.ts';
import { wordsForGroups } from './words.ts';

export interface HouseholdChatsDependencies {
  readonly outbox: Outbox;
  readonly config: Config;
  readonly logger: Logger;
  readonly translations: Translations;
  /** What the digest is made of (usage, changes, requests), and where each request's copies are. */
  readonly store: Store;
  /** Draws the digest's chart. */
  readonly renderChart: RenderChart;
  /** The clock, for "today so far" in the digest. */
  readonly now: Clock;
}

/** What notes, once a message is delivered, that it carries the Cancel buttons of `kept`. */
export function keptButtonsOn(kept: readonly KeptRecord[]) {
  return { kind: 'kept-buttons' as const, keptIds: kept.map((one) => one.id) };
}

/** Sends the kept changes' lines with their Cancel buttons, as a message of its own (after a tap on another message). */
export async function sendKeptNotice(deps: Pick<HouseholdChatsDependencies, 'outbox' | 'config'>, words: Words, chatId: number, kept: readonly KeptRecord[]): Promise<void> {
  if (kept.length === 0) return;
  await deps.outbox.send(chatId, kept.map((one) => keptLine(words, deps.config, one)).join('\n'), { html: true, buttons: keptKeyboard(words, kept), after: keptButtonsOn(kept) });
}

/** A notice in words. HTML. */
function noticeText(words: Words, config: Config, notice: Exclude<Notice, { kind: 'ask-closed' | 'profile-differences' }>, today: string): string {
  switch (notice.kind) {
    case 'kept-applied':
      return keptAppliedText(words, config, notice.kept, notice.result, notice.reread === undefined ? '' : formatReread(words, config, notice.reread));
    case 'kept-paused':
      return words.t('kept-pause-back', { machine: escapeHtml(notice.kept.machineId), lines: formatPauseLines(words, config, notice.kept.childId, notice.kept.byName, [notice.line]) });
    case 'kept-rules-applied': {
      const child = config.children.get(notice.kept.childId);
      const outcome = child === undefined ? '' : rulesOutcomeText(words, config, child, notice.kept.byName, [notice.outcome]);
      return words.t('kept-rules-back', { machine: escapeHtml(notice.kept.machineId), outcome });
    }
    case 'kept-no-account':
      return keptCancelledText(words, config, notice.kept, words.t('kept-by-config'));
    case 'kept-dropped':
      return keptDroppedText(words, config, [notice.kept]);
    case 'pauses-ended':
      return pausesEndedText(words, config, notice.pauses);
    case 'change-interrupted':
      return formatInterrupted(words, config, notice.change, notice.reread);
    case 'rules-interrupted':
      return words.t('rules-interrupted', {
        child: childNameHtml(config, notice.change.childId),
        childId: escapeHtml(notice.change.childId),
        machine: escapeHtml(notice.change.machineId),
        parent: escapeHtml(notice.change.parentName),
      });
    case 'exception-ended':
      return exceptionEndedText(words, config, notice.exception, parseStoredException(notice.exception.exception), notice.end, today);
  }
}

/**
 * The household's port to the chats, over the outbox. Its notices come unasked, with nobody in a conversation with the
 * bot: in the language of the group chats. News of a kept change goes where it was asked, as a reply to its message,
 * and is announced in the group chats when that was a private chat (as the change itself was); an interrupted change
 * goes where it was asked (or to every push target when that is not known); ended pauses go to the push targets.
 */
export function householdChats(deps: HouseholdChatsDependencies): Chats {
  const words = () => wordsForGroups(deps.translations, deps.config);
  const send = async (chatIds: readonly number[], text: string, replyTo?: number, buttons?: InlineKeyboardMarkup) => {
    const deliveries = await Promise.all(chatIds.map((chatId) => deps.outbox.send(chatId, text, { html: true, replyTo, ...(buttons === undefined ? {} : { buttons }) })));
    return deliveries.map((delivery, index) => ({ chatId: chatIds[index], delivery }));
  };
  return {
    async tell(notice) {
      if (notice.kind === 'ask-closed') {
        const flow = { ...deps, asks: deps.store.asks };
        await showAskOutcome(flow, notice.ask);
        await tellChild(flow, notice.ask);
        return;
      }
      if (notice.kind === 'profile-differences') {
        const { text, buttons } = differencesNotice(words(), deps.config, notice);
        await send(pushTargets(deps.config), text, undefined, buttons);
        return;
      }
      const text = noticeText(words(), deps.config, notice, localDay(deps.now()));
      switch (notice.kind) {
        case 'kept-applied':
        case 'kept-paused':
        case 'kept-rules-applied':
        case 'kept-no-account':
        case 'kept-dropped': {
          const { kept } = notice;
          // A kept rules change that wrote something carries the Undo of the change it belongs to.
          const written = notice.kind === 'kept-rules-applied' && (notice.outcome.kind === 'changed' || notice.outcome.kind === 'partly');
          const buttons = written && kept.updateId !== undefined ? undoKeyboard(words(), kept.updateId) : undefined;
          for (const { delivery } of await send([kept.chatId], text, kept.messageId, buttons)) {
            if (delivery.kind === 'failed') deps.logger.warn({ chat: kept.chatId, kept: kept.id, err: delivery.reason }, 'kept change: chat not told');
          }
          // Private chats have the user's (positive) id; groups have negative ids.
          if (kept.chatId > 0) await announce(deps.outbox, deps.config, [text], words());
          return;
        }
        case 'pauses-ended':
          await send(pushTargets(deps.config), text);
          return;
        case 'change-interrupted':
        case 'rules-interrupted': {
          const chats = notice.change.chatId === undefined ? pushTargets(deps.config) : [notice.change.chatId];
          for (const { chatId, delivery } of await send(chats, text)) {
            if (delivery.kind === 'failed') deps.logger.error({ chat: chatId, err: delivery.reason }, 'interrupted change not reported');
          }
          return;
        }
        case 'exception-ended':
          await send(notice.exception.chatId === undefined ? pushTargets(deps.config) : [notice.exception.chatId], text);
          return;
      }
    },
    sendAlert: (alert) => sendAlert(deps.outbox, deps.config, deps.logger, alert, words(), deps.now()),
    async sendDigest({ firstDay, lastDay }) {
      const report = makeReport(words(), deps, [...deps.config.children.values()], 'week', lastDay, deps.now(), firstDay);
      if (report.chart === undefined) return { kind: 'nothing-recorded' };
      // To the family chats, or each parent privately; in the groups' language either way.
      const sent = await Promise.all(pushTargets(deps.config).map((chatId) => sendReport(words(), deps.outbox, deps.logger, deps.renderChart, chatId, report)));
      const chats = sent.filter(Boolean).length;
      return chats === 0 ? { kind: 'refused' } : { kind: 'sent', chats };
    },
    async showWaiting(chatId, messageId, waiting) {
      // A message too old or deleted keeps its buttons: they then only answer "nothing to cancel".
      await deps.outbox.buttons(chatId, messageId, waiting.length === 0 ? { inline_keyboard: [] } : keptKeyboard(words(), waiting));
    },
  };
}
