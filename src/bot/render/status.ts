import type { Config } from '../../config/types.ts';
import { formatDuration } from '../../lib/duration.ts';
import { neverReached } from '../../ssh/failure.ts';
import type { KeptRecord } from '../../storage/kept.ts';
import type { PauseRecord } from '../../storage/pauses.ts';
import type { LastSeen } from '../../storage/store.ts';
import { pausedNote } from './pause.ts';
import type { StatusSnapshot } from '../status.ts';
import { failureText } from './failure.ts';
import { escapeHtml } from './html.ts';
import { keptStatusNote } from './kept.ts';

/** What the status knows of computers that do not answer now: when each last did. */
export interface SeenContext {
  readonly lastSeen: (machineId: string) => LastSeen | undefined;
  /** The active pause of a child on a computer, if any. */
  readonly pauseOf?: (childId: string, machineId: string) => PauseRecord | undefined;
  /** The changes kept for a child on a computer that was off, waiting for it. */
  readonly keptOf?: (childId: string, machineId: string) => readonly KeptRecord[];
  readonly now: number;
}

const NOBODY_SEEN: SeenContext = { lastSeen: () => undefined, now: 0 };

/**
 * The status message: every child with each machine's time left, logged-in state and time used; a computer that is
 * off says since when, and the changes kept for it. HTML. Pure (the local time zone apart).
 */
export function formatStatus(config: Config, snapshot: StatusSnapshot, footer: readonly string[] = [], seen: SeenContext = NOBODY_SEEN): string {
  const lines: string[] = [];
  for (const child of config.children.values()) {
    if (lines.length > 0) lines.push('');
    lines.push(`<b>${escapeHtml(child.name)}</b>`);
    for (const account of snapshot.filter((each) => each.childId === child.id)) {
      const machine = escapeHtml(account.machineId);
      if (account.info.ok) {
        const info = account.info.value;
        const state = info.loggedIn ? 'logged in' : 'not logged in';
        const pause = seen.pauseOf?.(child.id, account.machineId);
        const paused = pause === undefined ? '' : ` · ${pausedNote(pause)}`;
        lines.push(`${machine}: <b>${formatDuration(info.secondsLeft)}</b> left · ${state} · ${formatDuration(info.secondsSpentToday)} used today${paused}`);
      } else {
        const off = neverReached(account.info.error) ? seen.lastSeen(account.machineId) : undefined;
        lines.push(
          off === undefined
            ? `${machine}: ⚠️ ${escapeHtml(failureText(config, account.machineId, account.info.error))}`
            : `${machine}: ${formatOffSince(config, off, seen.now)}`,
        );
      }
      for (const kept of seen.keptOf?.(child.id, account.machineId) ?? []) lines.push(`    ${keptStatusNote(config, kept)}`);
    }
  }
  if (footer.length > 0) lines.push('', ...footer);
  return lines.join('\n');
}


/**
 * `💤 off since 18:40 (Mia was logged in)` when it was seen today; `💤 not seen since Tue` within a week, else
 * `💤 not seen since 3 Nov`. HTML.
 */
export function formatOffSince(config: Config, seen: LastSeen, now: number): string {
  const at = new Date(seen.at);
  const today = new Date(now);
  if (at.toDateString() === today.toDateString()) {
    const names = seen.loggedIn.map((childId) => config.children.get(childId)?.name ?? childId);
    const who = names.length === 0 ? '' : ` (${escapeHtml(names.join(' and '))} ${names.length === 1 ? 'was' : 'were'} logged in)`;
    return `💤 off since ${at.toTimeString().slice(0, 5)}${who}`;
  }
  const withinWeek = now - seen.at < 6 * 24 * 3600_000;
  const day = withinWeek ? at.toLocaleDateString('en-GB', { weekday: 'short' }) : at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
  return `💤 not seen since ${day}`;
}
