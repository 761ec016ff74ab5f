import type { Config } from '../../config/types.ts';
import { formatDuration } from '../../lib/duration.ts';
import { atOf, type ChangeState, type HistoryEntry } from '../../storage/store.ts';
import { askHistoryLine } from './asks.ts';
import type { HistoryRequest } from '../history-request.ts';
import { childNameHtml, escapeHtml, formatMinutes } from './html.ts';

/** At most this many entries are listed… */
const MAX_ENTRIES = 40;
/** …and no more than fit in one message: Telegram takes 4096 characters, after HTML tags are removed. */
const MAX_CHARACTERS = 3800;

const OUTCOME_MARKS: Readonly<Record<ChangeState['kind'], string>> = {
  applied: '✅',
  'not-read-back': '✅',
  capped: '⚠️ capped',
  failed: '❌ failed',
  unknown: '❓ unknown',
  pending: '❓ unknown',
  interrupted: '❓ unknown',
};

/** The history message, newest first. HTML. Pure apart from the local time zone. */
export function formatHistory(config: Config, request: HistoryRequest, entries: readonly HistoryEntry[]): string {
  const who = request.childId === undefined ? '' : ` for ${childNameHtml(config, request.childId)}`;
  const period = request.days === 1 ? 'today' : `in the last ${request.days} days`;
  if (entries.length === 0) return `Nothing happened${who} ${period}.`;
  const formatted = entries.slice(0, MAX_ENTRIES).map((entry) => {
    const time = new Date(atOf(entry));
    const clock = time.toTimeString().slice(0, 5);
    const when = request.days === 1 ? clock : `${time.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' })} ${clock}`;
    if (entry.kind === 'ask') return `${when} ${askHistoryLine(config, entry.ask)}`;
    if (entry.kind === 'alert') {
      const { alert } = entry;
      const child = childNameHtml(config, alert.childId);
      const machine = escapeHtml(alert.machineId);
      return alert.kind === 'up' ? `${when} ⌛ ${child}'s time on ${machine} was up` : `${when} ⏳ alert: ${child} had ${Math.ceil(alert.secondsLeft / 60)} min left on ${machine}`;
    }
    const { change } = entry;
    const child = childNameHtml(config, change.childId);
    const left = 'secondsLeft' in change.outcome ? `, ${formatDuration(change.outcome.secondsLeft)} left` : '';
    const mark = OUTCOME_MARKS[change.outcome.kind];
    return `${when} ${escapeHtml(change.parentName)}: ${formatMinutes(change.minutes)} for ${child} on ${escapeHtml(change.machineId)} ${mark}${left}`;
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
