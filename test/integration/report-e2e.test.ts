import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { WEEKDAY_NAMES } from '../../src/config/schema.ts';
import { chartSize } from '../../src/reports/chart-spec.ts';
import { localDay } from '../../src/lib/local-days.ts';
import { buildReport } from '../../src/reports/report.ts';
import { startBotApiStandin, type BotApiStandin, type RecordedCall, type TestChat, type TestUser } from '../support/bot-api-standin.ts';
import { chatWith, sentTo, textOf } from '../support/standin-chat.ts';
import { startBotProcess, type BotProcess } from '../support/bot-process.ts';
import { loadTestHost, makeTempDir, testHostConfig, waitFor, writeAndLoadConfig } from '../support/test-host.ts';
import type { Config } from '../../src/config/types.ts';
import { english } from '../support/words.ts';

// /report and the weekly digest against the real bot, sshd and daemon: the chart arrives as a real PNG through
// sendPhoto (multipart), of the size the renderer promises; the digest is sent once at its configured time (a minute
// ahead, with the bot's clock started 20 s before it by TKBOT_TEST_CLOCK and the jobs looking at it every 500 ms), and
// not again after a restart.

const TOKEN = '123456:report-test-token';
const ANNA: TestUser = { id: 111, first_name: 'Anna' };
const MIA_USER: TestUser = { id: 701, first_name: 'Mia' };
const FAMILY: TestChat = { id: -100700, type: 'supergroup', title: 'Family' };

let api: BotApiStandin;
let bot: BotProcess;
let cleanup: () => Promise<void>;
let dir: string;
let config: Config;

const captionOf = (call: RecordedCall): string => (typeof call.params['caption'] === 'string' ? call.params['caption'] : '');
const photoOf = (call: RecordedCall): Buffer => {
  const photo = call.params['photo'] as { content?: unknown } | undefined;
  return Buffer.isBuffer(photo?.content) ? photo.content : Buffer.alloc(0);
};
const PNG_SIGNATURE = '89504e470d0a1a0a';
const inFamily = (call: RecordedCall): boolean => sentTo(call, FAMILY);

/** Starts the bot with its clock at `clockAt` (ms, local time), running on at the real pace from the moment it starts. */
async function startBot(clockAt: number): Promise<void> {
  bot = startBotProcess(dir, path.join(dir, 'config.yaml'), { BOT_TOKEN: TOKEN, TKBOT_REPORT_TICK_MS: '500', TKBOT_TEST_CLOCK: localTime(clockAt) });
  await waitFor(() => Promise.resolve(bot.output()), (output) => output.includes('"msg":"bot started"'), { what: 'the bot to start', timeoutMs: 30_000 });
}

/** The size the project's renderer gives a week's chart of these children (the same days and labels as the bot's). */
function expectedWeekSize(children: readonly string[]): { width: number; height: number } {
  const today = localDay(Date.now());
  const report = buildReport(english, config, {
    period: 'week',
    lastDay: today,
    today,
    children: children.flatMap((id) => config.children.get(id) ?? []),
    usage: children.map((childId) => ({ childId, machineId: 'pc', day: today, at: Date.now(), secondsSpent: 60, limitSeconds: 3600, complete: false, estimated: false })),
    changes: [],
    asks: [],
  });
  if (report.chart === undefined) throw new Error('no chart for the expected size');
  return chartSize(report.chart);
}

/** The digest's time: the whole minute after the next one (the same day, but for the last two minutes of one). */
function nextMinute(): { day: string; time: string; at: number } {
  const at = new Date(Date.now() + 120_000);
  at.setSeconds(0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { day: WEEKDAY_NAMES[at.getDay()] ?? 'sun', time: `${pad(at.getHours())}:${pad(at.getMinutes())}`, at: at.getTime() };
}

/** A local time as TKBOT_TEST_CLOCK takes it: `2026-12-03T18:41:40`. */
function localTime(ms: number): string {
  const at = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/** How long after the bot starts its clock reaches the digest's minute: time enough for the /report test first. */
const LEAD_MS = 20_000;
/** When the bot's clock reaches the digest's minute, on the real clock (set when the bot starts). */
let digestDueAt = 0;

const digest = nextMinute();

beforeAll(async () => {
  const host = await loadTestHost();
  const temp = await makeTempDir();
  dir = temp.dir;
  cleanup = temp.cleanup;
  api = await startBotApiStandin({ token: TOKEN });
  const yaml =
    testHostConfig(
      host,
      { pc: {} },
      { mia: { pc: host.TKHOST_CHILD_LOGGED_IN }, leo: { pc: host.TKHOST_CHILD_LOGGED_OUT } },
      {},
      { parents: [ANNA.id], chats: [FAMILY.id], apiRoot: api.apiRoot },
    ).replace(/(\n {2}mia:\n {4}name: Mia\n)/, '$1    telegram: [701]\n') +
    `notifications:\n  thresholdsMinutes: []\nstorage:\n  path: ./state/bot.sqlite\nreports:\n  weekly:\n    day: ${digest.day}\n    time: "${digest.time}"\n`;
  config = (await writeAndLoadConfig(dir, yaml)).config;
  digestDueAt = Date.now() + LEAD_MS;
  await startBot(digest.at - LEAD_MS);
});

afterAll(async () => {
  await bot?.stop();
  await api?.close();
  await cleanup?.();
});

const say = (from: TestUser, text: string, method?: string) => chatWith(api, FAMILY).say(from, text, method);

test('/report answers with a PNG chart of the expected size and a caption in words; a child is refused', async () => {
  // A /status reads the computer: that is what records today's time used.
  expect(textOf(await say(ANNA, '/status'))).toContain('<b>Mia</b>');

  const report = await say(ANNA, '/report', 'sendPhoto');
  const png = photoOf(report);
  expect(png.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
  expect({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) }).toEqual(expectedWeekSize(['mia', 'leo']));
  expect(captionOf(report)).toMatch(/^Screen time this week \(/);
  expect(captionOf(report)).toMatch(/\n\nMia: \d+(h \d\dm|m) in total \(today so far\), /);
  expect(captionOf(report)).toContain('\n\nLeo: ');

  const month = await say(ANNA, '/report mia month', 'sendPhoto');
  expect(photoOf(month).subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
  expect(captionOf(month)).toMatch(/^Screen time this month \(/);
  expect(captionOf(month)).not.toContain('Leo:');

  expect(textOf(await say(ANNA, '/report tom'))).toMatch(/^I don't know a child called "tom"/);

  const photosBefore = api.calls.filter((call) => call.method === 'sendPhoto').length;
  expect(textOf(await say(MIA_USER, '/report'))).toBe('Only your parents can do that. You can use /time to see your time and /ask to ask for more.');
  expect(api.calls.filter((call) => call.method === 'sendPhoto')).toHaveLength(photosBefore);
});

test('the weekly digest arrives once at its configured time, and not again after a restart', { timeout: 120_000 }, async () => {
  // The photos sent from the digest's minute on (the /report test's photos came before it).
  const digests = () => api.calls.filter((call) => call.method === 'sendPhoto' && inFamily(call) && call.at >= digestDueAt);
  const [digestCall] = await waitFor(() => Promise.resolve(digests()), (calls) => calls.length > 0, { what: `the digest due at ${digest.time}`, timeoutMs: 90_000 });
  if (digestCall === undefined) throw new Error('no digest');
  // Sent soon after its minute began on the bot's clock.
  expect(digestCall.at - digestDueAt).toBeLessThan(30_000);
  expect(captionOf(digestCall)).toMatch(/^Screen time this week \(/);
  expect(photoOf(digestCall).subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
  // Not before its minute: the family's only photos before it are the two of the /report test.
  expect(api.calls.filter((call) => call.method === 'sendPhoto' && inFamily(call) && call.at < digestDueAt)).toHaveLength(2);

  expect(await bot.stop()).toBe(0);
  // Started again after the digest's minute: its jobs find it due, and sent.
  await startBot(digest.at + 5_000);
  // The restarted bot's jobs have looked: the digest is recorded as sent.
  await waitFor(() => Promise.resolve(bot.output()), (output) => output.includes('"msg":"weekly report: already sent"'), { what: 'the digest check after the restart', timeoutMs: 20_000 });
  expect(digests()).toHaveLength(1);
});
