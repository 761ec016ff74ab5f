import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Config } from '../../config/types.ts';
import { duration, signedMinutes, timeOfDay } from '../../i18n/format.ts';
import type { Words } from '../../i18n/words.ts';
import type { KeptRecord } from '../../storage/kept.ts';
import type { ChangeResult } from '../../household/apply.ts';
import { mayHaveRun } from '../../household/change-time.ts';
import { encodeButtonAction } from '../callback-data.ts';
import { failureText } from './failure.ts';
import { childNameHtml, escapeHtml } from './html.ts';

/** Every word about changes kept for a computer that is off. */

const clock = (at: number): string => timeOfDay(new Date(at));

/** `+15 min for Mia`, `pause Mia` or `the change of Mia's house rules`. HTML. */
function whatKept(words: Words, config: Config, kept: KeptRecord): string {
  const child = childNameHtml(config, kept.childId);
  switch (kept.kind) {
    case 'pause':
      return words.t('kept-what-pause', { child });
    case 'rules':
      return words.t('kept-what-rules', { child });
    case 'add':
      return words.t('kept-what-time', { amount: signedMinutes(words, kept.minutes), child });
  }
}

/** `💤 desktop is off: +15 min for Mia will be given when it is back (today)`. HTML. Pure. */
export function keptLine(words: Words, config: Config, kept: KeptRecord): string {
  const machine = escapeHtml(kept.machineId);
  const child = childNameHtml(config, kept.childId);
  switch (kept.kind) {
    case 'pause':
      return words.t('kept-line-pause', { machine, child });
    case 'rules':
      // An exception is worth making only until its day ends: the line says so.
      return kept.untilDay === undefined ? words.t('kept-line-rules', { machine, child }) : words.t('kept-line-exception', { machine, child });
    case 'add':
      return words.t('kept-line-time', { machine, amount: signedMinutes(words, kept.minutes), child });
  }
}

/** One Cancel button per kept change (named when there are several). Pure. */
export function keptKeyboard(words: Words, kept: readonly KeptRecord[]): InlineKeyboardMarkup {
  return {
    inline_keyboard: kept.map((one) => [
      {
        text:
          kept.length === 1
            ? words.t('button-cancel')
            : one.kind === 'pause'
              ? words.t('kept-cancel-pause', { machine: one.machineId })
              : one.kind === 'rules'
                ? words.t('kept-cancel-rules', { machine: one.machineId })
                : words.t('kept-cancel-time', { amount: signedMinutes(words, one.minutes), machine: one.machineId }),
        callback_data: encodeButtonAction({ kind: 'kept-cancel', keptId: one.id }),
      },
    ]),
  };
}

/** `✖️ Anna cancelled +15 min for Mia on desktop: it will not happen.` HTML. Pure. */
export function keptCancelledText(words: Words, config: Config, kept: KeptRecord, byName: string): string {
  const what = kept.kind === 'pause' ? words.t('kept-the-pause-of', { child: childNameHtml(config, kept.childId) }) : whatKept(words, config, kept);
  return words.t('kept-cancelled', { by: escapeHtml(byName), what, machine: escapeHtml(kept.machineId) });
}

/**
 * After a kept time was applied: `✅ desktop is back: +15 min given to Mia, 1h 10m left` (the time read back).
 * `reread`: the time read again after an unknown outcome, in words. HTML. Pure.
 */
export function keptAppliedText(words: Words, config: Config, kept: KeptRecord, result: ChangeResult, reread = ''): string {
  const machine = escapeHtml(kept.machineId);
  const child = childNameHtml(config, kept.childId);
  const amount = signedMinutes(words, kept.minutes);
  const taken = kept.minutes < 0 ? 'taken' : 'given';
  const given = words.t('kept-given', { amount, child, taken });
  const by = words.t('kept-asked-by', { by: escapeHtml(kept.byName), time: clock(kept.at) });
  if (!result.ok) {
    const why = escapeHtml(failureText(words, config, kept.machineId, result.error));
    if (!mayHaveRun(result.error)) return words.t('kept-back-failed', { machine, amount, child, why, by });
    return words.t('kept-back-unknown', { machine, amount, child, taken, why, by, reread }).trim();
  }
  if (result.value.kind === 'not-read-back') return words.t('kept-back-not-read', { machine, given, by });
  const left = duration(words, result.value.info.secondsLeft);
  if (result.value.capped) return words.t('kept-back-capped', { machine, given, left, by });
  return words.t('kept-back', { machine, given, left, by });
}

/** Told where they were asked when kept changes are dropped with their day. HTML. Pure. */
export function keptDroppedText(words: Words, config: Config, kept: readonly KeptRecord[]): string {
  return kept.map((one) => words.t('kept-dropped', { machine: escapeHtml(one.machineId), what: whatKept(words, config, one) })).join('\n');
}

/** In /status, under a computer: `💤 waiting: +15 min for Mia (Anna, 18:40)`. HTML. Pure. */
export function keptStatusNote(words: Words, config: Config, kept: KeptRecord): string {
  return words.t('kept-waiting', { what: whatKept(words, config, kept), by: escapeHtml(kept.byName), time: clock(kept.at) });
}
