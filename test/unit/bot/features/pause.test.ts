import { describe, expect, test } from 'vitest';
import { PAUSE_QUESTION_MS } from '../../../../src/bot/features/pause.ts';
import { endStalePauses } from '../../../../src/household/pause-ending.ts';
import { localDay } from '../../../../src/lib/local-days.ts';
import { configOf, familyFile } from '../../../support/bot-config.ts';
import { ANNA, BEN, buttonsOf, FAMILY_GROUP, message, offlineBotPerTest, tapOn } from '../../../support/offline-bot.ts';
import type { Message, User } from 'grammy/types';
import pino from 'pino';

const start = offlineBotPerTest();

/** The question the bot asked, as a message a parent can tap on. */
function question(bot: ReturnType<typeof start>): Message.TextMessage {
  const payload = bot.api.payloadsOf('sendMessage').at(-1);
  const sent = bot.api.calls.filter((call) => call.method === 'sendMessage').at(-1)?.response;
  const id = sent?.ok === true ? (sent.result as { message_id: number }).message_id : -1;
  const text = payload?.['text'];
  const shown: Message.TextMessage = { message_id: id, date: Math.floor(Date.now() / 1000), chat: FAMILY_GROUP, text: typeof text === 'string' ? text : '' };
  return shown;
}

const pauseData = (bot: ReturnType<typeof start>) => buttonsOf(bot.api.payloadsOf('sendMessage').at(-1)).find((data) => data.startsWith('p:') && data !== 'p:x') ?? '';

describe('/pause and /resume (offline)', () => {
  test('pausing all of a child’s computers keeps each one’s time; resuming gives exactly that back, once', async () => {
    const bot = start();
    bot.client.setSecondsLeft('desktop', 'mia', 1500, { loggedIn: true });
    bot.client.setSecondsLeft('laptop', 'mia2', 600);
    await bot.send(message(ANNA, FAMILY_GROUP, '/pause mia'));
    expect(bot.api.texts().at(-1)).toBe('⏸ Pause Mia on desktop and laptop now? The time left is kept, and /resume gives it back.');
    await bot.send(tapOn(ANNA, question(bot), pauseData(bot)));
    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(0);
    expect(bot.client.secondsLeft('laptop', 'mia2')).toBe(0);
    expect(bot.store.pauses.active('mia', 'desktop')?.secondsKept).toBe(1500);

    await bot.send(message(BEN, FAMILY_GROUP, '/resume mia'));
    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(1500);
    expect(bot.client.secondsLeft('laptop', 'mia2')).toBe(600);
    expect(bot.api.texts().at(-1)).toBe('▶ Ben resumed Mia on desktop: 25m left\n▶ Ben resumed Mia on laptop: 10m left');
    await bot.send(message(ANNA, FAMILY_GROUP, '/resume mia'));
    expect(bot.api.texts().at(-1)).toBe('Mia is not paused.');
    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(1500);
  });

  test('the question expires after a minute: a late tap pauses nothing', async () => {
    let now = Date.now();
    const bot = start({ now: () => now });
    bot.client.setSecondsLeft('desktop', 'leo', 900);
    await bot.send(message(ANNA, FAMILY_GROUP, '/pause leo'));
    now += PAUSE_QUESTION_MS + 1000;
    await bot.send(tapOn(ANNA, question(bot), pauseData(bot)));
    expect(bot.api.texts().at(-1)).toBe('This question has expired: send /pause again.');
    expect(bot.client.secondsLeft('desktop', 'leo')).toBe(900);
    expect(bot.store.pauses.active('leo', 'desktop')).toBeUndefined();
  });

  test('a computer that cannot be reached is not paused, and says why', async () => {
    const bot = start();
    bot.client.failChange('desktop', 'leo', { kind: 'unreachable', reason: 'no route to host' });
    bot.client.setSecondsLeft('desktop', 'leo', 900);
    await bot.send(message(ANNA, FAMILY_GROUP, '/pause leo'));
    await bot.send(tapOn(ANNA, question(bot), pauseData(bot)));
    expect(bot.api.texts().at(-1)).toMatch(/^❌ Leo on desktop: not paused \(not reachable/);
    expect(bot.store.pauses.active('leo', 'desktop')).toBeUndefined();
  });
});

describe('endStalePauses', () => {
  test('ends the pauses of earlier days and tells the parents; today’s stay', async () => {
    const bot = start();
    const day = (offset: number) => localDay(Date.now() + offset * 86_400_000);
    bot.store.pauses.begin({ at: 1, day: day(-1), childId: 'leo', machineId: 'desktop', byId: 1, byName: 'Anna', secondsKept: 600 });
    bot.store.pauses.begin({ at: 2, day: '2999-01-01', childId: 'mia', machineId: 'desktop', byId: 1, byName: 'Anna', secondsKept: 600 });
    const ended = await endStalePauses({ store: bot.store, logger: pino({ level: 'silent' }), chats: bot.chats }, Date.now());
    expect(ended).toBe(1);
    expect(bot.store.pauses.active('leo', 'desktop')).toBeUndefined();
    expect(bot.store.pauses.active('mia', 'desktop')).toBeDefined();
    expect(bot.api.texts().at(-1)).toBe("⏸ Leo's pause on desktop ended with the day; today's limits apply.");
  });
});

describe('/pause and /resume asked by a German parent', () => {
  const ANNA_DE: User = { ...ANNA, language_code: 'de' };

  test('the question, its buttons, the toast, the outcome and /resume are German', async () => {
    const bot = start();
    bot.client.setSecondsLeft('desktop', 'mia', 1500, { loggedIn: true });
    bot.client.setSecondsLeft('laptop', 'mia2', 600);

    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/pause mia'));
    expect(bot.api.texts().at(-1)).toBe('⏸ Mia auf desktop und laptop jetzt anhalten? Die restliche Zeit bleibt erhalten, /resume gibt sie zurück.');
    const keyboard = bot.api.payloadsOf('sendMessage').at(-1)?.['reply_markup'] as { inline_keyboard: { text: string }[][] };
    expect(keyboard.inline_keyboard.flat().map((button) => button.text)).toEqual(['Anhalten', 'Abbrechen']);

    await bot.send(tapOn(ANNA_DE, question(bot), pauseData(bot)));
    expect(bot.api.toasts().at(-1)).toBe('Wird angehalten…');
    expect(bot.api.texts().at(-1)).toBe('⏸ Anna hat Mia auf desktop angehalten: 25 Min. bleiben erhalten\n⏸ Anna hat Mia auf laptop angehalten: 10 Min. bleiben erhalten');

    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/resume mia desktop'));
    expect(bot.api.texts().at(-1)).toBe('▶ Anna hat die Pause von Mia auf desktop beendet: noch 25 Min.');
    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/resume mia desktop'));
    expect(bot.api.texts().at(-1)).toBe('Mia ist nicht angehalten.');
  });

  test('a computer that cannot be reached: why, in German', async () => {
    const bot = start();
    bot.client.failChange('desktop', 'leo', { kind: 'unreachable', reason: 'no route to host' });
    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/pause leo'));
    await bot.send(tapOn(ANNA_DE, question(bot), pauseData(bot)));
    expect(bot.api.texts().at(-1)).toBe('❌ Leo auf desktop: nicht angehalten (nicht erreichbar (no route to host))');
  });

  test('what was not understood, in German; in English for an English parent', async () => {
    const bot = start();
    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/pause'));
    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/resume sam'));
    await bot.send(message(ANNA_DE, FAMILY_GROUP, '/pause leo laptop'));
    await bot.send(message(ANNA, FAMILY_GROUP, '/resume'));
    await bot.send(message(ANNA, FAMILY_GROUP, '/pause leo laptop'));
    expect(bot.api.texts()).toEqual([
      "So geht's: /pause <Kind> [Computer], z. B. /pause mia oder /pause mia desktop",
      'Ein Kind namens „sam“ kenne ich nicht. Kinder: Mia, Leo.',
      'Leo hat keinen Computer namens „laptop“. Computer von Leo: desktop.',
      'Use: /resume <child> [computer], e.g. /resume mia',
      'Leo has no computer called "laptop". Leo\'s computers: desktop.',
    ]);
  });

  test('a pause ended with the day is told to groups with telegram.language: de in German', async () => {
    const file = familyFile();
    const bot = start({ config: configOf({ ...file, telegram: { ...file.telegram, language: 'de' } }) });
    bot.store.pauses.begin({ at: 1, day: localDay(Date.now() - 86_400_000), childId: 'leo', machineId: 'desktop', byId: 1, byName: 'Anna', secondsKept: 600 });
    expect(await endStalePauses({ store: bot.store, logger: pino({ level: 'silent' }), chats: bot.chats }, Date.now())).toBe(1);
    expect(bot.api.texts().at(-1)).toBe('⏸ Die Pause von Leo auf desktop endete mit dem Tag; es gelten die Grenzen von heute.');
  });
});
