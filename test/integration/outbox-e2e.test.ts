import { afterAll, beforeAll, expect, test } from 'vitest';
import { SshPool } from '../../src/ssh/pool.ts';
import { createTimekpraClient, type TimekprClient } from '../../src/timekpr/client.ts';
import { startBotApiStandin, type BotApiStandin, type RecordedCall, type TestChat, type TestUser } from '../support/bot-api-standin.ts';
import { startBotProcess, type BotProcess } from '../support/bot-process.ts';
import { buttonsOf, chatWith, messageIdOf, sentTo, textOf } from '../support/standin-chat.ts';
import { startSwitchableProxy } from '../support/switchable-proxy.ts';
import { giveTwoHourLimit, loadTestHost, makeTempDir, readInfo, testHostConfig, testLogger, waitFor, writeAndLoadConfig } from '../support/test-host.ts';

// What the bot owes a chat while Telegram cannot be reached: the real bot process, the real test host, and the Bot
// API stand-in behind a relay the test switches off (connections cut, new ones refused) and on again.

const TOKEN = '123456:outbox-test-token';
const ANNA: TestUser = { id: 111, first_name: 'Anna' };
const FAMILY: TestChat = { id: -100800, type: 'supergroup', title: 'Family' };

let api: BotApiStandin;
let relay: Awaited<ReturnType<typeof startSwitchableProxy>>;
let pool: SshPool;
let client: TimekprClient;
let bot: BotProcess;
let dir: string;
let cleanup: () => Promise<void>;
let mia: string;
let leo: string;

/** Calls that Telegram took (answered ok) after index `after`. */
const taken = (after: number, keep: (call: RecordedCall) => boolean) => api.calls.slice(after).filter((call) => call.response?.ok === true && keep(call));

async function startBot(): Promise<void> {
  bot = startBotProcess(dir, 'config.yaml', { BOT_TOKEN: TOKEN });
  await waitFor(() => Promise.resolve(bot.output()), (output) => output.includes('"msg":"bot started"'), { what: 'the bot to start', timeoutMs: 60_000 });
}

beforeAll(async () => {
  const host = await loadTestHost();
  mia = host.TKHOST_CHILD_LOGGED_IN;
  leo = host.TKHOST_CHILD_LOGGED_OUT;
  const temp = await makeTempDir();
  dir = temp.dir;
  cleanup = temp.cleanup;
  api = await startBotApiStandin({ token: TOKEN });
  relay = await startSwitchableProxy(Number(new URL(api.apiRoot).port));
  const yaml =
    testHostConfig(host, { pc: {} }, { mia: { pc: mia }, leo: { pc: leo } }, {}, { parents: [ANNA.id], chats: [FAMILY.id], apiRoot: `http://127.0.0.1:${relay.port}` }) +
    'notifications:\n  thresholdsMinutes: [5]\n  pollSeconds: 1\nstorage:\n  path: ./state/bot.sqlite\n';
  const loaded = await writeAndLoadConfig(dir, yaml);
  pool = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger: testLogger });
  client = createTimekpraClient({ exec: pool.exec, timekpraOf: () => '/usr/bin/timekpra' });
  for (const login of [mia, leo]) await giveTwoHourLimit(pool.exec, 'pc', login);
  for (const [login, seconds] of [[mia, 1800], [leo, 1200]] as const) {
    const set = await client.changeTimeLeft('pc', login, '=', seconds);
    if (!set.ok) throw new Error(JSON.stringify(set.error));
  }
  await startBot();
});

afterAll(async () => {
  await bot?.stop();
  for (const login of [mia, leo]) await client?.changeTimeLeft('pc', login, '=', 3600).catch(() => undefined);
  await Promise.all([api?.close(), pool?.close(), relay?.close()]);
  await cleanup?.();
});

test('Telegram gone right after the toast of a tap, back 20 s later: the parent gets the outcome, once', { timeout: 90_000 }, async () => {
  const family = chatWith(api, FAMILY);
  const status = await family.say(ANNA, '/status');
  const leoPlus15 = buttonsOf(status).find((button) => button.callback_data.includes('leo') && button.text === '+15');
  expect(leoPlus15).toBeDefined();
  const after = api.calls.length;
  // Telegram vanishes as the bot sends the outcome: the edit's connection is cut, and nothing answers for 20 s.
  let goneAt = 0;
  api.beforeAnswer('editMessageText', async () => {
    await relay.switchOff();
    goneAt = Date.now();
  });
  const update = api.pressButton({ from: ANNA, chat: FAMILY, messageId: messageIdOf(status), data: leoPlus15?.callback_data ?? '' });
  await api.waitForCall('answerCallbackQuery', (call) => call.params['callback_query_id'] === update.callback_query?.id, { after });
  // The change itself is made on the real computer, Telegram or not.
  await waitFor(() => readInfo(client, leo), (info) => info.secondsLeft === 1200 + 900, { what: "Leo's +15 on the real daemon" });
  await waitFor(() => Promise.resolve(goneAt), (at) => at > 0, { what: 'the outcome to be on its way when Telegram goes' });
  await waitFor(() => Promise.resolve(bot.logLines('outbox: Telegram did not take a message: it is kept and tried again')), (lines) => lines.length > 0, { what: 'the outcome to be kept' });

  await waitFor(() => Promise.resolve(Date.now() - goneAt), (ms) => ms >= 20_000, { what: '20 s without Telegram', timeoutMs: 30_000, intervalMs: 500 });
  expect(taken(after, (call) => call.method === 'editMessageText')).toEqual([]);
  await relay.switchOn();

  const outcome = await api.waitForCall('editMessageText', (call) => call.response?.ok === true && call.params['message_id'] === messageIdOf(status), { after, timeoutMs: 30_000 });
  expect(textOf(outcome)).toContain('✅ +15 min for Leo on pc by Anna: 35m left');
  // Once: no second edit and no copy as a new message, even after the next polls.
  await chatWith(api, FAMILY).say(ANNA, '/help');
  expect(taken(after, (call) => (call.method === 'editMessageText' || call.method === 'sendMessage') && textOf(call).includes('+15 min for Leo'))).toHaveLength(1);
  expect(api.messages(FAMILY.id).find((message) => message.messageId === messageIdOf(status))?.text).toContain('✅ +15 min for Leo on pc by Anna: 35m left');
});

test('an alert that fires while Telegram is away, owed across a restart, arrives once when it is back', { timeout: 120_000 }, async () => {
  await relay.switchOff();
  const after = api.calls.length;
  // Mia (logged in) drops below the 5-minute threshold while the bot cannot reach Telegram.
  const set = await client.changeTimeLeft('pc', mia, '=', 270);
  expect(set.ok).toBe(true);
  await waitFor(() => Promise.resolve(bot.logLines('alert sent')), (lines) => lines.some((line) => line.includes('"owed":1')), { what: 'the alert to be kept for later', timeoutMs: 30_000 });

  // The bot is restarted while the alert is owed (the relay still off): it waits for Telegram, then delivers it.
  expect(await bot.stop()).toBe(0);
  bot = startBotProcess(dir, 'config.yaml', { BOT_TOKEN: TOKEN });
  await waitFor(() => Promise.resolve(bot.output()), (output) => output.includes('cannot reach Telegram yet'), { what: 'the restarted bot to wait for Telegram' });
  await relay.switchOn();
  const alert = await api.waitForCall('sendMessage', (call) => sentTo(call, FAMILY) && textOf(call).startsWith('⏳'), { after, timeoutMs: 45_000 });
  expect(textOf(alert)).toMatch(/^⏳ Mia has [45] min left on pc$/);
  await waitFor(() => Promise.resolve(bot.logLines('outbox: messages owed from before the stop are sent now')), (lines) => lines.length === 1, { what: 'the restarted bot to send what was owed' });
  // Once: a /status later, still one alert, and the restarted watcher did not send it again.
  await chatWith(api, FAMILY).say(ANNA, '/status');
  expect(taken(after, (call) => call.method === 'sendMessage' && textOf(call).startsWith('⏳'))).toHaveLength(1);
});
