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
// sendPhoto (multipart), of the size the renderer promises; the digest is sent once at its configured time (the
// next minute, with the jobs looking at the clock every 500 ms), and not again after a restart.

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

async function startBot(): Promise<void> {
  bot = startBotProcess(dir, path.join(dir, 'config.yaml'), { BOT_TOKEN: TOKEN, TKBOT_REPORT_TICK_MS: '500' });
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

/** The digest's time: a minute at least 40 s away (the /report test runs before it), at most 100 s. */
function nextMinute(): { day: string; time: string; at: number } {
  const now = new Date();
  const at = new Date(now.getTime() + (now.getSeconds() > 20 ? 120_000 : 60_000));
  at.setSeconds(0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return { day: WEEKDAY_NAMES[at.getDay()] ?? 'sun', time: `${pad(at.getHours())}:${pad(at.getMinutes())}`, at: at.getTime() };
}

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
  await startBot();
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

test('the weekly digest arrives once at its configured time, and not again after a restart', { timeout: 200_000 }, async () => {
  // The photos sent from the digest's minute on (the /report test's photos came before it).
  const digests = () => api.calls.filter((call) => call.method === 'sendPhoto' && inFamily(call) && call.at >= digest.at);
  const [digestCall] = await waitFor(() => Promise.resolve(digests()), (calls) => calls.length > 0, { what: `the digest due at ${digest.time}`, timeoutMs: 150_000 });
  if (digestCall === undefined) throw new Error('no digest');
  // Sent soon after its minute began.
  expect(digestCall.at - digest.at).toBeLessThan(30_000);
  expect(captionOf(digestCall)).toMatch(/^Screen time this week \(/);
  expect(photoOf(digestCall).subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);

  expect(await bot.stop()).toBe(0);
  await startBot();
  // The restarted bot's jobs have looked: the digest is recorded as sent.
  await waitFor(() => Promise.resolve(bot.output()), (output) => output.includes('"msg":"weekly report: already sent"'), { what: 'the digest check after the restart', timeoutMs: 20_000 });
  expect(digests()).toHaveLength(1);
});
