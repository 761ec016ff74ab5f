import type { Words } from '../i18n/words.ts';
import type { StatusSnapshot } from '../household/status.ts';
import type { ButtonMessage } from './buttons.ts';
import type { FeatureDependencies } from './dependencies.ts';
import { statusKeyboard } from './render/keyboards.ts';
import { formatStatus, type SeenContext } from './render/status.ts';

/** The status message: its words (with what is known of computers that are off) and its buttons. */
export function statusMessage(deps: Pick<FeatureDependencies, 'config' | 'store' | 'now'>, words: Words, snapshot: StatusSnapshot, footer: readonly string[] = []) {
  return { text: formatStatus(words, deps.config, snapshot, footer, seenContext(deps)), buttons: keyboardOf(deps, words, snapshot) };
}

/** Shows `snapshot` in a status message (with `footer` lines under it) and remembers it for the next tap. */
export async function showStatus(deps: FeatureDependencies, words: Words, message: ButtonMessage, snapshot: StatusSnapshot, footer: readonly string[]): Promise<void> {
  deps.statusCache.remember(message.chatId, message.messageId, snapshot, deps.now());
  const { text, buttons } = statusMessage(deps, words, snapshot, footer);
  await deps.outbox.edit(message.chatId, message.messageId, text, { html: true, buttons });
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

/** The status buttons: ▶ for a child paused on any computer, ⏸ for the others; 🎮 where PlayTime is on. */
function keyboardOf(deps: Pick<FeatureDependencies, 'config' | 'store'>, words: Words, snapshot: StatusSnapshot) {
  const paused = new Set([...deps.config.children.values()].filter((child) => [...child.accounts.keys()].some((machineId) => deps.store.pauses.active(child.id, machineId) !== undefined)).map((child) => child.id));
  const playTimeOn = new Set(snapshot.flatMap((account) => (account.info.ok && account.info.value.playTimeLeftSeconds !== undefined ? [`${account.childId}/${account.machineId}`] : [])));
  return statusKeyboard(words, deps.config, paused, playTimeOn);
}
