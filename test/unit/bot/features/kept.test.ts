import type { Message } from 'grammy/types';
import pino from 'pino';
import { afterEach, describe, expect, test } from 'vitest';
import { localDay } from '../../../../src/lib/local-days.ts';
import { startKeptChanges, type KeptChanges } from '../../../../src/household/kept.ts';
import { lastSeenObserver } from '../../../../src/household/last-seen.ts';
import { observeAnswers } from '../../../../src/timekpr/observed.ts';
import type { Config } from '../../../../src/config/types.ts';
import { Store } from '../../../../src/storage/store.ts';
import { openDatabase } from '../../../../src/storage/database.ts';
import { familyConfig } from '../../../support/bot-config.ts';
import { ANNA, BEN, buttonsOf, FAMILY_GROUP, message, MIA_USER, offlineBotPerTest, privateChat, tapOn, type OfflineBot } from '../../../support/offline-bot.ts';

// Changes for a computer that is off are kept and applied when it is back: offline, with the fake Timekpr-nExT
// (a machine failing as "unreachable" is off) and the real store and service.

const start = offlineBotPerTest();
const OFF = { kind: 'unreachable', reason: 'connect ECONNREFUSED 127.0.0.1:22' } as const;
const services: KeptChanges[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.stop()));
});

/** The kept-changes service of `bot`, told of every answer its computers give (as main.ts wires it). */
function keptService(bot: OfflineBot, now: () => number = Date.now): KeptChanges {
  const answered: { notify: (machineId: string) => void } = { notify: () => undefined };
  const client = observeAnswers(bot.client, [lastSeenObserver(bot.config, bot.store, now), { answered: (machineId) => answered.notify(machineId) }]);
  const service = startKeptChanges({ client, rules: bot.rules, config: bot.config, store: bot.store, logger: pino({ level: 'silent' }), now, chats: bot.chats });
  answered.notify = service.onAnswer;
  services.push(service);
  return service;
}

/** The last message the bot sent, as a message a parent can tap on. */
function lastShown(bot: OfflineBot): Message.TextMessage {
  const call = bot.api.calls.filter((each) => each.method === 'sendMessage' || each.method === 'editMessageText').at(-1);
  const result = call?.response.ok === true ? (call.response.result as { message_id?: number }) : {};
  const text = call?.payload['text'];
  return { message_id: result.message_id ?? Number(call?.payload['message_id'] ?? -1), date: Math.floor(Date.now() / 1000), chat: FAMILY_GROUP, text: typeof text === 'string' ? text : '' };
}

const cancelData = (bot: OfflineBot) => buttonsOf(bot.api.payloadsOf('sendMessage').at(-1)).filter((data) => data.startsWith('o:'));

describe('a change for a computer that is off', () => {
  test('is kept with a Cancel button, and applied once, in order, when the computer answers again', async () => {
    const bot = start();
    bot.client.setSecondsLeft('desktop', 'mia', 600);
    bot.client.failMachine('desktop', OFF);
    await bot.send(message(ANNA, FAMILY_GROUP, '/add mia 15 desktop'));
    await bot.send(message(BEN, FAMILY_GROUP, '/add mia 30 desktop'));
    const texts = bot.api.texts();
    expect(texts.at(-2)).toBe('💤 desktop is off: +15 min for Mia will be given when it is back (today)');
    expect(texts.at(-1)).toBe('💤 desktop is off: +30 min for Mia will be given when it is back (today)');
    expect(cancelData(bot)).toHaveLength(1);
    expect(bot.store.kept.waiting('desktop').map((kept) => [kept.minutes, kept.byName, kept.messageId !== undefined])).toEqual([
      [15, 'Anna', true],
      [30, 'Ben', true],
    ]);
    // Each was tried once, and found the computer off.
    expect(bot.client.changeCalls).toHaveLength(2);
    bot.client.changeCalls.length = 0;

    const service = keptService(bot);
    await service.retryNow();
    // Still off: nothing is applied (the retry only reads), both wait.
    expect(bot.client.changeCalls).toEqual([]);
    expect(bot.store.kept.waiting('desktop')).toHaveLength(2);

    bot.client.failMachine('desktop', undefined);
    bot.api.clear();
    await service.retryNow();
    expect(bot.client.changeCalls.map((call) => [call.machineId, call.operation, call.seconds])).toEqual([
      ['desktop', '+', 900],
      ['desktop', '+', 1800],
    ]);
    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(600 + 900 + 1800);
    const told = bot.api.texts();
    expect(told).toEqual([
      expect.stringMatching(/^✅ desktop is back: \+15 min given to Mia, 25m left \(asked by Anna at \d\d:\d\d\)$/),
      expect.stringMatching(/^✅ desktop is back: \+30 min given to Mia, 55m left \(asked by Ben at \d\d:\d\d\)$/),
    ]);
    // The answers reply to the messages that kept them, whose Cancel buttons are gone.
    expect(bot.api.payloadsOf('sendMessage').every((payload) => typeof (payload['reply_parameters'] as { message_id?: number } | undefined)?.message_id === 'number')).toBe(true);
    expect(bot.api.payloadsOf('editMessageReplyMarkup').at(-1)?.['reply_markup']).toEqual({ inline_keyboard: [] });
    expect(bot.store.kept.waiting()).toEqual([]);
    // The ledger has the attempt that found it off and the change that was applied.
    const ledger = bot.store.history(0).flatMap((entry) => (entry.kind === 'change' ? [[entry.change.minutes, entry.change.outcome.kind]] : []));
    expect(ledger.reverse()).toEqual([
      [15, 'failed'],
      [30, 'failed'],
      [15, 'applied'],
      [30, 'applied'],
    ]);

    // Answering again applies nothing twice.
    await service.retryNow();
    service.onAnswer('desktop');
    await service.retryNow();
    expect(bot.client.changeCalls).toHaveLength(2);
  });

  test('one asked in a private chat is answered there, and announced in the family chat when it is applied', async () => {
    const bot = start();
    expect(bot.config.telegram.chats).toContain(FAMILY_GROUP.id);
    bot.client.failMachine('desktop', OFF);
    await bot.send(message(ANNA, privateChat(ANNA), '/add mia 15 desktop'));
    bot.client.failMachine('desktop', undefined);
    bot.api.clear();
    await keptService(bot).retryNow();
    const sent = bot.api.payloadsOf('sendMessage').map((payload) => [payload['chat_id'], payload['text']]);
    expect(sent).toEqual([
      [ANNA.id, expect.stringMatching(/^✅ desktop is back: \+15 min given to Mia, 1h 15m left/)],
      [FAMILY_GROUP.id, expect.stringMatching(/^📣 ✅ desktop is back: \+15 min given to Mia, 1h 15m left/)],
    ]);
  });

  test('any answer of the computer applies them (a /status read), not only the retry', async () => {
    const bot = start();
    bot.client.failMachine('laptop', OFF);
    await bot.send(message(ANNA, FAMILY_GROUP, '/add mia 20 laptop'));
    bot.client.changeCalls.length = 0;
    const service = keptService(bot);
    await service.retryNow();
    expect(bot.client.changeCalls).toEqual([]);
    bot.client.failMachine('laptop', undefined);
    service.onAnswer('laptop');
    await service.retryNow();
    expect(bot.client.changeCalls.map((call) => [call.machineId, call.login, call.seconds])).toEqual([['laptop', 'mia2', 1200]]);
  });

  test('Cancel drops it (any parent); a second tap, or a tap after it was applied, only says so', async () => {
    const bot = start();
    bot.client.failMachine('desktop', OFF);
    await bot.send(message(ANNA, FAMILY_GROUP, '/add leo 15'));
    bot.client.changeCalls.length = 0;
    const kept = lastShown(bot);
    const [cancel] = cancelData(bot);
    await bot.send(tapOn(BEN, kept, cancel ?? ''));
    expect(bot.api.texts().at(-1)).toBe('✖️ Ben cancelled +15 min for Leo on desktop: it will not happen.');
    expect(bot.store.kept.waiting()).toEqual([]);
    await bot.send(tapOn(ANNA, kept, cancel ?? ''));
    expect(bot.api.toasts().at(-1)).toBe('Nothing to cancel: it was given, cancelled or dropped already.');

    bot.client.failMachine('desktop', undefined);
    await keptService(bot).retryNow();
    expect(bot.client.changeCalls).toEqual([]);
  });

  test("a child's tap on Cancel is refused and changes nothing", async () => {
    const bot = start();
    bot.client.failMachine('desktop', OFF);
    await bot.send(message(ANNA, FAMILY_GROUP, '/add mia 15 desktop'));
    const [cancel] = cancelData(bot);
    await bot.send(tapOn(MIA_USER, lastShown(bot), cancel ?? ''));
    expect(bot.store.kept.waiting()).toHaveLength(1);
  });

  test('a change that may have run (the connection broke during the command) is not kept', async () => {
    const bot = start();
    bot.client.failChange('desktop', 'mia', { kind: 'timeout', phase: 'command', afterMs: 15_000, commandSent: true });
    await bot.send(message(ANNA, FAMILY_GROUP, '/add mia 15 desktop'));
    expect(bot.api.texts().at(-1)).toMatch(/^❓ \+15 min for Mia on desktop by Anna: unknown whether it was applied/);
    expect(bot.store.kept.waiting()).toEqual([]);
  });

  test('with offline.keepChanges false it fails as before', async () => {
    const config: Config = { ...familyConfig(), offline: { keepChanges: false, retryMs: 60_000 } };
    const bot = start({ config });
    bot.client.failMachine('desktop', OFF);
    await bot.send(message(ANNA, FAMILY_GROUP, '/add mia 15 desktop'));
    expect(bot.api.texts().at(-1)).toMatch(/^❌ \+15 min for Mia on desktop by Anna failed: /);
    expect(bot.store.kept.waiting()).toEqual([]);
  });

  test('/status lists what waits under its computer', async () => {
    const bot = start();
    bot.client.failMachine('desktop', OFF);
    await bot.send(message(ANNA, FAMILY_GROUP, '/add mia 15 desktop'));
    await bot.send(message(BEN, FAMILY_GROUP, '/status'));
    const lines = (bot.api.texts().at(-1) ?? '').split('\n');
    const desktop = lines.findIndex((line) => line.startsWith('desktop: '));
    expect(lines[desktop + 1]).toMatch(/^ {4}💤 waiting: \+15 min for Mia \(Anna, \d\d:\d\d\)$/);
    // Leo's desktop line has nothing under it: the kept change is Mia's.
    expect(lines.filter((line) => line.includes('waiting'))).toHaveLength(1);
  });

  /** A +15 kept at 23:50 for desktop (off), tried once before midnight; `clock.now` moves the bot's clock. */
  async function keptBeforeMidnight() {
    const clock = { now: new Date(2026, 10, 30, 23, 50).getTime() };
    const bot = start({ now: () => clock.now });
    bot.client.failMachine('desktop', OFF);
    await bot.send(message(ANNA, FAMILY_GROUP, '/add mia 15 desktop'));
    bot.client.changeCalls.length = 0;
    const service = keptService(bot, () => clock.now);
    await service.retryNow();
    return { bot, service, clock };
  }

  test('what is still kept when its day ends is dropped, and the chat told; nothing carries into the next day', async () => {
    const { bot, service, clock } = await keptBeforeMidnight();
    // Still before midnight: nothing is dropped.
    expect(bot.store.kept.waiting()).toHaveLength(1);
    expect(bot.store.kept.waiting()[0]?.day).toBe(localDay(clock.now));

    clock.now = new Date(2026, 11, 1, 0, 1).getTime();
    bot.client.failMachine('desktop', undefined);
    await service.retryNow();
    expect(bot.api.texts().at(-1)).toBe("💤 desktop stayed off: +15 min for Mia did not happen (the day ended; today's limits apply).");
    expect(bot.client.changeCalls).toEqual([]);
    expect(bot.store.kept.waiting()).toEqual([]);
  });

  test('an answer just after midnight, before any retry, drops yesterday\'s kept change instead of applying it', async () => {
    const { bot, service, clock } = await keptBeforeMidnight();
    clock.now = new Date(2026, 11, 1, 0, 0, 30).getTime();
    bot.client.failMachine('desktop', undefined);
    service.onAnswer('desktop');
    await service.stop();
    expect(bot.client.changeCalls).toEqual([]);
    expect(bot.api.texts().at(-1)).toBe("💤 desktop stayed off: +15 min for Mia did not happen (the day ended; today's limits apply).");
  });

  test('kept changes survive a restart: a new bot on the same database applies them', async () => {
    const bot = start();
    bot.client.failMachine('desktop', OFF);
    await bot.send(message(ANNA, FAMILY_GROUP, '/add mia 15 desktop'));
    bot.client.changeCalls.length = 0;
    const file = bot.storeFile;
    const database = openDatabase(file);
    expect(database.ok).toBe(true);
    if (!database.ok) return;
    // The "restarted" bot: another Store over the same file (the first one is still open, as WAL allows).
    const reopened = new Store(database.value);
    try {
      expect(reopened.kept.waiting().map((kept) => [kept.childId, kept.machineId, kept.minutes])).toEqual([['mia', 'desktop', 15]]);
      bot.client.failMachine('desktop', undefined);
      const service = startKeptChanges({ client: bot.client, rules: bot.rules, config: bot.config, store: reopened, logger: pino({ level: 'silent' }), now: Date.now, chats: bot.chats });
      services.push(service);
      service.onAnswer('desktop');
      await service.retryNow();
      expect(bot.client.changeCalls.map((call) => call.seconds)).toEqual([900]);
      expect(bot.store.kept.waiting()).toEqual([]);
    } finally {
      reopened.close();
    }
  });
});

describe('a pause for a computer that is off', () => {
  const pauseData = (bot: OfflineBot) => buttonsOf(bot.api.payloadsOf('sendMessage').at(-1)).find((data) => data.startsWith('p:') && data !== 'p:x') ?? '';

  test('is kept and happens when the computer is back: time to 0, what was left kept', async () => {
    const bot = start();
    bot.client.setSecondsLeft('desktop', 'mia', 1500);
    bot.client.setSecondsLeft('laptop', 'mia2', 600);
    bot.client.failMachine('laptop', OFF);
    await bot.send(message(ANNA, FAMILY_GROUP, '/pause mia'));
    await bot.send(tapOn(ANNA, lastShown(bot), pauseData(bot)));
    const answer = bot.api.payloadsOf('editMessageText').at(-1);
    expect(answer?.['text']).toBe('⏸ Anna paused Mia on desktop: 25m kept\n💤 laptop is off: Mia will be paused there when it is back (today)');
    expect(buttonsOf(answer)).toHaveLength(1);
    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(0);
    expect(bot.client.secondsLeft('laptop', 'mia2')).toBe(600);

    bot.client.failMachine('laptop', undefined);
    await keptService(bot).retryNow();
    expect(bot.client.secondsLeft('laptop', 'mia2')).toBe(0);
    expect(bot.store.pauses.active('mia', 'laptop')?.secondsKept).toBe(600);
    expect(bot.api.texts().at(-1)).toBe('laptop is back: ⏸ Anna paused Mia on laptop: 10m kept');
  });

  test('/resume before it is back cancels the waiting pause', async () => {
    const bot = start();
    bot.client.setSecondsLeft('desktop', 'leo', 900);
    bot.client.failMachine('desktop', OFF);
    await bot.send(message(ANNA, FAMILY_GROUP, '/pause leo'));
    await bot.send(tapOn(ANNA, lastShown(bot), pauseData(bot)));
    expect(bot.store.kept.waiting().map((kept) => kept.kind)).toEqual(['pause']);
    await bot.send(message(BEN, FAMILY_GROUP, '/resume leo'));
    expect(bot.api.texts().at(-1)).toBe('▶ Leo was not paused on desktop yet (it is off): the pause waiting for it is cancelled');
    bot.client.failMachine('desktop', undefined);
    await keptService(bot).retryNow();
    expect(bot.client.secondsLeft('desktop', 'leo')).toBe(900);
    expect(bot.store.pauses.active('leo', 'desktop')).toBeUndefined();
  });
});

describe('⏸ and ▶ under a status message', () => {
  test('⏸ asks the same question as /pause; ▶ resumes, once per tap', async () => {
    const bot = start();
    bot.client.setSecondsLeft('desktop', 'leo', 900);
    await bot.send(message(ANNA, FAMILY_GROUP, '/status'));
    const status = lastShown(bot);
    expect(buttonsOf(bot.api.payloadsOf('sendMessage').at(-1))).toContain('h:leo');
    await bot.send(tapOn(ANNA, status, 'h:leo'));
    expect(bot.api.texts().at(-1)).toBe('⏸ Pause Leo on desktop now? The time left is kept, and /resume gives it back.');
    const question = lastShown(bot);
    const confirm = buttonsOf(bot.api.payloadsOf('sendMessage').at(-1)).find((data) => data.startsWith('p:') && data !== 'p:x') ?? '';
    await bot.send(tapOn(ANNA, question, confirm));
    expect(bot.client.secondsLeft('desktop', 'leo')).toBe(0);

    await bot.send(message(ANNA, FAMILY_GROUP, '/status'));
    expect(buttonsOf(bot.api.payloadsOf('sendMessage').at(-1))).toContain('b:leo');
    const resumeTap = tapOn(BEN, lastShown(bot), 'b:leo');
    await bot.send(resumeTap);
    expect(bot.api.texts().at(-1)).toBe('▶ Ben resumed Leo on desktop: 15m left');
    expect(bot.client.secondsLeft('desktop', 'leo')).toBe(900);
    // The same tap delivered again does nothing more.
    bot.client.setSecondsLeft('desktop', 'leo', 100);
    await bot.send(resumeTap);
    expect(bot.client.secondsLeft('desktop', 'leo')).toBe(100);
  });
});
