import type { Config } from '../../config/types.ts';
import { duration, signedMinutes } from '../../i18n/format.ts';
import type { Words } from '../../i18n/words.ts';
import type { ChangeRecord } from '../../storage/store.ts';
import type { Actor, ApplyOutcome, ChangeResult, Reread } from '../../household/apply.ts';
import { mayHaveRun } from '../../household/change-time.ts';
import { failureKindText, failureText } from './failure.ts';
import { childNameHtml, escapeHtml } from './html.ts';
import { keptLine } from './kept.ts';

type DescribedChange = { readonly childId: string; readonly machineId: string; readonly minutes: number; readonly play?: boolean | undefined };

/** A change, as a parent reads it: `+15 min for Mia on desktop by Anna` (`+15 min PlayTime …`). HTML. */
function describeChange(words: Words, config: Config, change: DescribedChange, by: string): string {
  const args = { amount: signedMinutes(words, change.minutes), child: childNameHtml(config, change.childId), machine: escapeHtml(change.machineId), by: escapeHtml(by) };
  return change.play === true ? words.t('change-what-play', args) : words.t('change-what', args);
}

/**
 * One line saying who changed what and how it went: `+15 min for Mia on desktop by Anna`, plus a note when it
 * was capped, failed, or its outcome is unknown. HTML. Pure.
 */
export function formatChangeLine(
  words: Words,
  config: Config,
  change: DescribedChange & { readonly by: string },
  result: ChangeResult,
): string {
  const what = describeChange(words, config, change, change.by);
  if (!result.ok) {
    const reason = escapeHtml(failureText(words, config, change.machineId, result.error));
    return mayHaveRun(result.error) ? words.t('change-unknown', { what, reason }) : words.t('change-failed', { what, reason });
  }
  if (result.value.kind === 'not-read-back') {
    return words.t('change-not-read', { what, reason: escapeHtml(failureText(words, config, change.machineId, result.value.readFailure)) });
  }
  if (change.play === true) return words.t('change-applied-play', { what, left: duration(words, result.value.info.playTimeLeftSeconds ?? 0) });
  const left = duration(words, result.value.info.secondsLeft);
  if (result.value.capped) return words.t('change-capped', { what, left });
  return words.t('change-applied', { what, left });
}

/** A change as recorded earlier, for an update Telegram delivered again: nothing was run a second time. HTML. Pure. */
export function formatRecordedChange(words: Words, config: Config, record: ChangeRecord): string {
  const what = describeChange(words, config, record, record.parentName);
  const { outcome } = record;
  switch (outcome.kind) {
    case 'applied':
    case 'capped':
      return words.t('change-repeat-applied', { what, left: duration(words, outcome.secondsLeft) });
    case 'not-read-back':
      return words.t('change-repeat-not-read', { what });
    case 'failed':
      return words.t('change-repeat-failed', { what, reason: escapeHtml(failureKindText(words, outcome.failure)) });
    case 'unknown':
    case 'pending':
    case 'interrupted':
      return words.t('change-repeat-unknown', { what });
  }
}

/**
 * The lines (HTML) that report an outcome: who changed what and the time read back (or that it is kept until the
 * computer is back), or what was recorded before.
 */
export function outcomeLines(words: Words, config: Config, actor: Actor, outcome: ApplyOutcome): string[] {
  if (outcome.kind === 'duplicate') return outcome.recorded.map((record) => formatRecordedChange(words, config, record));
  return outcome.results.map(({ request, result, kept }) =>
    kept === undefined ? formatChangeLine(words, config, { ...request, by: actor.name }, result) : keptLine(words, config, kept),
  );
}

/** `Mia now has 1h 05m left on desktop.`, or why that cannot be read. HTML. Pure. */
export function formatReread(words: Words, config: Config, reread: Reread): string {
  const child = childNameHtml(config, reread.childId);
  const machine = escapeHtml(reread.machineId);
  if (reread.info.ok) return words.t('change-reread', { child, left: duration(words, reread.info.value.secondsLeft), machine });
  if (reread.info.error.kind === 'no-account') return words.t('change-reread-no-account', { child, machine });
  return words.t('change-reread-failed', { child, machine, reason: escapeHtml(failureText(words, config, reread.machineId, reread.info.error)) });
}

/** After a restart: a change the bot was running when it stopped, and the time read now. HTML. Pure. */
export function formatInterrupted(words: Words, config: Config, record: ChangeRecord, reread: Reread): string {
  return words.t('change-interrupted', { what: describeChange(words, config, record, record.parentName), reread: formatReread(words, config, reread) });
}
