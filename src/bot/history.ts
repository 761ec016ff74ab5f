import type { Config } from '../config/types.ts';
import { formatDuration } from '../lib/duration.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { HistoryEntry } from '../storage/store.ts';
import { escapeHtml, formatMinutes } from './format.ts';
import { findChild } from './names.ts';

export interface HistoryRequest {
  readonly childId: string | undefined;
  readonly days: number;
}

const MAX_DAYS = 31;
/** At most this many entries are listed… */
const MAX_ENTRIES = 40;
/** …and no more than fit in one message: Telegram takes 4096 characters, after HTML tags are removed. */
const MAX_CHARACTERS = 3800;

/** `/history [child] [days]`, in either order. Pure. */
export function parseHistoryArguments(config: Config, text: string): Result<HistoryRequest, string> {
  const words = text.trim().split(/\s+/).filter((word) => word !== '');
  const dayWords = words.filter((word) => /^\d+$/.test(word));
  const nameWords = words.filter((word) => !/^\d+$/.test(word));
  if (dayWords.length > 1) return err('Use: /history [child] [days], e.g. /history mia 3');
  const days = dayWords.length === 0 ? 1 : Number(dayWords[0]);
  if (days < 1 || days > MAX_DAYS) return err(`Days must be from 1 to ${MAX_DAYS}.`);
  if (nameWords.length === 0) return ok({ childId: undefined, days });
  const child = findChild(config, nameWords.join(' '));
  return child.ok ? ok({ childId: child.value.id, days }) : child;
}

/** Midnight `days - 1` days before `now`: the start of the period /history shows. */
export function historyStart(now: Date, days: number): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1)).getTime();
}

/** The history message, newest first. HTML. Pure apart from the local time zone. */
export function formatHistory(config: Config, request: HistoryRequest, entries: readonly HistoryEntry[]): string {
  const who = request.childId === undefined ? '' : ` for ${escapeHtml(config.children.get(request.childId)?.name ?? request.childId)}`;
  const period = request.days === 1 ? 'today' : `in the last ${request.days} days`;
  if (entries.length === 0) return `Nothing happened${who} ${period}.`;
  const formatted = entries.slice(0, MAX_ENTRIES).map((entry) => {
    const time = new Date(entry.at);
    const clock = time.toTimeString().slice(0, 5);
    const when = request.days === 1 ? clock : `${time.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${clock}`;
    const child = escapeHtml(config.children.get(entry.childId)?.name ?? entry.childId);
    const machine = escapeHtml(entry.machineId);
    if (entry.type === 'alert') {
      return entry.kind === 'up' ? `${when} ⌛ ${child}'s time on ${machine} was up` : `${when} ⏳ alert: ${child} had ${Math.ceil(entry.secondsLeft / 60)} min left on ${machine}`;
    }
    const left = entry.secondsLeft === undefined ? '' : `, ${formatDuration(entry.secondsLeft)} left`;
    const result = { applied: '✅', capped: '⚠️ capped', failed: '❌ failed', unknown: '❓ unknown', pending: '❓ unknown' }[entry.status];
    return `${when} ${escapeHtml(entry.parentName)}: ${formatMinutes(entry.minutes)} for ${child} on ${machine} ${result}${left}`;
  });
  const lines: string[] = [];
  let length = 0;
  for (const line of formatted) {
    if (length + line.length + 1 > MAX_CHARACTERS) break;
    lines.push(line);
    length += line.length + 1;
  }
  const more = entries.length > lines.length ? [`… and ${entries.length - lines.length} earlier`] : [];
  return [`<b>History${who} ${period}</b>`, ...lines, ...more].join('\n');
}
