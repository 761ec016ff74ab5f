import type { Logger } from 'pino';
import { localDay } from '../lib/local-days.ts';
import type { Clock, Scheduler } from '../lib/scheduler.ts';
import type { Store } from '../storage/store.ts';
import type { Chats } from './chats.ts';

export interface PauseEndingDependencies {
  readonly store: Store;
  readonly logger: Logger;
  readonly chats: Chats;
}

/** Ends the pauses of earlier days (the new day brings new limits) and tells the parents. Returns how many ended. */
export async function endStalePauses({ store, logger, chats }: PauseEndingDependencies, now: number): Promise<number> {
  const ended = store.pauses.endBefore(localDay(now), now);
  if (ended.length === 0) return 0;
  logger.info({ action: 'pauses-ended', count: ended.length }, 'pauses ended with the day');
  await chats.tell({ kind: 'pauses-ended', pauses: ended });
  return ended.length;
}

/** A pause ends with its day: looked for at start and every minute. */
export function schedulePauseEnding(scheduler: Scheduler, deps: PauseEndingDependencies, now: Clock): void {
  scheduler.repeat('pause ending', () => endStalePauses(deps, now()), { everyMs: 60_000 });
}
