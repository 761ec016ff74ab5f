import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { SshPool } from '../../src/ssh/pool.ts';
import { createTimekpraClient } from '../../src/timekpr/client.ts';
import type { TimekprClient } from '../../src/timekpr/client.ts';
import { startBotApiStandin, type BotApiStandin, type RecordedCall, type TestChat, type TestUser } from '../support/bot-api-standin.ts';
import { startBotProcess, type BotProcess } from '../support/bot-process.ts';
import { buttonsOf, chatWith, sentTo, textOf } from '../support/standin-chat.ts';
import { giveTwoHourLimit, loadTestHost, makeTempDir, testHostConfig, testLogger, waitFor, writeAndLoadConfig } from '../support/test-host.ts';

// The real bot (as it ships) with a household whose config says `telegram.language: de`: Anna's Telegram is German,
// Ben's English. Each reads their own language; what nobody asked for (an alert) is German, as the config says.

const TOKEN = '123456:german-test-token';
const ANNA: TestUser = { id: 121, first_name: 'Anna', language_code: 'de' };
const BEN: TestUser = { id: 122, first_name: 'Ben', language_code: 'en' };
const FAMILY: TestChat = { id: -100800, type: 'supergroup', title: 'Familie' };

let api: BotApiStandin;
let bot: BotProcess;
let pool: SshPool;
let client: TimekprClient;
let mia: string;
let cleanup: () => Promise<void>;

async function setMia(seconds: number): Promise<void> {
  const change = await client.changeTimeLeft('pc', mia, '=', seconds);
  if (!change.ok) throw new Error(JSON.stringify(change.error));
}

const say = (from: TestUser, text: string, method?: string) => chatWith(api, FAMILY).say(from, text, method);
const captionOf = (call: RecordedCall): string => (typeof call.params['caption'] === 'string' ? call.params['caption'] : '');

beforeAll(async () => {
  const host = await loadTestHost();
  mia = host.TKHOST_CHILD_LOGGED_IN;
  const temp = await makeTempDir();
  cleanup = temp.cleanup;
  api = await startBotApiStandin({ token: TOKEN });
  const yaml =
    testHostConfig(host, { pc: {} }, { mia: { pc: mia } }, {}, { parents: [ANNA.id, BEN.id], chats: [FAMILY.id], apiRoot: api.apiRoot, language: 'de' }) +
    'notifications:\n  thresholdsMinutes: [5]\n  pollSeconds: 5\nstorage:\n  path: ./state/bot.sqlite\n';
  const loaded = await writeAndLoadConfig(temp.dir, yaml);
  pool = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger: testLogger });
  client = createTimekpraClient({ exec: pool.exec, timekpraOf: () => '/usr/bin/timekpra' });
  await giveTwoHourLimit(pool.exec, 'pc', mia);
  await setMia(3600);
  bot = startBotProcess(temp.dir, path.join(temp.dir, 'config.yaml'), { BOT_TOKEN: TOKEN });
  await waitFor(() => Promise.resolve(bot.output()), (output) => output.includes('"msg":"bot started"'), { what: 'the bot to start', timeoutMs: 30_000 });
});

afterAll(async () => {
  await bot?.stop();
  await setMia(3600).catch(() => undefined);
  await Promise.all([api?.close(), pool?.close()]);
  await cleanup?.();
});

test('the commands menu is registered in German by default and for German apps, in English for English ones', () => {
  const menus = api.calls.filter((call) => call.method === 'setMyCommands' && call.response?.ok === true);
  const menuFor = (language: string | undefined) => {
    const call = menus.find((each) => each.params['language_code'] === language);
    return (call?.params['commands'] as { command: string; description: string }[] | undefined)?.find((command) => command.command === 'status')?.description;
  };
  expect(menuFor(undefined)).toBe('Die Restzeit jedes Kindes, mit Knöpfen');
  expect(menuFor('de')).toBe('Die Restzeit jedes Kindes, mit Knöpfen');
  expect(menuFor('en')).toBe("Every child's time left, with buttons");
});

test('a German parent: /status, a tap, /add and /help in German, read back from the real computer', async () => {
  const status = await say(ANNA, '/status');
  expect(textOf(status)).toMatch(/^<b>Mia<\/b>\npc: noch <b>(\d+ Std\. \d\d Min\.|\d+ Min\.)<\/b> · angemeldet · heute .+ genutzt$/);
  expect(buttonsOf(status).map((button) => button.text)).toEqual(expect.arrayContaining(['⏸ Mia anhalten', '🔄 Aktualisieren']));

  const toast = await chatWith(api, FAMILY).tap(ANNA, status, '+15');
  expect(toast).toBe('+15 Min. für Mia auf pc…');
  const edit = await api.waitForCall('editMessageText', (call) => sentTo(call, FAMILY) && textOf(call).includes('von Anna'), { timeoutMs: 20_000 });
  expect(textOf(edit)).toMatch(/\n✅ \+15 Min\. für Mia auf pc von Anna: noch 1 Std\. 1\d Min\.$/);

  expect(textOf(await say(ANNA, '/add mia -10'))).toMatch(/^✅ −10 Min\. für Mia auf pc von Anna: noch 1 Std\. 0\d Min\.$/);
  expect(textOf(await say(ANNA, '/help'))).toContain('zeigt und ändert die Bildschirmzeit eurer Kinder');
});

test('an English parent in the same chat reads English', async () => {
  expect(textOf(await say(BEN, '/status'))).toMatch(/^<b>Mia<\/b>\npc: <b>.+<\/b> left · logged in · .+ used today$/);
});

test('a German parent: /report in German', async () => {
  const report = await say(ANNA, '/report', 'sendPhoto');
  expect(captionOf(report)).toMatch(/^Bildschirmzeit diese Woche \(/);
});

test('a low-time alert goes to the group in the config’s language, with German buttons', { timeout: 60_000 }, async () => {
  const after = api.calls.length;
  await setMia(240);
  const alert = await api.waitForCall('sendMessage', (call) => sentTo(call, FAMILY) && textOf(call).startsWith('⏳'), { after, timeoutMs: 45_000 });
  expect(textOf(alert)).toMatch(/^⏳ Mia hat auf pc noch [1-4] Min\.$/);
  // The quick buttons, then (unless it is late in the evening) 🌙 until an hour after the time would run out.
  const texts = buttonsOf(alert).map((button) => button.text);
  expect(texts.slice(0, 4)).toEqual(['+15', '+30', '+60', 'Ablaufen lassen']);
  expect(texts.slice(4)).toEqual(texts.length > 4 ? [expect.stringMatching(/^🌙 Heute bis \d+:\d\d$/)] : []);
});
