import { MAX_CHANGE_MINUTES } from '../config/schema.ts';
import type { ChildConfig, Config } from '../config/types.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { findChild, findMachineOf, type NameProblem } from './names.ts';

export interface AddRequest {
  readonly child: ChildConfig;
  readonly minutes: number;
  /** The machines to change: the one named, or all of the child's. */
  readonly machineIds: readonly string[];
  /** PlayTime minutes (`/add mia 15 play`), not the day's time. */
  readonly play: boolean;
}

/** The word after the minutes that makes them PlayTime (English and German). */
const PLAY_WORDS: ReadonlySet<string> = new Set(['play', 'playtime', 'spiel', 'spiele', 'spielzeit']);

/** Why minutes typed by a parent are not taken. Facts only; render/add.ts words them. */
export type MinutesProblem =
  | { readonly kind: 'not-whole-minutes'; readonly text: string }
  | { readonly kind: 'zero-minutes' }
  | { readonly kind: 'too-many-minutes'; readonly max: number };

/** Why `/add …` is not taken: its usage is wrong, a name matches nothing, or the minutes are not taken. */
export type AddProblem = { readonly kind: 'add-usage' } | NameProblem | MinutesProblem;

/** Parses minutes typed by a parent: a whole number, not 0, at most a day either way. Pure. */
export function parseMinutes(text: string): Result<number, MinutesProblem> {
  const trimmed = text.trim();
  if (!/^[+-]?\d{1,5}$/.test(trimmed)) return err({ kind: 'not-whole-minutes', text: trimmed });
  const minutes = Number(trimmed);
  if (minutes === 0) return err({ kind: 'zero-minutes' });
  if (Math.abs(minutes) > MAX_CHANGE_MINUTES) return err({ kind: 'too-many-minutes', max: MAX_CHANGE_MINUTES });
  return ok(minutes);
}

/**
 * Parses the arguments of `/add <child> <minutes> [machine] [play]`. The child's name may contain spaces: it is
 * everything before the number. `play` (before or after the machine) makes the minutes PlayTime. Pure.
 */
export function parseAddArguments(config: Config, text: string): Result<AddRequest, AddProblem> {
  const words = text.trim().split(/\s+/).filter((word) => word !== '');
  const numberAt = words.findIndex((word) => /^[+-]?\d+$/.test(word));
  if (numberAt < 1) return err({ kind: 'add-usage' });
  const rest = words.slice(numberAt + 1);
  const playWords = rest.filter((word) => PLAY_WORDS.has(word.toLowerCase()));
  const machineNames = rest.filter((word) => !PLAY_WORDS.has(word.toLowerCase()));
  if (playWords.length > 1 || machineNames.length > 1) return err({ kind: 'add-usage' });
  const child = findChild(config, words.slice(0, numberAt).join(' '));
  if (!child.ok) return child;
  const minutes = parseMinutes(words[numberAt] ?? '');
  if (!minutes.ok) return minutes;
  const play = playWords.length === 1;
  const machineName = machineNames[0];
  if (machineName === undefined) return ok({ child: child.value, minutes: minutes.value, machineIds: [...child.value.accounts.keys()], play });
  const machineId = findMachineOf(child.value, machineName);
  if (!machineId.ok) return machineId;
  return ok({ child: child.value, minutes: minutes.value, machineIds: [machineId.value], play });
}
