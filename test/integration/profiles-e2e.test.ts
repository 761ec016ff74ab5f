import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { SshPool } from '../../src/ssh/pool.ts';
import { createMachineClients, type MachineClients } from '../../src/timekpr/backend.ts';
import { loadHelperProgram } from '../../src/timekpr/helper/program.ts';
import { diffSettings, isEmptyPatch, type RuleSettings } from '../../src/timekpr/rules.ts';
import { startBotApiStandin, type BotApiStandin, type RecordedCall, type TestChat, type TestUser } from '../support/bot-api-standin.ts';
import { startBotProcess, type BotProcess } from '../support/bot-process.ts';
import { monitorDaemonCalls, type DaemonCallMonitor } from '../support/dbus-monitor.ts';
import { buttonsOf, chatWith, messageIdOf, sentTo, textOf } from '../support/standin-chat.ts';
import { startSwitchableProxy } from '../support/switchable-proxy.ts';
import { loadTestHost, makeTempDir, testHostConfig, testLogger, waitFor, writeAndLoadConfig } from '../support/test-host.ts';

// Profiles and exceptions that end by themselves (issue 20), through the shipped bot against the real daemon, on the
// backend of TKBOT_TEST_BACKEND (`npm test` runs this file on both). Leo's computer "den" is the test host reached
// through a relay on loopback that the test switches off and on; Mia's "pc" is the same host reached directly. What
// the daemon has is read with timekpra on the host itself, the setters that ran are counted on the system bus.
// The bot's clock is started a few seconds before midnight (TKBOT_TEST_CLOCK, today's real date, so its weekdays are
// the daemon's) where a day has to end; the daemon keeps the real clock.

const run = promisify(execFile);
const TOKEN = '123456:profiles-test-token';
const ANNA: TestUser = { id: 111, first_name: 'Anna' };
const BEN: TestUser = { id: 222, first_name: 'Ben' };
const FAMILY: TestChat = { id: -100900, type: 'supergroup', title: 'Family' };
/** How long before midnight the bot's clock starts where a day has to end during a test. */
const BEFORE_MIDNIGHT_S = 20;
const DAY_WORDS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** The daemon's hours list for whole hours `from` to `to` (end excluded): "8;9;…;19". */
const hourList = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => String(from + index)).join(';');
const H8_20 = hourList(8, 20);
const H8_22 = hourList(8, 22);

/** A weekday's rules as the daemon keeps them: its limit (undefined: not allowed) and allowed hours. */
interface Week {
  limits: (number | undefined)[];
  hours: string[];
}
const SCHOOL: Week = { limits: [5400, 5400, 5400, 5400, 5400, 10800, 10800], hours: Array.from({ length: 7 }, () => H8_20) };
const HOLIDAYS: Week = { limits: Array.from({ length: 7 }, () => 10800), hours: [H8_20, H8_20, H8_20, H8_20, H8_20, H8_22, H8_22] };

/** `week` with weekday `day` (1 = Monday) changed. */
function withDay(week: Week, day: number, change: { limit?: number | undefined; off?: true; hours?: string }): Week {
  const limits = [...week.limits];
  const hours = [...week.hours];
  if (change.off === true) limits[day - 1] = undefined;
  else if (change.limit !== undefined) limits[day - 1] = change.limit;
  if (change.hours !== undefined) hours[day - 1] = change.hours;
  return { limits, hours };
}

/** What timekpra shows for `week`: the allowed days, their limits, and every day's hours. */
function daemonView(week: Week): Record<string, string> {
  const allowed = week.limits.flatMap((limit, index) => (limit === undefined ? [] : [{ day: index + 1, limit }]));
  return {
    ALLOWED_WEEKDAYS: allowed.map(({ day }) => day).join(';'),
    LIMITS_PER_WEEKDAYS: allowed.map(({ limit }) => limit).join(';'),
    ...Object.fromEntries(week.hours.map((hours, index) => [`ALLOWED_HOURS_${index + 1}`, hours])),
  };
}

const RULE_KEYS = ['ALLOWED_WEEKDAYS', 'LIMITS_PER_WEEKDAYS', ...DAY_WORDS.map((_, index) => `ALLOWED_HOURS_${index + 1}`)];

const config = {
  reports: { weekly: false },
  notifications: { thresholdsMinutes: [] },
  storage: { path: './state/bot.sqlite' },
  offline: { retrySeconds: 2 },
  profiles: {
    reportDifferences: true,
    school: { name: 'School', children: ['leo'], days: 'all', weekdays: '1h30', weekend: '3h', hours: '8:00-20:00' },
    holidays: { name: 'Holidays', children: ['leo'], days: 'all', limit: '3h', hours: { 'mon-fri': '8:00-20:00', 'sat,sun': '8:00-22:00' } },
    watch: { name: 'Watch', children: ['mia'], lockout: 'lock' },
  },
};

let api: BotApiStandin;
let bot: BotProcess | undefined;
let proxy: Awaited<ReturnType<typeof startSwitchableProxy>>;
let pool: SshPool;
let clients: MachineClients;
let monitor: DaemonCallMonitor;
let cleanup: () => Promise<void>;
let dir: string;
let leo: string;
let mia: string;
const original = new Map<string, RuleSettings>();

const say = (from: TestUser, text: string, method?: string) => chatWith(api, FAMILY).say(from, text, method);
const tap = (from: TestUser, message: RecordedCall, label: string) => chatWith(api, FAMILY).tap(from, message, label);
const plain = (call: RecordedCall) => textOf(call).replace(/<[^>]+>/g, '').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

/** The messages sent to the family after call number `after` whose plain text passes `accept`. */
const familyMessages = (after: number, accept: (text: string) => boolean) =>
  api.calls.slice(after).filter((call) => call.method === 'sendMessage' && sentTo(call, FAMILY) && accept(plain(call)));

/** Waits for the first message to the family after call number `after` whose plain text passes `accept`. */
const messageTo = (after: number, accept: (text: string) => boolean, timeoutMs = 30_000) =>
  api.waitForCall('sendMessage', (call) => sentTo(call, FAMILY) && accept(plain(call)), { after, timeoutMs });

/** Sends `text` and waits for the bot's message to the family that passes `accept` (not a notice that came meanwhile). */
async function ask(from: TestUser, text: string, accept: (text: string) => boolean): Promise<RecordedCall> {
  const after = api.calls.length;
  api.sendText({ from, chat: FAMILY, text });
  return messageTo(after, accept);
}

/** timekpra run on the host itself (not through the bot); it refuses to run beside another timekpra, so that is retried. */
async function timekpra(...args: string[]): Promise<string> {
  for (let attempt = 0; ; attempt += 1) {
    const { stdout, stderr } = await run('/usr/bin/timekpra', args, { env: { ...process.env, LC_ALL: 'C' } });
    const output = stdout + stderr;
    if (!output.includes('is already running') || attempt > 30) return output;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A setter through timekpra on the host (a parent changing the computer by hand); it must say nothing. */
async function setOnHost(...args: string[]): Promise<void> {
  expect(await timekpra(...args)).toBe('');
}

/** What the daemon has for `login`, by key. */
async function daemon(login: string): Promise<Record<string, string>> {
  const stdout = await timekpra('--userinfo', login);
  return Object.fromEntries(
    stdout.split('\n').flatMap((line) => {
      const match = /^([A-Z0-9_]+): ?(.*)$/.exec(line);
      return match?.[1] === undefined ? [] : [[match[1], match[2] ?? '']];
    }),
  );
}

/** Leo's days, limits and hours on the daemon. */
async function leoWeek(): Promise<Record<string, string>> {
  const info = await daemon(leo);
  return Object.fromEntries(RULE_KEYS.map((key) => [key, info[key] ?? '']));
}

/** Waits until Leo's rules on the daemon are exactly `week`. */
const leoWeekBecomes = (week: Week, what: string, timeoutMs = 20_000) =>
  waitFor(leoWeek, (now) => JSON.stringify(now) === JSON.stringify(daemonView(week)), { what, timeoutMs });

/** The setter calls the daemon got since the last look, once the read that follows every change was seen too. */
async function settersSinceLastLook(): Promise<string[]> {
  await waitFor(() => Promise.resolve(monitor.calls()), (calls) => calls.at(-1) === 'getUserInformation', { what: 'the read after the change on the bus', timeoutMs: 10_000 });
  const setters = monitor.setters();
  monitor.clear();
  return setters;
}

/** YYYY-MM-DD of a local day, `offset` days after today (the real date). */
function localDate(offset = 0): string {
  const now = new Date();
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset, 12);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

/** The ISO weekday (1 = Monday) of a YYYY-MM-DD. */
function weekdayOf(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  return ((new Date(year ?? 0, (month ?? 1) - 1, day ?? 1, 12).getDay() + 6) % 7) + 1;
}

/** When the bot's clock reaches midnight, in real time: no earlier than `earliest`, no later than `latest`. */
interface BotMidnight {
  readonly earliest: number;
  readonly latest: number;
}

/**
 * Starts the bot; with `clock` (local time, as TKBOT_TEST_CLOCK takes it), its clock starts there. Resolves with the
 * real time it was started and the time it said it had.
 */
async function startBot(clock?: string): Promise<{ spawned: number; started: number }> {
  const spawned = Date.now();
  bot = startBotProcess(dir, path.join(dir, 'config.yaml'), {
    BOT_TOKEN: TOKEN,
    TKBOT_REPORT_TICK_MS: '500',
    ...(clock === undefined ? {} : { TKBOT_TEST_CLOCK: clock }),
    ...(process.env['TZ'] === undefined ? {} : { TZ: process.env['TZ'] }),
  });
  const current = bot;
  await waitFor(() => Promise.resolve(current.output()), (output) => output.includes('"msg":"bot started"'), { what: 'the bot to start', timeoutMs: 30_000 });
  return { spawned, started: Date.now() };
}

/** Starts the bot with its clock `BEFORE_MIDNIGHT_S` before the end of today (the real date). */
async function startBotBeforeMidnight(): Promise<BotMidnight> {
  const { spawned, started } = await startBot(`${localDate()}T23:59:${String(60 - BEFORE_MIDNIGHT_S).padStart(2, '0')}`);
  return { earliest: spawned + BEFORE_MIDNIGHT_S * 1000, latest: started + BEFORE_MIDNIGHT_S * 1000 };
}

async function stopBot(): Promise<void> {
  expect(await bot?.stop()).toBe(0);
  bot = undefined;
}

/** Asserts the bot's clock has not reached midnight yet (else the test could not show what it means to). */
function stillBefore(midnight: BotMidnight, what: string): void {
  expect(Date.now() < midnight.earliest, `${what} before the bot's midnight (${midnight.earliest - Date.now()} ms left)`).toBe(true);
}

const botLog = (message: string) => bot?.logLines(message) ?? [];

/**
 * While den is off (its relay switched off), a listener on its port that counts the bot's tries: `silent` never
 * answers, like a computer that is off (each try times out connecting, 2 s); `hang-up` closes each connection at once,
 * before SSH's handshake, as an sshd that is starting or stopping may. `close` stops listening; tries under way end
 * on the bot's side (a timeout, as when off).
 */
async function knockCounter(mode: 'silent' | 'hang-up'): Promise<{ readonly tries: readonly number[]; readonly close: () => void }> {
  const tries: number[] = [];
  const server = net.createServer((socket) => {
    tries.push(Date.now());
    socket.on('error', () => undefined);
    // An orderly close, the client's words read and dropped (never a reset): the bot sees the connection end.
    if (mode === 'hang-up') socket.resume().end();
  });
  await new Promise<void>((resolve) => server.listen(proxy.port, '127.0.0.1', resolve));
  return { tries, close: () => void server.close() };
}

/** The relay on again (on its port, once the listener in its place has let go of it). */
async function switchDenOn(): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await proxy.switchOn();
    } catch (error) {
      if (attempt > 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

const isLeoNotice = (text: string) => text.startsWith("⚠️ Leo's den differs");
const isMiaNotice = (text: string) => text.startsWith("⚠️ Mia's pc differs");

beforeAll(async () => {
  const host = await loadTestHost();
  leo = host.TKHOST_CHILD_LOGGED_OUT;
  mia = host.TKHOST_CHILD_LOGGED_IN;
  const temp = await makeTempDir();
  dir = temp.dir;
  cleanup = temp.cleanup;
  api = await startBotApiStandin({ token: TOKEN });
  proxy = await startSwitchableProxy(host.TKHOST_SSH_PORT);
  // The relay's port is another address for the same host key.
  const hostKey = (await readFile(host.TKHOST_HOST_KEY_PUB, 'utf8')).split(' ').slice(0, 2).join(' ');
  const knownHosts = path.join(dir, 'known_hosts_den');
  await writeFile(knownHosts, `[127.0.0.1]:${proxy.port} ${hostKey}\n`);
  const base = parse(
    testHostConfig(
      host,
      { pc: {}, den: { port: proxy.port, knownHostsFile: knownHosts, connectTimeoutSeconds: 2 } },
      // Leo first: the bot compares the children in this order.
      { leo: { den: leo }, mia: { pc: mia } },
      {},
      { parents: [ANNA.id, BEN.id], chats: [FAMILY.id], apiRoot: api.apiRoot },
    ),
  ) as { children: Record<string, Record<string, unknown>> };
  base.children['leo'] = { ...base.children['leo'], profile: 'school' };
  base.children['mia'] = { ...base.children['mia'], profile: 'watch' };
  const loaded = await writeAndLoadConfig(dir, stringify({ ...base, ...config }));
  pool = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger: testLogger });
  clients = createMachineClients({ machines: loaded.config.machines, exec: pool.exec, openStream: pool.openStream, helper: loadHelperProgram(), logger: testLogger });
  for (const login of [leo, mia]) {
    const rules = await clients.readRules('pc', login);
    if (!rules.ok) throw new Error(JSON.stringify(rules.error));
    original.set(login, rules.value.settings);
  }
  // Leo's computer has School's rules: no differences when the bot starts.
  await setOnHost('--setalloweddays', leo, '1;2;3;4;5;6;7');
  await setOnHost('--setallowedhours', leo, 'ALL', H8_20);
  await setOnHost('--settimelimits', leo, '5400;5400;5400;5400;5400;10800;10800');
  // Mia's computer differs from Watch: her notice, the last of the comparison at start, says it is over. The first
  // switch waits for it: on the timekpra backend a write that meets the bot's own timekpra still reading on the same
  // computer ("already running") is retried, and the retry repeats setters of its batch that had run already.
  await setOnHost('--setlockouttype', mia, 'terminate');
  expect(await leoWeek()).toEqual(daemonView(SCHOOL));
  monitor = await monitorDaemonCalls();
  await startBot();
  expect(plain(await messageTo(0, isMiaNotice))).toBe(
    "⚠️ Mia's pc differs from “Watch”, not through the bot: at zero: log out (profile: at zero: lock the screen). Apply the profile there, or keep it as it is (/rules mia shows all).",
  );
  expect(familyMessages(0, isLeoNotice)).toEqual([]);
});

afterAll(async () => {
  await bot?.stop();
  await monitor?.stop();
  // Leo's and Mia's rules as they were before this file.
  for (const [login, settings] of original) {
    const now = await clients.readRules('pc', login);
    if (!now.ok) continue;
    const back = diffSettings(now.value.settings, settings);
    if (!isEmptyPatch(back)) await clients.changeRules('pc', login, back);
  }
  clients?.close();
  await Promise.all([api?.close(), pool?.close(), proxy?.close()]);
  await cleanup?.();
});

describe('profiles', () => {
  test('switching back and forth: exactly the profile on the daemon, only what differs written, the same again writes nothing, Undo', async () => {
    const list = await say(ANNA, '/profile');
    expect(plain(list)).toBe(
      '🗂 Profiles\n• School (for Leo): followed by Leo\n• Holidays (for Leo): followed by nobody\n• Watch (for Mia): followed by Mia\n\n' +
        'Switch: /profile school (everyone it is for), or /profile school leo. Only what differs is written; ↩ Undo takes it back the same day.',
    );
    expect(buttonsOf(list).map((button) => button.text)).toEqual(['✓ School → Leo', 'Holidays → Leo', '✓ Watch → Mia']);

    monitor.clear();
    const holidays = await say(ANNA, '/profile holidays leo');
    expect(plain(holidays)).toMatch(/^✅ Anna switched Leo to “Holidays”:\n• den: /);
    expect(await leoWeek()).toEqual(daemonView(HOLIDAYS));
    // The limits in one call, the two weekend days' hours; the days and weekdays' hours were as Holidays has them.
    expect(await settersSinceLastLook()).toEqual(['setTimeLimitForDays', 'setAllowedHours', 'setAllowedHours']);

    const again = await say(BEN, '/profile Holidays leo');
    expect(plain(again)).toBe('✅ Ben switched Leo to “Holidays”: the computers had its rules already, nothing written.');
    expect(await settersSinceLastLook()).toEqual([]);

    // Every child School is for (Leo): back, exactly.
    const school = await say(BEN, '/profile school');
    expect(plain(school)).toMatch(/^✅ Ben switched Leo to “School”:\n• den: /);
    expect(await leoWeek()).toEqual(daemonView(SCHOOL));
    expect(await settersSinceLastLook()).toEqual(['setTimeLimitForDays', 'setAllowedHours', 'setAllowedHours']);
    expect(plain(await say(ANNA, '/profile school leo'))).toBe('✅ Anna switched Leo to “School”: the computers had its rules already, nothing written.');
    expect(await settersSinceLastLook()).toEqual([]);

    // Undo of a switch: the rules and the choice go back.
    const switched = await say(ANNA, '/profile holidays leo');
    expect(await leoWeek()).toEqual(daemonView(HOLIDAYS));
    monitor.clear();
    const after = api.calls.length;
    expect(await tap(BEN, switched, '↩ Undo')).toBe('Undoing…');
    const undone = await messageTo(after, (text) => text.startsWith('↩'));
    expect(plain(undone)).toMatch(/^↩ Ben undid the change of Leo's house rules:\n• den: /);
    await leoWeekBecomes(SCHOOL, 'School back after the Undo');
    expect(await settersSinceLastLook()).toEqual(['setTimeLimitForDays', 'setAllowedHours', 'setAllowedHours']);
    expect(plain(await say(ANNA, '/profile'))).toContain('• School (for Leo): followed by Leo\n• Holidays (for Leo): followed by nobody');
  });

  test('a difference made on the computer is reported once (at start, not at the next day’s compare), shown under /rules, and [Apply] fixes it', async () => {
    await stopBot();
    // Changed on the computer, not through the bot: Saturday 4h instead of School's 3h; Mia's lockout too.
    await setOnHost('--settimelimits', leo, '5400;5400;5400;5400;5400;14400;10800');
    await setOnHost('--setlockouttype', mia, 'suspend');
    const started = api.calls.length;
    const midnight = await startBotBeforeMidnight();
    const notice = await messageTo(started, isLeoNotice);
    expect(plain(notice)).toBe(
      "⚠️ Leo's den differs from “School”, not through the bot: Sat 4h 00m (profile: 3h 00m). Apply the profile there, or keep it as it is (/rules leo shows all).",
    );
    expect(buttonsOf(notice)).toEqual([
      { text: '✔ Apply “School” on den', callback_data: 'f:a:leo:den' },
      { text: 'Keep den as it is', callback_data: 'f:k:leo:den' },
    ]);
    const miaNotice = await messageTo(started, isMiaNotice);
    expect(plain(miaNotice)).toMatch(/^⚠️ Mia's pc differs from “Watch”, not through the bot: at zero: suspend \(profile: at zero: lock the screen\)\./);

    // Mia (compared after Leo) gets another difference before the day's compare at midnight: her notice shows that
    // compare ran, and Leo's difference, unchanged, is not told again.
    await setOnHost('--setlockouttype', mia, 'suspendwake;7;18');
    stillBefore(midnight, 'the second difference');
    const nextDay = await messageTo(api.calls.indexOf(miaNotice) + 1, isMiaNotice, (BEFORE_MIDNIGHT_S + 30) * 1000);
    expect(Date.now()).toBeGreaterThanOrEqual(midnight.earliest);
    expect(plain(nextDay)).toMatch(/^⚠️ Mia's pc differs from “Watch”, not through the bot: at zero: suspend, may wake 7–18 h \(profile: at zero: lock the screen\)\./);
    expect(familyMessages(started, isLeoNotice)).toHaveLength(1);

    // /rules: which profile, where den differs, [Apply] and [Keep].
    const picture = await say(BEN, '/rules leo', 'sendPhoto');
    const words = await api.waitForCall('sendMessage', (call) => sentTo(call, FAMILY) && plain(call).includes('Follows'), { after: api.calls.indexOf(picture) });
    expect(plain(words)).toContain('🗂 Follows School.\n⚠️ den differs from “School”: Sat 4h 00m (profile: 3h 00m).');
    expect(buttonsOf(words)).toEqual(
      expect.arrayContaining([
        { text: '✔ Apply “School” on den', callback_data: 'f:a:leo:den' },
        { text: 'Keep den as it is', callback_data: 'f:k:leo:den' },
      ]),
    );

    monitor.clear();
    const applying = api.calls.length;
    expect(await tap(ANNA, notice, '✔ Apply “School” on den')).toBe('Switching to “School”…');
    const applied = await messageTo(applying, (text) => text.startsWith('✅ Anna switched Leo'));
    expect(plain(applied)).toMatch(/^✅ Anna switched Leo to “School”:\n• den: /);
    expect(await leoWeek()).toEqual(daemonView(SCHOOL));
    expect(await settersSinceLastLook()).toEqual(['setTimeLimitForDays']);
    // The notice's buttons are gone; /rules shows no difference any more.
    const cleared = await api.waitForCall('editMessageReplyMarkup', (call) => call.params['message_id'] === messageIdOf(notice), { after: applying });
    expect(buttonsOf(cleared)).toEqual([]);
    const rulesAgain = await say(BEN, '/rules leo', 'sendPhoto');
    const wordsAgain = await api.waitForCall('sendMessage', (call) => sentTo(call, FAMILY) && plain(call).includes('Follows'), { after: api.calls.indexOf(rulesAgain) });
    expect(plain(wordsAgain)).not.toContain('differs');
    expect(buttonsOf(wordsAgain).map((button) => button.callback_data)).not.toContain('f:a:leo:den');

    // [Keep] for Mia: her computer stays as it is, and is not reported again.
    const keeping = api.calls.length;
    expect(await tap(BEN, nextDay, 'Keep pc as it is')).toBe('Keeping pc as it is…');
    expect(plain(await messageTo(keeping, (text) => text.startsWith('👍')))).toBe("👍 Ben kept Mia's pc as it is; these differences from “Watch” are not reported again.");
    expect((await daemon(mia))['LOCKOUT_TYPE']).toBe('suspendwake');
    await setOnHost('--setlockouttype', mia, 'lock');
  });
});

describe('exceptions that end by themselves', () => {
  test('/tonight and /today reach the daemon and are put back when the bot’s day ends; the weekday keeps its rule', async () => {
    await stopBot();
    const today = localDate();
    const weekday = weekdayOf(today);
    const midnight = await startBotBeforeMidnight();
    monitor.clear();
    const tonight = await ask(ANNA, '/tonight leo 22:30', (text) => text.includes('22:30'));
    expect(plain(tonight)).toMatch(/^✅ Anna: allowed until 22:30 tonight for Leo, back to normal when that day ends:\n• den: /);
    const tonightWeek = withDay(SCHOOL, weekday, { hours: `${hourList(8, 22)};22[0-30]` });
    expect(await leoWeek()).toEqual(daemonView(tonightWeek));
    expect(await settersSinceLastLook()).toEqual(['setAllowedHours']);

    const todayAnswer = await ask(BEN, '/today leo 4h', (text) => text.includes('4h 00m'));
    expect(plain(todayAnswer)).toMatch(/^✅ Ben: 4h 00m today for Leo, back to normal when that day ends:\n• den: /);
    const both = withDay(tonightWeek, weekday, { limit: 14_400 });
    expect(await leoWeek()).toEqual(daemonView(both));
    expect(await settersSinceLastLook()).toEqual(['setTimeLimitForDays']);

    // /rules names them while they last.
    const picture = await say(ANNA, '/rules leo', 'sendPhoto');
    const words = await api.waitForCall('sendMessage', (call) => sentTo(call, FAMILY) && plain(call).includes('Follows'), { after: api.calls.indexOf(picture) });
    expect(plain(words)).toContain('⏳ Until its day ends: allowed until 22:30 tonight (den)');
    expect(plain(words)).toContain('⏳ Until its day ends: 4h 00m today (den)');
    expect(plain(words)).not.toContain('differs');
    stillBefore(midnight, 'the exceptions and /rules');
    expect(botLog('exception ended')).toEqual([]);

    // The bot's midnight: both put back (newest first), School's rules on every day, so next week's same weekday
    // has its normal limit and hours.
    const after = api.calls.length;
    await leoWeekBecomes(SCHOOL, 'the exceptions put back at midnight', (BEFORE_MIDNIGHT_S + 20) * 1000);
    expect(Date.now()).toBeGreaterThanOrEqual(midnight.earliest);
    await waitFor(() => Promise.resolve(botLog('exception ended')), (lines) => lines.length === 2, { what: 'two exceptions ended in the log' });
    expect(botLog('exception ended').map((line) => (JSON.parse(line) as { result: string }).result)).toEqual(['restored', 'restored']);
    expect(await settersSinceLastLook()).toEqual(['setTimeLimitForDays', 'setAllowedHours']);
    // Nothing to tell: all was put back as it was. Once: the next ticks do nothing more.
    const pictureAfter = await say(ANNA, '/rules leo', 'sendPhoto');
    const wordsAfter = await api.waitForCall('sendMessage', (call) => sentTo(call, FAMILY) && plain(call).includes('Follows'), { after: api.calls.indexOf(pictureAfter) });
    expect(plain(wordsAfter)).not.toContain('⏳');
    expect(plain(wordsAfter)).toContain('🗂 Follows School.');
    expect(plain(wordsAfter)).not.toContain('differs');
    expect(familyMessages(after, (text) => text.startsWith('↩') || text.startsWith('❌') || text.startsWith('⚠️'))).toEqual([]);
    expect(botLog('exception ended')).toHaveLength(2);
    expect(monitor.setters()).toEqual([]);
  });

  test('put back after a restart: one that ended while the bot was stopped at its start, one for tomorrow the night after', async () => {
    await stopBot();
    const today = localDate();
    const weekday = weekdayOf(today);
    const tomorrowDay = (weekday % 7) + 1;
    const midnight = await startBotBeforeMidnight();
    const todayAnswer = await ask(ANNA, '/today leo 1h', (text) => text.includes('today for Leo'));
    expect(plain(todayAnswer)).toMatch(/^✅ Anna: 1h 00m today for Leo, back to normal when that day ends:\n• den: /);
    const tomorrowAnswer = await ask(ANNA, '/tomorrow leo off', (text) => text.includes('tomorrow'));
    expect(plain(tomorrowAnswer)).toMatch(/^✅ Anna: no computer tomorrow for Leo, back to normal when that day ends:\n• den: /);
    const withBoth = withDay(withDay(SCHOOL, weekday, { limit: 3600 }), tomorrowDay, { off: true });
    const seen = await leoWeek();
    expect(seen).toEqual(daemonView(withBoth));
    stillBefore(midnight, 'the exceptions');
    await stopBot();
    // Stopped before its midnight: nothing was put back.
    expect(Date.now() < midnight.earliest).toBe(true);
    expect(await leoWeek()).toEqual(seen);

    // Started again after midnight: today's is over and put back at once; tomorrow's is not over yet.
    const restarted = api.calls.length;
    await startBot(`${localDate(1)}T00:00:20`);
    await waitFor(() => Promise.resolve(botLog('exception ended')), (lines) => lines.length >= 1, { what: "today's exception put back at start" });
    const onlyTomorrow = withDay(SCHOOL, tomorrowDay, { off: true });
    const afterStart = await leoWeek();
    expect(afterStart).toEqual(daemonView(onlyTomorrow));
    const picture = await say(ANNA, '/rules leo', 'sendPhoto');
    const words = await api.waitForCall('sendMessage', (call) => sentTo(call, FAMILY) && plain(call).includes('Follows'), { after: api.calls.indexOf(picture) });
    expect(plain(words)).toContain('⏳ Until its day ends: no computer today (den)');
    expect(botLog('exception ended')).toHaveLength(1);
    await stopBot();

    // The night after: tomorrow's put back too, School exactly.
    await startBot(`${localDate(2)}T00:00:20`);
    await leoWeekBecomes(SCHOOL, "tomorrow's exception put back");
    await waitFor(() => Promise.resolve(botLog('exception ended')), (lines) => lines.length === 1, { what: "tomorrow's exception ended in the log" });
    expect(familyMessages(restarted, (text) => text.startsWith('↩') || text.startsWith('❌') || text.startsWith('⚠️'))).toEqual([]);
  });

  test('a computer that was off when the day ended: not put back while off, put back first thing when it answers, before what was kept for it', async () => {
    await stopBot();
    const today = localDate();
    const weekday = weekdayOf(today);
    const midnight = await startBotBeforeMidnight();
    const todayAnswer = await ask(ANNA, '/today leo 4h', (text) => text.includes('today for Leo'));
    expect(plain(todayAnswer)).toMatch(/^✅ Anna: 4h 00m today for Leo/);
    const exception = withDay(SCHOOL, weekday, { limit: 14_400 });
    expect(await leoWeek()).toEqual(daemonView(exception));

    await proxy.switchOff();
    const knocks = await knockCounter('silent');
    try {
      // A change of the same day's limit, kept for den: made after the exception is put back, so it stays.
      const kept = await say(BEN, `/limit leo ${DAY_WORDS[weekday - 1]} 5h`);
      expect(textOf(kept)).toBe("💤 den is off: the change of Leo's house rules will be made when it is back");
      stillBefore(midnight, 'the exception and the kept change');
      // The bot's day ends while den is off; it is tried again and again, and nothing is put back.
      await waitFor(() => Promise.resolve(knocks.tries.filter((at) => at > midnight.latest).length), (count) => count >= 3, {
        what: 'den tried after the bot’s midnight',
        timeoutMs: (BEFORE_MIDNIGHT_S + 30) * 1000,
      });
      expect(await leoWeek()).toEqual(daemonView(exception));
      expect(botLog('exception ended')).toEqual([]);
    } finally {
      knocks.close();
    }

    monitor.clear();
    const back = api.calls.length;
    await switchDenOn();
    const told = await messageTo(back, (text) => text.startsWith('den is back'), 45_000);
    expect(plain(told)).toMatch(/^den is back: ✅ Ben changed the house rules of Leo:\n• den: Limit per day: /);
    const final = withDay(SCHOOL, weekday, { limit: 18_000 });
    await leoWeekBecomes(final, 'the kept change made after the exception was put back');
    // Two writes of the limits: the exception put back (School's), then the kept change (5h). Had the kept change
    // come first, the exception's day would have been "changed again since" and left as it was: one write.
    expect(await settersSinceLastLook()).toEqual(['setTimeLimitForDays', 'setTimeLimitForDays']);
    const ended = botLog('exception ended');
    expect(ended.map((line) => (JSON.parse(line) as { result: string }).result)).toEqual(['restored']);
    const output = bot?.output() ?? '';
    expect(output.indexOf('"msg":"exception ended"')).toBeLessThan(output.indexOf('"msg":"kept rules change applied"'));
    expect(familyMessages(back, (text) => text.startsWith('↩') || text.startsWith('❌'))).toEqual([]);

    // Leo's day back to School's through the bot.
    await say(ANNA, `/limit leo ${DAY_WORDS[weekday - 1]} ${SCHOOL.limits[weekday - 1] === 5400 ? '1h30' : '3h'}`);
    expect(await leoWeek()).toEqual(daemonView(SCHOOL));
  });

  // An SSH connection closed before the handshake (sshd starting or stopping, MaxStartups dropping unauthenticated
  // connections) means nothing ran there: the exception waits and is put back when the computer answers, like one
  // that is off (src/ssh/pool.ts classifies it as not reached), and the chat is not told it failed.
  test('an end tried while den hangs up before the SSH handshake waits, and is put back when den answers', async () => {
    await stopBot();
    const weekday = weekdayOf(localDate());
    const midnight = await startBotBeforeMidnight();
    await ask(ANNA, '/today leo 2h', (text) => text.includes('today for Leo'));
    const exception = withDay(SCHOOL, weekday, { limit: 7200 });
    expect(await leoWeek()).toEqual(daemonView(exception));
    stillBefore(midnight, 'the exception');
    await stopBot();

    await proxy.switchOff();
    const knocks = await knockCounter('hang-up');
    const after = api.calls.length;
    try {
      await startBot(`${localDate(1)}T00:00:20`);
      // Tried again and again while den hangs up, never given up and told as failed.
      const failed = () => familyMessages(after, (text) => text.startsWith('❌')).map(plain);
      await waitFor(() => Promise.resolve({ tries: knocks.tries.length, failed: failed() }), ({ tries, failed: told }) => tries >= 6 || told.length > 0, {
        what: 'den tried after the restart',
      });
      expect(failed()).toEqual([]);
      expect(botLog('exception ended')).toEqual([]);
      expect(await leoWeek()).toEqual(daemonView(exception));
    } finally {
      knocks.close();
      await switchDenOn();
    }
    await leoWeekBecomes(SCHOOL, 'the exception put back when den answers', 30_000);
  });
});
