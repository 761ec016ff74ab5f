import type { Logger } from 'pino';
import { startWatcher } from '../alerts/watcher.ts';
import type { Config } from '../config/types.ts';
import type { Clock, Scheduler } from '../lib/scheduler.ts';
import type { Store } from '../storage/store.ts';
import type { TimeLeftEvents } from '../timekpr/backend.ts';
import type { TimekprClient } from '../timekpr/client.ts';
import type { RulesClient } from '../timekpr/rules-client.ts';
import { scheduleAskExpiry } from './ask-expiry.ts';
import type { Chats } from './chats.ts';
import { startKeptChanges } from './kept.ts';
import { exceptionEnder, scheduleExceptionEnds } from './exceptions.ts';
import { watchDifferences } from './profiles.ts';
import { schedulePauseEnding } from './pause-ending.ts';
import { scheduleReportJobs } from './report-jobs.ts';

export interface BackgroundDependencies {
  readonly scheduler: Scheduler;
  /** The household's port to the chats (the bot's). */
  readonly chats: Chats;
  readonly client: TimekprClient;
  /** The children's house rules (kept rules changes are made through it). */
  readonly rules: RulesClient;
  /** Time left pushed by the computers whose backend streams it. */
  readonly events: TimeLeftEvents;
  readonly config: Config;
  readonly store: Store;
  readonly logger: Logger;
  readonly now: Clock;
  /** How often the report jobs look at the clock (shorter in tests). */
  readonly reportTickMs: number;
}

export interface Background {
  /** A computer answered: changes kept for it while it was off are applied now. */
  readonly onAnswer: (machineId: string) => void;
  /** Lets what the parts still do end (alerts being decided, kept changes being applied); after the scheduler stopped. */
  readonly stop: () => Promise<void>;
}

/**
 * Everything the household does unasked, registered with the one scheduler: low-time alerts (a poll task per
 * computer, and pushed time left), retries of changes kept for computers that are off, the expiry of children's
 * requests, the end of pauses with their day, the end of exceptions with theirs, the daily comparison of computers with
 * their children's profiles, the day's final read and the weekly digest. Nothing runs before the
 * scheduler starts; the chats hear of it only through the port.
 */
export function startBackground(deps: BackgroundDependencies): Background {
  const { scheduler, chats, client, rules, config, store, logger, now } = deps;
  scheduleAskExpiry(scheduler, { asks: store.asks, logger, chats, expireMs: config.asks.expireMs }, now);
  schedulePauseEnding(scheduler, { store, logger, chats }, now);
  scheduleReportJobs(scheduler, { client, config, store, logger, now, chats }, deps.reportTickMs);
  const rulesDeps = { client: rules, config, store, logger, now, chats };
  // Exceptions end with their day; one whose computer is off is put back when it answers (before its kept changes).
  const ender = exceptionEnder(rulesDeps);
  scheduleExceptionEnds(scheduler, rulesDeps, ender, now, deps.reportTickMs);
  // Each computer is compared with its children's profiles once a day: at start, then at its first answer of a day.
  const differences = config.profiles.reportDifferences ? watchDifferences(rulesDeps, (machineId) => ender.endDue(now(), machineId)) : undefined;
  if (differences !== undefined) scheduler.repeat('profile differences', () => differences.compareAll(), { everyMs: Math.max(deps.reportTickMs, config.offline.retryMs) });
  const kept = startKeptChanges({ client, rules, config, store, logger, now, scheduler, chats, beforeKept: (machineId) => ender.endDue(now(), machineId),
    waitingBeforeKept: () => [...new Set(store.exceptions.due(now()).map((exception) => exception.machineId))],
  });
  const watcher = startWatcher({
    config,
    client,
    events: deps.events,
    store,
    logger,
    now,
    scheduler,
    notify: chats.sendAlert,
    onSeen: (machineId) => {
      kept.onAnswer(machineId);
      differences?.onAnswer(machineId);
    },
  });
  return {
    onAnswer(machineId) {
      kept.onAnswer(machineId);
      differences?.onAnswer(machineId);
    },
    async stop() {
      await watcher.stop();
      await kept.stop();
      await differences?.stop();
    },
  };
}
