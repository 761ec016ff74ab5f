import type { Config } from '../config/types.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { findChild, type NameProblem } from './names.ts';

export interface HistoryRequest {
  readonly childId: string | undefined;
  readonly days: number;
}

/** The most days /history looks back. */
export const MAX_HISTORY_DAYS = 31;

/** Why `/history …` was not understood: not its shape (`usage`), days out of range, or a name that matched nothing. */
export type HistoryRequestProblem = { readonly kind: 'usage' } | { readonly kind: 'bad-days' } | NameProblem;

/** `/history [child] [days]`, in either order. Pure. */
export function parseHistoryArguments(config: Config, text: string): Result<HistoryRequest, HistoryRequestProblem> {
  const words = text.trim().split(/\s+/).filter((word) => word !== '');
  const dayWords = words.filter((word) => /^\d+$/.test(word));
  const nameWords = words.filter((word) => !/^\d+$/.test(word));
  if (dayWords.length > 1) return err({ kind: 'usage' });
  const days = dayWords.length === 0 ? 1 : Number(dayWords[0]);
  if (days < 1 || days > MAX_HISTORY_DAYS) return err({ kind: 'bad-days' });
  if (nameWords.length === 0) return ok({ childId: undefined, days });
  const child = findChild(config, nameWords.join(' '));
  return child.ok ? ok({ childId: child.value.id, days }) : child;
}

/** Midnight `days - 1` days before `now`: the start of the period /history shows. */
export function historyStart(now: Date, days: number): number {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate() - (days - 1)).getTime();
}
