import { readAccount, type ApplyDependencies } from './apply.ts';
import type { Chats } from './chats.ts';

/**
 * Changes the bot was running when it stopped (crash, power cut) have an unknown outcome: after the restart each is
 * told, with the time read now. Telegram usually does not deliver such an update again.
 */
export async function reportInterruptedChanges(deps: ApplyDependencies & { readonly chats: Chats }): Promise<void> {
  const { store, logger } = deps;
  for (const change of store.takeInterruptedChanges()) {
    await deps.chats.tell({ kind: 'change-interrupted', change, reread: await readAccount(deps, change.childId, change.machineId) });
    logger.warn({ change: change.id, child: change.childId, machine: change.machineId, minutes: change.minutes }, 'change interrupted by a stop: reported as unknown');
  }
  // Rules changes cut short the same way: written or not, /rules shows what the computer has now.
  for (const change of store.rules.takeInterrupted()) {
    await deps.chats.tell({ kind: 'rules-interrupted', change });
    logger.warn({ rules: change.id, child: change.childId, machine: change.machineId }, 'rules change interrupted by a stop: reported as unknown');
  }
}
