import type { Middleware, MiddlewareFn } from 'grammy';
import type { TelegramConfig } from '../config/types.ts';
import type { BotContext } from './context.ts';
import { answerQuietly } from './replies.ts';
import { refusalText } from './render/replies.ts';

export interface Sender {
  readonly id: number;
}

export interface ChatRef {
  readonly id: number;
  readonly type: 'private' | 'group' | 'supergroup' | 'channel';
}

/** Why an update may not act. The refused are told only their own IDs: never a child's name or time. */
export type Refusal =
  | { readonly reason: 'no-sender' }
  | { readonly reason: 'not-a-parent'; readonly userId: number }
  | { readonly reason: 'chat-not-allowed'; readonly chatId: number };

/** `allowed`: a parent, who may do everything. `child`: a known child, who may only see and ask for their own time. */
export type Authorization = { readonly kind: 'allowed' } | { readonly kind: 'child'; readonly childId: string } | ({ readonly kind: 'refused' } & Refusal);

/**
 * May this update act, and as whom? Decided by the *sender's* user ID (children sit in the family group too), and
 * only in a private chat with the bot or a chat listed in `telegram.chats`. `childIdOf` names the child a user ID
 * belongs to (`children.<id>.telegram`). Pure.
 */
export function authorize(
  telegram: TelegramConfig,
  sender: Sender | undefined,
  chat: ChatRef | undefined,
  childIdOf: (userId: number) => string | undefined = () => undefined,
): Authorization {
  if (sender === undefined || chat === undefined) return { kind: 'refused', reason: 'no-sender' };
  const childId = telegram.parents.includes(sender.id) ? undefined : childIdOf(sender.id);
  if (!telegram.parents.includes(sender.id) && childId === undefined) return { kind: 'refused', reason: 'not-a-parent', userId: sender.id };
  if (chat.type !== 'private' && !telegram.chats.includes(chat.id)) return { kind: 'refused', reason: 'chat-not-allowed', chatId: chat.id };
  return childId === undefined ? { kind: 'allowed' } : { kind: 'child', childId };
}

/** Known children, and what handles their updates (instead of the parents' features). */
export interface ChildrenGate {
  readonly childIdOf: (userId: number) => string | undefined;
  readonly handle: MiddlewareFn<BotContext>;
}

/**
 * Lets through only updates that `authorize` allows: each command, each step of a conversation, each tap; a known
 * child's go to `children.handle` and no further. A refused
 * tap gets its reason as an alert; a refused command (or anything in a private chat) a reply; other group messages
 * (children chatting) get nothing.
 */
export function authGate(telegram: TelegramConfig, children?: ChildrenGate): Middleware<BotContext> {
  return async (ctx, next) => {
    const verdict = authorize(telegram, ctx.from, ctx.chat, children?.childIdOf);
    if (verdict.kind === 'allowed') return next();
    if (verdict.kind === 'child') {
      // A child's update never reaches the parents' features: only the child's own.
      await children?.handle(ctx, () => Promise.resolve());
      return;
    }
    ctx.log.warn({ reason: verdict.reason }, 'refused');
    if (ctx.callbackQuery !== undefined) {
      await answerQuietly(ctx, { text: refusalText(verdict), show_alert: true });
    } else if (ctx.chat?.type === 'private' || ctx.message?.text?.startsWith('/') === true) {
      await ctx.reply(refusalText(verdict));
    }
  };
}
