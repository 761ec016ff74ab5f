import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import { addDays, localDay } from '../lib/local-days.ts';
import type { Clock, Scheduler } from '../lib/scheduler.ts';
import { isDayEnd } from '../reports/days.ts';
import { latestDigestDue, stillWorthSending } from '../reports/schedule.ts';
import type { Store } from '../storage/store.ts';
import type { TimekprClient } from '../timekpr/client.ts';
import type { Chats, DigestDelivery } from './chats.ts';
import { readStatus } from './status.ts';

export interface ReportJobsDependencies {
  /** The client whose answers record usage (an observer, reports/recorder.ts): reading the computers records their day. */
  readonly client: TimekprClient;
  readonly config: Config;
  readonly store: Store;
  readonly logger: Logger;
  readonly now: Clock;
  readonly chats: Chats;
}

/**
 * Sends the weekly digest when it is due (at start too: one missed while the bot was down is sent then, once) through
 * the chats: the seven days that end on its day, whatever weekday that is. A week with nothing recorded is not sent;
 * one no chat took is tried again at the next look. Resolves whether it was sent.
 */
export async function sendDueDigest(deps: ReportJobsDependencies): Promise<boolean> {
  const now = deps.now();
  const due = latestDigestDue(deps.config.reports.weekly, now);
  if (due === undefined || !stillWorthSending(due, now)) return false;
  if (!deps.store.usage.claimDigest(due.day, now)) {
    deps.logger.debug({ due: due.day }, 'weekly report: already sent');
    return false;
  }
  let sent: DigestDelivery;
  try {
    sent = await deps.chats.sendDigest({ firstDay: addDays(due.day, -6), lastDay: due.day });
  } catch (error) {
    deps.store.usage.releaseDigest(due.day);
    throw error;
  }
  switch (sent.kind) {
    case 'nothing-recorded':
      deps.logger.info({ due: due.day }, 'weekly report: nothing recorded this week, not sent');
      return false;
    case 'refused':
      // Refused by every chat: tried again at the next look.
      deps.store.usage.releaseDigest(due.day);
      return false;
    case 'sent':
      deps.logger.info({ due: due.day, chats: sent.chats }, 'weekly report sent');
      return true;
  }
}

/**
 * The report's timed work, at start and every `tickMs`: in the day's last minutes, one read of every computer (the
 * day's final figure), and the weekly digest when due.
 */
export function scheduleReportJobs(scheduler: Scheduler, deps: ReportJobsDependencies, tickMs = 30_000): void {
  let finalReadDay: string | undefined;
  scheduler.repeat(
    'report jobs',
    async () => {
      const now = deps.now();
      if (isDayEnd(now) && finalReadDay !== localDay(now)) {
        finalReadDay = localDay(now);
        // One read of every child on every computer, as /status does: each answer records that day's time used.
        await readStatus(deps.client, deps.config);
      }
      await sendDueDigest(deps);
    },
    { everyMs: tickMs },
  );
}
