import type { Logger } from 'pino';
import type { Clock, Scheduler } from '../lib/scheduler.ts';
import type { AskStore } from '../storage/asks.ts';
import type { Chats } from './chats.ts';

export interface AskExpiryDependencies {
  readonly asks: AskStore;
  readonly logger: Logger;
  readonly chats: Chats;
  /** How long a request stays open (`asks.expireMinutes`): it is looked for six times in that, at most every 30 s. */
  readonly expireMs: number;
}

/** Closes the requests that ran out by `now`: the parents' copies say so, and each child is told. Returns how many. */
export async function expireDueAsks(deps: Pick<AskExpiryDependencies, 'asks' | 'logger' | 'chats'>, now: number): Promise<number> {
  const expired = deps.asks.expire(now);
  for (const ask of expired) {
    deps.logger.info({ action: 'ask-expired', ask: ask.id, child: ask.childId }, 'request expired');
    await deps.chats.tell({ kind: 'ask-closed', ask });
  }
  return expired.length;
}

/** Looks for requests that ran out at start and every sixth of their time (at most 30 s): closed soon after their time. */
export function scheduleAskExpiry(scheduler: Scheduler, deps: AskExpiryDependencies, now: Clock): void {
  scheduler.repeat('request expiry', () => expireDueAsks(deps, now()), { everyMs: Math.min(30_000, deps.expireMs / 6) });
}
