import type { Context } from 'grammy';
import type { Logger } from 'pino';
import type { WatchedAlert } from '../alerts/watcher.ts';
import type { Config } from '../config/types.ts';
import type { Translations } from '../i18n/translations.ts';
import type { Words } from '../i18n/words.ts';
import type { Actor, ApplyOutcome } from '../household/apply.ts';
import { outcomeLines } from './render/change.ts';
import { wordsForGroups } from './words.ts';
import type { Outbox } from './telegram/outbox.ts';
import { formatAlert } from './render/alert.ts';
import { alertKeyboard } from './render/keyboards.ts';
import { isOfferedTonight } from './callback-data.ts';
import { localDay, localTimeOf } from '../lib/local-days.ts';
import { announcement } from './render/replies.ts';
import { childAskKeyboard, childWarningText } from './render/asks.ts';

/** Where pushes go: the chats of `telegram.chats`, or each parent privately when there are none. */
export function pushTargets(config: Config): readonly number[] {
  return config.telegram.chats.length > 0 ? config.telegram.chats : config.telegram.parents;
}

/**
 * What `🌙 until … tonight` offers under a low-time alert: an hour after the time would run out now, rounded up to the
 * half hour (the allowed hours are what often ends an evening); none when that is past midnight.
 */
export function tonightAfterAlert(now: number, secondsLeft: number): number | undefined {
  const minuteNow = Math.floor((now - localTimeOf(localDay(now), 0)) / 60_000);
  const offer = Math.ceil((minuteNow + Math.ceil(secondsLeft / 60) + 60) / 30) * 30;
  return isOfferedTonight(offer) ? offer : undefined;
}

/**
 * Sends an alert to every push target through the outbox (kept and sent later while Telegram is away); one target
 * failing does not keep it from the others. Throws if every target refused it for good.
 */
export async function sendAlert(outbox: Outbox, config: Config, logger: Logger, notice: WatchedAlert, words: Words, now?: number): Promise<void> {
  const text = formatAlert(words, config, notice);
  const buttons = alertKeyboard(words, notice.childId, notice.machineId, now === undefined ? undefined : tonightAfterAlert(now, notice.secondsLeft));
  const deliveries = await Promise.all(pushTargets(config).map((chatId) => outbox.send(chatId, text, { html: true, buttons })));
  deliveries.forEach((delivery, index) => {
    if (delivery.kind === 'failed') logger.error({ chat: pushTargets(config)[index], err: delivery.reason }, 'alert not delivered');
  });
  // Refused by every chat: the watcher keeps the alert due and tries again at its next poll.
  if (deliveries.every((delivery) => delivery.kind === 'failed')) throw new Error('the alert reached no chat');
  const owed = deliveries.filter((delivery) => delivery.kind === 'owed').length;
  logger.info({ action: 'alert', child: notice.childId, machine: notice.machineId, kind: notice.alert.kind, secondsLeft: notice.secondsLeft, owed }, 'alert sent');
  await warnChild(outbox, config, logger, notice, words);
}

/**
 * With `warn: true`, the child gets the alert too, privately, with buttons to ask for more (when asking is on). A
 * child who never started a chat with the bot cannot be written to: that is logged, not an error.
 */
async function warnChild(outbox: Outbox, config: Config, logger: Logger, notice: WatchedAlert, words: Words): Promise<void> {
  const child = config.children.get(notice.childId);
  if (child === undefined || !child.warn) return;
  const up = notice.alert.kind === 'up';
  const text = childWarningText(words, Math.ceil(notice.secondsLeft / 60), notice.machineId, up);
  const buttons = config.asks.enabled && !up ? childAskKeyboard(words) : undefined;
  await Promise.all(
    child.telegramIds.map(async (userId) => {
      const delivery = await outbox.send(userId, text, { buttons });
      if (delivery.kind === 'failed') logger.warn({ child: child.id, user: userId, err: delivery.reason }, 'child not warned (have they started a chat with the bot?)');
    }),
  );
}

/** Tells the group chats about a change made in a private chat, so the other parent knows. */
export async function announce(outbox: Outbox, config: Config, lines: readonly string[], words: Words): Promise<void> {
  if (!config.notifications.announceChanges || lines.length === 0) return;
  await Promise.all(config.telegram.chats.map((chatId) => outbox.send(chatId, announcement(words, lines), { html: true })));
}

/**
 * A change made in a private chat is told to the group chats, in their language, so the other parent knows;
 * elsewhere nothing.
 */
export function announceIfPrivate(
  ctx: Context,
  deps: { readonly outbox: Outbox; readonly config: Config; readonly translations: Translations },
  actor: Actor,
  outcome: ApplyOutcome,
): Promise<void> {
  if (ctx.chat?.type !== 'private') return Promise.resolve();
  const words = wordsForGroups(deps.translations, deps.config);
  return announce(deps.outbox, deps.config, outcomeLines(words, deps.config, actor, outcome), words);
}
