import { Composer } from 'grammy';
import type { Words } from '../../i18n/words.ts';
import type { BotContext } from '../context.ts';
import type { FeatureDependencies } from '../dependencies.ts';
import { onButtons, type ButtonMessage } from '../buttons.ts';
import { ANSWER_VALID_MS, answerQuietly } from '../telegram/answers.ts';
import { statusKeyboard } from '../render/keyboards.ts';
import { formatStatus, type SeenContext } from '../render/status.ts';
import { readStatus, type StatusSnapshot } from '../../household/status.ts';

/** `/status` (and `/start`): every child's time left with buttons; the refresh and label buttons under it. */
export function statusFeature(deps: FeatureDependencies): Composer<BotContext> {
  const { client, config, statusCache, now } = deps;
  const feature = new Composer<BotContext>();

  feature.command(['start', 'status'], async (ctx) => {
    const started = performance.now();
    const snapshot = await readStatus(client, config);
    const delivery = await deps.outbox.send(ctx.chat.id, formatStatus(ctx.words, config, snapshot, [], seenContext(deps)), { html: true, buttons: keyboardOf(deps, ctx.words), validForMs: ANSWER_VALID_MS });
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

/** Shows `snapshot` in a status message (with `footer` lines under it) and remembers it for the next tap. */
export async function showStatus(deps: FeatureDependencies, words: Words, message: ButtonMessage, snapshot: StatusSnapshot, footer: readonly string[]): Promise<void> {
  deps.statusCache.remember(message.chatId, message.messageId, snapshot, deps.now());
  await deps.outbox.edit(message.chatId, message.messageId, formatStatus(words, deps.config, snapshot, footer, seenContext(deps)), { html: true, buttons: keyboardOf(deps, words) });
}

/** When each computer last answered (for the ones that do not now), pauses, and changes kept for computers that were off. */
function seenContext(deps: Pick<FeatureDependencies, 'store' | 'now'>): SeenContext {
  const kept = deps.store.kept.waiting();
  return {
    lastSeen: (machineId) => deps.store.lastSeen(machineId),
    pauseOf: (childId, machineId) => deps.store.pauses.active(childId, machineId),
    keptOf: (childId, machineId) => kept.filter((one) => one.childId === childId && one.machineId === machineId),
    now: deps.now(),
  };
}

/** The status buttons: ▶ for a child paused on any computer, ⏸ for the others. */
function keyboardOf(deps: Pick<FeatureDependencies, 'config' | 'store'>, words: Words) {
  const paused = new Set([...deps.config.children.values()].filter((child) => [...child.accounts.keys()].some((machineId) => deps.store.pauses.active(child.id, machineId) !== undefined)).map((child) => child.id));
  return statusKeyboard(words, deps.config, paused);
}
