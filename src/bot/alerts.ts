import type { Api } from 'grammy';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Logger } from 'pino';
import type { Alert } from '../alerts/thresholds.ts';
import type { Config } from '../config/types.ts';
import { ALERT_AMOUNTS, encodeButtonAction } from './callback-data.ts';
import { escapeHtml } from './format.ts';
import { amountLabel } from './keyboard.ts';
import { messageOf } from '../lib/errors.ts';

/** A low-time alert about to be pushed. */
export interface AlertNotice {
  readonly childId: string;
  readonly machineId: string;
  readonly alert: Alert;
  readonly secondsLeft: number;
}

/** `⏳ Mia has 4 min left on desktop` / `⌛ Mia's time on desktop is up`. HTML. Pure. */
export function formatAlert(config: Config, notice: AlertNotice): string {
  const name = escapeHtml(config.children.get(notice.childId)?.name ?? notice.childId);
  const machine = escapeHtml(notice.machineId);
  if (notice.alert.kind === 'up') return `⌛ ${name}'s time on ${machine} is up`;
  return `⏳ ${name} has ${Math.ceil(notice.secondsLeft / 60)} min left on ${machine}`;
}

/** Quick buttons under an alert: +15, +30, +60 and "Let it end". Pure. */
export function alertKeyboard(childId: string, machineId: string): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        ...ALERT_AMOUNTS.map((minutes) => ({ text: amountLabel(minutes), callback_data: encodeButtonAction({ kind: 'alert-add', childId, machineId, minutes }) })),
        { text: 'Let it end', callback_data: encodeButtonAction({ kind: 'dismiss', childId, machineId }) },
      ],
    ],
  };
}

/** Where pushes go: the chats of `telegram.chats`, or each parent privately when there are none. */
export function pushTargets(config: Config): readonly number[] {
  return config.telegram.chats.length > 0 ? config.telegram.chats : config.telegram.parents;
}

/** Sends an alert to every push target; one target failing does not keep it from the others. Throws if none got it. */
export async function sendAlert(api: Api, config: Config, logger: Logger, notice: AlertNotice): Promise<void> {
  const text = formatAlert(config, notice);
  const reply_markup = alertKeyboard(notice.childId, notice.machineId);
  const delivered = await Promise.all(
    pushTargets(config).map((chatId) =>
      api.sendMessage(chatId, text, { parse_mode: 'HTML', reply_markup }).then(
        () => true,
        (error: unknown) => {
          logger.error({ chat: chatId, err: messageOf(error) }, 'alert not delivered');
          return false;
        },
      ),
    ),
  );
  // Reached nobody: the watcher keeps the alert due and tries again at its next poll.
  if (!delivered.includes(true)) throw new Error('the alert reached no chat');
  logger.info({ action: 'alert', child: notice.childId, machine: notice.machineId, kind: notice.alert.kind, secondsLeft: notice.secondsLeft }, 'alert sent');
}

/** Tells the group chats about a change made in a private chat, so the other parent knows. */
export async function announce(api: Api, config: Config, logger: Logger, lines: readonly string[]): Promise<void> {
  if (!config.notifications.announceChanges || lines.length === 0) return;
  await Promise.all(
    config.telegram.chats.map((chatId) =>
      api.sendMessage(chatId, lines.join('\n'), { parse_mode: 'HTML' }).catch((error: unknown) => {
        logger.error({ chat: chatId, err: messageOf(error) }, 'announcement not delivered');
      }),
    ),
  );
}
