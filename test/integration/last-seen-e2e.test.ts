import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startBotApiStandin, type BotApiStandin, type RecordedCall, type TestChat, type TestUser } from '../support/bot-api-standin.ts';
import { startBotProcess, type BotProcess } from '../support/bot-process.ts';
import { startSwitchableProxy } from '../support/switchable-proxy.ts';
import { loadTestHost, makeTempDir, testHostConfig, waitFor } from '../support/test-host.ts';

// A computer that answered and then went away: /status says since when it is off and who was logged in then.
// "den" is the test host reached through a relay on loopback that the test switches off.

const TOKEN = '123456:seen-test-token';
const ANNA: TestUser = { id: 111, first_name: 'Anna' };
const chat: TestChat = { id: ANNA.id, type: 'private' };

let api: BotApiStandin;
let bot: BotProcess;
let proxy: Awaited<ReturnType<typeof startSwitchableProxy>>;
let cleanup: () => Promise<void>;

const textOf = (call: RecordedCall): string => (typeof call.params['text'] === 'string' ? call.params['text'] : '');

async function status(): Promise<string> {
  const after = api.calls.length;
  api.sendText({ from: ANNA, chat, text: '/status' });
  return textOf(await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === ANNA.id, { after, timeoutMs: 20_000 }));
}

beforeAll(async () => {
  const host = await loadTestHost();
  const temp = await makeTempDir();
  cleanup = temp.cleanup;
  api = await startBotApiStandin({ token: TOKEN });
  proxy = await startSwitchableProxy(host.TKHOST_SSH_PORT);
  // The relay's port is another address for the same host key.
  const hostKey = (await readFile(host.TKHOST_HOST_KEY_PUB, 'utf8')).split(' ').slice(0, 2).join(' ');
  const knownHosts = path.join(temp.dir, 'known_hosts_den');
  await writeFile(knownHosts, `[127.0.0.1]:${proxy.port} ${hostKey}\n`);
  const yaml = testHostConfig(
    host,
    { pc: {}, den: { port: proxy.port, knownHostsFile: knownHosts, connectTimeoutSeconds: 2 } },
    { mia: { den: host.TKHOST_CHILD_LOGGED_IN }, leo: { pc: host.TKHOST_CHILD_LOGGED_OUT } },
    {},
    { parents: [ANNA.id], apiRoot: api.apiRoot },
  );
  await writeFile(path.join(temp.dir, 'config.yaml'), `${yaml}notifications:\n  thresholdsMinutes: []\nstorage:\n  path: ./state/bot.sqlite\n`);
  bot = startBotProcess(temp.dir, path.join(temp.dir, 'config.yaml'), { BOT_TOKEN: TOKEN });
  await waitFor(() => Promise.resolve(bot.output()), (output) => output.includes('"msg":"bot started"'), { what: 'the bot to start', timeoutMs: 30_000 });
});

afterAll(async () => {
  await bot?.stop();
  await Promise.all([api?.close(), proxy?.close()]);
  await cleanup?.();
});

test('a computer that answered and is off now shows since when, and who was logged in then', async () => {
  const before = await status();
  expect(before).toMatch(/\nden: <b>(\d+h \d\dm|\d+m)<\/b> left · logged in · /);

  await proxy.switchOff();
  const answeredAt = new Date();
  const after = await status();
  const clock = (time: Date) => time.toTimeString().slice(0, 5);
  // Seen last at the first /status (a minute boundary may lie between it and now).
  expect(after).toMatch(/\nden: 💤 off since (\d\d:\d\d) \(Mia was logged in\)/);
  const since = /den: 💤 off since (\d\d:\d\d)/.exec(after)?.[1];
  expect([clock(answeredAt), clock(new Date(answeredAt.getTime() - 60_000))]).toContain(since);
  // The other computer is read as usual.
  expect(after).toMatch(/\npc: <b>(\d+h \d\dm|\d+m)<\/b> left · not logged in · /);
});
