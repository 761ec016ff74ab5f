import type { InlineKeyboardMarkup } from 'grammy/types';
import type { ChildConfig, Config } from '../../config/types.ts';
import { duration, namesList, timeOfDay } from '../../i18n/format.ts';
import type { Words } from '../../i18n/words.ts';
import type { ChildTargetProblem } from '../names.ts';
import type { PauseRecord } from '../../storage/pauses.ts';
import { encodeButtonAction } from '../callback-data.ts';
import type { PauseLine, ResumeLine } from '../../household/pausing.ts';
import { failureText } from './failure.ts';
import { childNameHtml, escapeHtml } from './html.ts';
import { keptLine } from './kept.ts';
import { nameProblemText } from './names.ts';

/** Every word about pausing and resuming a child's time. */

const clock = (at: number): string => timeOfDay(new Date(at));

/** `⏸ Pause Mia on desktop and laptop now? The time left is kept, and /resume gives it back.` HTML. */
export function pauseQuestion(words: Words, child: ChildConfig, machineIds: readonly string[]): string {
  return words.t('pause-question', { child: escapeHtml(child.name), machines: escapeHtml(namesList(words, machineIds)) });
}

export function pauseQuestionKeyboard(words: Words, childId: string, machine: string, askerId: number): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        { text: words.t('pause-button-confirm'), callback_data: encodeButtonAction({ kind: 'pause-confirm', childId, machine, askerId }) },
        { text: words.t('button-cancel'), callback_data: encodeButtonAction({ kind: 'pause-cancel' }) },
      ],
    ],
  };
}

/** The short answers about the pause question: toasts, and what the question becomes. */
export function pauseTexts(words: Words) {
  return {
    notYours: words.t('pause-not-yours'),
    expired: words.t('pause-expired'),
    cancelled: words.t('pause-cancelled'),
    tapHandled: words.t('pause-tap-handled'),
    pausing: words.t('pause-pausing'),
    resuming: words.t('pause-resuming'),
  } as const;
}

/** Why `/pause …` or `/resume …` was not understood: how to use it, or the name that matched nothing. Plain text. */
export function pauseTargetProblemText(words: Words, config: Config, command: 'pause' | 'resume', problem: ChildTargetProblem): string {
  if (problem.kind === 'usage') return command === 'pause' ? words.t('pause-usage') : words.t('pause-resume-usage');
  return nameProblemText(words, config, problem);
}

/** The answer to a pause, one line per computer. HTML. */
export function formatPauseLines(words: Words, config: Config, childId: string, byName: string, lines: readonly PauseLine[]): string {
  const child = childNameHtml(config, childId);
  return lines
    .map((line) => {
      const machine = escapeHtml(line.machineId);
      switch (line.kind) {
        case 'paused':
          return words.t('pause-paused', { parent: escapeHtml(byName), child, machine, kept: duration(words, line.secondsKept) });
        case 'already':
          return words.t('pause-already', { child, machine, parent: escapeHtml(line.pause.byName), time: clock(line.pause.at) });
        case 'failed': {
          const problem = escapeHtml(failureText(words, config, line.machineId, line.failure));
          return line.maybe ? words.t('pause-failed-maybe', { child, machine, problem }) : words.t('pause-failed', { child, machine, problem });
        }
        case 'raced':
          return words.t('pause-raced', { child, machine });
        case 'kept':
          return keptLine(words, config, line.kept);
        case 'cancelled':
          return words.t('pause-kept-cancelled-while-applied', { child, machine });
      }
    })
    .join('\n');
}

/** The answer to a resume, one line per computer that was paused (or waiting to be). HTML. */
export function formatResumeLines(words: Words, config: Config, childId: string, byName: string, lines: readonly ResumeLine[]): string {
  const child = childNameHtml(config, childId);
  if (lines.every((line) => line.kind === 'not-paused')) return words.t('pause-not-paused', { child });
  return lines
    .flatMap((line) => {
      const machine = escapeHtml(line.machineId);
      switch (line.kind) {
        case 'not-paused':
          return [];
        case 'resumed': {
          const resumed = { parent: escapeHtml(byName), child, machine };
          if (line.secondsLeft === undefined) return [words.t('pause-resumed', resumed)];
          const left = duration(words, line.secondsLeft);
          return [line.capped ? words.t('pause-resumed-capped', { ...resumed, left }) : words.t('pause-resumed-left', { ...resumed, left })];
        }
        case 'kept-cancelled':
          return [words.t('pause-kept-cancelled', { child, machine })];
        case 'failed': {
          const problem = escapeHtml(failureText(words, config, line.machineId, line.failure));
          return [line.maybe ? words.t('pause-resume-maybe', { child, machine, problem }) : words.t('pause-resume-failed', { child, machine, problem })];
        }
      }
    })
    .join('\n');
}

/** In /status, after a paused account's line. HTML. */
export function pausedNote(words: Words, pause: PauseRecord): string {
  return words.t('pause-note', { parent: escapeHtml(pause.byName), time: clock(pause.at), kept: duration(words, pause.secondsKept) });
}

/** Told to the parents when a day's pauses end by themselves. HTML. */
export function pausesEndedText(words: Words, config: Config, pauses: readonly PauseRecord[]): string {
  return pauses.map((pause) => words.t('pause-ended', { child: childNameHtml(config, pause.childId), machine: escapeHtml(pause.machineId) })).join('\n');
}
