import type { Chat } from 'grammy/types';
import { describe, expect, test } from 'vitest';
import { encodeButtonAction } from '../../../../src/bot/callback-data.ts';
import { ANNA, buttonsOf, capturingLogger, FAMILY_GROUP, message, privateChat, offlineBotPerTest, tapOn, type OfflineBot } from '../../../support/offline-bot.ts';
import { english } from '../../../support/words.ts';

const start = offlineBotPerTest();

const add = (childId: string, machineId: string, minutes: number) => encodeButtonAction({ kind: 'add', childId, machineId, minutes });
const REFRESH = encodeButtonAction({ kind: 'refresh' });

/** Sends /status in `chat`; returns the status message as sent, then forgets the calls so far. */
async function statusIn(bot: OfflineBot, chat: Chat = FAMILY_GROUP) {
  await bot.send(message(ANNA, chat, '/status'));
  const status = bot.api.lastSent();
  bot.api.clear();
  bot.client.usersInfoCalls.length = 0;
  return status;
}

describe('/status', () => {
  test("sends every child's time with a keyboard: a label and the amounts per account, the child's pause, then refresh", async () => {
    const bot = start();
    bot.client.setSecondsLeft('desktop', 'mia', 2700, { loggedIn: true, secondsSpentToday: 900 });
    bot.client.failMachine('laptop', { kind: 'unreachable', reason: 'no route to host' });

    await bot.send(message(ANNA, privateChat(ANNA), '/status'));

    expect(bot.api.methods()).toEqual(['sendMessage']);
    const [sent] = bot.api.payloadsOf('sendMessage');
    expect(sent).toMatchObject({ chat_id: ANNA.id, parse_mode: 'HTML' });
    const text = bot.api.texts()[0] ?? '';
    expect(text.split('\n')).toEqual([
      '<b>Mia</b>',
      'desktop: <b>45m</b> left · logged in · 15m used today',
      expect.stringMatching(/^laptop: ⚠️ /),
      '',
      '<b>Leo</b>',
      'desktop: <b>1h 00m</b> left · not logged in · 0m used today',
    ]);
    expect(buttonsOf(sent)).toEqual([
      'n', add('mia', 'desktop', -15), add('mia', 'desktop', 15), add('mia', 'desktop', 30), add('mia', 'desktop', 60),
      'n', add('mia', 'laptop', -15), add('mia', 'laptop', 15), add('mia', 'laptop', 30), add('mia', 'laptop', 60),
      'h:mia',
      'n', add('leo', 'desktop', -15), add('leo', 'desktop', 15), add('leo', 'desktop', 30), add('leo', 'desktop', 60),
      'h:leo',
      REFRESH,
    ]);
    // One round trip per machine, all of its logins at once.
    expect(bot.client.usersInfoCalls).toEqual(expect.arrayContaining([{ machineId: 'desktop', logins: ['mia', 'leo'] }, { machineId: 'laptop', logins: ['mia2'] }]));
    expect(bot.client.usersInfoCalls).toHaveLength(2);
  });

  test('/start is /status', async () => {
    const bot = start();
    await bot.send(message(ANNA, privateChat(ANNA), '/start'));
    expect(bot.api.texts()[0]).toContain('<b>Leo</b>');
    expect(buttonsOf(bot.api.payloadsOf('sendMessage')[0])).toContain(REFRESH);
  });
});

describe('an amount button under /status', () => {
  test('+15: the toast first, then the change for that login, then the message edited with the time read back', async () => {
    const bot = start();
    const status = await statusIn(bot);

    await bot.send(tapOn(ANNA, status, add('mia', 'desktop', 15)));

    expect(bot.api.methods()).toEqual(['answerCallbackQuery', 'editMessageText']);
    expect(bot.api.toasts()).toEqual(['+15 min for Mia on desktop…']);
    expect(bot.client.changeCalls).toEqual([{ machineId: 'desktop', login: 'mia', operation: '+', seconds: 900 }]);
    const [edit] = bot.api.payloadsOf('editMessageText');
    expect(edit).toMatchObject({ chat_id: FAMILY_GROUP.id, message_id: status.message_id, parse_mode: 'HTML' });
    const lines = String(edit?.['text']).split('\n');
    expect(lines).toContain('desktop: <b>1h 15m</b> left · not logged in · 0m used today');
    expect(lines.at(-1)).toBe('✅ +15 min for Mia on desktop by Anna: 1h 15m left');
    expect(buttonsOf(edit)).toContain(REFRESH);
    // The message was read a moment ago: only the changed account is read (with the change), nothing else.
    expect(bot.client.usersInfoCalls).toEqual([]);
    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(4500);
    // In a group the change is seen there: no announcement.
    expect(bot.api.payloadsOf('sendMessage')).toEqual([]);
  });

  test('−15 on the laptop takes time away from the laptop login', async () => {
    const bot = start();
    const status = await statusIn(bot);
    await bot.send(tapOn(ANNA, status, add('mia', 'laptop', -15)));
    expect(bot.client.changeCalls).toEqual([{ machineId: 'laptop', login: 'mia2', operation: '-', seconds: 900 }]);
    expect(String(bot.api.payloadsOf('editMessageText')[0]?.['text'])).toContain('✅ −15 min for Mia on laptop by Anna: 45m left');
  });

  test('the same tap delivered twice is applied once; the second answer says it was not repeated', async () => {
    const bot = start();
    const status = await statusIn(bot);
    const update = tapOn(ANNA, status, add('mia', 'desktop', 15));

    await bot.send(update);
    await bot.send(update);

    expect(bot.client.changeCalls).toHaveLength(1);
    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(4500);
    const edits = bot.api.payloadsOf('editMessageText').map((edit) => String(edit['text']));
    expect(edits).toHaveLength(2);
    expect(edits[1]).toContain('↩️ Already done, not repeated: +15 min for Mia on desktop by Anna: 1h 15m left then');
    expect(edits[1]).not.toContain('✅');
    expect(bot.store.changesOfUpdate(update.update_id)).toHaveLength(1);
  });

  test('in a private chat, the change is announced to the family group', async () => {
    const bot = start();
    const status = await statusIn(bot, privateChat(ANNA));
    await bot.send(tapOn(ANNA, status, add('leo', 'desktop', 30)));
    expect(bot.api.methods()).toEqual(['answerCallbackQuery', 'editMessageText', 'sendMessage']);
    expect(bot.api.payloadsOf('sendMessage')[0]).toMatchObject({ chat_id: FAMILY_GROUP.id, text: '📣 ✅ +30 min for Leo on desktop by Anna: 1h 30m left' });
  });

  test('a failed change: the line says why, the time stays', async () => {
    const bot = start();
    const status = await statusIn(bot);
    bot.client.failChange('desktop', 'leo', { kind: 'unknown-user', login: 'leo' });
    await bot.send(tapOn(ANNA, status, add('leo', 'desktop', 15)));
    const text = String(bot.api.payloadsOf('editMessageText')[0]?.['text']);
    expect(text).toMatch(/❌ \+15 min for Leo on desktop by Anna failed: /);
    expect(bot.client.secondsLeft('desktop', 'leo')).toBe(3600);
    expect(bot.store.history(0)).toEqual([expect.objectContaining({ kind: 'change', change: expect.objectContaining({ outcome: { kind: 'failed', failure: 'unknown-user' } }) as unknown })]);
  });

  test('on an old status message everything is read again', async () => {
    let now = 1_000_000;
    const bot = start({ now: () => now });
    const status = await statusIn(bot);
    now += 10 * 60_000;
    await bot.send(tapOn(ANNA, status, add('mia', 'desktop', 15)));
    expect(bot.client.usersInfoCalls).toHaveLength(2);
    expect(String(bot.api.payloadsOf('editMessageText')[0]?.['text'])).toContain('desktop: <b>1h 15m</b> left');
  });
});

describe('refresh and label buttons', () => {
  test('refresh reads again and edits the message with what changed meanwhile', async () => {
    const bot = start();
    const status = await statusIn(bot);
    bot.client.setSecondsLeft('desktop', 'leo', 600, { loggedIn: true });

    await bot.send(tapOn(ANNA, status, REFRESH));

    expect(bot.api.methods()).toEqual(['answerCallbackQuery', 'editMessageText']);
    expect(bot.api.toasts()).toEqual(['Refreshing…']);
    expect(bot.client.usersInfoCalls).toHaveLength(2);
    expect(String(bot.api.payloadsOf('editMessageText')[0]?.['text'])).toContain('desktop: <b>10m</b> left · logged in');
  });

  test('"message is not modified" on a refresh is no error: no apology, nothing logged as failed', async () => {
    const { logger, lines } = capturingLogger();
    const bot = start({ logger });
    const status = await statusIn(bot);
    bot.api.failNext('editMessageText');

    await bot.send(tapOn(ANNA, status, REFRESH));

    expect(bot.api.methods()).toEqual(['answerCallbackQuery', 'editMessageText']);
    expect(bot.api.calls[1]?.response).toMatchObject({ ok: false, error_code: 400 });
    expect(bot.api.toasts()).toEqual(['Refreshing…']);
    expect(bot.api.toasts()).not.toContain(english.t('apology'));
    expect(lines.filter((line) => line['msg'] === 'update failed' || Number(line['level']) >= 50)).toEqual([]);
    expect(lines.map((line) => line['msg'])).toContain('status refreshed');
  });

  test('a status message that can no longer be edited (deleted, too old): the fresh status comes as a new message', async () => {
    const { logger, lines } = capturingLogger();
    const bot = start({ logger });
    const status = await statusIn(bot);
    bot.api.failNext('editMessageText', { ok: false, error_code: 400, description: 'Bad Request: message to edit not found' });

    await bot.send(tapOn(ANNA, status, REFRESH));

    expect(bot.api.methods()).toEqual(['answerCallbackQuery', 'editMessageText', 'sendMessage']);
    const [edit, sent] = [bot.api.payloadsOf('editMessageText')[0], bot.api.payloadsOf('sendMessage')[0]];
    expect(sent).toMatchObject({ chat_id: FAMILY_GROUP.id, text: edit?.['text'], parse_mode: 'HTML', reply_markup: edit?.['reply_markup'] });
    expect(bot.api.toasts()).toEqual(['Refreshing…']);
    expect(lines.filter((line) => line['msg'] === 'update failed')).toEqual([]);
    expect(bot.store.outbox.count()).toBe(0);
  });

  test('a label button only says what to tap', async () => {
    const bot = start();
    const status = await statusIn(bot);
    await bot.send(tapOn(ANNA, status, encodeButtonAction({ kind: 'label' })));
    expect(bot.api.methods()).toEqual(['answerCallbackQuery']);
    expect(bot.api.toasts()).toEqual(['Tap an amount in the row below.']);
    expect(bot.client.usersInfoCalls).toEqual([]);
  });
});
