import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SshPool } from '../../src/ssh/pool.ts';
import { startBotApiStandin, type BotApiStandin, type RecordedCall, type TestChat, type TestUser } from '../support/bot-api-standin.ts';
import { startBotProcess, type BotProcess } from '../support/bot-process.ts';
import { buttonsOf, messageIdOf, sentTo, textOf } from '../support/standin-chat.ts';
import { giveTwoHourLimit, loadTestHost, makeTempDir, testHostConfig, testLogger, waitFor, writeAndLoadConfig } from '../support/test-host.ts';

/*
 * Strangers flooding the family group, end to end: the real bot process (`node src/main.ts`), real grammY long
 * polling through @grammyjs/runner against the Bot API stand-in, the real sshd and Timekpr-nExT of the test host.
 */

const TOKEN = '123456:strangers-e2e-token';
const ANNA: TestUser = { id: 111, first_name: 'Anna' };
const STRANGERS: readonly TestUser[] = [
  { id: 901, first_name: 'Eve' },
  { id: 902, first_name: 'Mallory' },
  { id: 903, first_name: 'Trudy' },
  { id: 904, first_name: 'Oscar' },
];
const FAMILY: TestChat = { id: -100500, type: 'supergroup', title: 'Family' };
const FLOOD = 200;
/** What a stranger is told. */
const refusalOf = (user: TestUser) => `Sorry, only the parents set up for this bot can use it. Your Telegram user ID is ${user.id}.`;
const isRefusal = (call: RecordedCall) => call.method === 'sendMessage' && textOf(call).startsWith('Sorry, only the parents');
/** How long Telegram makes the first refusal wait (a 429 with retry_after), in seconds. */
const HELD_SECONDS = 8;

let api: BotApiStandin;
let bot: BotProcess;
let pool: SshPool;
let cleanup: () => Promise<void>;

/** The bot's log lines so far (JSON), parsed. */
function logLines(): Record<string, unknown>[] {
  return bot
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** How many updates the bot refused without a word so far. */
const quietlyRefused = () => logLines().filter((line) => line['msg'] === 'refused quietly').length;

beforeAll(async () => {
  const host = await loadTestHost();
  const leo = host.TKHOST_CHILD_LOGGED_OUT;
  const temp = await makeTempDir();
  cleanup = temp.cleanup;
  api = await startBotApiStandin({ token: TOKEN });
  const yaml =
    testHostConfig(host, { pc: {} }, { leo: { pc: leo } }, {}, { parents: [ANNA.id], chats: [FAMILY.id], apiRoot: api.apiRoot }) +
    'notifications:\n  thresholdsMinutes: []\nstorage:\n  path: ./state/bot.sqlite\nreports:\n  weekly: false\n';
  const loaded = await writeAndLoadConfig(temp.dir, yaml);
  pool = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger: testLogger });
  await giveTwoHourLimit(pool.exec, 'pc', leo);
  bot = startBotProcess(temp.dir, path.join(temp.dir, 'config.yaml'), { BOT_TOKEN: TOKEN, HEARTBEAT_FILE: path.join(temp.dir, 'heartbeat') });
  await api.waitForCall('setMyCommands', undefined, { timeoutMs: 30_000 });
});

afterAll(async () => {
  const code = await bot?.stop();
  if (code !== 0) console.log('BOT OUTPUT', bot?.output());
  await Promise.all([api?.close(), pool?.close()]);
  await cleanup?.();
  expect(code).toBe(0);
});

test(`${FLOOD} messages and taps from ${STRANGERS.length} strangers in the group: one refusal there; a parent's /status in the middle is answered at once`, async () => {
  // The parent's /status before the flood: its buttons are what the strangers tap, and the computer's connection is open.
  const before = api.calls.length;
  api.sendText({ from: ANNA, chat: FAMILY, text: '/status' });
  const status = await api.waitForCall('sendMessage', (call) => sentTo(call, FAMILY), { after: before, timeoutMs: 30_000 });
  expect(textOf(status)).toContain('<b>Leo</b>');
  const data = buttonsOf(status)[0]?.callback_data ?? '';
  expect(data).not.toBe('');

  // The first refusal is held up by Telegram (429, retry after 8 s): the stranger whose update it answers waits that
  // long. Nobody else may wait for it.
  const floodStart = api.calls.length;
  api.failNext('sendMessage', { error_code: 429, description: `Too Many Requests: retry after ${HELD_SECONDS}`, parameters: { retry_after: HELD_SECONDS } });
  const [first, ...others] = STRANGERS as [TestUser, ...TestUser[]];
  api.sendText({ from: first, chat: FAMILY, text: '/status' });
  const held = await api.waitForCall('sendMessage', () => true, { after: floodStart, timeoutMs: 20_000 });
  expect(held).toMatchObject({ params: { chat_id: FAMILY.id }, response: { ok: false, error_code: 429 } });
  expect(textOf(held)).toBe(refusalOf(first));

  // The rest of the flood, all at once: commands, chatter and taps on the parent's buttons, from every stranger, with
  // the parent's /status in the middle.
  const texts = ['/status', '/add leo 60', 'hello?', '/pause leo', '/help', 'give me time'];
  const taps: string[] = [];
  let parentSentAt = 0;
  let parentUpdateId = 0;
  let lastUpdateId = 0;
  for (let index = 1; index < FLOOD; index += 1) {
    const stranger = [first, ...others][index % STRANGERS.length] ?? first;
    if (index === FLOOD / 2) {
      parentSentAt = Date.now();
      parentUpdateId = api.sendText({ from: ANNA, chat: FAMILY, text: '/status' }).update_id;
    }
    if (index % 20 === 0) {
      const update = api.pressButton({ from: stranger, chat: FAMILY, messageId: messageIdOf(status), data });
      taps.push(update.callback_query?.id ?? '');
      lastUpdateId = update.update_id;
    } else {
      lastUpdateId = api.sendText({ from: stranger, chat: FAMILY, text: texts[index % texts.length] ?? 'hi' }).update_id;
    }
  }
  expect(parentUpdateId).toBeGreaterThan(0);

  // The parent is answered promptly, while the stranger's refusal is still held by Telegram.
  const answer = await api.waitForCall('sendMessage', (call) => sentTo(call, FAMILY) && textOf(call).includes('<b>Leo</b>'), { after: floodStart, timeoutMs: 20_000 });
  const answeredInMs = answer.at - parentSentAt;
  console.log(`parent's /status amid ${FLOOD} strangers' updates: answered in ${answeredInMs} ms`);
  expect(answeredInMs).toBeLessThan(5000);

  // Every stranger update is handled: each tap answered in words (an alert only the tapper sees), every message but
  // the first refused quietly.
  await api.waitForUpdatesConfirmed(lastUpdateId, { timeoutMs: 20_000 });
  const tapsAnswered = () => taps.filter((id) => api.callbackAnswer(id) !== undefined).length;
  await waitFor(() => Promise.resolve(tapsAnswered()), (count) => count === taps.length, { what: 'every tap answered', timeoutMs: 20_000 });
  const quietly = FLOOD - 1 - taps.length;
  await waitFor(() => Promise.resolve(quietlyRefused()), (count) => count === quietly, { what: `${quietly} messages refused quietly`, timeoutMs: 20_000 });
  for (const id of taps) expect(api.callbackAnswer(id)?.text).toMatch(/^Sorry, only the parents set up for this bot can use it\. Your Telegram user ID is \d+\.$/);

  // The held refusal goes out once Telegram lets it, and it stays the only one in the group.
  const retried = await api.waitForCall('sendMessage', (call) => isRefusal(call) && call.response?.ok === true, { after: floodStart, timeoutMs: (HELD_SECONDS + 10) * 1000 });
  expect(textOf(retried)).toBe(refusalOf(first));
  expect(answer.at).toBeLessThan(retried.at);
  const refusals = api.calls.slice(floodStart).filter((call) => isRefusal(call) && sentTo(call, FAMILY));
  expect(refusals).toEqual([held, retried]);
  expect(api.messages(FAMILY.id).filter((message) => message.text.startsWith('Sorry'))).toHaveLength(1);
  // Nothing else was written into the group since the flood began: the parent's status and the one refusal.
  expect(api.calls.slice(floodStart).filter((call) => call.method === 'sendMessage' && sentTo(call, FAMILY) && call !== answer && !isRefusal(call))).toEqual([]);
  expect(logLines().filter((line) => line['msg'] === 'refused')).toHaveLength(1);
  expect(bot.output()).not.toContain('"msg":"update failed"');
}, 90_000);

test('a stranger writing privately is told their user ID once, however often they write', async () => {
  const [stranger] = STRANGERS as [TestUser, ...TestUser[]];
  const chat: TestChat = { id: stranger.id, type: 'private' };
  const start = api.calls.length;
  const quietBefore = quietlyRefused();
  let lastUpdateId = 0;
  for (let index = 0; index < 20; index += 1) lastUpdateId = api.sendText({ from: stranger, chat, text: index % 2 === 0 ? '/start' : 'hello' }).update_id;
  const told = await api.waitForCall('sendMessage', (call) => sentTo(call, chat), { after: start, timeoutMs: 20_000 });
  expect(textOf(told)).toBe(refusalOf(stranger));
  await api.waitForUpdatesConfirmed(lastUpdateId);
  await waitFor(() => Promise.resolve(quietlyRefused() - quietBefore), (count) => count === 19, { what: '19 updates refused quietly' });
  expect(api.calls.slice(start).filter((call) => call.method === 'sendMessage')).toEqual([told]);
});
