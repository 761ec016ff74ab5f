import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SshPool } from '../../src/ssh/pool.ts';
import { createTimekpraClient, type TimekprClient } from '../../src/timekpr/client.ts';
import { startBotApiStandin, type BotApiStandin, type RecordedCall, type TestChat, type TestUser } from '../support/bot-api-standin.ts';
import { buttonsOf, chatWith, messageIdOf, textOf } from '../support/standin-chat.ts';
import { startBotProcess, type BotProcess } from '../support/bot-process.ts';
import { giveTwoHourLimit, loadTestHost, makeTempDir, readInfo, testHostConfig, testLogger, waitFor, writeAndLoadConfig } from '../support/test-host.ts';

// /pause and /resume against the real daemon, with Leo (logged out: his time does not run, so values are exact).

const TOKEN = '123456:pause-test-token';
const ANNA: TestUser = { id: 111, first_name: 'Anna' };
const BEN: TestUser = { id: 222, first_name: 'Ben' };
const LEO_USER: TestUser = { id: 702, first_name: 'Leo' };
const FAMILY: TestChat = { id: -100800, type: 'supergroup', title: 'Family' };

let api: BotApiStandin;
let bot: BotProcess;
let pool: SshPool;
let client: TimekprClient;
let cleanup: () => Promise<void>;
let leo: string;

const say = (from: TestUser, text: string) => chatWith(api, FAMILY).say(from, text);
const tap = (from: TestUser, message: RecordedCall, label: string) => chatWith(api, FAMILY).tap(from, message, label);

const secondsLeft = async () => (await readInfo(client, leo)).secondsLeft;

beforeAll(async () => {
  const host = await loadTestHost();
  leo = host.TKHOST_CHILD_LOGGED_OUT;
  const temp = await makeTempDir();
  cleanup = temp.cleanup;
  api = await startBotApiStandin({ token: TOKEN });
  const yaml =
    testHostConfig(host, { pc: {} }, { leo: { pc: leo } }, {}, { parents: [ANNA.id, BEN.id], chats: [FAMILY.id], apiRoot: api.apiRoot }).replace(
      /(\n {2}leo:\n {4}name: Leo\n)/,
      '$1    telegram: [702]\n',
    ) + 'notifications:\n  thresholdsMinutes: []\nstorage:\n  path: ./state/bot.sqlite\n';
  const loaded = await writeAndLoadConfig(temp.dir, yaml);
  pool = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger: testLogger });
  client = createTimekpraClient({ exec: pool.exec, timekpraOf: () => '/usr/bin/timekpra' });
  await giveTwoHourLimit(pool.exec, 'pc', leo);
  const set = await client.changeTimeLeft('pc', leo, '=', 1200);
  if (!set.ok) throw new Error(JSON.stringify(set.error));
  bot = startBotProcess(temp.dir, path.join(temp.dir, 'config.yaml'), { BOT_TOKEN: TOKEN });
  await waitFor(() => Promise.resolve(bot.output()), (output) => output.includes('"msg":"bot started"'), { what: 'the bot to start', timeoutMs: 30_000 });
});

afterAll(async () => {
  await bot?.stop();
  await client?.changeTimeLeft('pc', leo, '=', 1200).catch(() => undefined);
  await Promise.all([api?.close(), pool?.close()]);
  await cleanup?.();
});

test('pause asks first; only the asking parent confirms; the real time goes to 0 and /resume gives back exactly what was kept', async () => {
  const question = await say(ANNA, '/pause leo');
  expect(textOf(question)).toBe('⏸ Pause Leo on pc now? The time left is kept, and /resume gives it back.');
  expect(buttonsOf(question).map((button) => button.text)).toEqual(['Pause', 'Cancel']);

  // Another parent, and the child himself: refused, nothing happens.
  expect(await tap(BEN, question, 'Pause')).toBe('Only the parent who asked can confirm this.');
  expect(await tap(LEO_USER, question, 'Pause')).toBe('Only your parents can do that.');
  expect(await secondsLeft()).toBe(1200);

  let after = api.calls.length;
  expect(await tap(ANNA, question, 'Pause')).toBe('Pausing…');
  const paused = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === messageIdOf(question), { after });
  expect(textOf(paused)).toBe('⏸ Anna paused Leo on pc: 20m kept');
  expect(await secondsLeft()).toBe(0);

  const status = await say(ANNA, '/status');
  expect(textOf(status)).toMatch(/\npc: <b>0m<\/b> left · not logged in · .* · ⏸ paused by Anna at \d\d:\d\d \(20m kept\)/);

  // Pausing again (a new question) keeps the first pause and its kept time.
  const again = await say(BEN, '/pause leo pc');
  after = api.calls.length;
  await tap(BEN, again, 'Pause');
  const already = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === messageIdOf(again), { after });
  expect(textOf(already)).toMatch(/^⏸ Leo is already paused on pc \(by Anna at \d\d:\d\d\)$/);

  const resumed = await say(BEN, '/resume leo');
  expect(textOf(resumed)).toBe('▶ Ben resumed Leo on pc: 20m left');
  expect(await secondsLeft()).toBe(1200);
  expect(textOf(await say(ANNA, '/resume leo'))).toBe('Leo is not paused.');
  expect(await secondsLeft()).toBe(1200);
});

test('Cancel leaves the time as it was', async () => {
  const question = await say(ANNA, '/pause leo');
  const after = api.calls.length;
  expect(await tap(ANNA, question, 'Cancel')).toBe('Not paused.');
  const cancelled = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === messageIdOf(question), { after });
  expect(textOf(cancelled)).toBe('Not paused.');
  expect(await secondsLeft()).toBe(1200);
});

test('asked by a German parent: the question, its buttons, the toast, the outcome and /resume are German', async () => {
  const annaDe: TestUser = { ...ANNA, language_code: 'de' };
  const question = await say(annaDe, '/pause leo');
  expect(textOf(question)).toBe('⏸ Leo auf pc jetzt anhalten? Die restliche Zeit bleibt erhalten, /resume gibt sie zurück.');
  expect(buttonsOf(question).map((button) => button.text)).toEqual(['Anhalten', 'Abbrechen']);

  const after = api.calls.length;
  expect(await tap(annaDe, question, 'Anhalten')).toBe('Wird angehalten…');
  const paused = await api.waitForCall('editMessageText', (call) => call.params['message_id'] === messageIdOf(question), { after });
  expect(textOf(paused)).toBe('⏸ Anna hat Leo auf pc angehalten: 20 Min. bleiben erhalten');
  expect(await secondsLeft()).toBe(0);

  expect(textOf(await say(annaDe, '/resume leo'))).toBe('▶ Anna hat die Pause von Leo auf pc beendet: noch 20 Min.');
  expect(await secondsLeft()).toBe(1200);
});
