import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startBotApiStandin, type BotApiStandin, type TestChat, type TestUser } from '../support/bot-api-standin.ts';
import { startBotProcess, type BotProcess } from '../support/bot-process.ts';
import { HEALTH } from '../support/shipped.ts';
import { chatWith, textOf } from '../support/standin-chat.ts';
import { startSwitchableProxy } from '../support/switchable-proxy.ts';
import { loadTestHost, makeTempDir, testHostConfig, waitFor } from '../support/test-host.ts';

// A bot started while Telegram cannot be reached (the home server booted before the router had internet): the real
// bot process against the Bot API stand-in behind a relay that is off at first, and the real test host.

const run = promisify(execFile);
const TOKEN = '123456:start-offline-token';
const ANNA: TestUser = { id: 111, first_name: 'Anna' };
const FAMILY: TestChat = { id: -100700, type: 'supergroup', title: 'Family' };

let api: BotApiStandin;
let relay: Awaited<ReturnType<typeof startSwitchableProxy>>;
let dir: string;
let cleanup: () => Promise<void>;
const started: BotProcess[] = [];

/** Starts the bot with its heartbeat file in the test's folder; `HEARTBEAT_FILE` is what the healthcheck reads. */
function startBot(): { bot: BotProcess; heartbeat: string } {
  const heartbeat = path.join(dir, `heartbeat-${started.length}`);
  const bot = startBotProcess(dir, 'config.yaml', { BOT_TOKEN: TOKEN, HEARTBEAT_FILE: heartbeat });
  started.push(bot);
  return { bot, heartbeat };
}

const healthOf = (heartbeat: string) =>
  run(process.execPath, [HEALTH], { env: { HEARTBEAT_FILE: heartbeat } }).then(
    () => 'healthy',
    () => 'unhealthy',
  );

beforeAll(async () => {
  const host = await loadTestHost();
  const temp = await makeTempDir();
  dir = temp.dir;
  cleanup = temp.cleanup;
  api = await startBotApiStandin({ token: TOKEN });
  relay = await startSwitchableProxy(Number(new URL(api.apiRoot).port));
  const yaml = testHostConfig(host, { pc: {} }, { leo: { pc: host.TKHOST_CHILD_LOGGED_OUT } }, {}, { parents: [ANNA.id], chats: [FAMILY.id], apiRoot: `http://127.0.0.1:${relay.port}` });
  await writeFile(path.join(dir, 'config.yaml'), `${yaml}storage:\n  path: ./state/bot.sqlite\n`);
});

afterAll(async () => {
  await Promise.all(started.map((bot) => bot.kill()));
  await Promise.all([api?.close(), relay?.close()]);
  await cleanup?.();
});

test('Telegram down for 60 s at start: the bot waits, unhealthy, and the same process answers /status soon after it is back', { timeout: 150_000 }, async () => {
  await relay.switchOff();
  // A heartbeat left by an earlier run must not make the waiting bot look healthy.
  const { bot, heartbeat } = startBot();
  await writeFile(heartbeat, '');
  const downSince = Date.now();
  await waitFor(() => Promise.resolve(bot.logLines('cannot reach Telegram yet: trying again')), (lines) => lines.length > 0, { what: 'the first failed try to be logged', timeoutMs: 30_000 });
  expect(bot.logLines('cannot reach Telegram yet: trying again')[0]).toContain('"reason":"ECONNREFUSED"');
  await waitFor(() => healthOf(heartbeat), (health) => health === 'unhealthy', { what: 'the healthcheck to say unhealthy', timeoutMs: 10_000 });

  await waitFor(() => Promise.resolve(Date.now() - downSince), (ms) => ms >= 60_000, { what: '60 s of Telegram down', timeoutMs: 70_000, intervalMs: 1000 });
  expect(bot.output()).not.toContain('"msg":"bot started"');
  // Still waiting, and quietly: the same reason is not logged at every try.
  expect(bot.logLines('cannot reach Telegram yet: trying again')).toHaveLength(1);
  expect(await healthOf(heartbeat)).toBe('unhealthy');

  await relay.switchOn();
  const backAt = Date.now();
  const status = await chatWith(api, FAMILY).say(ANNA, '/status');
  const answeredAfterMs = Date.now() - backAt;
  expect(textOf(status)).toMatch(/^<b>Leo<\/b>\npc: <b>/);
  expect(answeredAfterMs).toBeLessThan(30_000);
  expect(bot.logLines('Telegram answers again')).toHaveLength(1);
  expect(bot.output()).toContain('"msg":"bot started"');
  await waitFor(() => healthOf(heartbeat), (health) => health === 'healthy', { what: 'the healthcheck to say healthy', timeoutMs: 10_000 });
  expect(await bot.stop()).toBe(0);
});

test('SIGTERM while it waits for Telegram ends it at once, with nothing left running', async () => {
  await relay.switchOff();
  const { bot } = startBot();
  await waitFor(() => Promise.resolve(bot.logLines('cannot reach Telegram yet: trying again')), (lines) => lines.length > 0, { what: 'the bot to wait for Telegram', timeoutMs: 30_000 });
  const asked = Date.now();
  expect(await bot.stop()).toBe(0);
  expect(Date.now() - asked).toBeLessThan(5000);
});
