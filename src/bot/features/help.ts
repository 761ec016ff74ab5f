import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import { HELP_TEXT } from '../render/help.ts';

/** `/help`: what the bot can do. */
export function helpFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command('help', (ctx) => ctx.reply(HELP_TEXT, { parse_mode: 'HTML' }));
  return feature;
}
