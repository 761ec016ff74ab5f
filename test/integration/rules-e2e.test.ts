import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SshPool } from '../../src/ssh/pool.ts';
import { createMachineClients, type MachineClients } from '../../src/timekpr/backend.ts';
import { loadHelperProgram } from '../../src/timekpr/helper/program.ts';
import { diffSettings, isEmptyPatch, type RuleSettings } from '../../src/timekpr/rules.ts';
import { startBotApiStandin, type BotApiStandin, type RecordedCall, type TestChat, type TestUser } from '../support/bot-api-standin.ts';
import { startBotProcess, type BotProcess } from '../support/bot-process.ts';
import { monitorDaemonCalls, type DaemonCallMonitor } from '../support/dbus-monitor.ts';
import { buttonsOf, chatWith, messageIdOf, textOf } from '../support/standin-chat.ts';
import { giveTwoHourLimit, loadTestHost, makeTempDir, testHostConfig, testLogger, waitFor, writeAndLoadConfig } from '../support/test-host.ts';

// The house rules from the chat, against the real daemon, through the shipped bot (the backend of TKBOT_TEST_BACKEND:
// `npm test` runs this file on both). What the daemon has is read with timekpra on the computer itself; how many
// setters ran is counted on the system bus.

const run = promisify(execFile);
const TOKEN = '123456:rules-test-token';
const ANNA: TestUser = { id: 111, first_name: 'Anna' };
const BEN: TestUser = { id: 222, first_name: 'Ben' };
const LEO_USER: TestUser = { id: 702, first_name: 'Leo' };
const FAMILY: TestChat = { id: -100900, type: 'supergroup', title: 'Family' };

let api: BotApiStandin;
let bot: BotProcess;
let pool: SshPool;
let clients: MachineClients;
let monitor: DaemonCallMonitor;
let cleanup: () => Promise<void>;
let leo: string;
let original: RuleSettings;

const say = (from: TestUser, text: string, method?: string) => chatWith(api, FAMILY).say(from, text, method);
const plain = (call: RecordedCall) => textOf(call).replace(/<[^>]+>/g, '');

/** What the daemon itself has for Leo, by key (timekpra run on the computer, not through the bot). */
async function daemon(): Promise<Record<string, string>> {
  for (let attempt = 0; ; attempt += 1) {
    const { stdout } = await run('/usr/bin/timekpra', ['--userinfo', leo], { env: { ...process.env, LC_ALL: 'C' } });
    if (!stdout.includes('is already running') || attempt > 30) {
      return Object.fromEntries(stdout.split('\n').flatMap((line) => {
        const match = /^([A-Z0-9_]+): ?(.*)$/.exec(line);
        return match?.[1] === undefined ? [] : [[match[1], match[2] ?? '']];
      }));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The setter calls the daemon got since the last look, once the read that follows every change was seen too. */
async function settersSinceLastLook(): Promise<string[]> {
  await waitFor(() => Promise.resolve(monitor.calls()), (calls) => calls.at(-1) === 'getUserInformation', { what: 'the read after the change on the bus', timeoutMs: 10_000 });
  const setters = monitor.setters();
  monitor.clear();
  return setters;
}

async function leoRules(): Promise<RuleSettings> {
  const rules = await clients.readRules('pc', leo);
  if (!rules.ok) throw new Error(JSON.stringify(rules.error));
  return rules.value.settings;
}

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
  clients = createMachineClients({ machines: loaded.config.machines, exec: pool.exec, openStream: pool.openStream, helper: loadHelperProgram(), logger: testLogger });
  await giveTwoHourLimit(pool.exec, 'pc', leo);
  original = await leoRules();
  monitor = await monitorDaemonCalls();
  bot = startBotProcess(temp.dir, path.join(temp.dir, 'config.yaml'), { BOT_TOKEN: TOKEN });
  await waitFor(() => Promise.resolve(bot.output()), (output) => output.includes('"msg":"bot started"'), { what: 'the bot to start', timeoutMs: 30_000 });
});

afterAll(async () => {
  await bot?.stop();
  await monitor?.stop();
  // Leo's rules as they were before this file.
  if (original !== undefined && clients !== undefined) {
    const now = await leoRules();
    const back = diffSettings(now, original);
    if (!isEmptyPatch(back)) await clients.changeRules('pc', leo, back);
  }
  clients?.close();
  await Promise.all([api?.close(), pool?.close()]);
  await cleanup?.();
});

describe('house rules through the bot', () => {
  test('/rules: the week picture, then the words with the buttons', async () => {
    const picture = await say(ANNA, '/rules leo', 'sendPhoto');
    expect(picture.params['caption']).toBe('Leo — house rules');
    const words = await api.waitForCall('sendMessage', (call) => Number(call.params['chat_id']) === FAMILY.id, { after: api.calls.indexOf(picture) });
    expect(plain(words)).toContain('Limit per day: 2h 00m');
    expect(plain(words)).toContain('Allowed hours: all day');
    expect(buttonsOf(words).map((button) => button.text)).toContain('−30 min today');
  });

  test('/limit writes the one setter that differs; the same again writes none; the daemon has exactly the value', async () => {
    monitor.clear();
    const changed = await say(ANNA, '/limit leo sat 4h');
    expect(plain(changed)).toBe('✅ Anna changed the house rules of Leo:\n• pc: Limit per day: Mon–Fri, Sun 2h 00m · Sat 4h 00m');
    expect((await daemon())['LIMITS_PER_WEEKDAYS']).toBe('7200;7200;7200;7200;7200;14400;7200');
    expect(await settersSinceLastLook()).toEqual(['setTimeLimitForDays']);

    const again = await say(BEN, '/limit leo sat 4h');
    expect(plain(again)).toBe('Nothing changed for Leo:\n• pc: already so, nothing written');
    expect(await settersSinceLastLook()).toEqual([]);

    // Undo: exactly the previous values, once.
    // Two parents tap it at the same moment: one undoes, the other is told there is nothing left to undo.
    const data = buttonsOf(changed).find((button) => button.text === '↩ Undo')?.callback_data ?? '';
    const after = api.calls.length;
    const taps = [BEN, ANNA].map((from) => api.pressButton({ from, chat: FAMILY, messageId: messageIdOf(changed), data }));
    const toasts = await Promise.all(
      taps.map(async (update) => {
        await api.waitForCall('answerCallbackQuery', (call) => call.params['callback_query_id'] === update.callback_query?.id, { after, timeoutMs: 20_000 });
        return api.callbackAnswer(update.callback_query?.id ?? '')?.text;
      }),
    );
    expect(toasts.sort()).toEqual(['Nothing to undo: it was undone already, or it is from another day.', 'Undoing…']);
    await waitFor(daemon, (info) => info['LIMITS_PER_WEEKDAYS'] === '7200;7200;7200;7200;7200;7200;7200', { what: 'the limits restored' });
    expect(await settersSinceLastLook()).toEqual(['setTimeLimitForDays']);
    const undone = await api.waitForCall('sendMessage', (call) => textOf(call).startsWith('↩'), { after });
    expect(plain(undone)).toMatch(/^↩ (Ben|Anna) undid the change of Leo's house rules:\n• pc: Limit per day: 2h 00m$/);
    // The Undo button is gone from the answer.
    const cleared = await api.waitForCall('editMessageReplyMarkup', (call) => call.params['message_id'] === messageIdOf(changed), { after });
    expect(buttonsOf(cleared)).toEqual([]);
  });

  test('hours, free time, days, PlayTime and what happens at zero reach the daemon exactly', async () => {
    monitor.clear();
    await say(ANNA, '/hours leo sat,sun 9-21:30 14-15 free');
    const expectedWeekend = '9;10;11;12;13;!14;15;16;17;18;19;20;21[0-30]';
    const afterHours = await daemon();
    expect([afterHours['ALLOWED_HOURS_6'], afterHours['ALLOWED_HOURS_7'], afterHours['ALLOWED_HOURS_1']?.startsWith('0;1;2')]).toEqual([expectedWeekend, expectedWeekend, true]);
    expect(await settersSinceLastLook()).toEqual(['setAllowedHours', 'setAllowedHours']);

    // The same hours on all seven days: one call ("ALL"), one notification for the child.
    await say(ANNA, '/hours leo 7:00-20:30');
    expect((await daemon())['ALLOWED_HOURS_3']).toBe('7;8;9;10;11;12;13;14;15;16;17;18;19;20[0-30]');
    expect(await settersSinceLastLook()).toEqual(['setAllowedHours']);

    const playtime = await say(ANNA, '/playtime leo on');
    expect(plain(playtime)).toContain('PlayTime: on');
    await say(ANNA, '/playtime leo 45m');
    await say(ANNA, '/playtime leo games minecraft[Minecraft] steam[Steam]');
    // PlayTime time, on top: /add … play and the 🎮 +15 under /status.
    const playBefore = Number((await daemon())['PLAYTIME_LEFT_DAY']);
    const played = await say(ANNA, '/add leo 15 play');
    expect(plain(played)).toMatch(/^🎮 \+15 min PlayTime for Leo on pc by Anna: (\d+h )?\d+m PlayTime left$/);
    expect(Number((await daemon())['PLAYTIME_LEFT_DAY'])).toBe(playBefore + 900);
    const status = await say(BEN, '/status');
    expect(plain(status)).toMatch(/ · 🎮 (\d+h )?\d+m PlayTime/);
    expect(buttonsOf(status).map((button) => button.text)).toContain('🎮 +15');
    await say(ANNA, '/lockout leo suspendwake 7-18');
    const days = await say(ANNA, '/days leo mon-fri');
    expect(plain(days)).toBe('✅ Anna changed the house rules of Leo:\n• pc: Allowed days: Mon–Fri; Limit per day: Mon–Fri 2h 00m');
    const info = await daemon();
    expect(info['PLAYTIME_ENABLED']).toBe('True');
    expect(info['PLAYTIME_LIMITS_PER_WEEKDAYS']).toBe('2700;2700;2700;2700;2700;2700;2700');
    expect(info['PLAYTIME_ACTIVITIES']).toBe('minecraft[Minecraft];steam[Steam]');
    expect([info['LOCKOUT_TYPE'], info['WAKEUP_HOUR_INTERVAL']]).toEqual(['suspendwake', '7;18']);
    expect([info['ALLOWED_WEEKDAYS'], info['LIMITS_PER_WEEKDAYS']]).toEqual(['1;2;3;4;5', '7200;7200;7200;7200;7200']);

    // /rules shows what the daemon has.
    const picture = await say(BEN, '/rules leo', 'sendPhoto');
    const words = await api.waitForCall('sendMessage', (call) => Number(call.params['chat_id']) === FAMILY.id, { after: api.calls.indexOf(picture) });
    expect(plain(words)).toContain('Allowed days: Mon–Fri');
    expect(plain(words)).toContain('Allowed hours: Mon–Fri 7:00–20:30');
    expect(plain(words)).toContain('At zero: suspend, may wake 7–18 h');
    expect(plain(words)).toContain('PlayTime: on: Mon–Fri 45m; left today');
    expect(plain(words)).toContain('counts Minecraft and Steam');
  });

  test('mistakes and strangers: a clear sentence, and no setter runs', async () => {
    monitor.clear();
    for (const [command, answer] of [
      ['/limit leo 25h', '"25h" is more than 24h 00m.'],
      ['/hours leo 20-8', '"20-8" ends before it starts: a span cannot run past midnight (write the evening and the morning on their days).'],
      ['/playtime leo games $(reboot)', '"$(reboot)" cannot be a process mask: use letters, digits and . _ * + ? ^ - only, at most 64.'],
    ] as const) {
      expect(textOf(await say(ANNA, command))).toBe(answer);
    }
    expect(textOf(await say(LEO_USER, '/limit leo 24h'))).toMatch(/^Only your parents can do that\./);
    // The child reads his own rules.
    await say(LEO_USER, '/rules', 'sendPhoto');
    const before = (await daemon())['LIMITS_PER_WEEKDAYS'];
    expect(before).toBe('7200;7200;7200;7200;7200');
    expect(monitor.setters()).toEqual([]);
    expect(messageIdOf(await say(ANNA, '/help'))).toBeGreaterThan(0);
  });
});
