import type { Middleware } from 'grammy';
import type { Config } from '../config/types.ts';
import { checkButtonAction, decodeButtonAction, type ButtonAction } from './callback-data.ts';
import type { BotContext } from './context.ts';
import { answerQuietly } from './telegram/answers.ts';
import { buttonRefusalText } from './render/replies.ts';

export type ButtonKind = ButtonAction['kind'];
export type ActionOf<K extends ButtonKind> = Extract<ButtonAction, { kind: K }>;

/** The message a button sits under. `text`: its plain text ('' if it has none). */
export interface ButtonMessage {
  readonly chatId: number;
  readonly messageId: number;
  readonly text: string;
}

export type ButtonHandler<K extends ButtonKind> = (ctx: BotContext, action: ActionOf<K>, message: ButtonMessage) => Promise<void>;

/**
 * Routes taps on buttons of the given kinds to `handler`, once the callback data is decoded and checked against the
 * current config. A stale button (child or computer gone, amount no longer offered) or one under a message Telegram
 * no longer gives gets its toast, and nothing runs. Other buttons pass on.
 */
export function onButtons<K extends ButtonKind>(kinds: readonly K[], config: Config, handler: ButtonHandler<K>): Middleware<BotContext> {
  return async (ctx, next) => {
    const data = ctx.callbackQuery?.data;
    if (data === undefined) return next();
    const decoded = decodeButtonAction(data);
    if (!decoded.ok || !isOneOf(decoded.value, kinds)) return next();
    const checked = checkButtonAction(decoded.value, config);
    const message = ctx.callbackQuery?.message;
    if (!checked.ok || message === undefined) {
      ctx.log.warn({ data: data.slice(0, 64) }, 'refused button');
      await answerQuietly(ctx, { text: buttonRefusalText(ctx.words, checked.ok ? 'message-gone' : checked.error) });
      return;
    }
    const text = 'text' in message && typeof message.text === 'string' ? message.text : '';
    await handler(ctx, decoded.value, { chatId: message.chat.id, messageId: message.message_id, text });
  };
}

function isOneOf<K extends ButtonKind>(action: ButtonAction, kinds: readonly K[]): action is ActionOf<K> {
  return (kinds as readonly ButtonKind[]).includes(action.kind);
}
