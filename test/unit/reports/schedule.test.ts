import { afterEach, describe, expect, test } from 'vitest';
import { sendDueDigest } from '../../../src/household/report-jobs.ts';
import { householdChats } from '../../../src/bot/household-chats.ts';
import type { RenderChart } from '../../../src/bot/report-flow.ts';
import type { Config } from '../../../src/config/types.ts';
import { DIGEST_LATE_LIMIT_MS, latestDigestDue, stillWorthSending } from '../../../src/reports/schedule.ts';
import { openDatabase } from '../../../src/storage/database.ts';
import { Store } from '../../../src/storage/store.ts';
import { configOf, FAMILY_CHAT, familyFile, PARENT_ANNA, PARENT_BEN, silentLogger } from '../../support/bot-config.ts';
import { offlineBotPerTest, type OfflineBot } from '../../support/offline-bot.ts';
import { renderUsageChart, type UsageChart } from '../../../src/reports/chart.ts';
import { inTimeZone } from '../../support/time-zone.ts';
import { translations } from '../../support/words.ts';

// The digest is due at a local wall time, in a zone with daylight saving time: in 2026 Berlin changes from CET
// (UTC+1) to CEST (UTC+2) on Sunday 29 March and back on Sunday 25 October. Put back for the files after this one.
inTimeZone('Europe/Berlin');

const at = (iso: string): number => Date.parse(iso);
const SUNDAY_19 = { weekday: 0, minuteOfDay: 19 * 60 };

describe('latestDigestDue', () => {
  test('off: never due', () => {
    expect(latestDigestDue(undefined, at('2026-03-29T18:00:00Z'))).toBeUndefined();
  });

  test('on the day of the spring change, Sunday 19:00 is 17:00 UTC (CEST)', () => {
    expect(latestDigestDue(SUNDAY_19, at('2026-03-29T17:00:00Z'))).toEqual({ day: '2026-03-29', at: at('2026-03-29T17:00:00Z') });
    // A minute before, the latest due is the Sunday before, 19:00 CET.
    expect(latestDigestDue(SUNDAY_19, at('2026-03-29T16:59:00Z'))).toEqual({ day: '2026-03-22', at: at('2026-03-22T18:00:00Z') });
  });

  test('on the day of the autumn change, Sunday 19:00 is 18:00 UTC (CET)', () => {
    expect(latestDigestDue(SUNDAY_19, at('2026-10-25T18:00:00Z'))).toEqual({ day: '2026-10-25', at: at('2026-10-25T18:00:00Z') });
    expect(latestDigestDue(SUNDAY_19, at('2026-10-25T17:59:59Z'))).toEqual({ day: '2026-10-18', at: at('2026-10-18T17:00:00Z') });
  });

  test('later in the week it is still the last one (a digest missed while the bot was down)', () => {
    const due = { day: '2026-03-29', at: at('2026-03-29T17:00:00Z') };
    expect(latestDigestDue(SUNDAY_19, at('2026-03-30T08:00:00Z'))).toEqual(due);
    expect(latestDigestDue(SUNDAY_19, at('2026-04-05T16:59:00Z'))).toEqual(due);
    expect(latestDigestDue(SUNDAY_19, at('2026-04-05T17:00:00Z'))).toEqual({ day: '2026-04-05', at: at('2026-04-05T17:00:00Z') });
  });

  test('another weekday and time: Wednesday 08:30', () => {
    const weekly = { weekday: 3, minuteOfDay: 8 * 60 + 30 };
    // Wednesday 1 April 08:29 CEST: still last Wednesday's, 08:30 CET.
    expect(latestDigestDue(weekly, at('2026-04-01T06:29:00Z'))).toEqual({ day: '2026-03-25', at: at('2026-03-25T07:30:00Z') });
    expect(latestDigestDue(weekly, at('2026-04-01T06:30:00Z'))).toEqual({ day: '2026-04-01', at: at('2026-04-01T06:30:00Z') });
  });

  test('a time the spring change skips (02:30) is due at 03:30 CEST that day', () => {
    const weekly = { weekday: 0, minuteOfDay: 2 * 60 + 30 };
    expect(latestDigestDue(weekly, at('2026-03-29T12:00:00Z'))).toEqual({ day: '2026-03-29', at: at('2026-03-29T01:30:00Z') });
  });
});

describe('stillWorthSending', () => {
  test('up to six days late', () => {
    const due = { day: '2026-03-22', at: at('2026-03-22T18:00:00Z') };
    expect(stillWorthSending(due, due.at)).toBe(true);
    expect(stillWorthSending(due, due.at + DIGEST_LATE_LIMIT_MS)).toBe(true);
    expect(stillWorthSending(due, due.at + DIGEST_LATE_LIMIT_MS + 1)).toBe(false);
    expect(DIGEST_LATE_LIMIT_MS).toBe(6 * 24 * 3600_000);
  });

  test('a digest due before a daylight saving change', () => {
    // Due Sunday 22 March 19:00 CET; Saturday 28 March 19:00 CET is six days (144 hours) later.
    const now = at('2026-03-28T18:00:00Z');
    const due = latestDigestDue(SUNDAY_19, now);
    expect(due).toEqual({ day: '2026-03-22', at: at('2026-03-22T18:00:00Z') });
    if (due === undefined) return;
    expect(stillWorthSending(due, now)).toBe(true);
    expect(stillWorthSending(due, now + 60_000)).toBe(false);
  });
});

// The weekly digest as the bot sends it (src/household/report-jobs.ts through src/bot/household-chats.ts), offline: once per week, also across a restart.
describe('sendDueDigest', () => {
  const start = offlineBotPerTest();
  const closes: (() => void)[] = [];
  afterEach(() => closes.splice(0).forEach((close) => close()));

  /** The test family with no group chat: the digest goes to each parent privately. */
  function parentsOnly(): Config {
    const file = familyFile();
    return configOf({ ...file, telegram: { ...file.telegram, chats: [] } });
  }

  /** The digest's work as the bot wires it: the household's jobs, with the bot's port to the chats. */
  function jobs(bot: OfflineBot, now: number, store: Store = bot.store, renderChart: RenderChart = renderUsageChart) {
    const logger = silentLogger();
    const chats = householdChats({ outbox: bot.outbox, config: bot.config, logger, translations, store, renderChart, now: () => now });
    return { client: bot.client, config: bot.config, store, logger, now: () => now, chats };
  }

  /** A restarted bot's Store over the same database file. */
  function reopened(bot: OfflineBot): Store {
    const database = openDatabase(bot.storeFile);
    if (!database.ok) throw new Error(database.error);
    const store = new Store(database.value);
    closes.push(() => store.close());
    return store;
  }

  const usage = (day: string, secondsSpent: number) => ({ childId: 'mia', machineId: 'desktop', day, at: 0, secondsSpent, limitSeconds: 7200, complete: true });
  const photos = (bot: OfflineBot) => bot.api.payloadsOf('sendPhoto');

  test('due Sunday 19:00: the week\'s chart goes to each parent once; not again, not after a restart', async () => {
    const bot = start({ config: parentsOnly() });
    bot.store.usage.record(usage('2026-11-30', 3600));
    bot.store.usage.record(usage('2026-12-05', 5400));
    // Monday 30 November: last week's is due, but nothing was recorded in it.
    expect(await sendDueDigest(jobs(bot, at('2026-11-30T09:00:00Z')))).toBe(false);
    // Sunday 6 December, 18:59 CET: this week's is not due yet.
    expect(await sendDueDigest(jobs(bot, at('2026-12-06T17:59:00Z')))).toBe(false);
    expect(bot.api.calls).toEqual([]);

    // 19:00 CET.
    expect(await sendDueDigest(jobs(bot, at('2026-12-06T18:00:00Z')))).toBe(true);
    expect(bot.api.methods()).toEqual(['sendPhoto', 'sendPhoto']);
    expect(photos(bot).map((payload) => Number(payload['chat_id'])).sort()).toEqual([PARENT_ANNA, PARENT_BEN]);
    for (const payload of photos(bot)) {
      const photo = payload['photo'] as { file_name: string; content: Buffer };
      expect(photo.file_name).toBe('screen-time.png');
      expect(photo.content.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
      expect(payload['caption']).toBe(
        'Screen time this week (Mon 30 Nov – Sun 6 Dec)\n\n' +
          'Mia: 2h 30m in total (today so far), 21m a day on average. Longest day: Sat 5 Dec, 1h 30m.\n\n' +
          'Leo: no screen time recorded yet.',
      );
    }

    bot.api.clear();
    expect(await sendDueDigest(jobs(bot, at('2026-12-06T18:00:30Z')))).toBe(false);
    // Restarted: a new Store over the same file (the old one still open, as WAL allows), then an hour later.
    expect(await sendDueDigest(jobs(bot, at('2026-12-06T18:01:00Z'), reopened(bot)))).toBe(false);
    expect(await sendDueDigest(jobs(bot, at('2026-12-06T19:00:00Z'), reopened(bot)))).toBe(false);
    expect(bot.api.calls).toEqual([]);
  });

  test('one that reached no chat is tried again at the next look', async () => {
    const bot = start({ config: parentsOnly() });
    bot.store.usage.record(usage('2026-12-01', 600));
    const chatNotFound = { ok: false, error_code: 400, description: 'Bad Request: chat not found' } as const;
    bot.api.failNext('sendPhoto', chatNotFound);
    bot.api.failNext('sendPhoto', chatNotFound);
    expect(await sendDueDigest(jobs(bot, at('2026-12-06T18:00:00Z')))).toBe(false);
    expect(bot.api.methods()).toEqual(['sendPhoto', 'sendPhoto']);
    bot.api.clear();
    expect(await sendDueDigest(jobs(bot, at('2026-12-06T18:00:30Z')))).toBe(true);
    expect(bot.api.calls.filter((call) => call.method === 'sendPhoto' && call.response.ok)).toHaveLength(2);
    bot.api.clear();
    expect(await sendDueDigest(jobs(bot, at('2026-12-06T18:01:00Z')))).toBe(false);
    expect(bot.api.calls).toEqual([]);
  });

  test('one missed while the bot was down is sent at start, once, up to six days late', async () => {
    const bot = start();
    bot.store.usage.record(usage('2026-12-01', 600));
    // Tuesday 8 December 10:00 CET, the first start after Sunday: to the family group, no day partial.
    expect(await sendDueDigest(jobs(bot, at('2026-12-08T09:00:00Z'), reopened(bot)))).toBe(true);
    expect(photos(bot).map((payload) => [Number(payload['chat_id']), payload['caption']])).toEqual([
      [FAMILY_CHAT, expect.stringMatching(/^Screen time the week Mon 30 Nov – Sun 6 Dec\n\nMia: 10m in total, 1m a day on average\./)],
    ]);
    bot.api.clear();
    expect(await sendDueDigest(jobs(bot, at('2026-12-08T09:05:00Z'), reopened(bot)))).toBe(false);

    // The next week's, first asked for seven days late (Sunday 20 December, 18:59 CET): too late, not sent.
    bot.store.usage.record(usage('2026-12-09', 600));
    expect(await sendDueDigest(jobs(bot, at('2026-12-20T17:59:00Z')))).toBe(false);
    expect(bot.api.calls).toEqual([]);
    // Its own, at 19:00, is.
    bot.store.usage.record(usage('2026-12-15', 600));
    expect(await sendDueDigest(jobs(bot, at('2026-12-20T18:00:00Z')))).toBe(true);
    expect(bot.api.methods()).toEqual(['sendPhoto']);
  });

  test('with telegram.language: de the digest is German, its chart too', async () => {
    const file = familyFile();
    const bot = start({ config: configOf({ ...file, telegram: { ...file.telegram, language: 'de' } }) });
    bot.store.usage.record(usage('2026-11-30', 3600));
    bot.store.usage.record(usage('2026-12-05', 5400));
    const drawn: UsageChart[] = [];
    const recordingChart = (chart: UsageChart) => {
      drawn.push(chart);
      return renderUsageChart(chart);
    };
    // Sunday 6 December, 19:00 CET.
    expect(await sendDueDigest(jobs(bot, at('2026-12-06T18:00:00Z'), bot.store, recordingChart))).toBe(true);
    expect(photos(bot).map((payload) => [Number(payload['chat_id']), payload['caption']])).toEqual([
      [
        FAMILY_CHAT,
        'Bildschirmzeit diese Woche (Mo., 30. Nov. – So., 6. Dez.)\n\n' +
          'Mia: insgesamt 2 Std. 30 Min. (heute bis jetzt), im Schnitt 21 Min. am Tag. Längster Tag: Sa., 5. Dez., 1 Std. 30 Min.\n\n' +
          'Leo: noch keine Bildschirmzeit aufgezeichnet.',
      ],
    ]);
    const [chart] = drawn;
    expect(chart?.title).toBe('Bildschirmzeit, Woche vom 30. Nov.');
    expect(chart?.children[0]?.days.map((day) => day.label)).toEqual(['Mo 30.', 'Di 1.', 'Mi 2.', 'Do 3.', 'Fr 4.', 'Sa 5.', 'So 6.']);
    expect(chart?.texts).toMatchObject({ subtitle: 'Genutzte Zeit pro Tag, nach Computer', soFar: '(bis jetzt)', partialLegend: 'heute bis jetzt', limitLegend: 'Tageslimit' });
    expect(chart?.texts.ticks).toMatchObject({ '60': '1 h', '90': '1:30 h' });
  });

  test('a digest on another weekday covers the seven days that end on it, weekend included', async () => {
    const friday: Config = { ...configOf(familyFile()), reports: { weekly: { weekday: 5, minuteOfDay: 18 * 60 + 30 } } };
    const bot = start({ config: friday });
    // Saturday and Sunday of the week before, and Friday itself.
    bot.store.usage.record(usage('2026-11-28', 1800));
    bot.store.usage.record(usage('2026-11-29', 3600));
    bot.store.usage.record(usage('2026-12-04', 600));
    // Friday 4 December, 18:30 CET.
    expect(await sendDueDigest(jobs(bot, at('2026-12-04T17:30:00Z')))).toBe(true);
    const sent = photos(bot)[0]?.['caption'];
    const caption = typeof sent === 'string' ? sent : '';
    expect(caption.split('\n\n')[0]).toBe('Screen time this week (Sat 28 Nov – Fri 4 Dec)');
    expect(caption).toContain('Mia: 1h 40m in total (today so far)');
  });
});
