import type { Api, Context } from 'grammy';
import type { Logger } from 'pino';
import type { WatchedAlert } from '../alerts/watcher.ts';
import type { Config } from '../config/types.ts';
import { messageOf } from '../lib/errors.ts';
import { formatAlert } from './render/alert.ts';
import { alertKeyboard } from './render/keyboards.ts';
import { announcement } from './render/replies.ts';
import { childAskKeyboard, childWarningText } from './render/asks.ts';

/** Where pushes go: the chats of `telegram.chats`, or each parent privately when there are none. */
export function pushTargets(config: Config): readonly number[] {
  return config.telegram.chats.length > 0 ? config.telegram.chats : config.telegram.parents;
}

/** Sends an alert to every push target; one target failing does not keep it from the others. Throws if none got it. */
export async function sendAlert(api: Api, config: Config, logger: Logger, notice: WatchedAlert): Promise<void> {
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
  await warnChild(api, config, logger, notice);
}

/**
 * With `warn: true`, the child gets the alert too, privately, with buttons to ask for more (when asking is on). A
 * child who never started a chat with the bot cannot be written to: that is logged, not an error.
 */
async function warnChild(api: Api, config: Config, logger: Logger, notice: WatchedAlert): Promise<void> {
  const child = config.children.get(notice.childId);
  if (child === undefined || !child.warn) return;
  const up = notice.alert.kind === 'up';
  const text = childWarningText(Math.ceil(notice.secondsLeft / 60), notice.machineId, up);
  const extra = config.asks.enabled && !up ? { reply_markup: childAskKeyboard() } : {};
  await Promise.all(
    child.telegramIds.map((userId) =>
      api.sendMessage(userId, text, extra).catch((error: unknown) => {
        logger.warn({ child: child.id, user: userId, err: messageOf(error) }, 'child not warned (have they started a chat with the bot?)');
      }),
    ),
  );
}

/** Tells the group chats about a change made in a private chat, so the other parent knows. */
export async function announce(api: Api, config: Config, logger: Logger, lines: readonly string[]): Promise<void> {
  if (!config.notifications.announceChanges || lines.length === 0) return;
  await Promise.all(
    config.telegram.chats.map((chatId) =>
      api.sendMessage(chatId, announcement(lines), { parse_mode: 'HTML' }).catch((error: unknown) => {
        logger.error({ chat: chatId, err: messageOf(error) }, 'announcement not delivered');
      }),
    ),
  );
}

/** A change made in a private chat is told to the group chats, so the other parent knows; elsewhere nothing. */
export function announceIfPrivate(ctx: Context, config: Config, logger: Logger, lines: readonly string[]): Promise<void> {
  return ctx.chat?.type === 'private' ? announce(ctx.api, config, logger, lines) : Promise.resolve();
}
