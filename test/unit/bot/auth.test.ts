import { Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { describe, expect, test } from 'vitest';
import { authGate, authorize, REFUSAL_WINDOW_MS, refusalAnswer, type Authorization, type RefusedUpdate } from '../../../src/bot/auth.ts';
import type { BotContext } from '../../../src/bot/context.ts';
import { createOncePerWindow } from '../../../src/bot/telegram/rate-limit.ts';
import { refusalText } from '../../../src/bot/render/replies.ts';
import { FAMILY_CHAT, PARENT_ANNA, PARENT_BEN, familyConfig } from '../../support/bot-config.ts';
import { ANNA, BOT_INFO, capturingLogger, FAMILY_GROUP, FOREIGN_GROUP, message, MIA_USER, privateChat, RecordingApi, STRANGER, tap } from '../../support/offline-bot.ts';
import { english } from '../../support/words.ts';

const config = familyConfig();
const { telegram } = config;
const CHILD_USER_ID = 5550001;

/** What the refused sender is told ('' when allowed). */
function replyOf(result: Authorization): string {
  return result.kind === 'refused' ? refusalText(english, result.refusal) : '';
}

/** Everything in the config a refusal must not reveal: children's ids, names and logins, and the parents' IDs. */
function secretsOf(): string[] {
  const children = [...config.children.values()].flatMap((child) => [child.id, child.name, ...child.accounts.values()]);
  return [...children, ...telegram.parents.map(String)];
}

describe('authorize', () => {
  test('a parent in a private chat is allowed', () => {
    expect(authorize(telegram, { id: PARENT_ANNA }, { id: PARENT_ANNA, type: 'private' })).toEqual({ kind: 'allowed' });
  });

  test('a parent in a listed group or supergroup is allowed', () => {
    expect(authorize(telegram, { id: PARENT_BEN }, { id: FAMILY_CHAT, type: 'supergroup' })).toEqual({ kind: 'allowed' });
    expect(authorize(telegram, { id: PARENT_ANNA }, { id: FAMILY_CHAT, type: 'group' })).toEqual({ kind: 'allowed' });
  });

  test('a child in the listed family group is refused and told only their own user ID', () => {
    const result = authorize(telegram, { id: CHILD_USER_ID }, { id: FAMILY_CHAT, type: 'supergroup' });
    expect(result).toMatchObject({ kind: 'refused', refusal: { kind: 'not-a-parent' } });
    const reply = replyOf(result);
    expect(reply).toContain(String(CHILD_USER_ID));
    const lower = reply.toLowerCase();
    for (const secret of secretsOf()) expect(lower).not.toContain(secret.toLowerCase());
    expect(reply).not.toContain(String(FAMILY_CHAT));
    // No times: neither `1h 05m` / `45m` nor minutes.
    expect(reply).not.toMatch(/\d+h\b|\b\d+m\b|\bmin/);
  });

  test('a non-parent in a private chat is refused too', () => {
    const result = authorize(telegram, { id: CHILD_USER_ID }, { id: CHILD_USER_ID, type: 'private' });
    expect(result).toMatchObject({ kind: 'refused', refusal: { kind: 'not-a-parent' } });
    expect(replyOf(result)).toContain(String(CHILD_USER_ID));
  });

  test('a parent in an unlisted group is refused and told the chat ID to add', () => {
    const otherGroup = -1009876543210;
    for (const type of ['group', 'supergroup'] as const) {
      const result = authorize(telegram, { id: PARENT_ANNA }, { id: otherGroup, type });
      expect(result).toMatchObject({ kind: 'refused', refusal: { kind: 'chat-not-allowed' } });
      expect(replyOf(result)).toContain(String(otherGroup));
      expect(replyOf(result)).toContain('telegram.chats');
    }
  });

  test('without listed chats, a parent is allowed only in private', () => {
    const privateOnly = { ...telegram, chats: [] };
    expect(authorize(privateOnly, { id: PARENT_ANNA }, { id: PARENT_ANNA, type: 'private' })).toEqual({ kind: 'allowed' });
    expect(authorize(privateOnly, { id: PARENT_ANNA }, { id: FAMILY_CHAT, type: 'supergroup' })).toMatchObject({
      kind: 'refused',
      refusal: { kind: 'chat-not-allowed' },
    });
  });

  test('an update without sender or chat is refused without revealing anything', () => {
    for (const result of [
      authorize(telegram, undefined, { id: FAMILY_CHAT, type: 'supergroup' }),
      authorize(telegram, { id: PARENT_ANNA }, undefined),
      authorize(telegram, undefined, undefined),
    ]) {
      expect(result).toMatchObject({ kind: 'refused', refusal: { kind: 'no-sender' } });
      const reply = replyOf(result);
      expect(reply).not.toBe('');
      for (const secret of secretsOf()) expect(reply.toLowerCase()).not.toContain(secret.toLowerCase());
      expect(reply).not.toMatch(/\d/);
    }
  });

  test('channels: a post without a sender is refused, and a parent in an unlisted channel is told its ID', () => {
    const channel = -1005555555555;
    expect(authorize(telegram, undefined, { id: channel, type: 'channel' })).toMatchObject({ kind: 'refused', refusal: { kind: 'no-sender' } });
    const result = authorize(telegram, { id: PARENT_ANNA }, { id: channel, type: 'channel' });
    expect(result).toMatchObject({ kind: 'refused', refusal: { kind: 'chat-not-allowed' } });
    expect(replyOf(result)).toContain(String(channel));
  });

  test('a child is refused even in a channel that is listed', () => {
    const result = authorize(telegram, { id: CHILD_USER_ID }, { id: FAMILY_CHAT, type: 'channel' });
    expect(result).toMatchObject({ kind: 'refused', refusal: { kind: 'not-a-parent' } });
  });
});

describe('authorize: known children', () => {
  const telegram = { parents: [1], chats: [-100], apiRoot: 'https://api.telegram.org', buttons: [15], deliverWithinMs: 86_400_000, language: 'en' as const };
  const childIdOf = (userId: number) => (userId === 77 ? 'mia' : undefined);

  test('a known child in a private chat or an allowed group is a child, not a parent', () => {
    expect(authorize(telegram, { id: 77 }, { id: 77, type: 'private' }, childIdOf)).toEqual({ kind: 'child', childId: 'mia' });
    expect(authorize(telegram, { id: 77 }, { id: -100, type: 'supergroup' }, childIdOf)).toEqual({ kind: 'child', childId: 'mia' });
  });

  test('a known child in another group is refused like anyone there; a stranger stays a stranger', () => {
    expect(authorize(telegram, { id: 77 }, { id: -200, type: 'group' }, childIdOf)).toEqual({ kind: 'refused', refusal: { kind: 'chat-not-allowed', chatId: -200 } });
    expect(authorize(telegram, { id: 78 }, { id: 78, type: 'private' }, childIdOf)).toEqual({ kind: 'refused', refusal: { kind: 'not-a-parent', userId: 78 } });
  });

  test('a parent is a parent even if a child lookup would name them', () => {
    expect(authorize(telegram, { id: 1 }, { id: 1, type: 'private' }, () => 'mia')).toEqual({ kind: 'allowed' });
  });
});

describe('refusalAnswer', () => {
  const update = (fields: Partial<RefusedUpdate>): RefusedUpdate => ({ tap: false, privateChat: false, command: false, ...fields });
  const yes = () => true;
  const no = () => false;

  test('told: a tap gets an alert, a command or a private message a reply', () => {
    expect(refusalAnswer(update({ tap: true }), yes)).toEqual({ kind: 'alert' });
    expect(refusalAnswer(update({ command: true }), yes)).toEqual({ kind: 'reply' });
    expect(refusalAnswer(update({ privateChat: true }), yes)).toEqual({ kind: 'reply' });
  });

  test('not told again: a message gets nothing; a tap is still answered in words (only the tapper sees it)', () => {
    expect(refusalAnswer(update({ tap: true }), no)).toEqual({ kind: 'alert' });
    expect(refusalAnswer(update({ command: true }), no)).toEqual({ kind: 'none' });
    expect(refusalAnswer(update({ privateChat: true, command: true }), no)).toEqual({ kind: 'none' });
  });

  test('people chatting in a group get nothing and use up nothing', () => {
    let asked = 0;
    expect(refusalAnswer(update({}), () => (asked += 1) > 0)).toEqual({ kind: 'none' });
    expect(asked).toBe(0);
  });
});

describe('authGate: the refused are told at most once per chat per 10 minutes', () => {
  /** A bot of the auth gate alone (a parent's update gets "ok"), offline, on a clock the test moves. */
  function gateBot() {
    const api = new RecordingApi();
    const clock = { now: 1_000_000 };
    const { logger, lines } = capturingLogger('debug');
    const bot = new Bot<BotContext>('1:offline', { botInfo: BOT_INFO, client: { fetch: api.fetch } });
    bot.use((ctx, next) => {
      ctx.log = logger.child({ updateId: ctx.update.update_id, chatId: ctx.chat?.id });
      ctx.words = english;
      return next();
    });
    bot.use(authGate(config.telegram, { childIdOf: () => undefined, handle: () => Promise.resolve() }, { now: () => clock.now }));
    bot.on('message', (ctx) => ctx.reply('ok'));
    return { api, clock, lines, send: (update: Update) => bot.handleUpdate(update) };
  }
  const refusal = (userId: number) => `Sorry, only the parents set up for this bot can use it. Your Telegram user ID is ${userId}.`;

  test('150 commands from a stranger in the family group: one refusal; the rest logged at debug only', async () => {
    const { api, clock, lines, send } = gateBot();
    for (let index = 0; index < 150; index += 1) {
      await send(message(STRANGER, FAMILY_GROUP, index % 2 === 0 ? '/status' : '/add mia 60'));
      clock.now += 1000;
    }
    expect(api.texts()).toEqual([refusal(STRANGER.id)]);
    expect(api.payloadsOf('sendMessage')[0]).toMatchObject({ chat_id: FAMILY_GROUP.id });
    expect(lines.filter((line) => line['msg'] === 'refused')).toHaveLength(1);
    const quiet = lines.filter((line) => line['msg'] === 'refused quietly');
    expect(quiet).toHaveLength(149);
    expect(quiet.every((line) => line['level'] === 20)).toBe(true);
  });

  test('several strangers in one group share its one refusal; a parent there is answered all along', async () => {
    const { api, send } = gateBot();
    const others = [STRANGER, MIA_USER, { id: 8880008, is_bot: false, first_name: 'Mallory' }];
    for (let round = 0; round < 20; round += 1) {
      for (const stranger of others) await send(message(stranger, FAMILY_GROUP, '/status'));
      if (round === 10) await send(message(ANNA, FAMILY_GROUP, '/status'));
    }
    expect(api.texts()).toEqual([refusal(STRANGER.id), 'ok']);
  });

  test('each chat is told once: the group, each private chat, and a group the config does not list', async () => {
    const { api, send } = gateBot();
    for (let round = 0; round < 5; round += 1) {
      await send(message(STRANGER, FAMILY_GROUP, '/status'));
      await send(message(STRANGER, privateChat(STRANGER), 'hello'));
      await send(message(MIA_USER, privateChat(MIA_USER), '/status'));
      await send(message(ANNA, FOREIGN_GROUP, '/status'));
    }
    expect(api.payloadsOf('sendMessage').map((payload) => payload['chat_id'])).toEqual([FAMILY_GROUP.id, STRANGER.id, MIA_USER.id, FOREIGN_GROUP.id]);
    // Privately, the first refusal still tells them their own user ID; the parent is told the chat's ID to add.
    expect(api.texts()).toEqual([
      refusal(STRANGER.id),
      refusal(STRANGER.id),
      refusal(MIA_USER.id),
      `This chat is not set up for the bot. To use it here, add ${FOREIGN_GROUP.id} to telegram.chats in the config.`,
    ]);
  });

  test('told again once 10 minutes have passed since the last time it was told', async () => {
    const { api, clock, send } = gateBot();
    await send(message(STRANGER, FAMILY_GROUP, '/status'));
    clock.now += REFUSAL_WINDOW_MS - 1;
    await send(message(STRANGER, FAMILY_GROUP, '/status'));
    expect(api.texts()).toHaveLength(1);
    clock.now += 1;
    await send(message(STRANGER, FAMILY_GROUP, '/status'));
    expect(api.texts()).toHaveLength(2);
  });

  test('group chatter is never answered and does not use up the refusal', async () => {
    const { api, send } = gateBot();
    for (let index = 0; index < 20; index += 1) await send(message(STRANGER, FAMILY_GROUP, 'hi all'));
    expect(api.calls).toEqual([]);
    await send(message(STRANGER, FAMILY_GROUP, '/status'));
    expect(api.texts()).toEqual([refusal(STRANGER.id)]);
  });

  test('every tap is answered in words, as an alert only the tapper sees: it writes nothing into the chat and uses up nothing', async () => {
    const { api, send } = gateBot();
    for (let index = 0; index < 5; index += 1) await send(tap(STRANGER, FAMILY_GROUP, 'a:mia:desktop:15', 7));
    const answers = api.payloadsOf('answerCallbackQuery');
    expect(answers).toHaveLength(5);
    for (const answer of answers) expect(answer).toMatchObject({ text: refusal(STRANGER.id), show_alert: true });
    expect(api.methods().filter((method) => method === 'sendMessage')).toEqual([]);
    // The chat was not told yet: a command is refused there once, then not again.
    await send(message(STRANGER, FAMILY_GROUP, '/status'));
    await send(message(STRANGER, FAMILY_GROUP, '/status'));
    expect(api.texts()).toEqual([refusal(STRANGER.id)]);
  });

  test('a refusal Telegram does not take is logged, not thrown (no apology in the chat), and not tried again', async () => {
    const { api, lines, send } = gateBot();
    api.failNext('sendMessage', { ok: false, error_code: 500, description: 'Internal Server Error' });
    await send(message(STRANGER, FAMILY_GROUP, '/status'));
    await send(message(STRANGER, FAMILY_GROUP, '/status'));
    expect(api.methods()).toEqual(['sendMessage']);
    expect(lines.find((line) => line['msg'] === 'refusal not delivered')).toMatchObject({ level: 40 });
  });

  test('a shared limiter may be passed in, and a full one tells nobody new', async () => {
    const api = new RecordingApi();
    const told = createOncePerWindow({ windowMs: REFUSAL_WINDOW_MS, maxKeys: 1 });
    const bot = new Bot<BotContext>('1:offline', { botInfo: BOT_INFO, client: { fetch: api.fetch } });
    bot.use((ctx, next) => {
      ctx.log = capturingLogger().logger;
      ctx.words = english;
      return next();
    });
    bot.use(authGate(config.telegram, undefined, { told, now: () => 0 }));
    await bot.handleUpdate(message(STRANGER, privateChat(STRANGER), 'hello'));
    await bot.handleUpdate(message(MIA_USER, privateChat(MIA_USER), 'hello'));
    expect(api.payloadsOf('sendMessage').map((payload) => payload['chat_id'])).toEqual([STRANGER.id]);
    expect(told.size).toBe(1);
  });
});
