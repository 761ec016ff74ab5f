import { describe, expect, test } from 'vitest';
import { endStalePauses, PAUSE_QUESTION_MS, parseChildTarget } from '../../../../src/bot/features/pause.ts';
import { localDay } from '../../../../src/lib/local-days.ts';
import { familyConfig } from '../../../support/bot-config.ts';
import { ANNA, BEN, buttonsOf, FAMILY_GROUP, message, offlineBotPerTest, tapOn } from '../../../support/offline-bot.ts';
import type { Message } from 'grammy/types';
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

describe('parseChildTarget', () => {
  const config = familyConfig();
  test('a child, optionally one of their computers', () => {
    expect(parseChildTarget(config, 'mia', 'usage')).toMatchObject({ ok: true, value: { child: { id: 'mia' }, machine: '*' } });
    expect(parseChildTarget(config, 'Mia LAPTOP', 'usage')).toMatchObject({ ok: true, value: { machine: 'laptop' } });
    expect(parseChildTarget(config, '', 'usage')).toEqual({ ok: false, error: 'usage' });
    expect(parseChildTarget(config, 'leo laptop', 'usage').ok).toBe(false);
  });
});

describe('endStalePauses', () => {
  test('ends the pauses of earlier days and tells the parents; today’s stay', async () => {
    const bot = start();
    const day = (offset: number) => localDay(Date.now() + offset * 86_400_000);
    bot.store.pauses.begin({ at: 1, day: day(-1), childId: 'leo', machineId: 'desktop', byId: 1, byName: 'Anna', secondsKept: 600 });
    bot.store.pauses.begin({ at: 2, day: '2999-01-01', childId: 'mia', machineId: 'desktop', byId: 1, byName: 'Anna', secondsKept: 600 });
    const ended = await endStalePauses(bot.outbox, bot.config, bot.store, pino({ level: 'silent' }), Date.now());
    expect(ended).toBe(1);
    expect(bot.store.pauses.active('leo', 'desktop')).toBeUndefined();
    expect(bot.store.pauses.active('mia', 'desktop')).toBeDefined();
    expect(bot.api.texts().at(-1)).toBe("⏸ Leo's pause on desktop ended with the day; today's limits apply.");
  });
});
