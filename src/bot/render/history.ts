import type { Config } from '../../config/types.ts';
import { dayAndMonth, duration, namesList, signedMinutes, timeOfDay } from '../../i18n/format.ts';
import { parseStoredPatch } from '../../household/rules-stored.ts';
import type { RulesChangeRecord, RulesChangeStatus } from '../../storage/rules-ledger.ts';
import { lineLabel, linesOf } from './rules.ts';
import { msg, type Words } from '../../i18n/words.ts';
import { atOf, type ChangeState, type HistoryEntry } from '../../storage/store.ts';
import { askHistoryLine } from './asks.ts';
import { MAX_HISTORY_DAYS, type HistoryRequest, type HistoryRequestProblem } from '../history-request.ts';
import { childNameHtml, escapeHtml } from './html.ts';
import { nameProblemText } from './names.ts';

/** At most this many entries are listed… */
const MAX_ENTRIES = 40;
/** …and no more than fit in one message: Telegram takes 4096 characters, after HTML tags are removed. */
const MAX_CHARACTERS = 3800;

const OUTCOME_MARKS: Readonly<Record<ChangeState['kind'], string>> = {
  applied: msg('history-mark-done'),
  'not-read-back': msg('history-mark-done'),
  capped: msg('history-mark-capped'),
  failed: msg('history-mark-failed'),
  unknown: msg('history-mark-unknown'),
  pending: msg('history-mark-unknown'),
  interrupted: msg('history-mark-unknown'),
};

/** The empty answer and the title, for everyone or one child, today or the last days. */
function periodTexts(words: Words, config: Config, request: HistoryRequest): { readonly nothing: string; readonly title: string } {
  const { days } = request;
  if (request.childId === undefined) {
    return days === 1
      ? { nothing: words.t('history-nothing-today'), title: words.t('history-title-today') }
      : { nothing: words.t('history-nothing-days', { days }), title: words.t('history-title-days', { days }) };
  }
  const child = childNameHtml(config, request.childId);
  return days === 1
    ? { nothing: words.t('history-nothing-child-today', { child }), title: words.t('history-title-child-today', { child }) }
    : { nothing: words.t('history-nothing-child-days', { child, days }), title: words.t('history-title-child-days', { child, days }) };
}

const RULES_MARKS: Readonly<Record<RulesChangeStatus, string>> = {
  applied: msg('history-mark-done'),
  partly: msg('history-mark-partly'),
  failed: msg('history-mark-failed'),
  unknown: msg('history-mark-unknown'),
  pending: msg('history-mark-unknown'),
  interrupted: msg('history-mark-unknown'),
};

/** `Anna: Leo's house rules on pc (Limit per day: Mon–Fri 2h 00m) ✅`, undone or an undo said so. HTML. */
function rulesEntryText(words: Words, config: Config, record: RulesChangeRecord): string {
  const lines = linesOf(parseStoredPatch(record.patch)).map((line) => lineLabel(words, line));
  const args = {
    parent: escapeHtml(record.parentName),
    child: childNameHtml(config, record.childId),
    machine: escapeHtml(record.machineId),
    what: escapeHtml(namesList(words, lines)),
    mark: words.t(RULES_MARKS[record.status]),
  };
  const line = record.undoOf === undefined ? words.t('history-rules', args) : words.t('history-rules-undo', args);
  return record.undoneBy === undefined ? line : `${line} ${words.t('history-rules-undone')}`;
}

/** One entry of the history, after its time. HTML. */
function entryText(words: Words, config: Config, entry: HistoryEntry): string {
  if (entry.kind === 'ask') return askHistoryLine(words, config, entry.ask);
  if (entry.kind === 'rules') return rulesEntryText(words, config, entry.rules);
  if (entry.kind === 'alert') {
    const { alert } = entry;
    const child = childNameHtml(config, alert.childId);
    const machine = escapeHtml(alert.machineId);
    return alert.kind === 'up'
      ? words.t('history-alert-up', { child, machine })
      : words.t('history-alert-low', { child, machine, minutes: Math.ceil(alert.secondsLeft / 60) });
  }
  const { change } = entry;
  const args = {
    parent: escapeHtml(change.parentName),
    amount: signedMinutes(words, change.minutes),
    child: childNameHtml(config, change.childId),
    machine: escapeHtml(change.machineId),
    mark: words.t(OUTCOME_MARKS[change.outcome.kind]),
  };
  if (change.play === true) {
    return 'secondsLeft' in change.outcome ? words.t('history-play-left', { ...args, left: duration(words, change.outcome.secondsLeft) }) : words.t('history-play', args);
  }
  return 'secondsLeft' in change.outcome ? words.t('history-change-left', { ...args, left: duration(words, change.outcome.secondsLeft) }) : words.t('history-change', args);
}

/** The history message, newest first. HTML. Pure apart from the local time zone. */
export function formatHistory(words: Words, config: Config, request: HistoryRequest, entries: readonly HistoryEntry[]): string {
  const { nothing, title } = periodTexts(words, config, request);
  if (entries.length === 0) return nothing;
  const formatted = entries.slice(0, MAX_ENTRIES).map((entry) => {
    const time = new Date(atOf(entry));
    const when = request.days === 1 ? timeOfDay(time) : `${dayAndMonth(words, time)} ${timeOfDay(time)}`;
    return `${when} ${entryText(words, config, entry)}`;
  });
  const lines: string[] = [];
  let length = 0;
  for (const line of formatted) {
    if (length + line.length + 1 > MAX_CHARACTERS) break;
    lines.push(line);
    length += line.length + 1;
  }
  const more = entries.length > lines.length ? [words.t('history-more', { count: entries.length - lines.length })] : [];
  return [title, ...lines, ...more].join('\n');
}

/** Why `/history …` was not understood. Plain text. */
export function historyProblemText(words: Words, config: Config, problem: HistoryRequestProblem): string {
  switch (problem.kind) {
    case 'usage':
      return words.t('history-usage');
    case 'bad-days':
      return words.t('history-bad-days', { max: MAX_HISTORY_DAYS });
    case 'unknown-child':
    case 'unknown-machine':
      return nameProblemText(words, config, problem);
  }
}
