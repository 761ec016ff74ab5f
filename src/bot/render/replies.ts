import { signedMinutes } from '../../i18n/format.ts';
import { msg, type Words } from '../../i18n/words.ts';
import type { Refusal } from '../auth.ts';
import type { ButtonRefusal } from '../callback-data.ts';
import { escapeHtml } from './html.ts';

/** The short answers of the bot: toasts under buttons and one-line replies. Plain text unless named HTML. */

/** What a refused sender is told: only their own IDs, never a child's name or time. */
export function refusalText(words: Words, refusal: Refusal): string {
  switch (refusal.kind) {
    case 'no-sender':
      return words.t('refused-no-sender');
    case 'not-a-parent':
      return words.t('refused-not-a-parent', { userId: String(refusal.userId) });
    case 'chat-not-allowed':
      return words.t('refused-chat-not-allowed', { chatId: String(refusal.chatId) });
  }
}

const BUTTON_REFUSALS: Readonly<Record<ButtonRefusal | 'malformed' | 'message-gone', string>> = {
  'out-of-date': msg('button-out-of-date'),
  'amount-not-offered': msg('button-amount-not-offered'),
  invalid: msg('button-invalid'),
  malformed: msg('button-invalid'),
  'message-gone': msg('button-message-gone'),
};

/** The toast for a button that is refused. */
export function buttonRefusalText(words: Words, refusal: ButtonRefusal | 'malformed' | 'message-gone'): string {
  return words.t(BUTTON_REFUSALS[refusal]);
}

/** The toast while a change runs: `+15 min for Mia on desktop…`. */
export function changingToast(words: Words, minutes: number, childName?: string, machineId?: string): string {
  const amount = signedMinutes(words, minutes);
  return childName === undefined || machineId === undefined ? words.t('changing', { amount }) : words.t('changing-for', { amount, child: childName, machine: machineId });
}

/** A change made in a private chat, told to the group chats. HTML lines. */
export function announcement(words: Words, lines: readonly string[]): string {
  return lines.map((line) => words.t('announcement', { line })).join('\n');
}

/** The questions and answers of the step-by-step /add. HTML. */
export function guidedText(words: Words) {
  return {
    whichChild: words.t('guided-which-child'),
    whichMachine: (childName: string) => words.t('guided-which-machine', { child: escapeHtml(childName) }),
    where: (machineIds: readonly string[]) =>
      machineIds.length === 1 ? words.t('guided-on-machine', { machine: escapeHtml(machineIds[0] ?? '') }) : words.t('guided-on-all'),
    howMuch: (childName: string, where: string) => words.t('guided-how-much', { child: escapeHtml(childName), where }),
    waitingForMinutes: (childName: string, where: string) => words.t('guided-waiting', { child: escapeHtml(childName), where }),
    mention: (parent: { readonly id: number; readonly first_name: string } | undefined) =>
      parent === undefined ? '' : words.t('guided-mention', { userId: String(parent.id), name: escapeHtml(parent.first_name) }),
    askMinutes: (mention: string) => words.t('guided-ask-minutes', { mention }),
    askAgain: (mention: string, error: string) => words.t('guided-ask-again', { mention, error: escapeHtml(error) }),
    minutesPlaceholder: words.t('guided-placeholder'),
    applying: (minutes: number, childName: string, where: string) =>
      words.t('guided-applying', { amount: signedMinutes(words, minutes), child: escapeHtml(childName), where }),
    cancelled: words.t('guided-cancelled'),
  } as const;
}
