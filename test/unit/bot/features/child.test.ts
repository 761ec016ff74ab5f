import type { Chat, Message, Update } from 'grammy/types';
import { describe, expect, test } from 'vitest';
import { encodeButtonAction } from '../../../../src/bot/callback-data.ts';
import { familyWithChildrenConfig, FAMILY_CHAT, type ChildrenFamilyOptions } from '../../../support/bot-config.ts';
import {
  ANNA,
  BEN,
  buttonsOf,
  FAMILY_GROUP,
  FOREIGN_GROUP,
  LEO_USER,
  message,
  MIA_USER,
  offlineBotPerTest,
  privateChat,
  STRANGER,
  tapOn,
  type OfflineBot,
} from '../../../support/offline-bot.ts';

const start = offlineBotPerTest();

/** 12:00 local time: far from midnight, so a request runs its full 30 minutes. */
const NOON = new Date(2025, 5, 10, 12, 0).getTime();
const MINUTE = 60_000;

interface Family extends OfflineBot {
  /** Moves the bot's clock on. */
  readonly advance: (ms: number) => void;
}

/** The offline bot for the family whose children are known (Mia, Leo), on a clock of its own that starts at noon. */
function startFamily(options: ChildrenFamilyOptions = {}): Family {
  let clock = NOON;
  const bot = start({ config: familyWithChildrenConfig(options), now: () => clock });
  return Object.assign(bot, { advance: (ms: number) => void (clock += ms) });
}

/**
 * How many messages or taps a child may send in a minute (`CHILD_MESSAGES_PER_MINUTE` in src/bot/features/child.ts,
 * not exported; it was 6 when these tests were first written).
 */
const CHILD_LIMIT = 10;

/** What a child is told, in English (the child's app language is not set in these tests). */
const ASK_NOT_DELIVERED = 'I could not reach your parents just now. Please try again in a moment.';
const CHILD_ASK_PROMPT = 'How much more time do you want to ask your parents for?';
const CHILD_ONLY_PARENTS = 'Only your parents can do that. You can use /time to see your time and /ask to ask for more.';
const CHILD_ONLY_PARENTS_TOAST = 'Only your parents can do that.';
const CHILD_SLOW_DOWN = 'Slow down a little: I will listen again in a minute.';
const ASK_SENT = (minutes: number) => `🙋 I asked your parents for ${minutes} min. I will tell you their answer here.`;
const clock = (at: number) => new Date(at).toTimeString().slice(0, 5);

/** The message of an update made with `message()`. */
function messageOf(update: Update): Message {
  if (update.message === undefined) throw new Error('not a message');
  return update.message;
}

/** The request copies the bot sent to parents (HTML, with buttons). */
function requestCopies(bot: OfflineBot): Record<string, unknown>[] {
  return bot.api.payloadsOf('sendMessage').filter((payload) => String(payload['text']).startsWith('🙋 Mia asks for') || String(payload['text']).startsWith('🙋 Leo asks for'));
}

/** Nothing was changed on any computer, and nothing recorded. */
function expectNothingChanged(bot: OfflineBot): void {
  expect(bot.client.changeCalls).toEqual([]);
  expect(bot.store.history(0).filter((entry) => entry.kind === 'change')).toEqual([]);
}

describe("a known child's /time", () => {
  test.each([
    ['in the family group', FAMILY_GROUP],
    ['privately', privateChat(MIA_USER)],
  ] as const)('%s: only her own accounts, nothing of her brother', async (_name, chat: Chat) => {
    const bot = startFamily();
    bot.client.setSecondsLeft('desktop', 'mia', 1200, { loggedIn: true, secondsSpentToday: 2400 });
    bot.client.setSecondsLeft('desktop', 'leo', 600, { loggedIn: true, secondsSpentToday: 3000 });

    await bot.send(message(MIA_USER, chat, '/time'));

    expect(bot.api.methods()).toEqual(['sendMessage']);
    expect(bot.api.payloadsOf('sendMessage')[0]).toMatchObject({ chat_id: chat.id, parse_mode: 'HTML' });
    expect(bot.api.texts()[0]?.split('\n')).toEqual([
      '<b>Your time today</b>',
      'desktop: <b>20m</b> left · logged in · 40m used today',
      'laptop: <b>1h 00m</b> left · not logged in · 0m used today',
    ]);
    // Not his name, not his login, not his time, anywhere in what was sent; his account was not even read.
    const sent = JSON.stringify(bot.api.calls.map((call) => call.payload));
    expect(sent).not.toMatch(/leo/i);
    expect(sent).not.toContain('10m');
    expect(bot.client.usersInfoCalls.flatMap((call) => call.logins)).not.toContain('leo');
    expectNothingChanged(bot);
  });

  test('with the bot named: /time@bot', async () => {
    const bot = startFamily();
    await bot.send(message(LEO_USER, FAMILY_GROUP, '/time@timekpr_test_bot'));
    expect(bot.api.texts()[0]?.split('\n')).toEqual(['<b>Your time today</b>', 'desktop: <b>1h 00m</b> left · not logged in · 0m used today']);
    expect(JSON.stringify(bot.api.calls.map((call) => call.payload))).not.toMatch(/mia/i);
  });
});

describe("a known child's /ask", () => {
  test('in the family group: the request goes there with buttons, and the child is answered as a reply', async () => {
    const bot = startFamily();
    bot.client.setSecondsLeft('desktop', 'mia', 1200, { loggedIn: true });
    const asked = message(MIA_USER, FAMILY_GROUP, '/ask 30 homework');

    await bot.send(asked);

    const [request, reply, ...rest] = bot.api.payloadsOf('sendMessage');
    expect(rest).toEqual([]);
    expect(request).toMatchObject({ chat_id: FAMILY_CHAT, parse_mode: 'HTML', text: '🙋 Mia asks for 30 min (homework) · 20m left on desktop, logged in' });
    const ask = bot.store.asks.openAsk('mia', NOON);
    expect(ask).toMatchObject({ childId: 'mia', minutes: 30, reason: 'homework', machineId: 'desktop', askerId: MIA_USER.id, chatId: FAMILY_CHAT, expiresAt: NOON + 30 * MINUTE });
    const id = ask?.id ?? 0;
    expect(buttonsOf(request)).toEqual([`q:${id}:desktop:15`, `q:${id}:desktop:30`, `q:${id}:desktop:60`, `q:${id}:x`]);
    expect(reply).toMatchObject({ chat_id: FAMILY_CHAT, text: ASK_SENT(30), reply_parameters: { message_id: messageOf(asked).message_id } });
    expect(bot.store.asks.messages(id)).toEqual([{ chatId: FAMILY_CHAT, messageId: bot.api.sentMessages()[0]?.message_id }]);
    expectNothingChanged(bot);
  });

  test('privately, with a family group: the request goes to the group, the answer to the child privately', async () => {
    const bot = startFamily();
    const asked = message(MIA_USER, privateChat(MIA_USER), '/ask 15');
    await bot.send(asked);
    expect(bot.api.payloadsOf('sendMessage')).toEqual([
      expect.objectContaining({ chat_id: FAMILY_CHAT, text: expect.stringMatching(/^🙋 Mia asks for 15 min\n/) as unknown }),
      expect.objectContaining({ chat_id: MIA_USER.id, text: ASK_SENT(15), reply_parameters: expect.objectContaining({ message_id: messageOf(asked).message_id }) as unknown }),
    ]);
  });

  test('without a family group (telegram.chats empty): one copy to each parent privately, every copy remembered', async () => {
    const bot = startFamily({ chats: [] });
    await bot.send(message(MIA_USER, privateChat(MIA_USER), '/ask 30 homework'));
    const copies = requestCopies(bot);
    expect(copies.map((copy) => copy['chat_id'])).toEqual([ANNA.id, BEN.id]);
    const id = bot.store.asks.openAsk('mia', NOON)?.id ?? 0;
    for (const copy of copies) expect(buttonsOf(copy)).toContain(`q:${id}:x`);
    expect(bot.store.asks.messages(id).map((copy) => copy.chatId).sort()).toEqual([ANNA.id, BEN.id].sort());
    expect(bot.api.texts().at(-1)).toBe(ASK_SENT(30));
  });

  test('logged in nowhere: the request lists her computers and the parents pick', async () => {
    const bot = startFamily();
    await bot.send(message(MIA_USER, FAMILY_GROUP, '/ask 30 homework'));
    const [request] = requestCopies(bot);
    expect(String(request?.['text']).split('\n')).toEqual([
      '🙋 Mia asks for 30 min (homework)',
      'desktop: 1h 00m left, not logged in',
      'laptop: 1h 00m left, not logged in',
      'Not logged in anywhere: pick the computer.',
    ]);
    const id = bot.store.asks.openAsk('mia', NOON)?.id ?? 0;
    expect(bot.store.asks.openAsk('mia', NOON)?.machineId).toBeUndefined();
    expect(buttonsOf(request)).toEqual([
      ...[15, 30, 60].map((minutes) => `q:${id}:desktop:${minutes}`),
      ...[15, 30, 60].map((minutes) => `q:${id}:laptop:${minutes}`),
      ...[15, 30, 60].map((minutes) => `q:${id}:*:${minutes}`),
      `q:${id}:x`,
    ]);
  });

  test('/ask alone: a prompt with 15/30/60 buttons; tapping one asks', async () => {
    const bot = startFamily();
    await bot.send(message(MIA_USER, FAMILY_GROUP, '/ask'));
    expect(bot.api.texts()).toEqual([CHILD_ASK_PROMPT]);
    expect(buttonsOf(bot.api.payloadsOf('sendMessage')[0])).toEqual(['k:15', 'k:30', 'k:60']);
    expect(bot.store.asks.openAsk('mia', NOON)).toBeUndefined();
    const prompt = bot.api.lastSent();
    bot.api.clear();

    await bot.send(tapOn(MIA_USER, prompt, encodeButtonAction({ kind: 'child-ask', minutes: 60 })));

    expect(bot.api.methods()[0]).toBe('answerCallbackQuery');
    expect(bot.store.asks.openAsk('mia', NOON)).toMatchObject({ minutes: 60, reason: undefined, chatId: FAMILY_CHAT, messageId: prompt.message_id });
    expect(requestCopies(bot)).toHaveLength(1);
    expect(String(requestCopies(bot)[0]?.['text'])).toMatch(/^🙋 Mia asks for 60 min\n/);
    expect(bot.api.payloadsOf('sendMessage').at(-1)).toMatchObject({ chat_id: FAMILY_CHAT, text: ASK_SENT(60), reply_parameters: { message_id: prompt.message_id } });
  });

  test('a second /ask while one is open: "You already asked…", nothing new is sent to the parents', async () => {
    const bot = startFamily();
    await bot.send(message(MIA_USER, FAMILY_GROUP, '/ask 30 homework'));
    bot.api.clear();
    bot.advance(5 * MINUTE);
    const again = message(MIA_USER, FAMILY_GROUP, '/ask 60 please');

    await bot.send(again);

    expect(bot.api.payloadsOf('sendMessage')).toEqual([
      expect.objectContaining({ chat_id: FAMILY_CHAT, text: `You already asked for 30 min at ${clock(NOON)}: wait for the answer.`, reply_parameters: expect.objectContaining({ message_id: messageOf(again).message_id }) as unknown }),
    ]);
    expect(bot.store.asks.since(0)).toHaveLength(1);
  });

  // Found by this test and fixed: mayAsk checks for an open request, then the child's time is read (over SSH,
  // seconds) before the request is stored. Two /ask at once from two chats (the group and privately, or a child's two
  // Telegram accounts; updates of different chats run side by side) both pass the check: two open requests, and the
  // parents can give twice.
  test('two /ask at the same time from two chats: only one request is made', async () => {
    const bot = startFamily();
    await Promise.all([
      bot.bot.handleUpdate(message(MIA_USER, FAMILY_GROUP, '/ask 30')),
      bot.bot.handleUpdate(message(MIA_USER, privateChat(MIA_USER), '/ask 60')),
    ]);
    await bot.whenIdle();
    expect(bot.store.asks.since(0).filter((ask) => ask.state.kind === 'open')).toHaveLength(1);
    expect(requestCopies(bot)).toHaveLength(1);
  });

  test('a second ask by button while one is open: refused too', async () => {
    const bot = startFamily();
    await bot.send(message(MIA_USER, privateChat(MIA_USER), '/ask'));
    const prompt = bot.api.lastSent();
    await bot.send(tapOn(MIA_USER, prompt, 'k:30'));
    bot.api.clear();
    await bot.send(tapOn(MIA_USER, prompt, 'k:15'));
    expect(bot.api.texts()).toEqual([`You already asked for 30 min at ${clock(NOON)}: wait for the answer.`]);
    expect(bot.store.asks.since(0)).toHaveLength(1);
  });

  test('after the request expired, the child may ask again', async () => {
    const bot = startFamily();
    await bot.send(message(MIA_USER, FAMILY_GROUP, '/ask 30'));
    bot.advance(30 * MINUTE);
    bot.api.clear();
    await bot.send(message(MIA_USER, FAMILY_GROUP, '/ask 15'));
    expect(requestCopies(bot)).toHaveLength(1);
    expect(bot.api.texts().at(-1)).toBe(ASK_SENT(15));
  });

  test('brother and sister each have their own request', async () => {
    const bot = startFamily();
    await bot.send(message(MIA_USER, FAMILY_GROUP, '/ask 30'));
    await bot.send(message(LEO_USER, FAMILY_GROUP, '/ask 15'));
    expect(requestCopies(bot).map((copy) => String(copy['text']).split('\n')[0])).toEqual(['🙋 Mia asks for 30 min', '🙋 Leo asks for 15 min']);
    expect(bot.store.asks.openAsk('leo', NOON)?.minutes).toBe(15);
  });

  test.each([
    ['/ask 30min', 'Say how many minutes first, like: /ask 30 homework'],
    ['/ask homework', 'Say how many minutes first, like: /ask 30 homework'],
    ['/ask 0', 'You can ask for 1 to 240 minutes at once.'],
    ['/ask 241', 'You can ask for 1 to 240 minutes at once.'],
    [`/ask 30 ${'x'.repeat(61)}`, 'Keep the reason short: at most 60 characters.'],
  ])('%s: told what is wrong, nothing is asked', async (text, reply) => {
    const bot = startFamily();
    await bot.send(message(MIA_USER, FAMILY_GROUP, text));
    expect(bot.api.texts()).toEqual([reply]);
    expect(bot.store.asks.since(0)).toEqual([]);
  });

  test('asking turned off (asks.enabled: false): "turned off", nothing is sent to the parents', async () => {
    const bot = startFamily({ asks: { enabled: false } });
    await bot.send(message(MIA_USER, FAMILY_GROUP, '/ask 30 homework'));
    expect(bot.api.texts()).toEqual(['Asking for more time is turned off.']);
    expect(bot.store.asks.since(0)).toEqual([]);
  });

  // Found by this test and fixed: with asking turned off, a bare /ask still offers the 15/30/60 buttons, and only
  // the tap says it is turned off. (warnChild already leaves the buttons out when asking is off.)
  test('asking turned off: a bare /ask says so at once, without buttons', async () => {
    const bot = startFamily({ asks: { enabled: false } });
    await bot.send(message(MIA_USER, FAMILY_GROUP, '/ask'));
    expect(bot.api.texts()).toEqual(['Asking for more time is turned off.']);
    expect(buttonsOf(bot.api.payloadsOf('sendMessage')[0])).toEqual([]);
  });

  test('a reason with HTML in it reaches the parents escaped', async () => {
    const bot = startFamily();
    await bot.send(message(MIA_USER, privateChat(MIA_USER), '/ask 30 <b>&</b>'));
    const [request] = requestCopies(bot);
    expect(request).toMatchObject({ parse_mode: 'HTML' });
    expect(String(request?.['text']).split('\n')[0]).toBe('🙋 Mia asks for 30 min (&lt;b&gt;&amp;&lt;/b&gt;)');
  });

  test('one parent cannot be reached (never started the bot): the other gets it, and only that copy is remembered', async () => {
    const bot = startFamily({ chats: [] });
    bot.api.failNext('sendMessage', { ok: false, error_code: 403, description: "Forbidden: bot can't initiate conversation with a user" });
    await bot.send(message(MIA_USER, privateChat(MIA_USER), '/ask 30'));
    const ask = bot.store.asks.openAsk('mia', NOON);
    expect(ask).toBeDefined();
    expect(bot.store.asks.messages(ask?.id ?? 0).map((copy) => copy.chatId)).toHaveLength(1);
    expect(bot.api.texts().at(-1)).toBe(ASK_SENT(30));
  });

  test('the request reached no parent: the child is told to try again, and may', async () => {
    const bot = startFamily();
    bot.api.failNext('sendMessage', { ok: false, error_code: 403, description: 'Forbidden: bot was kicked from the supergroup chat' });
    await bot.send(message(MIA_USER, privateChat(MIA_USER), '/ask 30'));
    expect(bot.api.texts().at(-1)).toBe(ASK_NOT_DELIVERED);
    expect(bot.store.asks.openAsk('mia', NOON)).toBeUndefined();
    expect(bot.store.asks.since(0).map((ask) => ask.state.kind)).toEqual(['expired']);
    bot.api.clear();

    await bot.send(message(MIA_USER, privateChat(MIA_USER), '/ask 30'));
    expect(requestCopies(bot)).toHaveLength(1);
    expect(bot.api.texts().at(-1)).toBe(ASK_SENT(30));
  });
});

describe("what a known child may not do", () => {
  test.each(['/add mia 15', '/status', '/history', '/add'])('%s: "Only your parents can do that…", nothing changes', async (text) => {
    const bot = startFamily();
    await bot.send(message(MIA_USER, FAMILY_GROUP, text));
    expect(bot.api.payloadsOf('sendMessage')).toEqual([expect.objectContaining({ chat_id: FAMILY_CHAT, text: CHILD_ONLY_PARENTS })]);
    expect(bot.client.usersInfoCalls).toEqual([]);
    expectNothingChanged(bot);
    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(3600);
  });

  test('anything said privately: the same friendly answer', async () => {
    const bot = startFamily();
    await bot.send(message(MIA_USER, privateChat(MIA_USER), 'can I have more time?'));
    expect(bot.api.texts()).toEqual([CHILD_ONLY_PARENTS]);
  });

  test('chatting in the family group: no answer at all', async () => {
    const bot = startFamily();
    await bot.send(message(MIA_USER, FAMILY_GROUP, 'can I have more time?'));
    expect(bot.api.calls).toEqual([]);
  });

  test("tapping a parent's status button: refused with an alert, nothing changes", async () => {
    const bot = startFamily();
    await bot.send(message(ANNA, FAMILY_GROUP, '/status'));
    const status = bot.api.lastSent();
    bot.api.clear();
    bot.client.usersInfoCalls.length = 0;

    await bot.send(tapOn(MIA_USER, status, encodeButtonAction({ kind: 'add', childId: 'mia', machineId: 'desktop', minutes: 60 })));
    await bot.send(tapOn(MIA_USER, status, encodeButtonAction({ kind: 'refresh' })));

    expect(bot.api.methods()).toEqual(['answerCallbackQuery', 'answerCallbackQuery']);
    expect(bot.api.payloadsOf('answerCallbackQuery')).toEqual([
      expect.objectContaining({ text: CHILD_ONLY_PARENTS_TOAST, show_alert: true }),
      expect.objectContaining({ text: CHILD_ONLY_PARENTS_TOAST, show_alert: true }),
    ]);
    expect(bot.client.usersInfoCalls).toEqual([]);
    expectNothingChanged(bot);
  });

  test("tapping +60 or No under her own request: refused, nothing changes, the request stays open", async () => {
    const bot = startFamily();
    bot.client.setSecondsLeft('desktop', 'mia', 1200, { loggedIn: true });
    await bot.send(message(MIA_USER, FAMILY_GROUP, '/ask 30 homework'));
    const request = bot.api.sentMessages()[0];
    if (request === undefined) throw new Error('no request');
    const id = bot.store.asks.openAsk('mia', NOON)?.id ?? 0;
    bot.api.clear();

    await bot.send(tapOn(MIA_USER, request, `q:${id}:desktop:60`));
    await bot.send(tapOn(MIA_USER, request, `q:${id}:x`));

    expect(bot.api.methods()).toEqual(['answerCallbackQuery', 'answerCallbackQuery']);
    expect(bot.api.toasts()).toEqual([CHILD_ONLY_PARENTS_TOAST, CHILD_ONLY_PARENTS_TOAST]);
    expectNothingChanged(bot);
    expect(bot.store.asks.get(id)?.state).toEqual({ kind: 'open' });
  });

  test('her brother tapping +60 under her request: refused too', async () => {
    const bot = startFamily();
    await bot.send(message(MIA_USER, FAMILY_GROUP, '/ask 30'));
    const request = bot.api.sentMessages()[0];
    if (request === undefined) throw new Error('no request');
    const id = bot.store.asks.openAsk('mia', NOON)?.id ?? 0;
    bot.api.clear();
    await bot.send(tapOn(LEO_USER, request, `q:${id}:*:60`));
    expect(bot.api.toasts()).toEqual([CHILD_ONLY_PARENTS_TOAST]);
    expectNothingChanged(bot);
  });

  test('in a group the config does not list: refused with the chat ID, like a parent', async () => {
    const bot = startFamily();
    await bot.send(message(MIA_USER, FOREIGN_GROUP, '/ask 30'));
    expect(bot.api.texts()).toEqual([`This chat is not set up for the bot. To use it here, add ${FOREIGN_GROUP.id} to telegram.chats in the config.`]);
    expect(bot.store.asks.since(0)).toEqual([]);
  });
});

describe('strangers', () => {
  test.each(['/ask 30', '/time'])("a stranger's %s: the stranger refusal, nothing asked", async (text) => {
    const bot = startFamily();
    await bot.send(message(STRANGER, privateChat(STRANGER), text));
    expect(bot.api.texts()).toEqual([`Sorry, only the parents set up for this bot can use it. Your Telegram user ID is ${STRANGER.id}.`]);
    expect(bot.store.asks.since(0)).toEqual([]);
    expect(bot.client.usersInfoCalls).toEqual([]);
  });

  test('a child whose Telegram ID the config does not list is a stranger', async () => {
    const bot = start();
    await bot.send(message(MIA_USER, privateChat(MIA_USER), '/ask 30'));
    expect(bot.api.texts()).toEqual([`Sorry, only the parents set up for this bot can use it. Your Telegram user ID is ${MIA_USER.id}.`]);
  });
});

describe('rate limiting', () => {
  test(`${CHILD_LIMIT} messages a minute are answered; the next gets "Slow down…", the one after nothing; a minute later she is heard again`, async () => {
    const bot = startFamily();
    for (let index = 0; index < CHILD_LIMIT + 2; index += 1) {
      await bot.send(message(MIA_USER, privateChat(MIA_USER), `hello ${index}`));
      bot.advance(1_000);
    }
    expect(bot.api.texts()).toEqual([...Array.from({ length: CHILD_LIMIT }, () => CHILD_ONLY_PARENTS), CHILD_SLOW_DOWN]);
    bot.api.clear();

    bot.advance(MINUTE);
    await bot.send(message(MIA_USER, privateChat(MIA_USER), '/time'));
    expect(bot.api.texts()[0]).toMatch(/^<b>Your time today<\/b>/);
  });

  test('a request past the limit is not made', async () => {
    const bot = startFamily();
    for (let index = 0; index < CHILD_LIMIT; index += 1) await bot.send(message(MIA_USER, privateChat(MIA_USER), '/time'));
    bot.api.clear();
    bot.client.usersInfoCalls.length = 0;
    await bot.send(message(MIA_USER, privateChat(MIA_USER), '/ask 30'));
    await bot.send(message(MIA_USER, privateChat(MIA_USER), '/ask 30'));
    expect(bot.api.texts()).toEqual([CHILD_SLOW_DOWN]);
    expect(bot.store.asks.since(0)).toEqual([]);
    expect(bot.client.usersInfoCalls).toEqual([]);
  });

  test('a tap past the limit: the toast says slow down', async () => {
    const bot = startFamily();
    await bot.send(message(MIA_USER, privateChat(MIA_USER), '/ask'));
    const prompt = bot.api.lastSent();
    for (let index = 0; index < CHILD_LIMIT - 1; index += 1) await bot.send(message(MIA_USER, privateChat(MIA_USER), 'hi'));
    bot.api.clear();
    await bot.send(tapOn(MIA_USER, prompt, 'k:30'));
    expect(bot.api.methods()).toEqual(['answerCallbackQuery']);
    expect(bot.api.toasts()).toEqual([CHILD_SLOW_DOWN]);
    expect(bot.store.asks.since(0)).toEqual([]);
  });

  test('one child being limited does not limit the other, nor a parent', async () => {
    const bot = startFamily();
    for (let index = 0; index < CHILD_LIMIT + 2; index += 1) await bot.send(message(MIA_USER, privateChat(MIA_USER), 'hi'));
    bot.api.clear();
    await bot.send(message(LEO_USER, privateChat(LEO_USER), '/time'));
    await bot.send(message(ANNA, privateChat(ANNA), '/help'));
    expect(bot.api.texts()).toHaveLength(2);
    expect(bot.api.texts()[0]).toMatch(/^<b>Your time today<\/b>/);
    expect(bot.api.texts()).not.toContain(CHILD_SLOW_DOWN);
  });

  // Found by this test and fixed: the limiter counts every update of the child, chatter in the family group
  // included (which the bot otherwise never answers, and sees whenever it reads all group messages). The first
  // ordinary group message past the limit within a minute gets "Slow down a little…" posted in the family group.
  test('chatting in the family group never gets an answer, however much she chats', async () => {
    const bot = startFamily();
    for (let index = 0; index < CHILD_LIMIT + 2; index += 1) await bot.send(message(MIA_USER, FAMILY_GROUP, `lol ${index}`));
    expect(bot.api.calls).toEqual([]);
  });
});

describe('Ben sees the request like Anna', () => {
  test('both parents get their own copy without a group, and neither is the child', async () => {
    const bot = startFamily({ chats: [] });
    await bot.send(message(LEO_USER, privateChat(LEO_USER), '/ask 60 movie'));
    expect(requestCopies(bot)).toEqual([
      expect.objectContaining({ chat_id: ANNA.id, text: '🙋 Leo asks for 60 min (movie)\ndesktop: 1h 00m left, not logged in\nNot logged in anywhere: pick the computer.' }),
      expect.objectContaining({ chat_id: BEN.id, text: '🙋 Leo asks for 60 min (movie)\ndesktop: 1h 00m left, not logged in\nNot logged in anywhere: pick the computer.' }),
    ]);
    expect(requestCopies(bot).map((copy) => copy['chat_id'])).not.toContain(LEO_USER.id);
  });
});

describe('a child whose Telegram app is set to German', () => {
  const MIA_DE = { ...MIA_USER, language_code: 'de' };

  test('/ask alone, a tap, a refusal and what only parents may do: all in German', async () => {
    const bot = startFamily();
    await bot.send(message(MIA_DE, privateChat(MIA_DE), '/ask'));
    expect(bot.api.texts()).toEqual(['Um wie viel mehr Zeit möchtest du deine Eltern bitten?']);
    const prompt = bot.api.lastSent();
    const labels = (bot.api.payloadsOf('sendMessage')[0]?.['reply_markup'] as { inline_keyboard: { text: string }[][] }).inline_keyboard.flat().map((button) => button.text);
    expect(labels).toEqual(['15 Min.', '30 Min.', '60 Min.']);
    bot.api.clear();

    await bot.send(tapOn(MIA_DE, prompt, encodeButtonAction({ kind: 'child-ask', minutes: 30 })));
    expect(bot.api.texts().at(-1)).toBe('🙋 Ich habe deine Eltern um 30 Min. gebeten. Ihre Antwort sage ich dir hier.');
    // The family group reads telegram.language (English here).
    expect(String(requestCopies(bot)[0]?.['text'])).toMatch(/^🙋 Mia asks for 30 min\n/);
    bot.api.clear();

    await bot.send(message(MIA_DE, privateChat(MIA_DE), '/ask 15'));
    await bot.send(message(MIA_DE, privateChat(MIA_DE), '/ask 0'));
    await bot.send(message(MIA_DE, privateChat(MIA_DE), '/add mia 60'));
    expect(bot.api.texts()).toEqual([
      `Du hast um ${clock(NOON)} schon um 30 Min. gebeten: Warte auf die Antwort.`,
      'Du kannst um 1 bis 240 Minuten auf einmal bitten.',
      'Das können nur deine Eltern. Mit /time siehst du deine Zeit, mit /ask bittest du um mehr.',
    ]);
  });
});
