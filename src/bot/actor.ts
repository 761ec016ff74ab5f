import type { Context } from 'grammy';
import type { Actor } from '../household/apply.ts';

/** Who sent an update: their user ID and first name. */
export function actorOf(ctx: Context): Actor {
  return { id: ctx.from?.id ?? 0, name: ctx.from?.first_name ?? `user ${ctx.from?.id ?? '?'}` };
}
