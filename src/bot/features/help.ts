import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { helpText } from '../render/help.ts';
import { ANSWER_VALID_MS } from '../telegram/answers.ts';

/** `/help`: what the bot can do. */
export function helpFeature({ outbox }: Pick<FeatureDependencies, 'outbox'>): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command('help', (ctx) => outbox.send(ctx.chat.id, helpText(ctx.words), { html: true, validForMs: ANSWER_VALID_MS }));
  return feature;
}
