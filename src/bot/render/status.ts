import type { Config } from '../../config/types.ts';
import { dayAndMonth, duration, namesList, timeOfDay, weekdayShort } from '../../i18n/format.ts';
import { msg, type Words } from '../../i18n/words.ts';
import { neverReached } from '../../ssh/failure.ts';
import type { KeptRecord } from '../../storage/kept.ts';
import type { PauseRecord } from '../../storage/pauses.ts';
import type { LastSeen } from '../../storage/store.ts';
import { pausedNote } from './pause.ts';
import type { StatusSnapshot } from '../../household/status.ts';
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
export function formatStatus(words: Words, config: Config, snapshot: StatusSnapshot, footer: readonly string[] = [], seen: SeenContext = NOBODY_SEEN): string {
  const lines: string[] = [];
  for (const child of config.children.values()) {
    if (lines.length > 0) lines.push('');
    lines.push(`<b>${escapeHtml(child.name)}</b>`);
    for (const account of snapshot.filter((each) => each.childId === child.id)) {
      const machine = escapeHtml(account.machineId);
      if (account.info.ok) {
        const info = account.info.value;
        const pause = seen.pauseOf?.(child.id, account.machineId);
        const play = info.playTimeLeftSeconds === undefined ? '' : words.t('status-separator', { text: words.t('status-playtime', { left: duration(words, info.playTimeLeftSeconds) }) });
        const paused = play + (pause === undefined ? '' : words.t('status-separator', { text: pausedNote(words, pause) }));
        lines.push(
          words.t(info.loggedIn ? msg('status-line-logged-in') : msg('status-line'), { machine, left: duration(words, info.secondsLeft), used: duration(words, info.secondsSpentToday), paused }),
        );
      } else {
        const off = neverReached(account.info.error) ? seen.lastSeen(account.machineId) : undefined;
        lines.push(
          off === undefined
            ? words.t('status-failed', { machine, reason: escapeHtml(failureText(words, config, account.machineId, account.info.error)) })
            : words.t('status-off', { machine, since: formatOffSince(words, config, off, seen.now) }),
        );
      }
      for (const kept of seen.keptOf?.(child.id, account.machineId) ?? []) lines.push(`    ${keptStatusNote(words, config, kept)}`);
    }
  }
  if (footer.length > 0) lines.push('', ...footer);
  return lines.join('\n');
}


/**
 * `💤 off since 18:40 (Mia was logged in)` when it was seen today; `💤 not seen since Tue` within a week, else
 * `💤 not seen since 3 Nov`. HTML.
 */
export function formatOffSince(words: Words, config: Config, seen: LastSeen, now: number): string {
  const at = new Date(seen.at);
  const today = new Date(now);
  if (at.toDateString() === today.toDateString()) {
    const names = seen.loggedIn.map((childId) => config.children.get(childId)?.name ?? childId);
    const time = timeOfDay(at);
    if (names.length === 0) return words.t('status-off-since', { time });
    return words.t('status-off-since-with', { time, names: escapeHtml(namesList(words, names)), count: names.length });
  }
  const withinWeek = now - seen.at < 6 * 24 * 3600_000;
  return words.t('status-not-seen-since', { day: withinWeek ? weekdayShort(words, at) : dayAndMonth(words, at) });
}
