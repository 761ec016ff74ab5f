import { readFile, writeFile } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SshPool } from '../../src/ssh/pool.ts';
import { createTimekpraClient, type TimekprClient } from '../../src/timekpr/client.ts';
import { startBotApiStandin, type BotApiStandin, type RecordedCall, type TestChat, type TestUser } from '../support/bot-api-standin.ts';
import { startBotProcess, type BotProcess } from '../support/bot-process.ts';
import { startHangingServer } from '../support/hanging-server.ts';
import { giveTwoHourLimit, loadTestHost, makeTempDir, testHostConfig, testLogger, waitFor, writeAndLoadConfig, type TestHost } from '../support/test-host.ts';

const TOKEN = '123456:state-test-token';
const ANNA: TestUser = { id: 111, first_name: 'Anna' };
const BEN: TestUser = { id: 222, first_name: 'Ben' };
const FAMILY: TestChat = { id: -100500, type: 'supergroup', title: 'Family' };
const privateChat = (user: TestUser): TestChat => ({ id: user.id, type: 'private' });

let host: TestHost;
let api: BotApiStandin;
let bot: BotProcess;
let pool: SshPool;
let client: TimekprClient;
let dir: string;
let cleanup: () => Promise<void>;
let mia: string;
let leo: string;
let hanging: Awaited<ReturnType<typeof startHangingServer>>;
const configFile = () => path.join(dir, 'config.yaml');

const textOf = (call: RecordedCall): string => (typeof call.params['text'] === 'string' ? call.params['text'] : '');
const alertsSent = () => api.calls.filter((call) => call.method === 'sendMessage' && textOf(call).startsWith('⏳'));

async function secondsLeft(login: string): Promise<number> {
  const answer = await client.usersInfo('pc', [login]);
  const info = answer.ok ? answer.value.get(login) : undefined;
  if (info === undefined || !info.ok) throw new Error(`cannot read ${login}: ${JSON.stringify(answer)}`);
  return info.value.secondsLeft;
}

async function setTime(login: string, seconds: number): Promise<void> {
  const change = await client.changeTimeLeft('pc', login, '=', seconds);
  if (!change.ok) throw new Error(JSON.stringify(change.error));
}

/**
 * Waits until the running bot's watcher has looked at the machine `count` more times: a poll, or (on the D-Bus
 * backend, where polls are minutes apart) a time-left event pushed by the daemon.
 */
async function watcherPolls(count: number): Promise<void> {
  const polls = () => bot.output().split('\n').filter((line) => line.includes('"msg":"watcher polled"') || line.includes('"msg":"watcher: time left pushed"')).length;
  const target = polls() + count;
  await waitFor(() => Promise.resolve(polls()), (seen) => seen >= target, { what: `${count} watcher polls`, timeoutMs: 30_000 });
}

async function startBot(): Promise<void> {
  bot = startBotProcess(dir, configFile(), { BOT_TOKEN: TOKEN, HEARTBEAT_FILE: path.join(dir, 'heartbeat') });
  await waitFor(() => Promise.resolve(bot.output()), (output) => output.includes('"msg":"bot started"'), { what: 'the bot to start', timeoutMs: 30_000 });
}

async function restartBot(): Promise<void> {
  expect(await bot.stop()).toBe(0);
  await startBot();
}

beforeAll(async () => {
  host = await loadTestHost();
  mia = host.TKHOST_CHILD_LOGGED_IN;
  leo = host.TKHOST_CHILD_LOGGED_OUT;
  ({ dir, cleanup } = await makeTempDir());
  api = await startBotApiStandin({ token: TOKEN });
  hanging = await startHangingServer();
  const yaml =
    testHostConfig(
      host,
      { pc: {}, hung: { port: hanging.port, connectTimeoutSeconds: 3 } },
      { mia: { pc: mia, hung: 'mia' }, leo: { pc: leo } },
      {},
      { parents: [ANNA.id, BEN.id], chats: [FAMILY.id], apiRoot: api.apiRoot },
    ) +
    'notifications:\n  thresholdsMinutes: [15, 5]\n  pollSeconds: 1\nstorage:\n  path: ./state/bot.sqlite\n';
  const loaded = await writeAndLoadConfig(dir, yaml);
  pool = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger: testLogger });
  client = createTimekpraClient({ exec: pool.exec, timekpraOf: () => '/usr/bin/timekpra' });
  await giveTwoHourLimit(pool.exec, 'pc', leo);
  await setTime(mia, 3600);
  await setTime(leo, 240);
  await startBot();
});

afterAll(async () => {
  await bot?.stop();
  await setTime(mia, 3600).catch(() => undefined);
  await Promise.all([api?.close(), pool?.close(), hanging?.close()]);
  await cleanup?.();
});

describe('state that survives restarts (real SQLite file, real bot process restarted)', () => {
  test('no alert for a logged-in child above the thresholds, nor for a child who is not logged in', async () => {
    await watcherPolls(3);
    expect(alertsSent()).toEqual([]);
  });

  test('one alert (the lowest threshold crossed) for a logged-in child, to the family chat, with quick buttons', async () => {
    await setTime(mia, 240);
    const alert = await api.waitForCall('sendMessage', (call) => textOf(call).startsWith('⏳'), { timeoutMs: 30_000 });
    expect(textOf(alert)).toMatch(/^⏳ Mia has [34] min left on pc$/);
    expect(alert.params['chat_id']).toBe(FAMILY.id);
    const [quick, ...more] = (alert.params['reply_markup'] as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard;
    expect(quick?.map((button) => button.text)).toEqual(['+15', '+30', '+60', 'Let it end']);
    // Then, unless it is late in the evening, 🌙 until an hour after the time would run out, for the child.
    const tonight = more.flat().map((button) => [button.text, button.callback_data]);
    expect(tonight).toEqual(tonight.length === 0 ? [] : [[expect.stringMatching(/^🌙 Until \d+:\d\d tonight$/), expect.stringMatching(/^x:mia:a:\d+$/)]]);
    await watcherPolls(3);
    expect(alertsSent()).toHaveLength(1);
  });

  test('a restart does not repeat the alert', async () => {
    await restartBot();
    await watcherPolls(3);
    expect(alertsSent()).toHaveLength(1);
  });

  test("the alert's button adds time, which re-arms the thresholds; Let it end dismisses the next one", async () => {
    const [alert] = alertsSent();
    const messageId = (alert?.response?.ok ? (alert.response.result as { message_id: number }) : { message_id: -1 }).message_id;
    let after = api.calls.length;
    api.pressButton({ from: BEN, chat: FAMILY, messageId, data: 'l:mia:pc:15' });
    const edit = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === messageId, { after, timeoutMs: 20_000 });
    expect(textOf(edit)).toMatch(/^⏳ Mia has [34] min left on pc\n✅ \+15 min for Mia on pc by Ben: 1[89]m left$/);
    expect(await secondsLeft(mia)).toBeGreaterThan(15 * 60);

    await watcherPolls(2); // sees Mia above both thresholds: they re-arm
    // Counted before the change: a pushed alert may come before setTime has even returned.
    after = api.calls.length;
    await setTime(mia, 240);
    const second = await api.waitForCall('sendMessage', (call) => textOf(call).startsWith('⏳'), { after, timeoutMs: 30_000 });
    expect(alertsSent()).toHaveLength(2);
    const secondId = (second.response?.ok ? (second.response.result as { message_id: number }) : { message_id: -1 }).message_id;
    after = api.calls.length;
    api.pressButton({ from: ANNA, chat: FAMILY, messageId: secondId, data: 'd:mia:pc' });
    const dismissed = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === secondId, { after });
    expect(textOf(dismissed)).toMatch(/\nAnna let it end\.$/);
    expect(await secondsLeft(mia)).toBeLessThanOrEqual(240);
    await setTime(mia, 3600);
  });

  test("a tap's update delivered again after a restart is answered but applied once", async () => {
    await setTime(leo, 1800);
    let after = api.calls.length;
    api.sendText({ from: ANNA, chat: privateChat(ANNA), text: '/status' });
    const status = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === ANNA.id, { after, timeoutMs: 20_000 });
    const messageId = (status.response?.ok ? (status.response.result as { message_id: number }) : { message_id: -1 }).message_id;
    after = api.calls.length;
    const tap = api.pressButton({ from: ANNA, chat: privateChat(ANNA), messageId, data: 'a:leo:pc:15' });
    await api.waitForCall('editMessageText', (call) => textOf(call).includes('+15 min for Leo on pc by Anna'), { after, timeoutMs: 20_000 });
    expect(await secondsLeft(leo)).toBe(2700);

    // As if the bot had crashed before confirming the update: Telegram sends it again after the restart.
    expect(await bot.stop()).toBe(0);
    api.redeliver(tap);
    after = api.calls.length;
    await startBot();
    const again = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === messageId, { after, timeoutMs: 20_000 }).catch((error: unknown) => {
      // Say why: the bot's own error lines, if it logged any.
      const errors = bot.output().split('\n').filter((line) => line.includes('"level":50'));
      throw new Error(`${String(error)}\nbot errors:\n${errors.join('\n')}`, { cause: error });
    });
    expect(textOf(again)).toContain('↩️ Already done, not repeated: +15 min for Leo on pc by Anna: 45m left then');
    expect(await secondsLeft(leo)).toBe(2700);
  });

  test('a change cut short by a crash is reported after the restart as unknown, with the time read then', async () => {
    const pending = () => {
      const db = new DatabaseSync(path.join(dir, 'state', 'bot.sqlite'), { readOnly: true });
      try {
        return (db.prepare("SELECT count(*) AS n FROM changes WHERE status = 'pending'").get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    api.sendText({ from: ANNA, chat: privateChat(ANNA), text: '/add mia 15 hung' });
    // Recorded before it runs; the hung computer keeps it running for seconds: the bot dies in between.
    await waitFor(() => Promise.resolve(pending()), (count) => count === 1, { what: 'the change to be recorded as pending' });
    await bot.kill();
    const after = api.calls.length;
    await startBot();
    const report = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === ANNA.id && textOf(call).startsWith('❓'), { after, timeoutMs: 20_000 });
    expect(textOf(report)).toBe(
      "❓ The bot stopped while it was applying +15 min for Mia on hung by Anna: whether it was applied is unknown. Mia's time on hung cannot be read now (not reachable (timed out after 3 s)); use /status later.",
    );
    expect(pending()).toBe(0);
  });

  test('a change in a private chat is announced in the family chat; /history names the parent, newest first', async () => {
    let after = api.calls.length;
    api.sendText({ from: BEN, chat: privateChat(BEN), text: '/add leo 5' });
    const announced = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === FAMILY.id && textOf(call).startsWith('📣'), { after, timeoutMs: 20_000 });
    expect(textOf(announced)).toBe('📣 ✅ +5 min for Leo on pc by Ben: 50m left');

    after = api.calls.length;
    api.sendText({ from: ANNA, chat: FAMILY, text: '/history' });
    const history = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === FAMILY.id && textOf(call).startsWith('<b>History'), { after });
    const lines = textOf(history).split('\n');
    expect(lines[0]).toBe('<b>History today</b>');
    expect(lines[1]).toMatch(/^\d\d:\d\d Ben: \+5 min for Leo on pc ✅, 50m left$/);
    expect(lines[2]).toMatch(/^\d\d:\d\d Anna: \+15 min for Mia on hung ❓ unknown$/);
    expect(lines[3]).toMatch(/^\d\d:\d\d Anna: \+15 min for Leo on pc ✅, 45m left$/);
    expect(textOf(history)).toMatch(/\d\d:\d\d Ben: \+15 min for Mia on pc ✅, 1[89]m left/);
    expect(textOf(history).match(/⏳ alert: Mia had [34] min left on pc/g)).toHaveLength(2);

    after = api.calls.length;
    api.sendText({ from: ANNA, chat: FAMILY, text: '/history leo 2' });
    const leoOnly = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === FAMILY.id && textOf(call).startsWith('<b>History'), { after });
    expect(textOf(leoOnly)).toContain('<b>History for Leo in the last 2 days</b>');
    expect(textOf(leoOnly)).not.toContain('Mia');
  });
});

describe('a database file that cannot be used', () => {
  test('stops the bot with a message naming the file, and leaves the file as it was', async () => {
    const temp = await makeTempDir();
    try {
      const broken = path.join(temp.dir, 'broken.sqlite');
      const garbage = 'this is not a database, and must not be replaced\n'.repeat(100);
      await writeFile(broken, garbage);
      const yaml = testHostConfig(host, { pc: {} }, { leo: { pc: leo } }, {}, { parents: [ANNA.id], apiRoot: api.apiRoot }) + `storage:\n  path: ${broken}\n`;
      await writeFile(path.join(temp.dir, 'config.yaml'), yaml);
      const started = startBotProcess(temp.dir, 'config.yaml', { BOT_TOKEN: TOKEN });
      expect(await started.exited).toBe(2);
      expect(started.output().trim()).toBe(
        `The bot did not start: cannot use ${broken}: file is not a database. It was left as it is; move it away to start afresh, or restore a backup.`,
      );
      expect(await readFile(broken, 'utf8')).toBe(garbage);
    } finally {
      await temp.cleanup();
    }
  });
});
