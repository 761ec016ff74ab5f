import type { Refusal } from '../auth.ts';
import type { ButtonRefusal } from '../callback-data.ts';
import { escapeHtml, formatMinutes } from './html.ts';

/** The short answers of the bot: toasts under buttons and one-line replies. Plain text unless named HTML. */

/** What a refused sender is told: only their own IDs, never a child's name or time. */
export function refusalText(refusal: Refusal): string {
  switch (refusal.kind) {
    case 'no-sender':
      return 'Sorry, this bot only answers parents it knows.';
    case 'not-a-parent':
      return `Sorry, only the parents set up for this bot can use it. Your Telegram user ID is ${refusal.userId}.`;
    case 'chat-not-allowed':
      return `This chat is not set up for the bot. To use it here, add ${refusal.chatId} to telegram.chats in the config.`;
  }
}

/** The toast for a button that is refused. */
export function buttonRefusalText(refusal: ButtonRefusal | 'malformed' | 'message-gone'): string {
  switch (refusal) {
    case 'out-of-date':
      return 'This button is out of date. Use /status for fresh ones.';
    case 'amount-not-offered':
      return 'This amount is not offered any more. Use /status for fresh buttons.';
    case 'invalid':
    case 'malformed':
      return 'This button is not valid.';
    case 'message-gone':
      return 'This message is too old. Use /status.';
  }
}

export const APOLOGY = 'Sorry, something went wrong. Please try again.';
export const NOTHING_TO_CANCEL = 'There is nothing to cancel.';
export const GUIDED_ADD_NOT_YOURS = 'This step-by-step /add is not yours or has ended. Start your own with /add.';
export const LABEL_TAPPED = 'Tap an amount in the row below.';
export const REFRESHING = 'Refreshing…';
export const LETTING_IT_END = 'Time will run out.';

/** The toast while a change runs: `+15 min for Mia on desktop…`. */
export function changingToast(minutes: number, childName?: string, machineId?: string): string {
  return childName === undefined || machineId === undefined ? `${formatMinutes(minutes)}…` : `${formatMinutes(minutes)} for ${childName} on ${machineId}…`;
}

/** A change made in a private chat, told to the group chats. HTML lines. */
export function announcement(lines: readonly string[]): string {
  return lines.map((line) => `📣 ${line}`).join('\n');
}

/** The questions and answers of the step-by-step /add. HTML. */
export const guidedText = {
  whichChild: 'Whose time do you want to change?',
  whichMachine: (childName: string) => `Which computer of <b>${escapeHtml(childName)}</b>?`,
  where: (machineIds: readonly string[]) => (machineIds.length === 1 ? `on ${escapeHtml(machineIds[0] ?? '')}` : 'on all computers'),
  howMuch: (childName: string, where: string) => `How much for <b>${escapeHtml(childName)}</b> ${where}? (minutes)`,
  waitingForMinutes: (childName: string, where: string) => `How much for <b>${escapeHtml(childName)}</b> ${where}? Waiting for the number of minutes…`,
  mention: (parent: { readonly id: number; readonly first_name: string } | undefined) =>
    parent === undefined ? '' : `<a href="tg://user?id=${parent.id}">${escapeHtml(parent.first_name)}</a>, `,
  askMinutes: (mention: string) => `${mention}reply with the number of minutes, e.g. 20 or -10.`,
  askAgain: (mention: string, error: string) => `${mention}${escapeHtml(error)} Reply with a number like 20 or -10, or send /cancel.`,
  minutesPlaceholder: 'minutes, e.g. 20 or -10',
  applying: (minutes: number, childName: string, where: string) => `${formatMinutes(minutes)} for <b>${escapeHtml(childName)}</b> ${where}…`,
  cancelled: 'Cancelled: nothing was changed.',
} as const;
