import type { InlineKeyboardMarkup } from 'grammy/types';
import type { ChildConfig, Config } from '../../config/types.ts';
import { formatDuration } from '../../lib/duration.ts';
import type { KeptRecord } from '../../storage/kept.ts';
import type { PauseRecord } from '../../storage/pauses.ts';
import { encodeButtonAction } from '../callback-data.ts';
import { childNameHtml, escapeHtml } from './html.ts';
import { keptLine } from './kept.ts';

/** Every word about pausing and resuming a child's time. */

const clock = (at: number): string => new Date(at).toTimeString().slice(0, 5);

const machinesWords = (machineIds: readonly string[]): string =>
  machineIds.length <= 1 ? (machineIds[0] ?? '') : `${machineIds.slice(0, -1).join(', ')} and ${machineIds.at(-1) ?? ''}`;

/** `Pause Mia on desktop and laptop now? Her time left is kept.` HTML. */
export function pauseQuestion(child: ChildConfig, machineIds: readonly string[]): string {
  return `⏸ Pause ${escapeHtml(child.name)} on ${escapeHtml(machinesWords(machineIds))} now? The time left is kept, and /resume gives it back.`;
}

export function pauseQuestionKeyboard(childId: string, machine: string, askerId: number): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        { text: 'Pause', callback_data: encodeButtonAction({ kind: 'pause-confirm', childId, machine, askerId }) },
        { text: 'Cancel', callback_data: encodeButtonAction({ kind: 'pause-cancel' }) },
      ],
    ],
  };
}

export const PAUSE_NOT_YOURS = 'Only the parent who asked can confirm this.';
export const PAUSE_EXPIRED = 'This question has expired: send /pause again.';
export const PAUSE_CANCELLED = 'Not paused.';
export const PAUSE_TAP_HANDLED = 'Already done.';
export const PAUSING_TOAST = 'Pausing…';
export const RESUMING_TOAST = 'Resuming…';

/** The answer to a pause, one line per computer. HTML. */
export type PauseLine =
  | { readonly kind: 'paused'; readonly machineId: string; readonly secondsKept: number }
  | { readonly kind: 'already'; readonly machineId: string; readonly pause: PauseRecord }
  | { readonly kind: 'failed'; readonly machineId: string; readonly why: string; readonly maybe: boolean; readonly unreached: boolean }
  /** The computer is off: the pause is kept and happens when it is back. */
  | { readonly kind: 'kept'; readonly machineId: string; readonly kept: KeptRecord }
  /** A kept pause that a /resume cancelled while it was being applied: nothing was paused. */
  | { readonly kind: 'cancelled'; readonly machineId: string };

export function formatPauseLines(config: Config, childId: string, byName: string, lines: readonly PauseLine[]): string {
  const child = childNameHtml(config, childId);
  return lines
    .map((line) => {
      const machine = escapeHtml(line.machineId);
      switch (line.kind) {
        case 'paused':
          return `⏸ ${escapeHtml(byName)} paused ${child} on ${machine}: ${formatDuration(line.secondsKept)} kept`;
        case 'already':
          return `⏸ ${child} is already paused on ${machine} (by ${escapeHtml(line.pause.byName)} at ${clock(line.pause.at)})`;
        case 'failed':
          return line.maybe
            ? `❓ ${child} on ${machine}: not sure the pause happened (${escapeHtml(line.why)}); /status shows the time now`
            : `❌ ${child} on ${machine}: not paused (${escapeHtml(line.why)})`;
        case 'kept':
          return keptLine(config, line.kept);
        case 'cancelled':
          return `▶ ${child} on ${machine}: not paused (the pause was cancelled)`;
      }
    })
    .join('\n');
}

export type ResumeLine =
  | { readonly kind: 'resumed'; readonly machineId: string; readonly secondsLeft: number | undefined; readonly capped: boolean }
  | { readonly kind: 'not-paused'; readonly machineId: string }
  /** Not paused yet (the computer was off): the pause waiting for it is cancelled. */
  | { readonly kind: 'kept-cancelled'; readonly machineId: string; readonly kept: readonly KeptRecord[] }
  | { readonly kind: 'failed'; readonly machineId: string; readonly why: string; readonly maybe: boolean };

export function formatResumeLines(config: Config, childId: string, byName: string, lines: readonly ResumeLine[]): string {
  const child = childNameHtml(config, childId);
  if (lines.every((line) => line.kind === 'not-paused')) return `${child} is not paused.`;
  return lines
    .filter((line) => line.kind !== 'not-paused')
    .map((line) => {
      const machine = escapeHtml(line.machineId);
      if (line.kind === 'resumed') {
        const left = line.secondsLeft === undefined ? '' : `: ${formatDuration(line.secondsLeft)} left${line.capped ? ' (⚠️ capped by the clock)' : ''}`;
        return `▶ ${escapeHtml(byName)} resumed ${child} on ${machine}${left}`;
      }
      if (line.kind === 'kept-cancelled') return `▶ ${child} was not paused on ${machine} yet (it is off): the pause waiting for it is cancelled`;
      if (line.kind === 'failed') {
        return line.maybe
          ? `❓ ${child} on ${machine}: not sure the time was given back (${escapeHtml(line.why)}); /status shows it`
          : `❌ ${child} on ${machine}: still paused (${escapeHtml(line.why)}); try /resume again`;
      }
      return '';
    })
    .join('\n');
}

/** In /status, after a paused account's line. HTML. */
export function pausedNote(pause: PauseRecord): string {
  return `⏸ paused by ${escapeHtml(pause.byName)} at ${clock(pause.at)} (${formatDuration(pause.secondsKept)} kept)`;
}

/** Told to the parents when a day's pauses end by themselves. HTML. */
export function pausesEndedText(config: Config, pauses: readonly PauseRecord[]): string {
  return pauses
    .map((pause) => `⏸ ${childNameHtml(config, pause.childId)}'s pause on ${escapeHtml(pause.machineId)} ended with the day; today's limits apply.`)
    .join('\n');
}
