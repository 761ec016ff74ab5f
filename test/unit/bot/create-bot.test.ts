import { describe, expect, test } from 'vitest';
import { encodeButtonAction } from '../../../src/bot/callback-data.ts';
import { english } from '../../support/words.ts';
import {
  ANNA,
  BEN,
  capturingLogger,
  FAMILY_GROUP,
  FOREIGN_GROUP,
  message,
  MIA_USER,
  privateChat,
  STRANGER,
  offlineBotPerTest,
  tap,
  tapOn,
  type OfflineBot,
} from '../../support/offline-bot.ts';

const start = offlineBotPerTest();

/** Nothing was asked of any computer. */
function expectNothingRan({ client, store }: OfflineBot): void {
  expect(client.usersInfoCalls).toEqual([]);
  expect(client.changeCalls).toEqual([]);
  expect(store.history(0)).toEqual([]);
}

const ADD_15_MIA_DESKTOP = encodeButtonAction({ kind: 'add', childId: 'mia', machineId: 'desktop', minutes: 15 });

describe('the offline bot', () => {
  test('handles updates with the given botInfo, without bot.init() and without asking Telegram', async () => {
    const { bot, api, send } = start();
    // With botInfo the bot counts as initialised from the start: bot.init() would not call getMe.
    expect(bot.isInited()).toBe(true);
    expect(bot.botInfo.username).toBe('timekpr_test_bot');
    await send(message(ANNA, privateChat(ANNA), '/help'));
    expect(api.methods()).toEqual(['sendMessage']);
    expect(api.payloadsOf('sendMessage')[0]).toMatchObject({ chat_id: ANNA.id, parse_mode: 'HTML' });
    expect(api.texts()[0]).toContain('/status');
  });

  test('whenIdle waits for an update still being handled', async () => {
    const { bot, api, client, whenIdle, send } = start();
    await send(message(ANNA, FAMILY_GROUP, '/status'));
    const status = api.lastSent();
    api.clear();
    let open!: () => void;
    client.gate = new Promise((resolve) => (open = resolve));
    const handling = bot.handleUpdate(tapOn(ANNA, status, ADD_15_MIA_DESKTOP));
    await new Promise((resolve) => setTimeout(resolve, 10));
    let idle = false;
    const waiting = whenIdle().then(() => (idle = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(client.changeCalls).toHaveLength(1);
    expect(idle).toBe(false);
    open();
    await waiting;
    expect(idle).toBe(true);
    expect(api.methods()).toEqual(['answerCallbackQuery', 'editMessageText']);
    await handling;
  });
});

describe('who may use the bot', () => {
  test('a parent in a private chat is served', async () => {
    const bot = start();
    await bot.send(message(ANNA, privateChat(ANNA), '/status'));
    expect(bot.api.methods()).toEqual(['sendMessage']);
    expect(bot.api.texts()[0]).toContain('<b>Mia</b>');
    expect(bot.client.usersInfoCalls.length).toBeGreaterThan(0);
  });

  test('a parent in the family group is served', async () => {
    const bot = start();
    await bot.send(message(BEN, FAMILY_GROUP, '/status@timekpr_test_bot'));
    expect(bot.api.payloadsOf('sendMessage')).toEqual([expect.objectContaining({ chat_id: FAMILY_GROUP.id })]);
    expect(bot.api.texts()[0]).toContain('<b>Leo</b>');
  });

  test('a child in the family group is refused with her own user ID: a command gets a reply, nothing runs', async () => {
    const bot = start();
    await bot.send(message(MIA_USER, FAMILY_GROUP, '/add mia 60'));
    expect(bot.api.methods()).toEqual(['sendMessage']);
    const [reply] = bot.api.payloadsOf('sendMessage');
    expect(reply).toMatchObject({ chat_id: FAMILY_GROUP.id });
    expect(bot.api.texts()[0]).toBe(`Sorry, only the parents set up for this bot can use it. Your Telegram user ID is ${MIA_USER.id}.`);
    expectNothingRan(bot);
  });

  test('a child chatting in the family group gets nothing at all', async () => {
    const bot = start();
    await bot.send(message(MIA_USER, FAMILY_GROUP, 'can I have 15 more minutes?'));
    expect(bot.api.calls).toEqual([]);
    expectNothingRan(bot);
  });

  test("a child tapping a parent's button gets an alert with her own user ID, and nothing runs", async () => {
    const bot = start();
    await bot.send(message(ANNA, FAMILY_GROUP, '/status'));
    const status = bot.api.lastSent();
    bot.api.clear();
    bot.client.usersInfoCalls.length = 0;

    await bot.send(tapOn(MIA_USER, status, ADD_15_MIA_DESKTOP));

    expect(bot.api.methods()).toEqual(['answerCallbackQuery']);
    expect(bot.api.payloadsOf('answerCallbackQuery')[0]).toMatchObject({ show_alert: true, text: expect.stringContaining(String(MIA_USER.id)) as unknown });
    expectNothingRan(bot);
    expect(bot.client.secondsLeft('desktop', 'mia')).toBe(3600);
  });

  test('a stranger in a private chat is refused with their user ID, even for plain text, once (not per message)', async () => {
    const bot = start();
    await bot.send(message(STRANGER, privateChat(STRANGER), 'hello'));
    await bot.send(message(STRANGER, privateChat(STRANGER), '/status'));
    expect(bot.api.texts()).toEqual([`Sorry, only the parents set up for this bot can use it. Your Telegram user ID is ${STRANGER.id}.`]);
    expectNothingRan(bot);
  });

  test('a parent in a group the config does not list is told the chat ID to add', async () => {
    const bot = start();
    await bot.send(message(ANNA, FOREIGN_GROUP, '/status'));
    expect(bot.api.payloadsOf('sendMessage')).toEqual([expect.objectContaining({ chat_id: FOREIGN_GROUP.id })]);
    expect(bot.api.texts()).toEqual([`This chat is not set up for the bot. To use it here, add ${FOREIGN_GROUP.id} to telegram.chats in the config.`]);
    expectNothingRan(bot);
  });
});

describe('buttons that are not ours or no longer valid', () => {
  test.each([
    ['garbage', 'hello'],
    ['an unknown kind', 'z:mia:desktop:15'],
    ['a malformed amount', 'a:mia:desktop:15.5'],
    ['more than 64 bytes', `a:${'m'.repeat(60)}:desktop:15`],
  ])('%s: the toast says it is not valid, nothing runs', async (_name, data) => {
    const bot = start();
    await bot.send(tap(ANNA, privateChat(ANNA), data, 7, 'status'));
    expect(bot.api.methods()).toEqual(['answerCallbackQuery']);
    expect(bot.api.toasts()).toEqual(['This button is not valid.']);
    expectNothingRan(bot);
  });

  test.each([
    ['a child no longer in the config', { kind: 'add', childId: 'tom', machineId: 'desktop', minutes: 15 }, 'This button is out of date. Use /status for fresh ones.'],
    ['a computer the child has no account on', { kind: 'add', childId: 'leo', machineId: 'laptop', minutes: 15 }, 'This button is out of date. Use /status for fresh ones.'],
    ['an amount no longer offered', { kind: 'add', childId: 'mia', machineId: 'desktop', minutes: 45 }, 'This amount is not offered any more. Use /status for fresh buttons.'],
    ['an alert for a child no longer in the config', { kind: 'dismiss', childId: 'tom', machineId: 'desktop' }, 'This button is out of date. Use /status for fresh ones.'],
  ] as const)('stale, %s: the toast points to /status, nothing runs', async (_name, action, toast) => {
    const bot = start();
    await bot.send(tap(ANNA, FAMILY_GROUP, encodeButtonAction(action), 7, 'status'));
    expect(bot.api.methods()).toEqual(['answerCallbackQuery']);
    expect(bot.api.toasts()).toEqual([toast]);
    expect(toast).toContain('/status');
    expectNothingRan(bot);
  });

  test('a button without its message: one toast, nothing runs', async () => {
    const bot = start();
    await bot.send(tap(ANNA, privateChat(ANNA), ADD_15_MIA_DESKTOP));
    expect(bot.api.methods()).toEqual(['answerCallbackQuery']);
    expectNothingRan(bot);
  });

  // Known gap (reported): without a message the update has no chat, so the auth gate refuses it as "no sender"
  // ("Sorry, this bot only answers parents it knows.") before onButtons could say the message is too old.
  test.fails('a button without its message: the toast says the message is too old', async () => {
    const bot = start();
    await bot.send(tap(ANNA, privateChat(ANNA), ADD_15_MIA_DESKTOP));
    expect(bot.api.toasts()).toEqual(['This message is too old. Use /status.']);
  });
});

describe('the error boundary', () => {
  test('an error in a command: one apology, and the error is logged with its stack and the update ID', async () => {
    const { logger, lines } = capturingLogger();
    const bot = start({ logger });
    bot.client.throwNext('usersInfo', new Error('fake client exploded'));
    const update = message(ANNA, privateChat(ANNA), '/status');

    await bot.send(update);

    expect(bot.api.methods()).toEqual(['sendMessage']);
    expect(bot.api.texts()).toEqual([english.t('apology')]);
    const failed = lines.filter((line) => line['msg'] === 'update failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 50, updateId: update.update_id, chatId: ANNA.id, userId: ANNA.id });
    const err = failed[0]?.['err'] as { message?: string; stack?: string } | undefined;
    expect(err?.message).toBe('fake client exploded');
    expect(err?.stack).toContain('fake client exploded');
    expect(err?.stack).toMatch(/\n\s+at /);
  });

  test('an error after a tap: the apology is a toast, the error is logged, no message is sent', async () => {
    const { logger, lines } = capturingLogger();
    const bot = start({ logger });
    await bot.send(message(ANNA, FAMILY_GROUP, '/status'));
    const status = bot.api.lastSent();
    bot.api.clear();
    bot.client.throwNext('changeTimeLeft', new Error('change blew up'));
    const update = tapOn(ANNA, status, ADD_15_MIA_DESKTOP);

    await bot.send(update);

    // The tap's toast goes out first, so the apology is the query's second answer. Telegram takes only one answer
    // per query (the fake answers 400, as it does), so the parent never sees this one: reported.
    expect(bot.api.methods()).toEqual(['answerCallbackQuery', 'answerCallbackQuery']);
    expect(bot.api.toasts()).toEqual(['+15 min for Mia on desktop…', english.t('apology')]);
    expect(bot.api.payloadsOf('sendMessage')).toEqual([]);
    const failed = lines.filter((line) => line['msg'] === 'update failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ updateId: update.update_id, chatId: FAMILY_GROUP.id, userId: ANNA.id });
    expect((failed[0]?.['err'] as { stack?: string } | undefined)?.stack).toContain('change blew up');
  });

  test('an apology that cannot be delivered is logged, never thrown', async () => {
    const { logger, lines } = capturingLogger();
    const bot = start({ logger });
    bot.client.throwNext('usersInfo', new Error('boom'));
    bot.api.failNext('sendMessage', { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });

    await expect(bot.send(message(ANNA, privateChat(ANNA), '/status'))).resolves.toBeUndefined();

    expect(bot.api.methods()).toEqual(['sendMessage']);
    expect(lines.map((line) => line['msg'])).toEqual(expect.arrayContaining(['update failed', 'apology not delivered']));
  });
});

describe('the per-update logger', () => {
  test("a handler's line carries the update, chat and user IDs", async () => {
    const { logger, lines } = capturingLogger();
    const bot = start({ logger });
    const update = message(BEN, FAMILY_GROUP, '/status');
    await bot.send(update);
    const sent = lines.find((line) => line['msg'] === 'status sent');
    expect(sent).toMatchObject({ level: 30, action: 'status', updateId: update.update_id, chatId: FAMILY_GROUP.id, userId: BEN.id });
  });

  test('a refusal is logged with the refused user and the reason', async () => {
    const { logger, lines } = capturingLogger();
    const bot = start({ logger });
    const update = message(MIA_USER, FAMILY_GROUP, '/status');
    await bot.send(update);
    expect(lines.find((line) => line['msg'] === 'refused')).toMatchObject({ level: 40, reason: 'not-a-parent', updateId: update.update_id, userId: MIA_USER.id });
  });
});
