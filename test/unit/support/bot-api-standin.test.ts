import { autoRetry } from '@grammyjs/auto-retry';
import { Api, Bot, GrammyError, InlineKeyboard } from 'grammy';
import type { Update } from 'grammy/types';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { startBotApiStandin, type ApiResponse, type BotApiStandin, type TestChat, type TestUser } from '../../support/bot-api-standin.ts';

const TOKEN = '123456:standin-test-token';
const parent: TestUser = { id: 42, first_name: 'Anna', username: 'anna' };
const privateChat: TestChat = { id: 42, type: 'private' };
const familyChat: TestChat = { id: -100500, type: 'supergroup', title: 'Family' };
const NOT_MODIFIED =
  'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

let standin: BotApiStandin;
let cleanups: (() => Promise<void>)[] = [];

beforeEach(async () => {
  standin = await startBotApiStandin({ token: TOKEN });
});

afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
  await standin.close();
});

/** A Bot pointed at the stand-in; middleware errors are collected instead of logged. */
function newBot(token = TOKEN): { bot: Bot; errors: unknown[] } {
  const bot = new Bot(token, { client: { apiRoot: standin.apiRoot } });
  const errors: unknown[] = [];
  bot.catch((error) => void errors.push(error.error));
  return { bot, errors };
}

/** Starts long polling; the bot is stopped after the test. Resolves once polling has begun. */
async function startPolling(bot: Bot): Promise<void> {
  const after = standin.calls.length;
  const running = bot.start().catch((error: unknown) => error);
  cleanups.push(async () => {
    if (bot.isRunning()) await bot.stop();
    const outcome = await running;
    if (outcome !== undefined) throw new Error('bot.start() failed', { cause: outcome });
  });
  await standin.waitForCall('deleteWebhook', undefined, { after });
}

/** A raw request, as any HTTP client would make it. */
async function post(method: string, params: object, token = TOKEN): Promise<{ status: number; body: ApiResponse }> {
  const res = await fetch(`${standin.apiRoot}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as ApiResponse };
}

function updateIds(response: { body: ApiResponse }): number[] {
  if (!response.body.ok) throw new Error(`getUpdates failed: ${response.body.description}`);
  return (response.body.result as Update[]).map((u) => u.update_id);
}

describe('with a polling grammY bot', () => {
  test('a text command reaches the bot and its reply is stored as the bot message', async () => {
    const { bot, errors } = newBot();
    const seen: { match: string; entities: unknown }[] = [];
    bot.command(['start', 'status'], async (ctx) => {
      seen.push({ match: ctx.match, entities: ctx.message?.entities });
      await ctx.reply(`hello ${ctx.from?.first_name ?? '?'}`, { parse_mode: 'HTML' });
    });
    await startPolling(bot);

    const update = standin.sendText({ from: parent, chat: privateChat, text: '/start now' });
    const reply = await standin.waitForCall('sendMessage');
    expect(update.update_id).toBe(1);
    expect(reply.params).toMatchObject({ chat_id: 42, text: 'hello Anna', parse_mode: 'HTML' });
    expect(seen).toEqual([{ match: 'now', entities: [{ type: 'bot_command', offset: 0, length: 6 }] }]);

    const [stored] = standin.messages(42);
    expect(stored).toMatchObject({ text: 'hello Anna', parseMode: 'HTML', history: [] });
    expect(stored?.message.from).toMatchObject({ id: 123456, is_bot: true, username: 'standin_bot' });
    expect(stored?.messageId).toBeGreaterThan(update.message?.message_id ?? Infinity);

    // In a group the command carries the bot's username, which grammY must accept.
    standin.sendText({ from: parent, chat: familyChat, text: '/status@standin_bot' });
    await standin.waitForCall('sendMessage', (c) => c.params.chat_id === familyChat.id);
    expect(seen[1]?.entities).toEqual([{ type: 'bot_command', offset: 0, length: 19 }]);
    expect(errors).toEqual([]);
  });

  test('a callback query round trip: answer, then edit the message the button was on', async () => {
    const { bot, errors } = newBot();
    const seenMessageText: (string | undefined)[] = [];
    bot.command('start', (ctx) => ctx.reply('Desk: 30 min left', { reply_markup: new InlineKeyboard().text('+15 min', 'add:15') }));
    bot.callbackQuery(/^add:/, async (ctx) => {
      seenMessageText.push(ctx.callbackQuery.message?.text);
      await ctx.answerCallbackQuery({ text: 'Added' });
      await ctx.editMessageText('Desk: 45 min left');
    });
    await startPolling(bot);

    standin.sendText({ from: parent, chat: privateChat, text: '/start' });
    const sent = await standin.waitForCall('sendMessage');
    const messageId = (sent.response as { result: { message_id: number } }).result.message_id;
    expect(() => standin.pressButton({ from: parent, chat: privateChat, messageId, data: 'add:99' })).toThrow(/no button "add:99"/);

    const press = standin.pressButton({ from: parent, chat: privateChat, messageId, data: 'add:15' });
    await standin.waitForCall('editMessageText');
    const queryId = press.callback_query?.id ?? '';
    expect(standin.callbackAnswer(queryId)).toEqual({ text: 'Added', showAlert: false });
    expect(seenMessageText).toEqual(['Desk: 30 min left']);
    const [edited] = standin.messages(42);
    expect(edited?.text).toBe('Desk: 45 min left');
    expect(edited?.replyMarkup).toBeUndefined(); // editMessageText without reply_markup drops the keyboard, as in Telegram
    expect(edited?.history.map((v) => v.text)).toEqual(['Desk: 30 min left']);

    // A query can be answered once.
    await expect(bot.api.answerCallbackQuery(queryId)).rejects.toMatchObject({ error_code: 400, description: expect.stringMatching(/query is too old/) as string });
    expect(errors).toEqual([]);
  });

  test('unconfirmed updates are delivered again; a new bot gets exactly those', async () => {
    const first = standin.sendText({ from: parent, chat: privateChat, text: 'one' });
    const second = standin.sendText({ from: parent, chat: privateChat, text: 'two' });
    // A bot that fetched but crashed before confirming: the next getUpdates sees the same updates.
    expect(updateIds(await post('getUpdates', {}))).toEqual([1, 2]);
    expect(updateIds(await post('getUpdates', {}))).toEqual([1, 2]);
    // offset confirms everything below it, for good.
    expect(updateIds(await post('getUpdates', { offset: second.update_id }))).toEqual([2]);
    expect(updateIds(await post('getUpdates', { offset: 0 }))).toEqual([2]);

    const { bot } = newBot();
    const handled: number[] = [];
    bot.on('message:text', async (ctx) => {
      handled.push(ctx.update.update_id);
      await ctx.reply('got it');
    });
    await startPolling(bot);
    await standin.waitForCall('sendMessage');
    expect(handled).toEqual([second.update_id]);
    expect(handled).not.toContain(first.update_id);

    await bot.stop(); // grammY confirms what it handled when it stops
    await standin.waitForUpdatesConfirmed(second.update_id, { timeoutMs: 2000 });
    expect(updateIds(await post('getUpdates', {}))).toEqual([]);
  });

  test('a wrong token is rejected with 401, as a GrammyError', async () => {
    const { bot } = newBot('999:wrong');
    const error: unknown = await bot.init().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 401, description: 'Unauthorized', method: 'getMe' });
    expect((await post('getMe', {}, '999:wrong')).status).toBe(401);
    expect(standin.calls[0]?.response).toEqual({ ok: false, error_code: 401, description: 'Unauthorized' });
  });
});

describe('edits', () => {
  test('a second identical edit gets "message is not modified"; unknown messages are not found', async () => {
    const api = new Api(TOKEN, { apiRoot: standin.apiRoot });
    const keyboard = new InlineKeyboard().text('Refresh', 'refresh');
    const sent = await api.sendMessage(42, 'v1', { reply_markup: keyboard });
    expect(sent.reply_markup).toEqual(keyboard.toFlowed(1));

    const edited = await api.editMessageText(42, sent.message_id, 'v2', { reply_markup: keyboard });
    expect(edited).toMatchObject({ text: 'v2', edit_date: expect.any(Number) as number });
    const again = await api.editMessageText(42, sent.message_id, 'v2', { reply_markup: keyboard }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(GrammyError);
    expect(again).toMatchObject({ error_code: 400, description: NOT_MODIFIED });
    await expect(api.editMessageReplyMarkup(42, sent.message_id, { reply_markup: keyboard })).rejects.toMatchObject({ description: NOT_MODIFIED });

    await api.editMessageReplyMarkup(42, sent.message_id);
    expect(standin.messages(42)[0]).toMatchObject({ text: 'v2', replyMarkup: undefined, history: [{ text: 'v1' }, { text: 'v2' }] });
    await expect(api.editMessageText(42, 777, 'x')).rejects.toMatchObject({ description: 'Bad Request: message to edit not found' });

    await api.deleteMessage(42, sent.message_id);
    expect(standin.messages(42)).toEqual([]);
    await expect(api.deleteMessage(42, sent.message_id)).rejects.toMatchObject({ description: 'Bad Request: message to delete not found' });
  });

  test('HTML that Telegram cannot parse is refused', async () => {
    const api = new Api(TOKEN, { apiRoot: standin.apiRoot });
    await expect(api.sendMessage(42, 'Tom <3 games', { parse_mode: 'HTML' })).rejects.toMatchObject({
      error_code: 400,
      description: expect.stringMatching(/^Bad Request: can't parse entities/) as string,
    });
    await expect(api.sendMessage(42, '<b>Tom</b> &lt;3 <i>games</i>', { parse_mode: 'HTML' })).resolves.toMatchObject({ text: '<b>Tom</b> &lt;3 <i>games</i>' });
  });
});

describe('failure injection', () => {
  test('429 with retry_after: the raw error, then auto-retry waiting it out', async () => {
    const api = new Api(TOKEN, { apiRoot: standin.apiRoot });
    const tooMany = { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } };
    standin.failNext('sendMessage', tooMany);
    const error: unknown = await api.sendMessage(42, 'hi').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    expect(standin.messages(42)).toEqual([]);

    standin.failNext('sendMessage', tooMany);
    expect((await post('sendMessage', { chat_id: 42, text: 'hi' })).status).toBe(429);

    api.config.use(autoRetry());
    standin.failNext('sendMessage', tooMany);
    const after = standin.calls.length;
    await api.sendMessage(42, 'hi');
    const attempts = standin.calls.slice(after);
    expect(attempts.map((c) => (c.response?.ok === true ? 'ok' : c.response?.error_code))).toEqual([429, 'ok']);
    expect((attempts[1]?.at ?? 0) - (attempts[0]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(standin.messages(42).map((m) => m.text)).toEqual(['hi']);
  });
});

describe('long polling', () => {
  test('a poll is held until an update arrives, or answers [] when its timeout passes', async () => {
    const started = Date.now();
    const poll = post('getUpdates', { timeout: 5 });
    await vi.waitFor(() => expect(standin.calls).toHaveLength(1));
    standin.sendText({ from: parent, chat: privateChat, text: 'hi' });
    expect(updateIds(await poll)).toEqual([1]);
    expect(Date.now() - started).toBeLessThan(2000);

    const quiet = Date.now();
    expect(updateIds(await post('getUpdates', { offset: 2, timeout: 1 }))).toEqual([]);
    expect(Date.now() - quiet).toBeGreaterThanOrEqual(900);
  });

  test('concurrent polls neither lose nor duplicate updates', async () => {
    const polls = [post('getUpdates', { timeout: 5, limit: 1 }), post('getUpdates', { timeout: 5, limit: 1 }), post('getUpdates', { timeout: 5, limit: 1 })];
    await vi.waitFor(() => expect(standin.calls).toHaveLength(3));
    for (const text of ['a', 'b', 'c']) standin.sendText({ from: parent, chat: privateChat, text });
    const delivered = (await Promise.all(polls)).map(updateIds);
    expect(delivered.map((ids) => ids.length)).toEqual([1, 1, 1]);
    expect(delivered.flat().sort()).toEqual([1, 2, 3]);
  });

  test('close() answers pending polls with []', async () => {
    const poll = post('getUpdates', { timeout: 30 });
    await vi.waitFor(() => expect(standin.calls).toHaveLength(1));
    const started = Date.now();
    await standin.close();
    expect(updateIds(await poll)).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('requests', () => {
  test('unknown methods, invalid params and form bodies are answered like Telegram does', async () => {
    expect(await post('getChatHistoryPlease', {})).toEqual({ status: 404, body: { ok: false, error_code: 404, description: 'Not Found: method not found' } });
    const missing = await post('sendMessage', { chat_id: 42 });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ ok: false, description: expect.stringMatching(/^Bad Request: text: /) as string });

    const form = await fetch(`${standin.apiRoot}/bot${TOKEN}/sendmessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ chat_id: '42', text: '15', reply_markup: '{"inline_keyboard":[[{"text":"ok","callback_data":"ok"}]]}' }),
    });
    expect(form.status).toBe(200);
    expect(standin.messages(42)[0]).toMatchObject({ text: '15', replyMarkup: { inline_keyboard: [[{ text: 'ok', callback_data: 'ok' }]] } });
    const multipart = new FormData();
    multipart.set('chat_id', '42');
    multipart.set('text', 'true');
    expect((await fetch(`${standin.apiRoot}/bot${TOKEN}/sendMessage`, { method: 'POST', body: multipart })).status).toBe(200);
    expect(standin.messages(42)[1]?.text).toBe('true');
    expect(standin.calls.map((c) => [c.method, typeof c.at, c.response?.ok])).toEqual([
      ['getChatHistoryPlease', 'number', false],
      ['sendMessage', 'number', false],
      ['sendMessage', 'number', true],
      ['sendMessage', 'number', true],
    ]);
    expect((await post('toString', {})).status).toBe(404);
  });

  test('commands set with setMyCommands are returned per scope by getMyCommands', async () => {
    const api = new Api(TOKEN, { apiRoot: standin.apiRoot });
    await api.setMyCommands([{ command: 'status', description: 'Show time left' }], { scope: { type: 'all_private_chats' } });
    expect(await api.getMyCommands({ scope: { type: 'all_private_chats' } })).toEqual([{ command: 'status', description: 'Show time left' }]);
    expect(await api.getMyCommands()).toEqual([]);
    await expect(api.setMyCommands([{ command: 'Bad Command', description: 'x' }])).rejects.toMatchObject({ description: expect.stringMatching(/BOT_COMMAND_INVALID/) as string });
  });

  test('a wait that times out says what it waited for and lists recent calls', async () => {
    await post('getMe', {});
    await expect(standin.waitForCall('sendMessage', undefined, { timeoutMs: 50 })).rejects.toThrow(/call sendMessage .*not seen within 50 ms[\s\S]*#0 getMe \{\} → ok/);
    await expect(standin.waitForUpdatesConfirmed(1, { timeoutMs: 50 })).rejects.toThrow(/confirming update 1/);
  });
});
