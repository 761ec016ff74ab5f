import type { Config } from '../../config/types.ts';
import { formatDuration } from '../../lib/duration.ts';
import type { StatusSnapshot } from '../status.ts';
import { failureText } from './failure.ts';
import { escapeHtml } from './html.ts';

/** The status message: every child with each machine's time left, logged-in state and time used. HTML. Pure. */
export function formatStatus(config: Config, snapshot: StatusSnapshot, footer: readonly string[] = []): string {
  const lines: string[] = [];
  for (const child of config.children.values()) {
    if (lines.length > 0) lines.push('');
    lines.push(`<b>${escapeHtml(child.name)}</b>`);
    for (const account of snapshot.filter((each) => each.childId === child.id)) {
      const machine = escapeHtml(account.machineId);
      if (account.info.ok) {
        const info = account.info.value;
        const state = info.loggedIn ? 'logged in' : 'not logged in';
        lines.push(`${machine}: <b>${formatDuration(info.secondsLeft)}</b> left · ${state} · ${formatDuration(info.secondsSpentToday)} used today`);
      } else {
        lines.push(`${machine}: ⚠️ ${escapeHtml(failureText(config, account.machineId, account.info.error))}`);
      }
    }
  }
  if (footer.length > 0) lines.push('', ...footer);
  return lines.join('\n');
}
