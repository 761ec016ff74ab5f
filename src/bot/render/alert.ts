import type { WatchedAlert } from '../../alerts/watcher.ts';
import type { Config } from '../../config/types.ts';
import type { Words } from '../../i18n/words.ts';
import { childNameHtml, escapeHtml } from './html.ts';

/** `⏳ Mia has 4 min left on desktop` / `⌛ Mia's time on desktop is up`. HTML. Pure. */
export function formatAlert(words: Words, config: Config, notice: WatchedAlert): string {
  const child = childNameHtml(config, notice.childId);
  const machine = escapeHtml(notice.machineId);
  if (notice.alert.kind === 'up') return words.t('alert-up', { child, machine });
  return words.t('alert-low', { child, minutes: Math.ceil(notice.secondsLeft / 60), machine });
}

/** An alert after a parent chose "Let it end". HTML. Pure. */
export function formatDismissed(words: Words, alertText: string, parentName: string): string {
  return words.t('alert-dismissed', { alert: escapeHtml(alertText), parent: escapeHtml(parentName) });
}
