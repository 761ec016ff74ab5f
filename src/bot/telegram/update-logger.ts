import type { Middleware } from 'grammy';
import type { Logger } from 'pino';
import type { BotContext } from '../context.ts';

/** The first middleware: puts a child logger bound to this update's ids on `ctx.log`. */
export function updateLogger(logger: Logger): Middleware<BotContext> {
  return (ctx, next) => {
    ctx.log = logger.child({ updateId: ctx.update.update_id, chatId: ctx.chat?.id, userId: ctx.from?.id });
    return next();
  };
}
