import { describe, expect, test } from 'vitest';
import { localDay } from '../../../../src/lib/local-days.ts';
import { ANNA, BEN, FAMILY_GROUP, message, offlineBotPerTest, privateChat, type OfflineBot } from '../../../support/offline-bot.ts';

const start = offlineBotPerTest();

/** Anna, whose Telegram app is set to German. */
const ANNA_DE = { ...ANNA, language_code: 'de' };

/** An hour on the desktop for Mia today, of a two-hour limit: what a /status would have recorded. */
function miaUsedAnHour(bot: OfflineBot): void {
  const now = Date.now();
  bot.store.usage.record({ childId: 'mia', machineId: 'desktop', day: localDay(now), at: now, secondsSpent: 3600, limitSeconds: 7200, complete: false });
}

const captions = (bot: OfflineBot): string[] => bot.api.payloadsOf('sendPhoto').map((payload) => String(payload['caption']));

describe('/report', () => {
  test('a German parent gets the chart with a German caption; an English one, in the same group, English', async () => {
    const bot = start();
    miaUsedAnHour(bot);

    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/report'));
    await bot.send(message(BEN, FAMILY_GROUP, '/report mia'));

    expect(bot.api.methods().filter((method) => method === 'sendPhoto')).toHaveLength(2);
    const [german, english] = captions(bot);
    expect(german).toMatch(/^Bildschirmzeit diese Woche \(/);
    expect(german).toContain('\n\nMia: insgesamt 1 Std. 00 Min. (heute bis jetzt), im Schnitt ');
    expect(german).toContain('\n\nLeo: noch keine Bildschirmzeit aufgezeichnet.');
    expect(english).toMatch(/^Screen time this week \(/);
    expect(english).toContain('\n\nMia: 1h 00m in total (today so far), ');
  });

  test('a month, in German', async () => {
    const bot = start();
    miaUsedAnHour(bot);
    await bot.send(message(ANNA_DE, privateChat(ANNA_DE), '/report mia month'));
    expect(captions(bot)[0]).toMatch(/^Bildschirmzeit diesen Monat \(\p{L}+ \d{4}, bis /u);
  });

  test('nothing recorded: words alone, in German', async () => {
    const bot = start();
    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/report leo'));
    expect(bot.api.methods()).not.toContain('sendPhoto');
    expect(bot.api.texts()[0]).toMatch(/^Bildschirmzeit diese Woche \(.*\): Für Leo wurde keine Bildschirmzeit genutzt oder aufgezeichnet\./);
  });

  test('arguments it cannot read: the sender is told in their language', async () => {
    const bot = start();
    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/report tom'));
    await bot.send(message(BEN, FAMILY_GROUP, '/report 3'));
    expect(bot.api.texts()).toEqual([
      "Ein Kind namens „tom“ kenne ich nicht. Kinder: Mia, Leo.\nSo geht's: /report [Kind] [week|month], z. B. /report, /report mia oder /report mia month",
      'Use: /report [child] [week|month], e.g. /report, /report mia or /report mia month',
    ]);
  });
});
