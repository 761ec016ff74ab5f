import type { Api } from 'grammy';
import { messageOf } from '../lib/errors.ts';
import { readAccount, type ApplyDependencies } from './apply.ts';
import { pushTargets } from './push.ts';
import { formatInterrupted } from './render/change.ts';

/**
 * Changes the bot was running when it stopped (crash, power cut) have an unknown outcome: after the restart each is
 * reported where it was asked, with the time read now. Telegram usually does not deliver such an update again.
 */
export async function reportInterruptedChanges(api: Api, deps: ApplyDependencies): Promise<void> {
  const { config, store, logger } = deps;
  for (const change of store.takeInterruptedChanges()) {
    const text = formatInterrupted(config, change, await readAccount(deps, change.childId, change.machineId));
    const chats = change.chatId === undefined ? pushTargets(config) : [change.chatId];
    for (const chatId of chats) {
      await api.sendMessage(chatId, text, { parse_mode: 'HTML' }).catch((error: unknown) => {
        logger.error({ chat: chatId, err: messageOf(error) }, 'interrupted change not reported');
      });
    }
    logger.warn({ change: change.id, child: change.childId, machine: change.machineId, minutes: change.minutes }, 'change interrupted by a stop: reported as unknown');
  }
}
