import type { Config } from '../../config/types.ts';
import { formatDuration } from '../../lib/duration.ts';
import type { ChangeRecord } from '../../storage/store.ts';
import type { Actor, ApplyOutcome, ChangeResult, Reread } from '../apply.ts';
import { mayHaveRun } from '../change-time.ts';
import { failureKindText, failureText } from './failure.ts';
import { childNameHtml, escapeHtml, formatMinutes } from './html.ts';
import { keptLine } from './kept.ts';

/** A change, as a parent reads it: `+15 min for Mia on desktop by Anna`. HTML. */
function describeChange(config: Config, change: { readonly childId: string; readonly machineId: string; readonly minutes: number }, by: string): string {
  return `${formatMinutes(change.minutes)} for ${childNameHtml(config, change.childId)} on ${escapeHtml(change.machineId)} by ${escapeHtml(by)}`;
}

/**
 * One line saying who changed what and how it went: `+15 min for Mia on desktop by Anna`, plus a note when it
 * was capped, failed, or its outcome is unknown. HTML. Pure.
 */
export function formatChangeLine(
  config: Config,
  change: { readonly childId: string; readonly machineId: string; readonly minutes: number; readonly by: string },
  result: ChangeResult,
): string {
  const what = describeChange(config, change, change.by);
  if (!result.ok) {
    const reason = escapeHtml(failureText(config, change.machineId, result.error));
    return mayHaveRun(result.error)
      ? `❓ ${what}: unknown whether it was applied (${reason}). The time is read again below.`
      : `❌ ${what} failed: ${reason}`;
  }
  if (result.value.kind === 'not-read-back') {
    return `✅ ${what}, but the new time could not be read (${escapeHtml(failureText(config, change.machineId, result.value.readFailure))})`;
  }
  const left = formatDuration(result.value.info.secondsLeft);
  if (result.value.capped) {
    return `⚠️ ${what}: ${left} left. Timekpr-nExT limits it to the allowed hours and midnight, so the change shows only in part or not at all.`;
  }
  return `✅ ${what}: ${left} left`;
}

/** A change as recorded earlier, for an update Telegram delivered again: nothing was run a second time. HTML. Pure. */
export function formatRecordedChange(config: Config, record: ChangeRecord): string {
  const what = describeChange(config, record, record.parentName);
  const { outcome } = record;
  switch (outcome.kind) {
    case 'applied':
    case 'capped':
      return `↩️ Already done, not repeated: ${what}: ${formatDuration(outcome.secondsLeft)} left then`;
    case 'not-read-back':
      return `↩️ Already done, not repeated: ${what}`;
    case 'failed':
      return `↩️ Already tried, not repeated: ${what} failed (${escapeHtml(failureKindText(outcome.failure))})`;
    case 'unknown':
    case 'pending':
    case 'interrupted':
      return `↩️ Not repeated: ${what}. Whether it was applied is unknown (the bot stopped or lost the connection while it ran). The time is read again below.`;
  }
}

/**
 * The lines (HTML) that report an outcome: who changed what and the time read back (or that it is kept until the
 * computer is back), or what was recorded before.
 */
export function outcomeLines(config: Config, actor: Actor, outcome: ApplyOutcome): string[] {
  if (outcome.kind === 'duplicate') return outcome.recorded.map((record) => formatRecordedChange(config, record));
  return outcome.results.map(({ request, result, kept }) => (kept === undefined ? formatChangeLine(config, { ...request, by: actor.name }, result) : keptLine(config, kept)));
}

/** `Mia now has 1h 05m left on desktop.`, or why that cannot be read. HTML. Pure. */
export function formatReread(config: Config, reread: Reread): string {
  const name = childNameHtml(config, reread.childId);
  const machine = escapeHtml(reread.machineId);
  if (reread.info.ok) return `${name} now has ${formatDuration(reread.info.value.secondsLeft)} left on ${machine}.`;
  if (reread.info.error.kind === 'no-account') return `${name} has no account on ${machine} any more.`;
  return `${name}'s time on ${machine} cannot be read now (${escapeHtml(failureText(config, reread.machineId, reread.info.error))}); use /status later.`;
}

/** After a restart: a change the bot was running when it stopped, and the time read now. HTML. Pure. */
export function formatInterrupted(config: Config, record: ChangeRecord, reread: Reread): string {
  return `❓ The bot stopped while it was applying ${describeChange(config, record, record.parentName)}: whether it was applied is unknown. ${formatReread(config, reread)}`;
}
