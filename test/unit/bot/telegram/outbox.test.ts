import { Api } from 'grammy';
import { afterEach, describe, expect, test } from 'vitest';
import { Outbox } from '../../../../src/bot/telegram/outbox.ts';
import type { AfterDelivery } from '../../../../src/storage/outbox.ts';
import { silentLogger, tempStore } from '../../../support/bot-config.ts';

const CHAT = -100;
const OTHER_CHAT = 42;
const HOUR = 3_600_000;

type Answer = { ok: true; result: unknown } | { ok: false; error_code: number; description: string; parameters?: { retry_after: number } } | { network: string } | { hang: true };

/**
 * Telegram as the outbox sees it, offline: every call is recorded, and answered by the next queued answer for its
 * method (a network error code throws as fetch does), or else successfully with a new message id.
 */
function telegram() {
  const calls: { method: string; payload: Record<string, unknown> }[] = [];
  const queued = new Map<string, Answer[]>();
  let nextMessageId = 500;
  const fetch = (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const method = (typeof url === 'string' ? url : url instanceof URL ? url.href : url.url).split('/').at(-1) ?? '';
    const payload = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : {};
    calls.push({ method, payload });
    const answer = queued.get(method)?.shift() ?? { ok: true, result: method.startsWith('send') ? { message_id: (nextMessageId += 1), chat: { id: payload['chat_id'] }, date: 0 } : true };
    if ('network' in answer) return Promise.reject(Object.assign(new Error(`connect ${answer.network}`), { code: answer.network }));
    if ('hang' in answer) {
      // A network that swallows the request: no answer until the caller gives up.
      return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('The operation was aborted'))));
    }
    return Promise.resolve(new Response(JSON.stringify(answer), { status: answer.ok ? 200 : answer.error_code, headers: { 'content-type': 'application/json' } }));
  };
  return {
    api: new Api('1:x', { apiRoot: 'http://127.0.0.1:9', fetch: fetch as never }),
    calls,
    /** The next calls of `method` get these answers. */
    answer: (method: string, ...answers: Answer[]) => queued.set(method, [...(queued.get(method) ?? []), ...answers]),
    texts: () => calls.filter((call) => call.method === 'sendMessage').map((call) => call.payload['text']),
  };
}

/** Waits (polling) until `done` holds; fails after 5 s. */
async function waitUntil(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const stores: (() => void)[] = [];
const outboxes: Outbox[] = [];
afterEach(async () => {
  await Promise.all(outboxes.splice(0).map((outbox) => outbox.stop()));
  for (const remove of stores.splice(0)) remove();
});

function setUp(options: { now?: () => number; deliverWithinMs?: number; backoffMs?: number[]; attemptTimeoutMs?: number } = {}) {
  const { store, remove } = tempStore();
  stores.push(remove);
  const server = telegram();
  const noted: [AfterDelivery, number, number][] = [];
  const make = () => {
    const outbox = new Outbox({
      api: server.api,
      store: store.outbox,
      logger: silentLogger(),
      deliverWithinMs: options.deliverWithinMs ?? 24 * HOUR,
      onDelivered: (after, chatId, messageId) => void noted.push([after, chatId, messageId]),
      backoffMs: options.backoffMs ?? [60_000],
      ...(options.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: options.attemptTimeoutMs }),
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    outboxes.push(outbox);
    return outbox;
  };
  return { outbox: make(), make, server, store, noted };
}

describe('the outbox', () => {
  test('a message is sent at once and leaves nothing behind; what to note on delivery is noted with its id', async () => {
    const { outbox, server, store, noted } = setUp();
    const delivery = await outbox.send(CHAT, '<b>hi</b>', { html: true, replyTo: 7, after: { kind: 'ask-copy', askId: 3 } });
    expect(delivery).toEqual({ kind: 'delivered', messageId: 501 });
    expect(server.calls[0]?.payload).toMatchObject({ chat_id: CHAT, text: '<b>hi</b>', parse_mode: 'HTML', reply_parameters: { message_id: 7, allow_sending_without_reply: true } });
    expect(store.outbox.count()).toBe(0);
    expect(noted).toEqual([[{ kind: 'ask-copy', askId: 3 }, CHAT, 501]]);
  });

  test('Telegram away: messages are kept, later ones of the chat wait behind the first; once back, all go out in order', async () => {
    const { outbox, server, store } = setUp();
    server.answer('sendMessage', { network: 'ECONNREFUSED' });
    expect(await outbox.send(CHAT, 'first')).toEqual({ kind: 'owed' });
    expect(await outbox.send(CHAT, 'second')).toEqual({ kind: 'owed' });
    // Another chat is not held up.
    expect(await outbox.send(OTHER_CHAT, 'elsewhere')).toMatchObject({ kind: 'delivered' });
    expect(server.texts()).toEqual(['first', 'elsewhere']);
    expect(store.outbox.count()).toBe(2);

    outbox.retryNow();
    await outbox.idle();
    expect(server.texts()).toEqual(['first', 'elsewhere', 'first', 'second']);
    expect(store.outbox.count()).toBe(0);
  });

  test('what is still owed at a stop is delivered after the next start', async () => {
    const { outbox, make, server, store } = setUp();
    server.answer('sendMessage', { network: 'ENETUNREACH' });
    await outbox.send(CHAT, 'owed');
    await outbox.stop();
    const restarted = make();
    expect(restarted.start()).toBe(1);
    await restarted.idle();
    expect(server.texts()).toEqual(['owed', 'owed']);
    expect(store.outbox.count()).toBe(0);
  });

  test('a message owed longer than the bound is dropped, never sent late', async () => {
    let clock = 1_000_000;
    const { outbox, server, store } = setUp({ now: () => clock, deliverWithinMs: HOUR });
    server.answer('sendMessage', { network: 'ECONNREFUSED' });
    await outbox.send(CHAT, 'too late');
    clock += HOUR;
    outbox.retryNow();
    await outbox.idle();
    expect(server.texts()).toEqual(['too late']);
    expect(store.outbox.count()).toBe(0);
  });

  test('a new message whose answer was lost is sent once more at most; an edit is tried until it is made', async () => {
    let clock = 1_000_000;
    const { outbox, make, server, store } = setUp({ now: () => clock });
    server.answer('sendMessage', { network: 'ECONNRESET' }, { network: 'ECONNRESET' });
    await outbox.send(CHAT, 'maybe there');
    outbox.retryNow();
    await outbox.idle();
    // Twice at most, then dropped: a third copy is never sent.
    const again = make();
    again.start();
    await again.idle();
    expect(server.texts()).toEqual(['maybe there', 'maybe there']);
    expect(store.outbox.count()).toBe(0);

    const edits = make();
    server.answer('editMessageText', { network: 'ECONNRESET' }, { network: 'ECONNRESET' }, { network: 'ECONNRESET' });
    await edits.edit(OTHER_CHAT, 9, 'outcome');
    for (let i = 0; i < 3; i += 1) {
      // "Telegram is back" is heard at most once a second.
      clock += 1000;
      edits.retryNow();
      await edits.idle();
    }
    expect(server.calls.filter((call) => call.method === 'editMessageText')).toHaveLength(4);
    expect(store.outbox.count()).toBe(0);
  });

  test('a send whose attempt was cut off by a crash counts as maybe sent: it is repeated once, not more', async () => {
    const { make, server, store } = setUp();
    // A crash between the attempt and its answer: the entry stays marked as in flight.
    const id = store.outbox.add({ chatId: CHAT, createdAt: Date.now(), expiresAt: Date.now() + HOUR, message: { kind: 'send', text: 'cut off', html: false } });
    store.outbox.beginAttempt(id);
    server.answer('sendMessage', { network: 'ETIMEDOUT' });
    const restarted = make();
    restarted.start();
    await restarted.idle();
    expect(server.texts()).toEqual(['cut off']);
    expect(store.outbox.count()).toBe(0);
  });

  test('a network that swallows requests does not use up the one more try of a new message: that waits until Telegram answers', async () => {
    const { outbox, server, store } = setUp({ backoffMs: [10], attemptTimeoutMs: 50 });
    server.answer('sendMessage', { hang: true }, { hang: true });
    expect(await outbox.send(CHAT, 'swallowed')).toEqual({ kind: 'owed' });
    // Its backoff passes: it is not tried again, but kept until Telegram is known to answer.
    await waitUntil(() => store.outbox.all()[0]?.nextAt === store.outbox.all()[0]?.expiresAt);
    expect(server.texts()).toEqual(['swallowed']);
    outbox.retryNow();
    await outbox.idle();
    expect(server.texts()).toEqual(['swallowed', 'swallowed']);
    expect(store.outbox.count()).toBe(0);
  });

  test('an edit whose answers were lost and that then can no longer be made is still sent as a new message', async () => {
    let clock = 1_000_000;
    const { outbox, server } = setUp({ now: () => clock });
    server.answer('editMessageText', { network: 'ECONNRESET' }, { network: 'ECONNRESET' }, { ok: false, error_code: 400, description: 'Bad Request: message to edit not found' });
    await outbox.edit(CHAT, 9, 'the outcome');
    for (let i = 0; i < 2; i += 1) {
      clock += 1000;
      outbox.retryNow();
      await outbox.idle();
    }
    expect(server.calls.map((call) => call.method)).toEqual(['editMessageText', 'editMessageText', 'editMessageText', 'sendMessage']);
    expect(server.texts()).toEqual(['the outcome']);
  });

  test('an edit that can no longer be made becomes a new message saying the same, with its buttons', async () => {
    const { outbox, server, noted } = setUp();
    server.answer('editMessageText', { ok: false, error_code: 400, description: "Bad Request: message can't be edited" });
    const buttons = { inline_keyboard: [[{ text: 'Cancel', callback_data: 'c:1' }]] };
    const delivery = await outbox.edit(CHAT, 9, '✅ done', { html: true, buttons, after: { kind: 'kept-buttons', keptIds: [1] } });
    expect(delivery).toEqual({ kind: 'delivered', messageId: 501 });
    expect(server.calls.at(-1)).toMatchObject({ method: 'sendMessage', payload: { chat_id: CHAT, text: '✅ done', parse_mode: 'HTML', reply_markup: buttons } });
    expect(noted).toEqual([[{ kind: 'kept-buttons', keptIds: [1] }, CHAT, 501]]);
  });

  test('"not modified" is done; stale buttons on a message that is gone are nothing to do; a refusal is final', async () => {
    const { outbox, server, store } = setUp();
    server.answer('editMessageText', { ok: false, error_code: 400, description: 'Bad Request: message is not modified' });
    expect(await outbox.edit(CHAT, 9, 'same')).toEqual({ kind: 'delivered', messageId: 9 });
    server.answer('editMessageReplyMarkup', { ok: false, error_code: 400, description: 'Bad Request: message to edit not found' });
    expect(await outbox.buttons(CHAT, 10, { inline_keyboard: [] })).toEqual({ kind: 'delivered', messageId: 10 });
    server.answer('sendMessage', { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
    expect(await outbox.send(OTHER_CHAT, 'hello')).toEqual({ kind: 'failed', reason: '403: Forbidden: bot was blocked by the user' });
    expect(server.calls.map((call) => call.method)).toEqual(['editMessageText', 'editMessageReplyMarkup', 'sendMessage']);
    expect(store.outbox.count()).toBe(0);
  });

  test('429: Telegram says how long to wait, and "Telegram is back" does not cut that short', async () => {
    let clock = 1_000_000;
    const { outbox, server, store } = setUp({ now: () => clock });
    server.answer('sendMessage', { ok: false, error_code: 429, description: 'Too Many Requests: retry after 20', parameters: { retry_after: 20 } });
    expect(await outbox.send(CHAT, 'slow down')).toEqual({ kind: 'owed' });
    expect(store.outbox.all()[0]?.nextAt).toBe(clock + 20_000);
    outbox.retryNow();
    await Promise.resolve();
    expect(server.texts()).toEqual(['slow down']);
    clock += 20_000;
    outbox.retryNow();
    await outbox.idle();
    expect(server.texts()).toEqual(['slow down', 'slow down']);
  });

  test('a photo is kept with its picture and sent as one', async () => {
    const { outbox, server, store } = setUp();
    server.answer('sendPhoto', { network: 'ECONNREFUSED' });
    expect(await outbox.photo(CHAT, new Uint8Array([137, 80, 78, 71]), 'the week', 'chart.png')).toEqual({ kind: 'owed' });
    expect(store.outbox.all()[0]?.photo).toEqual(new Uint8Array([137, 80, 78, 71]));
    outbox.retryNow();
    await outbox.idle();
    expect(server.calls.map((call) => call.method)).toEqual(['sendPhoto', 'sendPhoto']);
    expect(store.outbox.count()).toBe(0);
  });
});
