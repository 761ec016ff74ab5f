import { execFile } from 'node:child_process';
import { utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SshPool } from '../../src/ssh/pool.ts';
import { createTimekpraClient, type TimekprClient } from '../../src/timekpr/client.ts';
import { startBotApiStandin, type BotApiStandin, type RecordedCall, type TestChat, type TestUser } from '../support/bot-api-standin.ts';
import { startBotProcess, type BotProcess } from '../support/bot-process.ts';
import { startHangingServer } from '../support/hanging-server.ts';
import { HEALTH } from '../support/shipped.ts';
import { giveTwoHourLimit, loadTestHost, makeTempDir, testHostConfig, testLogger, writeAndLoadConfig, type TestHost } from '../support/test-host.ts';

const TOKEN = '123456:e2e-test-token';
const ANNA: TestUser = { id: 111, first_name: 'Anna' };
const BEN: TestUser = { id: 222, first_name: 'Ben' };
const KID: TestUser = { id: 333, first_name: 'Kid' };
const STRANGER: TestUser = { id: 444, first_name: 'Stranger' };
const FAMILY: TestChat = { id: -100500, type: 'supergroup', title: 'Family' };
const OTHER_GROUP: TestChat = { id: -100999, type: 'supergroup', title: 'Elsewhere' };
const privateChat = (user: TestUser): TestChat => ({ id: user.id, type: 'private' });

let host: TestHost;
let api: BotApiStandin;
let bot: BotProcess;
let hanging: Awaited<ReturnType<typeof startHangingServer>>;
let pool: SshPool;
let client: TimekprClient;
let cleanup: () => Promise<void>;
let leo: string;
let pendingHelp: number;
let heartbeat: string;

async function leoSecondsLeft(): Promise<number> {
  const answer = await client.usersInfo('pc', [leo]);
  const info = answer.ok ? answer.value.get(leo) : undefined;
  if (info === undefined || !info.ok) throw new Error(`cannot read ${leo}: ${JSON.stringify(answer)}`);
  return info.value.secondsLeft;
}

async function setLeo(seconds: number): Promise<void> {
  const change = await client.changeTimeLeft('pc', leo, '=', seconds);
  if (!change.ok) throw new Error(JSON.stringify(change.error));
}

const textOf = (call: RecordedCall): string => (typeof call.params['text'] === 'string' ? call.params['text'] : '');
const messageIdOf = (call: RecordedCall): number => {
  const result = call.response?.ok ? (call.response.result as { message_id?: number }) : undefined;
  if (result?.message_id === undefined) throw new Error(`no message in ${JSON.stringify(call.response)}`);
  return result.message_id;
};

/** Sends /status as `from` in `chat` and returns the bot's status message id. */
async function requestStatus(from: TestUser, chat: TestChat): Promise<{ messageId: number; text: string }> {
  const after = api.calls.length;
  api.sendText({ from, chat, text: '/status' });
  const sent = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === chat.id, { after, timeoutMs: 20_000 });
  return { messageId: messageIdOf(sent), text: textOf(sent) };
}

/** Presses a button and returns the callback answer call and (when `expectEdit`) the edit that followed it. */
async function press(from: TestUser, chat: TestChat, messageId: number, data: string) {
  const after = api.calls.length;
  const update = api.pressButton({ from, chat, messageId, data });
  const id = update.callback_query?.id;
  const answer = await api.waitForCall('answerCallbackQuery', (call) => call.params['callback_query_id'] === id, { after, timeoutMs: 20_000 });
  return { after, answer, answerIndex: api.calls.indexOf(answer) };
}

beforeAll(async () => {
  host = await loadTestHost();
  leo = host.TKHOST_CHILD_LOGGED_OUT;
  const temp = await makeTempDir();
  cleanup = temp.cleanup;
  api = await startBotApiStandin({ token: TOKEN });
  hanging = await startHangingServer();
  const yaml = testHostConfig(
    host,
    { pc: {}, hung: { port: hanging.port, connectTimeoutSeconds: 1 } },
    { leo: { pc: leo }, mia: { pc: host.TKHOST_CHILD_LOGGED_IN, hung: 'mia' } },
    {},
    { parents: [ANNA.id, BEN.id], chats: [FAMILY.id], apiRoot: api.apiRoot, buttons: [-15, 15, 30] },
  );
  const loaded = await writeAndLoadConfig(temp.dir, yaml);
  pool = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger: testLogger });
  client = createTimekpraClient({ exec: pool.exec, timekpraOf: () => '/usr/bin/timekpra' });
  await giveTwoHourLimit(pool.exec, 'pc', leo);
  await setLeo(1800);

  // Sent while the bot is not running yet: it must still be answered (pending updates are not dropped).
  pendingHelp = api.sendText({ from: ANNA, chat: privateChat(ANNA), text: '/help' }).update_id;
  heartbeat = path.join(temp.dir, 'heartbeat');
  bot = startBotProcess(temp.dir, path.join(temp.dir, 'config.yaml'), { BOT_TOKEN: TOKEN, HEARTBEAT_FILE: heartbeat });
  await api.waitForCall('setMyCommands', undefined, { timeoutMs: 20_000 });
});

afterAll(async () => {
  const code = await bot?.stop();
  if (code !== 0) console.log("BOT OUTPUT", bot?.output());
  await Promise.all([api?.close(), hanging?.close(), pool?.close()]);
  await cleanup?.();
  // Graceful: SIGTERM ends the process cleanly after it finished what it was doing.
  expect(code).toBe(0);
  expect(bot.output()).toContain('"msg":"stopped"');
});

describe('the Telegram bot, end to end (real grammY long polling, real sshd and Timekpr-nExT)', () => {
  test('registers its commands and answers a command sent while it was down', async () => {
    const commands = await api.waitForCall('setMyCommands');
    expect((commands.params['commands'] as { command: string }[]).map((c) => c.command)).toEqual(['status', 'add', 'pause', 'resume', 'rules', 'limit', 'hours', 'days', 'playtime', 'lockout', 'profile', 'tonight', 'today', 'tomorrow', 'history', 'report', 'computer', 'reload', 'cancel', 'help']);
    const help = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === ANNA.id && textOf(call).includes('/status'));
    expect(textOf(help)).toContain('/add mia 15');
    await api.waitForUpdatesConfirmed(pendingHelp);
    expect(api.calls.some((call) => call.method === 'deleteWebhook' && call.params['drop_pending_updates'] === true)).toBe(false);
  });

  test("the container healthcheck sees the bot polling, and a stale heartbeat as unhealthy", async () => {
    const health = (file: string) =>
      new Promise<number>((resolve) => {
        execFile(process.execPath, [HEALTH], { env: { HEARTBEAT_FILE: file } }, (error) => resolve(error === null ? 0 : Number(error.code)));
      });
    expect(await health(heartbeat)).toBe(0);
    const stale = `${heartbeat}.stale`;
    await writeFile(stale, '');
    const longAgo = new Date(Date.now() - 10 * 60_000);
    await utimes(stale, longAgo, longAgo);
    expect(await health(stale)).toBe(1);
    expect(await health(`${heartbeat}.missing`)).toBe(1);
  });

  test('/status lists every child with real times, and reports the hanging machine while the others work', async () => {
    await setLeo(1800);
    const { text } = await requestStatus(ANNA, privateChat(ANNA));
    expect(text).toContain('<b>Leo</b>');
    expect(text).toContain('<b>Mia</b>');
    expect(text).toMatch(/pc: <b>30m<\/b> left · not logged in · \d+m used today/);
    expect(text).toMatch(/pc: <b>(\d+h \d\dm|\d+m)<\/b> left · logged in · /);
    expect(text).toContain('hung: ⚠️ not reachable (timed out after 1 s)');
    const sent = api.messages(ANNA.id).at(-1);
    const buttons = (sent?.replyMarkup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat();
    expect(buttons.map((b) => b.callback_data)).toEqual(expect.arrayContaining(['a:leo:pc:15', 'a:mia:hung:-15', 'r']));
    expect(buttons.every((b) => Buffer.byteLength(b.callback_data) <= 64)).toBe(true);
  });

  test('a +15 tap is answered at once, changes the real daemon, and the edited message shows the new time', async () => {
    await setLeo(1800);
    const { messageId } = await requestStatus(BEN, FAMILY);
    const { answerIndex, answer, after } = await press(ANNA, FAMILY, messageId, 'a:leo:pc:15');
    expect(String(answer.params['text'])).toContain('+15 min for Leo on pc');
    const edit = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === messageId, { after, timeoutMs: 20_000 });
    expect(api.calls.indexOf(edit)).toBeGreaterThan(answerIndex);
    expect(textOf(edit)).toContain('✅ +15 min for Leo on pc by Anna: 45m left');
    expect(textOf(edit)).toMatch(/pc: <b>45m<\/b> left/);
    expect(await leoSecondsLeft()).toBe(2700);
  });

  test('two parents tapping at once: both changes apply', async () => {
    await setLeo(1800);
    const { messageId } = await requestStatus(ANNA, FAMILY);
    const after = api.calls.length;
    await Promise.all([press(ANNA, FAMILY, messageId, 'a:leo:pc:15'), press(BEN, FAMILY, messageId, 'a:leo:pc:30')]);
    const byAnna = await api.waitForCall('editMessageText', (call) => textOf(call).includes('+15 min for Leo on pc by Anna'), { after, timeoutMs: 20_000 });
    const byBen = await api.waitForCall('editMessageText', (call) => textOf(call).includes('+30 min for Leo on pc by Ben'), { after, timeoutMs: 20_000 });
    expect(byAnna).toBeDefined();
    expect(byBen).toBeDefined();
    expect(await leoSecondsLeft()).toBe(1800 + 45 * 60);
  });

  test("a child's tap and command in the family group change nothing and reveal nothing", async () => {
    await setLeo(1800);
    const { messageId } = await requestStatus(ANNA, FAMILY);
    const { answer } = await press(KID, FAMILY, messageId, 'a:leo:pc:30');
    expect(answer.params['text']).toBe(`Sorry, only the parents set up for this bot can use it. Your Telegram user ID is ${KID.id}.`);
    expect(answer.params['show_alert']).toBe(true);

    const after = api.calls.length;
    api.sendText({ from: KID, chat: FAMILY, text: '/add leo 60' });
    const refusal = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === FAMILY.id, { after });
    expect(textOf(refusal)).toContain(`Your Telegram user ID is ${KID.id}`);
    expect(textOf(refusal)).not.toMatch(/Leo|Mia|left/);
    expect(await leoSecondsLeft()).toBe(1800);
  });

  test("a stranger's /status gets their own ID and nothing else; a parent in an unlisted group is asked privately whether to use it", async () => {
    const after = api.calls.length;
    api.sendText({ from: STRANGER, chat: privateChat(STRANGER), text: '/status' });
    const refusal = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === STRANGER.id, { after });
    expect(textOf(refusal)).toBe(`Sorry, only the parents set up for this bot can use it. Your Telegram user ID is ${STRANGER.id}.`);

    api.sendText({ from: ANNA, chat: OTHER_GROUP, text: '/status' });
    const question = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === ANNA.id, { after });
    expect(textOf(question)).toContain('Use the group “Elsewhere” for alerts and requests?');
    expect(textOf(question)).not.toMatch(/Leo|Mia/);
    // Nothing is said in that group, and the command did not run there.
    expect(api.calls.slice(after).some((call) => call.method === 'sendMessage' && call.params['chat_id'] === OTHER_GROUP.id)).toBe(false);
  });

  test('forged or stale button data is refused with a toast and never run', async () => {
    await setLeo(1800);
    const { messageId } = await requestStatus(ANNA, privateChat(ANNA));
    const forged = ['a:leo:pc:600', 'a:ghost:pc:15', 'a:leo:hung:15', 'a:leo;reboot:pc:15', 'garbage', `a:leo:pc:15:${'x'.repeat(60)}`];
    const message = api.messages(ANNA.id).find((each) => each.messageId === messageId)?.message;
    for (const data of forged) {
      // Not on any button: sent as a crafted client would.
      const after = api.calls.length;
      const update = api.pushUpdate({ callback_query: { id: `forged-${after}`, from: { ...ANNA, is_bot: false }, chat_instance: 'x', data, ...(message === undefined ? {} : { message }) } });
      const answer = await api.waitForCall('answerCallbackQuery', (call) => call.params['callback_query_id'] === update.callback_query?.id, { after });
      expect(String(answer.params['text'])).toMatch(/not valid|out of date|not offered/);
      expect(api.calls.slice(after).some((call) => call.method === 'editMessageText')).toBe(false);
    }
    expect(await leoSecondsLeft()).toBe(1800);
  });

  test('/add with arguments changes every machine of the child and replies with the new time; bad names list the valid ones', async () => {
    await setLeo(1800);
    let after = api.calls.length;
    api.sendText({ from: ANNA, chat: privateChat(ANNA), text: '/add LEO 10' });
    const reply = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === ANNA.id, { after, timeoutMs: 20_000 });
    expect(textOf(reply)).toBe('✅ +10 min for Leo on pc by Anna: 40m left');
    expect(await leoSecondsLeft()).toBe(2400);

    after = api.calls.length;
    api.sendText({ from: ANNA, chat: privateChat(ANNA), text: '/add tom 10' });
    const unknown = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === ANNA.id, { after });
    expect(textOf(unknown)).toBe('I don\'t know a child called "tom". Children: Leo, Mia.');

    after = api.calls.length;
    api.sendText({ from: ANNA, chat: privateChat(ANNA), text: '/add mia 10 tablet' });
    const noMachine = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === ANNA.id, { after });
    expect(textOf(noMachine)).toBe('Mia has no computer called "tablet". Mia\'s computers: pc, hung.');
  });

  test('the step-by-step /add: child, computer, typed amount', async () => {
    const mia = host.TKHOST_CHILD_LOGGED_IN;
    const set = await client.changeTimeLeft('pc', mia, '=', 3600);
    expect(set.ok).toBe(true);
    const chat = privateChat(ANNA);
    let after = api.calls.length;
    api.sendText({ from: ANNA, chat, text: '/add' });
    const prompt = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === ANNA.id && textOf(call).startsWith('Whose time'), { after });
    const promptId = messageIdOf(prompt);
    const stepEdit = async (data: string, expected: string) => {
      const { after: from } = await press(ANNA, chat, promptId, data);
      return api.waitForCall('editMessageText', (call) => call.params['message_id'] === promptId && textOf(call).includes(expected), { after: from, timeoutMs: 20_000 });
    };
    await stepEdit('g:c:mia', 'Which computer');
    await stepEdit('g:m:pc', 'How much');
    after = api.calls.length;
    await stepEdit('g:o', 'Waiting for the number of minutes');
    await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === ANNA.id && textOf(call).includes('reply with the number of minutes'), { after });
    after = api.calls.length;
    // In a private chat, any text is the answer; it need not be a reply.
    api.sendText({ from: ANNA, chat, text: 'lots' });
    const retry = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === ANNA.id, { after });
    expect(textOf(retry)).toContain('not a whole number');
    after = api.calls.length;
    api.sendText({ from: ANNA, chat, text: '-5' });
    const done = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === promptId && textOf(call).includes('by Anna'), { after, timeoutMs: 20_000 });
    // Mia is logged in, so her time keeps running while the test goes on.
    expect(textOf(done)).toMatch(/^✅ −5 min for Mia on pc by Anna: 5[45]m left$/);
  });

  test('in the group, only the parent who started /add can answer it; cancel ends it', async () => {
    await setLeo(1800);
    let after = api.calls.length;
    api.sendText({ from: ANNA, chat: FAMILY, text: '/add' });
    const prompt = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === FAMILY.id && textOf(call).startsWith('Whose time'), { after });
    const promptId = messageIdOf(prompt);

    const intruder = await press(BEN, FAMILY, promptId, 'g:c:leo');
    expect(String(intruder.answer.params['text'])).toContain('not yours or has ended');
    const kid = await press(KID, FAMILY, promptId, 'g:c:leo');
    expect(kid.answer.params['show_alert']).toBe(true);

    const { after: fromChild } = await press(ANNA, FAMILY, promptId, 'g:c:leo');
    await api.waitForCall('editMessageText', (call) => call.params['message_id'] === promptId && textOf(call).includes('How much'), { after: fromChild });
    const { after: fromAmount } = await press(ANNA, FAMILY, promptId, 'g:a:15');
    const done = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === promptId && textOf(call).includes('by Anna'), { after: fromAmount, timeoutMs: 20_000 });
    expect(textOf(done)).toBe('✅ +15 min for Leo on pc by Anna: 45m left');
    expect(await leoSecondsLeft()).toBe(2700);

    after = api.calls.length;
    api.sendText({ from: BEN, chat: FAMILY, text: '/add' });
    const second = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === FAMILY.id && textOf(call).startsWith('Whose time'), { after });
    api.sendText({ from: BEN, chat: FAMILY, text: '/cancel' });
    const cancelled = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === messageIdOf(second), { after });
    expect(textOf(cancelled)).toBe('Cancelled: nothing was changed.');
    expect(await leoSecondsLeft()).toBe(2700);
  });

  test('in the group, a typed amount is a reply to the bot (as privacy mode requires); other text is ignored', async () => {
    await setLeo(1800);
    let after = api.calls.length;
    api.sendText({ from: BEN, chat: FAMILY, text: '/add' });
    const prompt = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === FAMILY.id && textOf(call).startsWith('Whose time'), { after });
    const promptId = messageIdOf(prompt);
    const { after: fromChild } = await press(BEN, FAMILY, promptId, 'g:c:leo');
    await api.waitForCall('editMessageText', (call) => call.params['message_id'] === promptId && textOf(call).includes('How much'), { after: fromChild });
    after = api.calls.length;
    await press(BEN, FAMILY, promptId, 'g:o');
    const ask = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === FAMILY.id && textOf(call).includes('reply with the number of minutes'), { after });
    expect(ask.params['reply_markup']).toMatchObject({ force_reply: true, selective: true });
    expect(textOf(ask)).toContain(`tg://user?id=${BEN.id}`);

    // Plain group chatter (which privacy mode would not even deliver) is not taken as the amount.
    after = api.calls.length;
    api.sendText({ from: BEN, chat: FAMILY, text: '30' });
    const askMessage = api.messages(FAMILY.id).find((message) => message.messageId === messageIdOf(ask))?.message;
    // A reply, as Telegram delivers it (hand-built: the stand-in's sendText makes no replies).
    const reply = {
      message: { message_id: 9000, date: Math.floor(Date.now() / 1000), chat: { id: FAMILY.id, type: 'supergroup', title: 'Family' }, from: { ...BEN, is_bot: false }, text: '20', reply_to_message: askMessage },
    };
    api.pushUpdate(reply as unknown as Parameters<typeof api.pushUpdate>[0]);
    const done = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === promptId && textOf(call).includes('by Ben'), { after, timeoutMs: 20_000 });
    expect(textOf(done)).toBe('✅ +20 min for Leo on pc by Ben: 50m left');
    expect(await leoSecondsLeft()).toBe(3000);
  });

  test("Telegram's flood limit on an edit is waited out and retried (auto-retry)", async () => {
    await setLeo(1800);
    const { messageId } = await requestStatus(ANNA, privateChat(ANNA));
    api.failNext('editMessageText', { error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
    const { after } = await press(ANNA, privateChat(ANNA), messageId, 'a:leo:pc:15');
    const edit = await api.waitForCall('editMessageText', (call) => call.response?.ok === true && call.params['message_id'] === messageId, { after, timeoutMs: 20_000 });
    const refused = api.calls.slice(after).find((call) => call.method === 'editMessageText' && call.response?.ok === false);
    expect(refused).toBeDefined();
    expect(edit.at - (refused?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(textOf(edit)).toContain('✅ +15 min for Leo on pc by Anna: 45m left');
    expect(await leoSecondsLeft()).toBe(2700);
  });

  test('refresh with nothing changed is not an error', async () => {
    const chat = privateChat(ANNA);
    const { messageId } = await requestStatus(ANNA, chat);
    const { after } = await press(ANNA, chat, messageId, 'r');
    const edit = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === messageId, { after, timeoutMs: 20_000 });
    // The path under test: Telegram refused the edit as "message is not modified".
    expect(edit.response?.ok === false ? edit.response.description : '').toContain('message is not modified');
    // Updates of one parent in one chat are handled in order: once /help is answered, the refresh has finished too,
    // so whatever it would have logged or sent is there to be seen.
    api.sendText({ from: ANNA, chat, text: '/help' });
    await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === chat.id && textOf(call).includes('/status'), { after, timeoutMs: 20_000 });
    expect(bot.output()).not.toContain('"msg":"update failed"');
    expect(api.calls.slice(after).filter((call) => call.method === 'sendMessage' && textOf(call).startsWith('Sorry'))).toEqual([]);
  });
});

describe('starting the bot with a bad setup', () => {
  test('a missing or rejected token stops it at once with one clear line', async () => {
    const temp = await makeTempDir();
    try {
      const yaml = testHostConfig(host, { pc: {} }, { leo: { pc: leo } }, {}, { parents: [ANNA.id], apiRoot: api.apiRoot });
      await writeFile(path.join(temp.dir, 'config.yaml'), yaml);
      const missing = startBotProcess(temp.dir, 'config.yaml', {});
      expect(await missing.exited).toBe(2);
      expect(missing.output().trim()).toBe('BOT_TOKEN is not set: put BOT_TOKEN=<the token from @BotFather> into .env or the environment.');

      const rejected = startBotProcess(temp.dir, 'config.yaml', { BOT_TOKEN: '999:wrong' });
      expect(await rejected.exited).toBe(2);
      expect(rejected.output().trim()).toBe('Telegram rejected BOT_TOKEN (401: Unauthorized): copy the token from @BotFather again.');

      await writeFile(path.join(temp.dir, 'config.yaml'), yaml.replace('parents:', 'parnets:'));
      const badConfig = startBotProcess(temp.dir, 'config.yaml', { BOT_TOKEN: TOKEN });
      expect(await badConfig.exited).toBe(2);
      expect(badConfig.output()).toMatch(/config\.yaml:\d+ telegram\.parnets: is not a known setting/);
    } finally {
      await temp.cleanup();
    }
  });
});
