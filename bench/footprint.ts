import { spawn } from 'node:child_process';
import { readFile, rm, writeFile, mkdtemp, chmod } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { buildBundles } from '../scripts/build.ts';
import { startBotApiStandin, type BotApiStandin } from '../test/support/bot-api-standin.ts';
import { nodeArgumentsOf, ROOT } from '../test/support/shipped.ts';
import { generateKey } from '../test/support/ssh-keygen.ts';
import { knownHostsForBothAddresses, mb, metOrNot, readHostEnv } from './setup.ts';

/**
 * The bot's footprint as a parent runs it: the real bot process, started as `npm start` starts it (the bundle in
 * dist/, with the start script's Node options), and for comparison from the sources (`node src/main.ts`, how it ran
 * before the bundle). Telegram is the Bot API stand-in; RSS is the process's own (VmRSS), with no forced GC.
 * (a) start: 10 computers × 3 children, none reachable (127.0.0.1 ports nobody listens on): the time from the start
 *     to its first getUpdates, and RSS once it settled;
 * (b) the alert watcher: 10 computers on the real test host × 3 children for a while (BENCH_EVENTS_SECONDS), once
 *     with the D-Bus helpers pushing time left and once polling timekpra every second (60 times its default): RSS
 *     after a warm-up, read 12 times (flat?).
 */

const MACHINES = 10;
const TARGET_RSS_BYTES = 100 * 1024 * 1024;
const STRETCH_RSS_BYTES = 80 * 1024 * 1024;
/**
 * RSS growing by no more than this counts as flat: the mean of the last quarter's readings against the first
 * quarter's (one reading jumps by a few MB with each garbage collection).
 */
const FLAT_BYTES = 5 * 1024 * 1024;
/** The watcher's first seconds are not judged: the heap and the allocator grow to what the work needs (~1 min). */
const WARM_UP_MS = 30_000;
/** RSS readings per watcher run. */
const READINGS = 12;
/** After its first getUpdates the bot is given this long to settle: its first poll of every computer, timers set. */
const SETTLE_MS = 10_000;
const TOKEN = '123456:footprint-bench';
const USERINFO = path.join(ROOT, 'test/fixtures/timekpra/userinfo-logged-in.txt');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How the bot is started: the node arguments before `--config`. */
interface Variant {
  readonly label: string;
  readonly args: readonly string[];
}

function variants(): Variant[] {
  const start = nodeArgumentsOf('start');
  return [
    { label: `npm start (node ${start.map((arg) => path.relative(ROOT, arg) || arg).join(' ')})`, args: start },
    { label: 'node src/main.ts (the sources, type stripping)', args: [path.join(ROOT, 'src/main.ts')] },
  ];
}

/** The resident set of a process, from /proc. */
async function rssOf(pid: number): Promise<number> {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
}

/** Ports on 127.0.0.1 that nothing listens on (each was free a moment ago): a computer there refuses at once. */
async function closedPorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address !== null && typeof address === 'object') ports.push(address.port);
    await new Promise((resolve) => server.close(resolve));
  }
  return ports;
}

interface Running {
  readonly pid: number;
  /** Milliseconds from the spawn to the first getUpdates the stand-in received. */
  readonly firstGetUpdatesMs: number;
  /** The log lines so far whose message is `message`. */
  readonly logLines: (message: string) => string[];
  readonly stop: () => Promise<void>;
}

/** Starts the bot with `config.yaml` in `dir` and waits for its first getUpdates. */
async function startBot(variant: Variant, dir: string, api: BotApiStandin): Promise<Running> {
  const callsBefore = api.calls.length;
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [...variant.args, '--config', 'config.yaml'], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', BOT_TOKEN: TOKEN, LOG_LEVEL: 'debug' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const call = api.calls.slice(callsBefore).find(({ method }) => method === 'getUpdates');
    if (call !== undefined && child.pid !== undefined) {
      return {
        pid: child.pid,
        firstGetUpdatesMs: call.at - spawnedAt,
        logLines: (message) => log.split('\n').filter((line) => line.includes(`"msg":"${message}"`)),
        stop,
      };
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${variant.label}: no getUpdates ${child.exitCode === null ? 'within 60 s' : `(exited ${child.exitCode})`}:\n${log.slice(-2000)}`);
    }
    await sleep(5);
  }
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? NaN;

const targets = (rss: number): string =>
  `≤ ${mb(TARGET_RSS_BYTES)} ${metOrNot(rss <= TARGET_RSS_BYTES)}, stretch ≤ ${mb(STRETCH_RSS_BYTES)} ${metOrNot(rss <= STRETCH_RSS_BYTES)}`;

/** 3 children on every machine, ids c0…c2. */
function household(logins: readonly string[], machines: Record<string, unknown>): Record<string, unknown> {
  const ids = Object.keys(machines);
  return Object.fromEntries(logins.map((login, index) => [`c${index}`, { name: `Child ${index}`, accounts: Object.fromEntries(ids.map((id) => [id, login])) }]));
}

/** (a) Started `rounds` times per variant, computers unreachable. */
async function startPart(rounds: number): Promise<string[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tkbot-bench-footprint-'));
  const api = await startBotApiStandin({ token: TOKEN });
  try {
    const key = generateKey(dir, 'id_ed25519');
    await writeFile(path.join(dir, 'known_hosts'), '');
    const ports = await closedPorts(MACHINES);
    const machines = Object.fromEntries(ports.map((port, index) => [`m${index + 1}`, { host: '127.0.0.1', port }]));
    const lines = [`  (a) start: ${MACHINES} computers × 3 children, none reachable; ${rounds} starts each (medians), RSS ${SETTLE_MS / 1000} s after the first getUpdates:`];
    for (const variant of variants()) {
      const times: number[] = [];
      const rss: number[] = [];
      for (let round = 0; round < rounds; round += 1) {
        await rm(path.join(dir, 'data'), { recursive: true, force: true });
        await writeFile(
          path.join(dir, 'config.yaml'),
          stringify({
            telegram: { parents: [1], apiRoot: api.apiRoot },
            ssh: { user: 'timekpr-remote', privateKeyFile: key.privateKeyFile, knownHostsFile: './known_hosts', connectTimeoutSeconds: 2 },
            machines,
            children: household(['anna', 'ben', 'clara'], machines),
          }),
        );
        const bot = await startBot(variant, dir, api);
        try {
          await sleep(SETTLE_MS);
          const failed = new Set(bot.logLines('watcher: machine not read').map((line) => /"machine":"([^"]+)"/.exec(line)?.[1]));
          if (failed.size < MACHINES) throw new Error(`${variant.label}: only ${failed.size} of ${MACHINES} computers were tried within ${SETTLE_MS / 1000} s`);
          times.push(bot.firstGetUpdatesMs);
          rss.push(await rssOf(bot.pid));
        } finally {
          await bot.stop();
        }
      }
      lines.push(
        `    ${variant.label}:`,
        `      first getUpdates ${median(times).toFixed(0)} ms after the start (${times.map((ms) => ms.toFixed(0)).join(', ')} ms)`,
        `      RSS after start ${mb(median(rss))} (${rss.map(mb).join(', ')}): ${targets(median(rss))}`,
      );
    }
    return lines;
  } finally {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** How the watcher hears from the computers in part (b). */
type Backend = 'dbus' | 'timekpra';

const WATCHING: Readonly<Record<Backend, { readonly what: string; readonly heard: string }>> = {
  dbus: { what: 'D-Bus helpers pushing time left (the host has one logged-in child)', heard: 'watcher: time left pushed' },
  timekpra: { what: 'timekpra polled every second, 60 times its default (a captured answer, as in the watcher bench)', heard: 'watcher polled' },
};

/** (b) The bot with its watcher on the real test host for `seconds`, per variant. */
async function watcherPart(seconds: number, backend: Backend): Promise<string[]> {
  const need = await readHostEnv();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tkbot-bench-footprint-'));
  // The SSH user runs the captured answer from here.
  await chmod(dir, 0o755);
  const api = await startBotApiStandin({ token: TOKEN });
  try {
    const machines = Object.fromEntries(
      Array.from({ length: MACHINES }, (_, index) => [`m${index + 1}`, { host: need(index % 2 === 0 ? 'TKHOST_SSH_HOST' : 'TKHOST_SSH_HOST_ALT') }]),
    );
    const logins = [need('TKHOST_CHILD_LOGGED_IN'), need('TKHOST_CHILD_LOGGED_OUT'), need('TKHOST_SSH_USER_NOGROUP')];
    const ssh: Record<string, unknown> = { user: need('TKHOST_SSH_USER'), port: Number(need('TKHOST_SSH_PORT')), privateKeyFile: need('TKHOST_KEY'), knownHostsFile: await knownHostsForBothAddresses(need, dir), backend };
    if (backend === 'timekpra') {
      await writeFile(path.join(dir, 'userinfo.txt'), await readFile(USERINFO, 'utf8'), { mode: 0o644 });
      ssh['timekpra'] = path.join(dir, 'timekpra');
      await writeFile(path.join(dir, 'timekpra'), `#!/bin/sh\nsed "s/tkmia/$2/" ${path.join(dir, 'userinfo.txt')}\n`, { mode: 0o755 });
    }
    const { what, heard } = WATCHING[backend];
    const lines = [
      `  (b) the alert watcher: ${MACHINES} computers on the test host × 3 children, ${what}: after ${WARM_UP_MS / 1000} s, ${seconds} s of RSS readings:`,
    ];
    for (const variant of variants()) {
      await rm(path.join(dir, 'data'), { recursive: true, force: true });
      await writeFile(
        path.join(dir, 'config.yaml'),
        stringify({
          telegram: { parents: [1], apiRoot: api.apiRoot },
          ssh,
          machines,
          children: household(logins, machines),
          notifications: { pollSeconds: 1 },
        }),
      );
      const bot = await startBot(variant, dir, api);
      try {
        const heardFrom = () => new Set(bot.logLines(heard).map((line) => /"machine":"([^"]+)"/.exec(line)?.[1]));
        const deadline = Date.now() + 60_000;
        while (heardFrom().size < MACHINES) {
          if (Date.now() > deadline) throw new Error(`${variant.label}: only ${heardFrom().size} of ${MACHINES} computers heard from within 60 s`);
          await sleep(100);
        }
        await sleep(WARM_UP_MS);
        const heardBefore = bot.logLines(heard).length;
        const readings: number[] = [];
        for (let reading = 1; reading <= READINGS; reading += 1) {
          await sleep((seconds * 1000) / READINGS);
          readings.push(await rssOf(bot.pid));
        }
        const count = bot.logLines(heard).length - heardBefore;
        const quarter = READINGS / 4;
        const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
        const grew = mean(readings.slice(-quarter)) - mean(readings.slice(0, quarter));
        const highest = Math.max(...readings);
        const last = readings.at(-1) ?? NaN;
        const marks = [quarter, 2 * quarter, 3 * quarter, READINGS].map((index) => `${Math.round(((seconds * index) / READINGS))} s ${mb(readings[index - 1] ?? NaN)}`);
        lines.push(
          `    ${variant.label}: ${count} ${backend === 'dbus' ? 'events pushed' : 'machine polls'}`,
          `      RSS ${marks.join(', ')}`,
          `      RSS after the watcher ${mb(last)} (highest ${mb(highest)}): ${targets(highest)}; flat: grew ${mb(grew)} (≤ ${mb(FLAT_BYTES)}) ${metOrNot(grew <= FLAT_BYTES)}`,
        );
      } finally {
        await bot.stop();
      }
    }
    return lines;
  } finally {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Builds dist/ from the current sources, then measures both parts; `watcher: false` leaves out (b) (no test host). */
export async function benchFootprint(rounds: number, seconds: number, { watcher = true }: { watcher?: boolean } = {}): Promise<string[]> {
  const started = performance.now();
  const { written } = await buildBundles();
  const buildMs = performance.now() - started;
  return [
    `the bot process as it ships; targets: RSS ≤ ${mb(TARGET_RSS_BYTES)} (stretch ${mb(STRETCH_RSS_BYTES)}) and flat`,
    `  build (npm run build; npm start runs it first): ${buildMs.toFixed(0)} ms, ${written === 0 ? 'dist/ was up to date' : `${written} files written`}`,
    ...(await startPart(rounds)),
    ...(watcher ? [...(await watcherPart(seconds, 'dbus')), ...(await watcherPart(seconds, 'timekpra'))] : []),
  ];
}

if (import.meta.main) {
  try {
    const lines = await benchFootprint(Number(process.env['BENCH_START_ROUNDS'] ?? 3), Number(process.env['BENCH_EVENTS_SECONDS'] ?? 60), { watcher: process.argv[2] !== 'start' });
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
