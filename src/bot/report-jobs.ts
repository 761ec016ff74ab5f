import type { Scheduler } from '../lib/scheduler.ts';
import type { Logger } from 'pino';
import type { Config } from '../config/types.ts';
import type { Translations } from '../i18n/translations.ts';
import { isDayEnd } from '../reports/days.ts';
import { addDays, localDay } from '../lib/local-days.ts';
import { latestDigestDue, stillWorthSending } from '../reports/schedule.ts';
import type { Store } from '../storage/store.ts';
import type { TimekprClient } from '../timekpr/client.ts';
import { pushTargets } from './push.ts';
import { makeReport, sendReport, type RenderChart } from './report-flow.ts';
import { readStatus } from '../household/status.ts';
import type { Outbox } from './telegram/outbox.ts';
import { wordsForGroups } from './words.ts';

export interface ReportJobsDependencies {
  readonly outbox: Outbox;
  /** The client that records usage (reports/recorder.ts): reading the computers is what records their day. */
  readonly client: TimekprClient;
  readonly config: Config;
  readonly store: Store;
  readonly logger: Logger;
  readonly now: () => number;
  readonly renderChart: RenderChart;
  /** The digest is in the group chats' language (`telegram.language`), also where it goes to each parent. */
  readonly translations: Translations;
}

/**
 * Sends the weekly digest when it is due (at start too: one missed while the bot was down is sent then, once), to
 * the family chats or each parent. A week with nothing recorded is not sent. Resolves whether one was sent.
 */
export async function sendDueDigest(deps: ReportJobsDependencies): Promise<boolean> {
  const now = deps.now();
  const due = latestDigestDue(deps.config.reports.weekly, now);
  if (due === undefined || !stillWorthSending(due, now)) return false;
  if (!deps.store.usage.claimDigest(due.day, now)) {
    deps.logger.debug({ due: due.day }, 'weekly report: already sent');
    return false;
  }
  let sent: boolean[];
  try {
    // The 7 days that end on the digest's day, whatever weekday it is.
    const words = wordsForGroups(deps.translations, deps.config);
    const report = makeReport(words, deps, [...deps.config.children.values()], 'week', due.day, now, addDays(due.day, -6));
    if (report.chart === undefined) {
      deps.logger.info({ due: due.day }, 'weekly report: nothing recorded this week, not sent');
      return false;
    }
    sent = await Promise.all(pushTargets(deps.config).map((chatId) => sendReport(words, deps.outbox, deps.logger, deps.renderChart, chatId, report)));
  } catch (error) {
    deps.store.usage.releaseDigest(due.day);
    throw error;
  }
  if (!sent.includes(true)) {
    // Refused by every chat: tried again at the next look.
    deps.store.usage.releaseDigest(due.day);
    return false;
  }
  deps.logger.info({ due: due.day, chats: sent.filter(Boolean).length }, 'weekly report sent');
  return true;
}

/**
 * The report's timed work, at start and every `tickMs`: in the day's last minutes, one read of every computer (the
 * day's final figure), and the weekly digest when due (one missed while the bot was down is sent at start).
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
