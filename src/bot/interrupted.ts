import { readAccount, type ApplyDependencies } from '../household/apply.ts';
import { pushTargets } from './push.ts';
import { formatInterrupted } from './render/change.ts';
import type { Outbox } from './telegram/outbox.ts';
import type { Words } from '../i18n/words.ts';

/**
 * Changes the bot was running when it stopped (crash, power cut) have an unknown outcome: after the restart each is
 * reported where it was asked, with the time read now. Telegram usually does not deliver such an update again.
 */
export async function reportInterruptedChanges(outbox: Outbox, deps: ApplyDependencies, words: Words): Promise<void> {
  const { config, store, logger } = deps;
  for (const change of store.takeInterruptedChanges()) {
    const text = formatInterrupted(words, config, change, await readAccount(deps, change.childId, change.machineId));
    const chats = change.chatId === undefined ? pushTargets(config) : [change.chatId];
    for (const chatId of chats) {
      const delivery = await outbox.send(chatId, text, { html: true });
      if (delivery.kind === 'failed') logger.error({ chat: chatId, err: delivery.reason }, 'interrupted change not reported');
    }
    logger.warn({ change: change.id, child: change.childId, machine: change.machineId, minutes: change.minutes }, 'change interrupted by a stop: reported as unknown');
  }
}
