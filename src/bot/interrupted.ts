import type { Api } from 'grammy';
import { pushTargets } from './alerts.ts';
import { rereadLine, type ApplyDependencies } from './apply.ts';
import { escapeHtml, formatMinutes } from './format.ts';
import { messageOf } from '../lib/errors.ts';

/**
 * Changes the bot was running when it stopped (crash, power cut) have an unknown outcome: after the restart each is
 * reported where it was asked, with the time read now. Telegram usually does not deliver such an update again.
 */
export async function reportInterruptedChanges(api: Api, deps: ApplyDependencies): Promise<void> {
  const { config, store, logger } = deps;
  for (const change of store.takeInterruptedChanges()) {
    const child = escapeHtml(config.children.get(change.childId)?.name ?? change.childId);
    const what = `${formatMinutes(change.minutes)} for ${child} on ${escapeHtml(change.machineId)} by ${escapeHtml(change.parentName)}`;
    const text = `❓ The bot stopped while it was applying ${what}: whether it was applied is unknown. ${await rereadLine(deps, change.childId, change.machineId)}`;
    const chats = change.chatId === undefined ? pushTargets(config) : [change.chatId];
    for (const chatId of chats) {
      await api.sendMessage(chatId, text, { parse_mode: 'HTML' }).catch((error: unknown) => {
        logger.error({ chat: chatId, err: messageOf(error) }, 'interrupted change not reported');
      });
    }
    logger.warn({ change: change.id, child: change.childId, machine: change.machineId, minutes: change.minutes }, 'change interrupted by a stop: reported as unknown');
  }
}
