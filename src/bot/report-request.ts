import type { ChildConfig, Config } from '../config/types.ts';
import { err, ok, type Result } from '../lib/result.ts';
import type { ReportPeriod } from '../reports/days.ts';
import { findChild, type NameProblem } from './names.ts';

export interface ReportRequest {
  /** The children to report on: the one named, or every child. */
  readonly children: readonly ChildConfig[];
  readonly period: ReportPeriod;
}

/** Why `/report …` could not be read: arguments it does not take (a number, as /history's), or a child it does not know. */
export type ReportRequestError = { readonly kind: 'usage' } | NameProblem;

const isPeriod = (word: string | undefined): word is ReportPeriod => word === 'week' || word === 'month';

/** Parses `/report [child] [week|month]` (the period may come first too); the child's name may contain spaces. Pure. */
export function parseReportArguments(config: Config, text: string): Result<ReportRequest, ReportRequestError> {
  const words = text.trim().split(/\s+/).filter((word) => word !== '');
  const last = words.at(-1)?.toLowerCase();
  const first = words[0]?.toLowerCase();
  const period: ReportPeriod = isPeriod(last) ? last : isPeriod(first) ? first : 'week';
  const name = (isPeriod(last) ? words.slice(0, -1) : isPeriod(first) ? words.slice(1) : words).join(' ');
  if (name === '') return ok({ children: [...config.children.values()], period });
  if (/^\d+$/.test(name)) return err({ kind: 'usage' });
  const child = findChild(config, name);
  return child.ok ? ok({ children: [child.value], period }) : child;
}
