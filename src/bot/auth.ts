import type { TelegramConfig } from '../config/types.ts';

export interface Sender {
  readonly id: number;
}

export interface ChatRef {
  readonly id: number;
  readonly type: 'private' | 'group' | 'supergroup' | 'channel';
}

export type Authorization =
  | { readonly allowed: true }
  /** `reply` tells the sender only their own IDs: never a child's name or time. */
  | { readonly allowed: false; readonly reason: 'not-a-parent' | 'chat-not-allowed' | 'no-sender'; readonly reply: string };

/**
 * May this update act? Decided by the *sender's* user ID (children sit in the family group too), and only in a
 * private chat with the bot or a chat listed in `telegram.chats`. Pure.
 */
export function authorize(telegram: TelegramConfig, sender: Sender | undefined, chat: ChatRef | undefined): Authorization {
  if (sender === undefined || chat === undefined) {
    return { allowed: false, reason: 'no-sender', reply: 'Sorry, this bot only answers parents it knows.' };
  }
  if (!telegram.parents.includes(sender.id)) {
    return {
      allowed: false,
      reason: 'not-a-parent',
      reply: `Sorry, only the parents set up for this bot can use it. Your Telegram user ID is ${sender.id}.`,
    };
  }
  if (chat.type !== 'private' && !telegram.chats.includes(chat.id)) {
    return {
      allowed: false,
      reason: 'chat-not-allowed',
      reply: `This chat is not set up for the bot. To use it here, add ${chat.id} to telegram.chats in the config.`,
    };
  }
  return { allowed: true };
}
