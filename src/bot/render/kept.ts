import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Config } from '../../config/types.ts';
import { formatDuration } from '../../lib/duration.ts';
import type { KeptRecord } from '../../storage/kept.ts';
import type { ChangeResult } from '../apply.ts';
import { mayHaveRun } from '../change-time.ts';
import { encodeButtonAction } from '../callback-data.ts';
import { failureText } from './failure.ts';
import { childNameHtml, escapeHtml, formatMinutes } from './html.ts';

/** Every word about changes kept for a computer that is off. */

const clock = (at: number): string => new Date(at).toTimeString().slice(0, 5);

/** `+15 min for Mia` or `pause Mia`. HTML. */
function whatKept(config: Config, kept: KeptRecord): string {
  const child = childNameHtml(config, kept.childId);
  return kept.kind === 'pause' ? `pause ${child}` : `${formatMinutes(kept.minutes)} for ${child}`;
}

/** `💤 desktop is off: +15 min for Mia will be given when it is back (today)`. HTML. Pure. */
export function keptLine(config: Config, kept: KeptRecord): string {
  const machine = escapeHtml(kept.machineId);
  const child = childNameHtml(config, kept.childId);
  return kept.kind === 'pause'
    ? `💤 ${machine} is off: ${child} will be paused there when it is back (today)`
    : `💤 ${machine} is off: ${formatMinutes(kept.minutes)} for ${child} will be given when it is back (today)`;
}

/** One Cancel button per kept change (named when there are several). Pure. */
export function keptKeyboard(kept: readonly KeptRecord[]): InlineKeyboardMarkup {
  return {
    inline_keyboard: kept.map((one) => [
      {
        text: kept.length === 1 ? 'Cancel' : `Cancel ${one.kind === 'pause' ? 'pause' : formatMinutes(one.minutes)} on ${one.machineId}`,
        callback_data: encodeButtonAction({ kind: 'kept-cancel', keptId: one.id }),
      },
    ]),
  };
}

/** `✖️ Anna cancelled +15 min for Mia on desktop: it will not be given.` HTML. Pure. */
export function keptCancelledText(config: Config, kept: KeptRecord, byName: string): string {
  const what = kept.kind === 'pause' ? `the pause of ${childNameHtml(config, kept.childId)}` : whatKept(config, kept);
  return `✖️ ${escapeHtml(byName)} cancelled ${what} on ${escapeHtml(kept.machineId)}: it will not happen.`;
}

export const KEPT_GONE_TOAST = 'Nothing to cancel: it was given, cancelled or dropped already.';
export const KEPT_CANCELLED_TOAST = 'Cancelled.';

/**
 * After a kept time was applied: `✅ desktop is back: +15 min given to Mia, 1h 10m left` (the time read back).
 * `reread`: the time read again after an unknown outcome, in words. HTML. Pure.
 */
export function keptAppliedText(config: Config, kept: KeptRecord, result: ChangeResult, reread = ''): string {
  const machine = escapeHtml(kept.machineId);
  const child = childNameHtml(config, kept.childId);
  const direction = kept.minutes < 0 ? 'taken from' : 'given to';
  const given = `${formatMinutes(kept.minutes)} ${direction} ${child}`;
  const by = ` (asked by ${escapeHtml(kept.byName)} at ${clock(kept.at)})`;
  if (!result.ok) {
    const why = escapeHtml(failureText(config, kept.machineId, result.error));
    if (!mayHaveRun(result.error)) return `❌ ${machine} is back, but ${formatMinutes(kept.minutes)} for ${child} failed: ${why}${by}`;
    return `❓ ${machine} is back: unknown whether ${formatMinutes(kept.minutes)} was ${direction} ${child} (${why})${by}. ${reread}`.trim();
  }
  if (result.value.kind === 'not-read-back') return `✅ ${machine} is back: ${given}${by}; the new time could not be read (/status shows it)`;
  const left = formatDuration(result.value.info.secondsLeft);
  if (result.value.capped) return `⚠️ ${machine} is back: ${given}, ${left} left${by}. Timekpr-nExT limits it to the allowed hours and midnight.`;
  return `✅ ${machine} is back: ${given}, ${left} left${by}`;
}

/** Told where they were asked when kept changes are dropped with their day. HTML. Pure. */
export function keptDroppedText(config: Config, kept: readonly KeptRecord[]): string {
  return kept
    .map((one) => `💤 ${escapeHtml(one.machineId)} stayed off: ${whatKept(config, one)} did not happen (the day ended; today's limits apply).`)
    .join('\n');
}

/** In /status, under a computer: `💤 waiting: +15 min for Mia (Anna, 18:40)`. HTML. Pure. */
export function keptStatusNote(config: Config, kept: KeptRecord): string {
  return `💤 waiting: ${whatKept(config, kept)} (${escapeHtml(kept.byName)}, ${clock(kept.at)})`;
}
