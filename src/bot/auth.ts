import type { Middleware, MiddlewareFn } from 'grammy';
import type { TelegramConfig } from '../config/types.ts';
import type { BotContext } from './context.ts';
import { answerQuietly } from './telegram/answers.ts';
import { refusalText } from './render/replies.ts';
import { createOncePerWindow, type OncePerWindow } from './telegram/rate-limit.ts';
import { assertNever } from '../lib/result.ts';

export interface Sender {
  readonly id: number;
}

export interface ChatRef {
  readonly id: number;
  readonly type: 'private' | 'group' | 'supergroup' | 'channel';
}

/** Why an update may not act. The refused are told only their own IDs: never a child's name or time. */
export type Refusal =
  | { readonly kind: 'no-sender' }
  | { readonly kind: 'not-a-parent'; readonly userId: number }
  | { readonly kind: 'chat-not-allowed'; readonly chatId: number };

/** `allowed`: a parent, who may do everything. `child`: a known child, who may only see and ask for their own time. */
export type Authorization = { readonly kind: 'allowed' } | { readonly kind: 'child'; readonly childId: string } | { readonly kind: 'refused'; readonly refusal: Refusal };

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
  if (sender === undefined || chat === undefined) return { kind: 'refused', refusal: { kind: 'no-sender' } };
  const childId = telegram.parents.includes(sender.id) ? undefined : childIdOf(sender.id);
  if (!telegram.parents.includes(sender.id) && childId === undefined) return { kind: 'refused', refusal: { kind: 'not-a-parent', userId: sender.id } };
  if (chat.type !== 'private' && !telegram.chats.includes(chat.id)) return { kind: 'refused', refusal: { kind: 'chat-not-allowed', chatId: chat.id } };
  return childId === undefined ? { kind: 'allowed' } : { kind: 'child', childId };
}

/** Known children, and what handles their updates (instead of the parents' features). */
export interface ChildrenGate {
  readonly childIdOf: (userId: number) => string | undefined;
  readonly handle: MiddlewareFn<BotContext>;
}

/** How long a chat that was told "no" is not told again: 10 minutes. */
export const REFUSAL_WINDOW_MS = 10 * 60_000;

/** How often the refused are told, and by which clock. */
export interface RefusalOptions {
  /** The chats told within the window. Default: a new one of `REFUSAL_WINDOW_MS`, remembering at most 10 000 chats. */
  readonly told?: OncePerWindow;
  /** The clock, in ms since the epoch. Default: `Date.now`. */
  readonly now?: () => number;
}

/** What a refused update gets: its refusal in words (a reply, or an alert for a tap), or nothing. */
export type RefusalAnswer = { readonly kind: 'reply' } | { readonly kind: 'alert' } | { readonly kind: 'none' };

/** The parts of a refused update that decide its answer. */
export interface RefusedUpdate {
  readonly tap: boolean;
  readonly privateChat: boolean;
  /** A message that starts with `/`. */
  readonly command: boolean;
}

/**
 * How to answer a refused update. A tap is always answered in words (else its button spins), as an alert only the
 * tapper sees: it writes nothing into the chat, so it uses up nothing. A command, or anything in a private chat, gets
 * a reply if `mayTell`; other group messages (people chatting) get nothing and do not ask `mayTell`. Pure apart from
 * calling `mayTell` at most once.
 */
export function refusalAnswer(update: RefusedUpdate, mayTell: () => boolean): RefusalAnswer {
  if (update.tap) return { kind: 'alert' };
  if (!update.privateChat && !update.command) return { kind: 'none' };
  return mayTell() ? { kind: 'reply' } : { kind: 'none' };
}

/**
 * Lets through only updates that `authorize` allows: each command, each step of a conversation, each tap; a known
 * child's go to `children.handle` and no further. The refused are told why at most once per chat per
 * `REFUSAL_WINDOW_MS` (a tap as an alert, a command or anything in a private chat as a reply; see `refusalAnswer`),
 * so that strangers cannot make the bot write into a chat over and over; the rest is logged at debug and ignored.
 */
export function authGate(telegram: TelegramConfig, children?: ChildrenGate, options: RefusalOptions = {}): Middleware<BotContext> {
  const told = options.told ?? createOncePerWindow({ windowMs: REFUSAL_WINDOW_MS });
  const now = options.now ?? Date.now;
  return async (ctx, next) => {
    const verdict = authorize(telegram, ctx.from, ctx.chat, children?.childIdOf);
    if (verdict.kind === 'allowed') return next();
    if (verdict.kind === 'child') {
      // A child's update never reaches the parents' features: only the child's own.
      await children?.handle(ctx, () => Promise.resolve());
      return;
    }
    // Taken before anything is awaited: of a flood arriving at once, only one update is told.
    const key = String(ctx.chatId ?? ctx.from?.id ?? '');
    const answer = refusalAnswer(
      { tap: ctx.callbackQuery !== undefined, privateChat: ctx.chat?.type === 'private', command: ctx.message?.text?.startsWith('/') === true },
      () => told.take(key, now()),
    );
    try {
      switch (answer.kind) {
        case 'reply':
          ctx.log.warn({ reason: verdict.refusal.kind }, 'refused');
          await ctx.reply(refusalText(ctx.words, verdict.refusal));
          return;
        case 'alert':
          ctx.log.debug({ reason: verdict.refusal.kind }, 'refused a tap');
          await answerQuietly(ctx, { text: refusalText(ctx.words, verdict.refusal), show_alert: true });
          return;
        case 'none':
          ctx.log.debug({ reason: verdict.refusal.kind }, 'refused quietly');
          return;
        default:
          return assertNever(answer);
      }
    } catch (error) {
      // Not worth an apology in the chat (the error boundary's answer): that would be a second message for a stranger.
      ctx.log.warn({ err: error }, 'refusal not delivered');
    }
  };
}
