import type { ReportsConfig } from '../config/types.ts';
import { addDays, localDay, localTimeOf } from '../lib/local-days.ts';

/** One weekly digest: the local day it is due (its key: each is sent once) and the moment. */
export interface DigestDue {
  readonly day: string;
  readonly at: number;
}

/** A digest due more than this long ago is not sent any more (the next one is near). */
export const DIGEST_LATE_LIMIT_MS = 6 * 24 * 3600_000;

/**
 * The latest weekly digest due at or before `now` (on the configured weekday and local time, within the past
 * week), or undefined when the digest is off. Pure (the local time zone apart).
 */
export function latestDigestDue(weekly: ReportsConfig['weekly'], now: number): DigestDue | undefined {
  if (weekly === undefined) return undefined;
  const today = localDay(now);
  for (let back = 0; back < 8; back += 1) {
    const day = addDays(today, -back);
    const at = localTimeOf(day, weekly.minuteOfDay);
    if (new Date(at).getDay() === weekly.weekday && at <= now) return { day, at };
  }
  return undefined;
}

/** Whether a due digest should still be sent at `now` (not too late). Pure. */
export function stillWorthSending(due: DigestDue, now: number): boolean {
  return now - due.at <= DIGEST_LATE_LIMIT_MS;
}
