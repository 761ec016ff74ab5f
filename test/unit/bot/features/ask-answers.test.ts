import type { Chat, Message, Update, User } from 'grammy/types';
import { describe, expect, test } from 'vitest';
import { expireDueAsks } from '../../../../src/household/ask-expiry.ts';
import type { AskRecord } from '../../../../src/storage/asks.ts';
import { configOf, familyWithChildrenConfig, familyWithChildrenFile, FAMILY_CHAT, silentLogger, type ChildrenFamilyOptions } from '../../../support/bot-config.ts';
import {
  ANNA,
  BEN,
  buttonsOf,
  FAMILY_GROUP,
  LEO_USER,
  message,
  MIA_USER,
  offlineBotPerTest,
  privateChat,
  tapOn,
  type OfflineBot,
} from '../../../support/offline-bot.ts';

const start = offlineBotPerTest();

/** 12:00 local time: far from midnight, so a request runs its full 30 minutes. */
const NOON = new Date(2025, 5, 10, 12, 0).getTime();
const MINUTE = 60_000;
const clock = (at: number) => new Date(at).toTimeString().slice(0, 5);

interface Family extends OfflineBot {
  /** The bot's clock now. */
  readonly now: () => number;
  /** Moves the bot's clock on. */
  readonly advance: (ms: number) => void;
}

/** The offline bot for the family whose children are known (Mia, Leo), on a clock of its own that starts at noon. */
function startFamily(options: ChildrenFamilyOptions = {}): Family {
  let at = NOON;
  const bot = start({ config: familyWithChildrenConfig(options), now: () => at });
  return Object.assign(bot, { now: () => at, advance: (ms: number) => void (at += ms) });
}

interface Asked {
  /** The request as stored. */
  readonly ask: AskRecord;
  /** The child's /ask message (the answer to the child replies to it). */
  readonly asked: Message;
  /** Every copy of the request the parents got, as sent. */
  readonly copies: Message.TextMessage[];
}

/** The child sends `text` (an /ask) in `chat`; returns the request and its copies, then forgets the calls so far. */
async function childAsks(bot: Family, text = '/ask 30 homework', from: User = MIA_USER, chat: Chat = privateChat(from)): Promise<Asked> {
  const update = message(from, chat, text);
  await bot.send(update);
  const copies = bot.api.sentMessages().filter((sent) => / asks for \d+ min/.test(sent.text));
  const childId = from.id === LEO_USER.id ? 'leo' : 'mia';
  const ask = bot.store.asks.openAsk(childId, bot.now());
  if (ask === undefined || copies.length === 0) throw new Error(`no request was made; texts: ${bot.api.texts().join(' | ')}`);
  bot.api.clear();
  return { ask, asked: messageOf(update), copies };
}

function messageOf(update: Update): Message {
  if (update.message === undefined) throw new Error('not a message');
  return update.message;
}

function copyIn(copies: readonly Message.TextMessage[], chatId: number): Message.TextMessage {
  const copy = copies.find((each) => each.chat.id === chatId);
  if (copy === undefined) throw new Error(`no copy in ${chatId}`);
  return copy;
}

/** The edits of the request copies: [chat, message, text, buttons]. */
function edits(bot: OfflineBot): [unknown, unknown, string, string[]][] {
  return bot.api.payloadsOf('editMessageText').map((payload) => [payload['chat_id'], payload['message_id'], String(payload['text']), buttonsOf(payload)]);
}

/** What the child was sent: [chat, text, the message it replies to]. */
function toldChild(bot: OfflineBot, chatId: number): [unknown, string, unknown][] {
  return bot.api
    .payloadsOf('sendMessage')
    .filter((payload) => payload['chat_id'] === chatId)
    .map((payload) => [payload['chat_id'], String(payload['text']), (payload['reply_parameters'] as { message_id?: number } | undefined)?.message_id]);
}

const HEAD = '🙋 Mia asks for 30 min (homework)';

describe("a parent's give under a request", () => {
  test('+30: the time is given once, every copy shows it (one per parent without a group), the child is told', async () => {
    const bot = startFamily({ chats: [] });
    bot.client.setSecondsLeft('desktop', 'mia', 1200, { loggedIn: true });
    const { ask, asked, copies } = await childAsks(bot);
    expect(copies.map((copy) => copy.chat.id)).toEqual([ANNA.id, BEN.id]);

    await bot.send(tapOn(ANNA, copyIn(copies, ANNA.id), `q:${ask.id}:desktop:30`));

    expect(bot.client.changeCalls).toEqual([{ machineId: 'desktop', login: 'mia', operation: '+', seconds: 1800 }]);
    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(3000);
    expect(bot.api.toasts()).toEqual(['Giving time…']);
    const outcome = `${HEAD}\n✅ Anna gave Mia 30 min on desktop: 50m left`;
    expect(edits(bot).sort()).toEqual(copies.map((copy) => [copy.chat.id, copy.message_id, outcome, []]).sort());
    expect(toldChild(bot, MIA_USER.id)).toEqual([[MIA_USER.id, '✅ Anna gave you 30 min on desktop: 50m left.', asked.message_id]]);
    expect(bot.store.asks.get(ask.id)?.state).toMatchObject({ kind: 'given', byId: ANNA.id, byName: 'Anna', minutes: 30, machine: 'desktop', secondsLeft: 3000 });
    // The change is in the ledger like any other, by Anna.
    expect(bot.store.history(0).filter((entry) => entry.kind === 'change')).toEqual([
      expect.objectContaining({ change: expect.objectContaining({ parentName: 'Anna', childId: 'mia', machineId: 'desktop', minutes: 30 }) as unknown }),
    ]);
  });

  test('in the family group: the one copy there is edited, the child told where she asked', async () => {
    const bot = startFamily();
    bot.client.setSecondsLeft('desktop', 'mia', 1200, { loggedIn: true });
    const { ask, asked, copies } = await childAsks(bot, '/ask 30 homework', MIA_USER, FAMILY_GROUP);
    const [copy] = copies;
    if (copy === undefined) throw new Error('no copy');

    await bot.send(tapOn(BEN, copy, `q:${ask.id}:desktop:60`));

    expect(edits(bot)).toEqual([[FAMILY_CHAT, copy.message_id, `${HEAD}\n✅ Ben gave Mia 60 min on desktop: 1h 20m left`, []]]);
    expect(toldChild(bot, FAMILY_CHAT)).toEqual([[FAMILY_CHAT, '✅ Ben gave you 60 min on desktop: 1h 20m left.', asked.message_id]]);
  });

  test("a second parent's tap afterwards: \"Anna already answered.\", no second change", async () => {
    const bot = startFamily({ chats: [] });
    const { ask, copies } = await childAsks(bot);
    await bot.send(tapOn(ANNA, copyIn(copies, ANNA.id), `q:${ask.id}:desktop:30`));
    bot.api.clear();

    await bot.send(tapOn(BEN, copyIn(copies, BEN.id), `q:${ask.id}:desktop:60`));
    await bot.send(tapOn(BEN, copyIn(copies, BEN.id), `q:${ask.id}:x`));

    expect(bot.api.toasts()).toEqual(['Anna already answered.', 'Anna already answered.']);
    expect(bot.client.changeCalls).toHaveLength(1);
    expect(bot.api.payloadsOf('sendMessage')).toEqual([]);
    expect(bot.store.asks.get(ask.id)?.state).toMatchObject({ kind: 'given', byName: 'Anna', minutes: 30 });
  });

  test('the same tap delivered again: no second change, the child is not told twice', async () => {
    const bot = startFamily();
    const { ask, copies } = await childAsks(bot);
    const [copy] = copies;
    if (copy === undefined) throw new Error('no copy');
    const update = tapOn(ANNA, copy, `q:${ask.id}:laptop:15`);
    await bot.send(update);
    const toldOnce = bot.api.payloadsOf('sendMessage').length;

    await bot.send(update);

    expect(bot.client.changeCalls).toEqual([{ machineId: 'laptop', login: 'mia2', operation: '+', seconds: 900 }]);
    expect(bot.client.secondsLeft('laptop', 'mia2')).toBe(4500);
    expect(bot.api.payloadsOf('sendMessage')).toHaveLength(toldOnce);
  });

  test('two parents tapping at the same time: one change, one winner', async () => {
    const bot = startFamily({ chats: [] });
    bot.client.setSecondsLeft('desktop', 'mia', 1200, { loggedIn: true });
    const { ask, copies } = await childAsks(bot);

    await Promise.all([
      bot.bot.handleUpdate(tapOn(ANNA, copyIn(copies, ANNA.id), `q:${ask.id}:desktop:30`)),
      bot.bot.handleUpdate(tapOn(BEN, copyIn(copies, BEN.id), `q:${ask.id}:desktop:60`)),
    ]);
    await bot.whenIdle();

    expect(bot.client.changeCalls).toHaveLength(1);
    const state = bot.store.asks.get(ask.id)?.state;
    const winner = state?.kind === 'given' ? state.byName : undefined;
    expect(['Anna', 'Ben']).toContain(winner);
    expect(bot.api.toasts().sort()).toEqual(['Giving time…', `${winner ?? '?'} already answered.`].sort());
    expect(toldChild(bot, MIA_USER.id)).toHaveLength(1);
  });

  test('logged in nowhere: buttons per computer and for all; "all" gives on every computer', async () => {
    const bot = startFamily();
    const { ask, asked, copies } = await childAsks(bot);
    const [copy] = copies;
    if (copy === undefined) throw new Error('no copy');
    expect(copy.text.split('\n').at(-1)).toBe('Not logged in anywhere: pick the computer.');

    await bot.send(tapOn(ANNA, copy, `q:${ask.id}:*:30`));

    expect(bot.client.changeCalls).toEqual(
      expect.arrayContaining([
        { machineId: 'desktop', login: 'mia', operation: '+', seconds: 1800 },
        { machineId: 'laptop', login: 'mia2', operation: '+', seconds: 1800 },
      ]),
    );
    expect(bot.client.changeCalls).toHaveLength(2);
    expect(edits(bot)).toEqual([[FAMILY_CHAT, copy.message_id, `${HEAD}\n✅ Anna gave Mia 30 min on all computers.`, []]]);
    expect(toldChild(bot, MIA_USER.id)).toEqual([[MIA_USER.id, '✅ Anna gave you 30 min on all computers.', asked.message_id]]);
  });

  test('logged in nowhere, one computer picked: only there, with the time left', async () => {
    const bot = startFamily();
    const { ask, copies } = await childAsks(bot);
    const [copy] = copies;
    if (copy === undefined) throw new Error('no copy');
    await bot.send(tapOn(ANNA, copy, `q:${ask.id}:laptop:60`));
    expect(bot.client.changeCalls).toEqual([{ machineId: 'laptop', login: 'mia2', operation: '+', seconds: 3600 }]);
    expect(edits(bot)[0]?.[2]).toBe(`${HEAD}\n✅ Anna gave Mia 60 min on laptop: 2h 00m left`);
  });

  test('a give whose change did not run (the computer is unreachable): the request is open again, with the retry text and its buttons', async () => {
    const bot = startFamily({ chats: [] });
    bot.client.setSecondsLeft('desktop', 'mia', 1200, { loggedIn: true });
    const { ask, copies } = await childAsks(bot);
    bot.client.failChange('desktop', 'mia', { kind: 'unreachable', reason: 'no route to host' });

    await bot.send(tapOn(ANNA, copyIn(copies, ANNA.id), `q:${ask.id}:desktop:30`));

    expect(bot.client.changeCalls).toHaveLength(1);
    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(1200);
    expect(bot.store.asks.get(ask.id)?.state).toEqual({ kind: 'open' });
    expect(bot.store.asks.openAsk('mia', bot.now())?.id).toBe(ask.id);
    const retried = edits(bot);
    expect(retried.map(([chatId]) => chatId).sort()).toEqual([ANNA.id, BEN.id].sort());
    for (const [, , text, buttons] of retried) {
      expect(text).toMatch(new RegExp(`^${HEAD.replace(/[()]/g, '\\$&')}\\n⚠️ Anna tried to give time, but .+\\. Try again, or answer No\\.$`));
      expect(buttons).toEqual([`q:${ask.id}:desktop:15`, `q:${ask.id}:desktop:30`, `q:${ask.id}:desktop:60`, `q:${ask.id}:x`]);
    }
    // The child is told nothing yet: nothing was decided.
    expect(toldChild(bot, MIA_USER.id)).toEqual([]);
    bot.api.clear();

    // Once the computer is back, anyone may answer again.
    bot.client.failChange('desktop', 'mia', undefined);
    await bot.send(tapOn(BEN, copyIn(copies, BEN.id), `q:${ask.id}:desktop:15`));
    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(2100);
    expect(bot.store.asks.get(ask.id)?.state).toMatchObject({ kind: 'given', byName: 'Ben', minutes: 15 });
    expect(toldChild(bot, MIA_USER.id).map(([, text]) => text)).toEqual(['✅ Ben gave you 15 min on desktop: 35m left.']);
  });

  // Found by this test and fixed: after a give that did not run, the request is reopened; if Telegram then
  // delivers the same tap again (the bot was restarted before confirming it), the claim succeeds again, applyOnce
  // sees a duplicate update and runs nothing, and the request is closed as "✅ Anna gave Mia 30 min on desktop." and
  // the child told so, though no time was given.
  test('a give that did not run, delivered again: still no time, so the request is not closed as given', async () => {
    const bot = startFamily();
    bot.client.setSecondsLeft('desktop', 'mia', 1200, { loggedIn: true });
    const { ask, copies } = await childAsks(bot);
    const [copy] = copies;
    if (copy === undefined) throw new Error('no copy');
    bot.client.failChange('desktop', 'mia', { kind: 'unreachable', reason: 'no route to host' });
    const update = tapOn(ANNA, copy, `q:${ask.id}:desktop:30`);
    await bot.send(update);
    bot.client.failChange('desktop', 'mia', undefined);
    bot.api.clear();

    await bot.send(update);

    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(1200);
    expect(bot.store.asks.get(ask.id)?.state.kind).not.toBe('given');
    expect(toldChild(bot, MIA_USER.id)).toEqual([]);
  });

  test('a give whose outcome is unknown (the connection broke after sending): closed as given, not sure it worked', async () => {
    const bot = startFamily();
    bot.client.setSecondsLeft('desktop', 'mia', 1200, { loggedIn: true });
    const { ask, asked, copies } = await childAsks(bot);
    bot.client.failChange('desktop', 'mia', { kind: 'connection-lost', commandSent: true });

    await bot.send(tapOn(ANNA, copies[0] ?? copyIn(copies, FAMILY_CHAT), `q:${ask.id}:desktop:30`));

    expect(bot.store.asks.get(ask.id)?.state).toMatchObject({ kind: 'given', failure: 'connection-lost' });
    expect(edits(bot).map(([, , text]) => text)).toEqual([`${HEAD}\n❓ Anna gave Mia 30 min on desktop, but it is not sure it worked (the connection broke).`]);
    expect(toldChild(bot, MIA_USER.id)).toEqual([[MIA_USER.id, '❓ Anna gave you 30 min on desktop, but the computer did not confirm it. Check /time.', asked.message_id]]);
  });

  test("a computer the child has no account on (a forged button): not offered, nothing runs", async () => {
    const bot = startFamily();
    const { ask, copies } = await childAsks(bot, '/ask 30', LEO_USER);
    await bot.send(tapOn(ANNA, copies[0] ?? copyIn(copies, FAMILY_CHAT), `q:${ask.id}:laptop:30`));
    expect(bot.api.toasts()).toEqual(['That is not one of the amounts offered.']);
    expect(bot.client.changeCalls).toEqual([]);
    expect(bot.store.asks.get(ask.id)?.state).toEqual({ kind: 'open' });
  });

  test('an amount never offered (a forged button): not valid, nothing runs', async () => {
    const bot = startFamily();
    const { ask, copies } = await childAsks(bot);
    await bot.send(tapOn(ANNA, copies[0] ?? copyIn(copies, FAMILY_CHAT), `q:${ask.id}:desktop:45`));
    expect(bot.api.toasts()).toEqual(['This button is not valid.']);
    expect(bot.client.changeCalls).toEqual([]);
    expect(bot.store.asks.get(ask.id)?.state).toEqual({ kind: 'open' });
  });

  test('a request that is not known: said so, nothing runs', async () => {
    const bot = startFamily();
    await bot.send(message(ANNA, FAMILY_GROUP, '/status'));
    const status = bot.api.lastSent();
    bot.api.clear();
    await bot.send(tapOn(ANNA, status, 'q:999:desktop:30'));
    await bot.send(tapOn(ANNA, status, 'q:999:x'));
    expect(bot.api.toasts()).toEqual(['This request is not known (any more).', 'This request is not known (any more).']);
    expect(bot.client.changeCalls).toEqual([]);
  });
});

describe("a parent's No under a request", () => {
  test('every copy says who said no, the child is told when she may ask again', async () => {
    const bot = startFamily({ chats: [] });
    const { ask, asked, copies } = await childAsks(bot);
    bot.advance(MINUTE);

    await bot.send(tapOn(ANNA, copyIn(copies, ANNA.id), `q:${ask.id}:x`));

    expect(bot.api.toasts()).toEqual(['The child will be told.']);
    expect(edits(bot).sort()).toEqual(copies.map((copy) => [copy.chat.id, copy.message_id, `${HEAD}\n❌ Anna said no.`, []]).sort());
    expect(toldChild(bot, MIA_USER.id)).toEqual([[MIA_USER.id, `❌ Anna said no. You can ask again at ${clock(NOON + 11 * MINUTE)}.`, asked.message_id]]);
    expect(clock(NOON + 11 * MINUTE)).toBe('12:11');
    expect(bot.client.changeCalls).toEqual([]);
    expect(bot.store.asks.lastDenied('mia')).toBe(NOON + MINUTE);
  });

  test('a new /ask before the cooldown is refused with the time; at it, it is allowed', async () => {
    const bot = startFamily();
    const { ask, copies } = await childAsks(bot);
    bot.advance(MINUTE);
    await bot.send(tapOn(ANNA, copies[0] ?? copyIn(copies, FAMILY_CHAT), `q:${ask.id}:x`));
    bot.api.clear();

    bot.advance(9 * MINUTE);
    await bot.send(message(MIA_USER, privateChat(MIA_USER), '/ask 15 please'));
    expect(bot.api.texts()).toEqual(['Your parents just said no. You can ask again at 12:11.']);
    expect(bot.store.asks.since(0)).toHaveLength(1);
    bot.api.clear();

    bot.advance(MINUTE);
    await bot.send(message(MIA_USER, privateChat(MIA_USER), '/ask 15 please'));
    expect(bot.api.texts()).toEqual([expect.stringMatching(/^🙋 Mia asks for 15 min \(please\)\n/), '🙋 I asked your parents for 15 min. I will tell you their answer here.']);
    expect(bot.store.asks.openAsk('mia', bot.now())?.minutes).toBe(15);
  });

  test("a \"no\" to Mia does not keep Leo from asking", async () => {
    const bot = startFamily();
    const { ask, copies } = await childAsks(bot);
    await bot.send(tapOn(ANNA, copies[0] ?? copyIn(copies, FAMILY_CHAT), `q:${ask.id}:x`));
    bot.api.clear();
    await bot.send(message(LEO_USER, privateChat(LEO_USER), '/ask 15'));
    expect(bot.api.texts().at(-1)).toBe('🙋 I asked your parents for 15 min. I will tell you their answer here.');
  });

  test('a give after the "no": "Anna already answered.", nothing runs', async () => {
    const bot = startFamily({ chats: [] });
    const { ask, copies } = await childAsks(bot);
    await bot.send(tapOn(ANNA, copyIn(copies, ANNA.id), `q:${ask.id}:x`));
    bot.api.clear();
    await bot.send(tapOn(BEN, copyIn(copies, BEN.id), `q:${ask.id}:desktop:60`));
    expect(bot.api.toasts()).toEqual(['Anna already answered.']);
    expect(bot.client.changeCalls).toEqual([]);
    expect(toldChild(bot, MIA_USER.id)).toEqual([]);
  });
});

describe('a copy that arrives late', () => {
  test('a copy delivered after the request was answered (Telegram was away) gets the outcome at once, without buttons', async () => {
    const bot = startFamily({ chats: [] });
    const { ask } = await childAsks(bot);
    expect(bot.store.asks.claim(ask.id, { kind: 'deny', byId: ANNA.id, byName: 'Anna' }, bot.now()).kind).toBe('claimed');
    // The copy for a parent that was owed while Telegram was away, delivered now.
    const delivery = await bot.outbox.send(ANNA.id, 'the request, late', { after: { kind: 'ask-copy', askId: ask.id } });
    if (delivery.kind !== 'delivered') throw new Error(`not delivered: ${delivery.kind}`);
    await bot.outbox.idle();
    expect(bot.store.asks.messages(ask.id)).toContainEqual({ chatId: ANNA.id, messageId: delivery.messageId });
    const [edit] = bot.api.payloadsOf('editMessageText');
    expect(edit).toMatchObject({ chat_id: ANNA.id, message_id: delivery.messageId, reply_markup: { inline_keyboard: [] } });
    expect(String(edit?.['text'])).toContain('Anna');
  });
});

describe('a request nobody answers', () => {
  test('after its time, the sweep closes it: every copy says so, the child is told; a later tap is refused', async () => {
    const bot = startFamily({ chats: [] });
    const { ask, asked, copies } = await childAsks(bot);
    const deps = { asks: bot.store.asks, logger: silentLogger(), chats: bot.chats };

    expect(await expireDueAsks(deps, NOON + 30 * MINUTE - 1)).toBe(0);
    expect(bot.api.calls).toEqual([]);

    bot.advance(31 * MINUTE);
    expect(await expireDueAsks(deps, bot.now())).toBe(1);

    expect(edits(bot).sort()).toEqual(copies.map((copy) => [copy.chat.id, copy.message_id, `${HEAD}\n⌛ Nobody answered in time.`, []]).sort());
    expect(toldChild(bot, MIA_USER.id)).toEqual([[MIA_USER.id, '⌛ Nobody answered your request for 30 min. You can ask again.', asked.message_id]]);
    expect(bot.store.asks.get(ask.id)?.state).toEqual({ kind: 'expired' });
    bot.api.clear();

    await bot.send(tapOn(ANNA, copyIn(copies, ANNA.id), `q:${ask.id}:desktop:30`));
    expect(bot.api.toasts()).toEqual(['This request has expired.']);
    expect(bot.client.changeCalls).toEqual([]);
    expect(toldChild(bot, MIA_USER.id)).toEqual([]);

    // A second sweep finds nothing more.
    expect(await expireDueAsks(deps, bot.now())).toBe(0);
  });

  test('a tap after its time but before the sweep: refused as expired, nothing runs, and the copies do not say it is still waiting', async () => {
    const bot = startFamily();
    const { ask, copies } = await childAsks(bot);
    bot.advance(30 * MINUTE);

    await bot.send(tapOn(ANNA, copies[0] ?? copyIn(copies, FAMILY_CHAT), `q:${ask.id}:desktop:30`));

    expect(bot.api.toasts()).toEqual(['This request has expired.']);
    expect(bot.client.changeCalls).toEqual([]);
    for (const [, , text] of edits(bot)) expect(text).not.toContain('waiting for an answer');
  });

  test('late in the evening, a request runs out at midnight', async () => {
    const bot = startFamily();
    bot.advance(new Date(2025, 5, 10, 23, 50).getTime() - NOON);
    const { ask } = await childAsks(bot);
    expect(ask.expiresAt).toBe(new Date(2025, 5, 11, 0, 0).getTime());
  });
});

describe('in German', () => {
  /** Mia and Anna with their Telegram apps set to German. */
  const MIA_DE: User = { ...MIA_USER, language_code: 'de' };
  const ANNA_DE: User = { ...ANNA, language_code: 'de' };
  const MIA_EN: User = { ...MIA_USER, language_code: 'en' };

  test("a German child's /time and /ask, a German parent's answer: each reads German, the parents' copies keep telegram.language", async () => {
    const bot = startFamily({ chats: [] });
    bot.client.setSecondsLeft('desktop', 'mia', 1200, { loggedIn: true, secondsSpentToday: 2400 });

    await bot.send(message(MIA_DE, privateChat(MIA_DE), '/time'));
    expect(bot.api.texts()).toEqual(['<b>Deine Zeit heute</b>\ndesktop: noch <b>20 Min.</b> · angemeldet · heute 40 Min. genutzt\nlaptop: noch <b>1 Std. 00 Min.</b> · nicht angemeldet · heute 0 Min. genutzt']);
    bot.api.clear();

    const asked = message(MIA_DE, privateChat(MIA_DE), '/ask 30 Hausaufgaben');
    await bot.send(asked);
    const copies = bot.api.sentMessages().filter((sent) => sent.chat.id !== MIA_USER.id);
    expect(copies.map((copy) => [copy.chat.id, copy.text])).toEqual([
      [ANNA.id, '🙋 Mia asks for 30 min (Hausaufgaben) · 20m left on desktop, logged in'],
      [BEN.id, '🙋 Mia asks for 30 min (Hausaufgaben) · 20m left on desktop, logged in'],
    ]);
    expect(toldChild(bot, MIA_USER.id).map(([, text]) => text)).toEqual(['🙋 Ich habe deine Eltern um 30 Min. gebeten. Ihre Antwort sage ich dir hier.']);
    const ask = bot.store.asks.openAsk('mia', bot.now());
    expect(ask?.language).toBe('de');
    bot.api.clear();

    await bot.send(tapOn(ANNA_DE, copyIn(copies, ANNA.id), `q:${ask?.id ?? 0}:desktop:30`));

    expect(bot.api.toasts()).toEqual(['Zeit wird gegeben…']);
    expect(edits(bot).map(([, , text]) => text)).toEqual([
      '🙋 Mia asks for 30 min (Hausaufgaben)\n✅ Anna gave Mia 30 min on desktop: 50m left',
      '🙋 Mia asks for 30 min (Hausaufgaben)\n✅ Anna gave Mia 30 min on desktop: 50m left',
    ]);
    expect(toldChild(bot, MIA_USER.id)).toEqual([[MIA_USER.id, '✅ Anna hat dir 30 Min. auf desktop gegeben: noch 50 Min.', messageOf(asked).message_id]]);
  });

  test("a German parent's No: the toast in German; the German child is told in German when she may ask again", async () => {
    const bot = startFamily({ chats: [] });
    const asked = message(MIA_DE, privateChat(MIA_DE), '/ask 15');
    await bot.send(asked);
    const copies = bot.api.sentMessages().filter((sent) => sent.chat.id !== MIA_USER.id);
    const ask = bot.store.asks.openAsk('mia', bot.now());
    bot.api.clear();
    bot.advance(MINUTE);

    await bot.send(tapOn(ANNA_DE, copyIn(copies, ANNA.id), `q:${ask?.id ?? 0}:x`));

    expect(bot.api.toasts()).toEqual(['Das Kind bekommt Bescheid.']);
    expect(toldChild(bot, MIA_USER.id).map(([, text]) => text)).toEqual(['❌ Anna hat Nein gesagt. Ab 12:11 kannst du wieder fragen.']);
    bot.api.clear();
    await bot.send(tapOn(ANNA_DE, copyIn(copies, ANNA.id), `q:${ask?.id ?? 0}:x`));
    expect(bot.api.toasts()).toEqual(['Anna hat schon geantwortet.']);
  });

  test('a group with telegram.language: de gets the request, its buttons and its expiry in German; an English child is told in English', async () => {
    let at = NOON;
    const file = familyWithChildrenFile();
    const bot = start({ config: configOf({ ...file, telegram: { ...file.telegram, language: 'de' } }), now: () => at });
    const asked = message(MIA_EN, FAMILY_GROUP, '/ask 30 homework');

    await bot.send(asked);

    const [copy, reply] = bot.api.payloadsOf('sendMessage');
    expect(copy).toMatchObject({ chat_id: FAMILY_CHAT, parse_mode: 'HTML' });
    expect(String(copy?.['text']).split('\n')).toEqual([
      '🙋 Mia bittet um 30 Min. (homework)',
      'desktop: noch 1 Std. 00 Min., nicht angemeldet',
      'laptop: noch 1 Std. 00 Min., nicht angemeldet',
      'Nirgends angemeldet: Wähl den Computer.',
    ]);
    const labels = (copy?.['reply_markup'] as { inline_keyboard: { text: string }[][] }).inline_keyboard.map((row) => row.map((button) => button.text));
    expect(labels).toEqual([['desktop +15', 'desktop +30', 'desktop +60'], ['laptop +15', 'laptop +30', 'laptop +60'], ['alle +15', 'alle +30', 'alle +60'], ['Nein']]);
    expect(reply?.['text']).toBe('🙋 I asked your parents for 30 min. I will tell you their answer here.');
    bot.api.clear();

    at += 31 * MINUTE;
    const deps = { asks: bot.store.asks, logger: silentLogger(), chats: bot.chats };
    expect(await expireDueAsks(deps, at)).toBe(1);

    expect(edits(bot).map(([, , text]) => text)).toEqual(['🙋 Mia bittet um 30 Min. (homework)\n⌛ Niemand hat rechtzeitig geantwortet.']);
    expect(toldChild(bot, FAMILY_CHAT)).toEqual([[FAMILY_CHAT, '⌛ Nobody answered your request for 30 min. You can ask again.', messageOf(asked).message_id]]);
  });
});
