import type { User } from 'grammy/types';
import { describe, expect, test } from 'vitest';
import { encodeButtonAction } from '../../../../src/bot/callback-data.ts';
import { sendAlert } from '../../../../src/bot/push.ts';
import { familyConfig, silentLogger } from '../../../support/bot-config.ts';
import { ANNA, FAMILY_GROUP, message, offlineBotPerTest, privateChat, tapOn } from '../../../support/offline-bot.ts';
import { german, translations } from '../../../support/words.ts';
import { wordsForGroups } from '../../../../src/bot/words.ts';

const start = offlineBotPerTest();

/** Anna, whose Telegram app is set to German (Austrian German counts as German). */
const ANNA_DE: User = { ...ANNA, language_code: 'de-AT' };

/** The inline buttons' labels of a sent message, row by row. */
function labelsOf(payload: Record<string, unknown> | undefined): string[] {
  const markup = payload?.['reply_markup'] as { inline_keyboard?: { text: string }[][] } | undefined;
  return (markup?.inline_keyboard ?? []).flat().map((button) => button.text);
}

describe('a parent whose Telegram speaks German', () => {
  test('/status is German: the lines, the buttons', async () => {
    const bot = start();
    bot.client.setSecondsLeft('desktop', 'mia', 2700, { loggedIn: true, secondsSpentToday: 900 });
    bot.client.failMachine('laptop', { kind: 'unreachable', reason: 'no route to host' });
    await bot.send(message(ANNA_DE, privateChat(ANNA), '/status'));
    expect(bot.api.texts()[0]?.split('\n')).toEqual([
      '<b>Mia</b>',
      'desktop: noch <b>45 Min.</b> · angemeldet · heute 15 Min. genutzt',
      'laptop: ⚠️ nicht erreichbar (no route to host)',
      '',
      '<b>Leo</b>',
      'desktop: noch <b>1 Std. 00 Min.</b> · nicht angemeldet · heute 0 Min. genutzt',
    ]);
    const labels = labelsOf(bot.api.payloadsOf('sendMessage')[0]);
    expect(labels).toEqual(expect.arrayContaining(['⏸ Mia anhalten', '🔄 Aktualisieren', '−15', '+15']));
  });

  test('a tap: the toast and the outcome under the status are German', async () => {
    const bot = start();
    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/status'));
    const status = bot.api.lastSent();
    bot.api.clear();
    await bot.send(tapOn(ANNA_DE, status, encodeButtonAction({ kind: 'add', childId: 'leo', machineId: 'desktop', minutes: 15 })));
    expect(bot.api.toasts()).toEqual(['+15 Min. für Leo auf desktop…']);
    const edited = bot.api.payloadsOf('editMessageText')[0]?.['text'];
    expect(edited).toContain('✅ +15 Min. für Leo auf desktop von Anna: noch 1 Std. 15 Min.');
  });

  test('/add: the outcome, a mistake and the usage are German', async () => {
    const bot = start();
    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/add leo -10'));
    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/add leo 0'));
    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/add'));
    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/add leo'));
    const [outcome, zero, guided, usage] = bot.api.texts();
    expect(outcome).toBe('✅ −10 Min. für Leo auf desktop von Anna: noch 50 Min.');
    expect(zero).toBe('0 Minuten würden nichts ändern.');
    expect(guided).toBe('Wessen Zeit möchtest du ändern?');
    expect(usage).toBe("So geht's: /add <Kind> <Minuten> [Computer] [play], z. B. /add mia 15, /add mia -10 desktop, oder /add mia 15 play für PlayTime");
  });

  test('/help is German', async () => {
    const bot = start();
    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/help'));
    expect(bot.api.texts()[0]).toContain('zeigt und ändert die Bildschirmzeit eurer Kinder');
  });

  test('an English-speaking parent in the same chat still reads English', async () => {
    const bot = start();
    await bot.send(message({ ...ANNA, language_code: 'en' }, FAMILY_GROUP, '/add leo 15'));
    await bot.send(message({ ...ANNA, language_code: 'uk' }, FAMILY_GROUP, '/add leo 15'));
    expect(bot.api.texts()).toEqual(['✅ +15 min for Leo on desktop by Anna: 1h 15m left', '✅ +15 min for Leo on desktop by Anna: 1h 30m left']);
  });
});

describe('telegram.language: de', () => {
  const germanFamily = () => {
    const config = familyConfig();
    return { ...config, telegram: { ...config.telegram, language: 'de' as const } };
  };

  test('group alerts are German, with German buttons', async () => {
    const bot = start({ config: germanFamily() });
    bot.client.setSecondsLeft('desktop', 'mia', 240, { loggedIn: true });
    const words = wordsForGroups(translations, bot.config);
    expect(words).toBe(german);
    await sendAlert(bot.outbox, bot.config, silentLogger(), { childId: 'mia', machineId: 'desktop', alert: { kind: 'low', thresholdMinutes: 5 }, secondsLeft: 240 }, words);
    const [alert] = bot.api.payloadsOf('sendMessage');
    expect(alert?.['text']).toBe('⏳ Mia hat auf desktop noch 4 Min.');
    expect(labelsOf(alert)).toEqual(['+15', '+30', '+60', 'Ablaufen lassen']);
  });

  test('someone whose Telegram speaks no language the bot has is answered in German', async () => {
    const bot = start({ config: germanFamily() });
    await bot.send(message({ ...ANNA, language_code: 'fr' }, FAMILY_GROUP, '/add leo 0'));
    expect(bot.api.texts()).toEqual(['0 Minuten würden nichts ändern.']);
  });

  test('a change made privately is announced to the group in German, whatever the parent reads', async () => {
    const bot = start({ config: germanFamily() });
    await bot.send(message({ ...ANNA, language_code: 'en' }, privateChat(ANNA), '/add leo 15'));
    const [answer, announcement] = bot.api.payloadsOf('sendMessage');
    expect(answer?.['text']).toBe('✅ +15 min for Leo on desktop by Anna: 1h 15m left');
    expect(announcement).toMatchObject({ chat_id: FAMILY_GROUP.id, text: '📣 ✅ +15 Min. für Leo auf desktop von Anna: noch 1 Std. 15 Min.' });
  });
});
