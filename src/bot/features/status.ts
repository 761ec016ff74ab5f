import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { onButtons } from '../buttons.ts';
import { ANSWER_VALID_MS, answerQuietly } from '../telegram/answers.ts';
import { readStatus } from '../../household/status.ts';
import { showStatus, statusMessage } from '../status-message.ts';

/** `/status` (and `/start`): every child's time left with buttons; the refresh and label buttons under it. */
export function statusFeature(deps: FeatureDependencies): Composer<BotContext> {
  const { client, config, statusCache, now } = deps;
  const feature = new Composer<BotContext>();

  feature.command(['start', 'status'], async (ctx) => {
    const started = performance.now();
    const snapshot = await readStatus(client, config);
    const { text, buttons } = statusMessage(deps, ctx.words, snapshot);
    const delivery = await deps.outbox.send(ctx.chat.id, text, { html: true, buttons, validForMs: ANSWER_VALID_MS });
    if (delivery.kind === 'delivered') statusCache.remember(ctx.chat.id, delivery.messageId, snapshot, now());
    ctx.log.info({ action: 'status', durationMs: Math.round(performance.now() - started) }, 'status sent');
  });

  feature.use(onButtons(['label'], config, (ctx) => answerQuietly(ctx, { text: ctx.words.t('label-tapped') })));

  feature.use(
    onButtons(['refresh'], config, async (ctx, _action, message) => {
      await answerQuietly(ctx, { text: ctx.words.t('refreshing') });
      const started = performance.now();
      await showStatus(deps, ctx.words, message, await readStatus(client, config), []);
      ctx.log.info({ action: 'refresh', durationMs: Math.round(performance.now() - started) }, 'status refreshed');
    }),
  );
  return feature;
}
