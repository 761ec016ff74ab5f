import type { WatchedAlert } from '../../alerts/watcher.ts';
import type { Config } from '../../config/types.ts';
import { childNameHtml, escapeHtml } from './html.ts';

/** `⏳ Mia has 4 min left on desktop` / `⌛ Mia's time on desktop is up`. HTML. Pure. */
export function formatAlert(config: Config, notice: WatchedAlert): string {
  const name = childNameHtml(config, notice.childId);
  const machine = escapeHtml(notice.machineId);
  if (notice.alert.kind === 'up') return `⌛ ${name}'s time on ${machine} is up`;
  return `⏳ ${name} has ${Math.ceil(notice.secondsLeft / 60)} min left on ${machine}`;
}

/** An alert after a parent chose "Let it end". HTML. Pure. */
export function formatDismissed(alertText: string, parentName: string): string {
  return `${escapeHtml(alertText)}\n${escapeHtml(parentName)} let it end.`;
}
