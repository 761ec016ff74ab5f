import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { stringify } from 'yaml';
import { startWatcher, type Watcher } from '../src/alerts/watcher.ts';
import { loadSetup, type Setup } from '../src/cli/setup.ts';
import type { Config } from '../src/config/types.ts';
import { messageOf } from '../src/lib/errors.ts';
import { err, ok } from '../src/lib/result.ts';
import { SshPool } from '../src/ssh/pool.ts';
import { openDatabase } from '../src/storage/database.ts';
import { Store } from '../src/storage/store.ts';
import { createMachineClients, type TimeLeftEvents, type TimeLeftListener } from '../src/timekpr/backend.ts';
import type { TimekprClient } from '../src/timekpr/client.ts';
import { loadHelperProgram } from '../src/timekpr/helper/program.ts';
import { knownHostsForBothAddresses, mb, metOrNot, readHostEnv } from './setup.ts';

/**
 * The watcher's cost where machines push time left (D-Bus backend): 10 machines × 3 children, for an hour. Each part
 * runs in a fresh Node process (`node --expose-gc bench/events.ts real|hour`), so the bot's CPU and memory are not
 * mixed with what the other benchmarks left behind.
 */

const MACHINES = 10;
const HOUR_MS = 3_600_000;
/** The daemon pushes each logged-in child's time left about every 3 s. */
const EVENT_EVERY_SECONDS = 3;
const TARGET_CPU_PERCENT = 1;
const TARGET_RSS_BYTES = 100 * 1024 * 1024;
/** RSS growing by no more than this between first and last reading counts as flat. */
const FLAT_BYTES = 5 * 1024 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs one part in a fresh process and returns what it printed. */
async function inFreshProcess(part: 'real' | 'hour', seconds: number): Promise<string[]> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--expose-gc', import.meta.filename, part, String(seconds)], {
      maxBuffer: 1024 * 1024,
      timeout: (seconds + 300) * 1000,
    });
    return stdout.trimEnd().split('\n');
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    throw new Error(`events benchmark (${part}) failed: ${typeof stderr === 'string' && stderr.trim() !== '' ? stderr.trim() : messageOf(error)}`, { cause: error });
  }
}

export async function benchEvents(seconds: number): Promise<string[]> {
  return [
    `alert watcher with pushed events (D-Bus backend), ${MACHINES} machines × 3 children; targets: bot CPU < ${TARGET_CPU_PERCENT} % of a core, RSS ≤ ${mb(TARGET_RSS_BYTES)} and flat`,
    '  (the test host has one logged-in child, so (a) measures real events from it and (b) pushes an hour of events for all',
    '   30 children through the real watcher; each part runs in a fresh Node process)',
    ...(await inFreshProcess('real', seconds)),
    ...(await inFreshProcess('hour', seconds)),
  ];
}

interface Fleet {
  readonly config: Config;
  readonly loaded: Setup;
  readonly logins: readonly string[];
  readonly store: Store;
  readonly cleanup: () => Promise<void>;
}

/** 10 machine entries (alternating the host's two addresses), each with the same 3 children, all on D-Bus. */
async function fleet(): Promise<Fleet> {
  const need = await readHostEnv();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tkbot-bench-events-'));
  await chmod(dir, 0o755);
  const logins = [need('TKHOST_CHILD_LOGGED_IN'), need('TKHOST_CHILD_LOGGED_OUT'), need('TKHOST_SSH_USER_NOGROUP')];
  const machineIds = Array.from({ length: MACHINES }, (_, index) => `m${index + 1}`);
  const configFile = path.join(dir, 'config.yaml');
  await writeFile(
    configFile,
    stringify({
      telegram: { parents: [1] },
      ssh: { user: need('TKHOST_SSH_USER'), port: Number(need('TKHOST_SSH_PORT')), privateKeyFile: need('TKHOST_KEY'), knownHostsFile: await knownHostsForBothAddresses(need, dir), backend: 'dbus' },
      machines: Object.fromEntries(machineIds.map((id, index) => [id, { host: need(index % 2 === 0 ? 'TKHOST_SSH_HOST' : 'TKHOST_SSH_HOST_ALT') }])),
      children: Object.fromEntries(logins.map((login, index) => [`c${index}`, { name: `Child ${index}`, accounts: Object.fromEntries(machineIds.map((id) => [id, login])) }])),
      notifications: { thresholdsMinutes: [15, 5], pollSeconds: 3600 },
      storage: { path: './events.sqlite' },
    }),
  );
  const loaded = await loadSetup(configFile, {});
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  const config: Config = { ...loaded.value.config, notifications: { ...loaded.value.config.notifications, pollMs: HOUR_MS } };
  const database = openDatabase(config.storagePath);
  if (!database.ok) throw new Error(database.error);
  const store = new Store(database.value);
  return {
    config,
    loaded: loaded.value,
    logins,
    store,
    cleanup: async () => {
      store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/**
 * Memory readings after a full GC: the first, one per quarter (the last of them is the last reading). The CPU the
 * GCs take is kept apart, so it can be left out of the bot's CPU.
 */
class MemoryReadings {
  readonly #readings: { label: string; rss: number; heapUsed: number }[] = [];
  gcCpuMs = 0;

  read(label: string): void {
    const before = process.cpuUsage();
    globalThis.gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    this.gcCpuMs += cpuMs(process.cpuUsage(before));
    this.#readings.push({ label, rss, heapUsed });
  }

  /** Flat: from the first quarter's reading on (the first quarter warms up SQLite, the JIT and the heap). */
  lines(): string[] {
    const [first, afterWarmUp] = this.#readings;
    const last = this.#readings.at(-1);
    if (first === undefined || afterWarmUp === undefined || last === undefined) return ['    (no memory readings)'];
    const grewAfterWarmUp = last.rss - afterWarmUp.rss;
    return [
      `    RSS ${this.#readings.map(({ label, rss }) => `${label} ${mb(rss)}`).join(', ')} (heap used ${mb(first.heapUsed)} → ${mb(last.heapUsed)})`,
      `    RSS ≤ ${mb(TARGET_RSS_BYTES)}: highest ${mb(Math.max(...this.#readings.map(({ rss }) => rss)))} ${metOrNot(this.#readings.every(({ rss }) => rss <= TARGET_RSS_BYTES))}; ` +
        `flat: grew ${mb(last.rss - first.rss)} in all, ${mb(grewAfterWarmUp)} after the first quarter (≤ ${mb(FLAT_BYTES)} counts as flat) ${metOrNot(grewAfterWarmUp <= FLAT_BYTES)}`,
    ];
  }
}

/** (a) Real events from the host for `seconds`: the watcher as the bot runs it, polling only once an hour. */
async function realPart(seconds: number): Promise<string[]> {
  const { config, loaded, store, cleanup } = await fleet();
  const logger = pino({ level: process.env['BENCH_LOG_LEVEL'] ?? 'silent' }, pino.destination(2));
  const pool = new SshPool({ machines: config.machines, credentials: loaded.credentials, logger });
  const clients = createMachineClients({ machines: config.machines, exec: pool.exec, openStream: pool.openStream, helper: loadHelperProgram(), logger });
  let events = 0;
  const counted: TimeLeftEvents = {
    watch: (machineId, listener) =>
      clients.watch(machineId, {
        onTimeLeft: (login, secondsLeft) => {
          events += 1;
          listener.onTimeLeft(login, secondsLeft);
        },
        onResync: listener.onResync,
      }),
    streaming: (machineId) => clients.streaming(machineId),
  };
  let alerts = 0;
  let watcher: Watcher | undefined;
  try {
    watcher = startWatcher({ config, client: clients, events: counted, store, logger, safetyPollMs: HOUR_MS, notify: () => {
      alerts += 1;
      return Promise.resolve();
    } });
    const deadline = Date.now() + 60_000;
    while (![...config.machines.keys()].every((id) => clients.streaming(id))) {
      const silent = [...config.machines.keys()].filter((id) => !clients.streaming(id));
      if (Date.now() > deadline) throw new Error(`no events from ${silent.join(', ')} within 60 s`);
      await sleep(50);
    }
    await sleep(2000); // the first poll of each machine, right after it started streaming
    const memory = new MemoryReadings();
    memory.read('start');
    const eventsBefore = events;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (let quarter = 1; quarter <= 4; quarter += 1) {
      await sleep((seconds * 1000) / 4);
      memory.read(`${Math.round((seconds * quarter) / 4)} s`);
    }
    const cpu = cpuMs(process.cpuUsage(cpuBefore)) - memory.gcCpuMs;
    const wallMs = performance.now() - started;
    const percent = (cpu / wallMs) * 100;
    const pushed = events - eventsBefore;
    return [
      `  (a) real events for ${seconds} s (${MACHINES} helpers on the one test host; of the 3 children only its one logged-in child is pushed):`,
      `    ${pushed} events pushed (${(pushed / (wallMs / 1000)).toFixed(1)}/s, ${(pushed / MACHINES / (wallMs / 1000 / EVENT_EVERY_SECONDS)).toFixed(2)} per machine per ${EVENT_EVERY_SECONDS} s), ${alerts} alerts`,
      `    bot CPU ${cpu.toFixed(0)} ms in ${(wallMs / 1000).toFixed(1)} s = ${percent.toFixed(3)} % of a core: target < ${TARGET_CPU_PERCENT} % ${metOrNot(percent < TARGET_CPU_PERCENT)}`,
      ...memory.lines(),
    ];
  } finally {
    await watcher?.stop();
    clients.close();
    await pool.close();
    await cleanup();
  }
}

/**
 * (b) An hour compressed: every child on every machine logged in and counting down from 1 h, one event each 3 s
 * (1200 each, 36 000 in all), fed as fast as the watcher decides them: the real watcher, SQLite store and decisions;
 * only the events and the (unused) client are stand-ins.
 */
async function hourPart(): Promise<string[]> {
  const { config, logins, store, cleanup } = await fleet();
  const logger = pino({ level: process.env['BENCH_LOG_LEVEL'] ?? 'silent' }, pino.destination(2));
  const listeners = new Map<string, TimeLeftListener>();
  const events: TimeLeftEvents = {
    watch: (machineId, listener) => {
      listeners.set(machineId, listener);
      return Promise.resolve(true);
    },
    streaming: () => true,
  };
  // Polled once at start (answers nothing), then once an hour: never again here.
  const client: TimekprClient = {
    knownUsers: () => Promise.resolve(err({ kind: 'ssh-error', message: 'not used by the benchmark' })),
    usersInfo: () => Promise.resolve(ok(new Map())),
    changeTimeLeft: () => Promise.resolve(err({ kind: 'ssh-error', message: 'not used by the benchmark' })),
    changePlayTimeLeft: () => Promise.resolve(err({ kind: 'ssh-error', message: 'not used by the benchmark' })),
  };
  let alerts = 0;
  const watcher = startWatcher({ config, client, events, store, logger, safetyPollMs: HOUR_MS, notify: () => {
    alerts += 1;
    return Promise.resolve();
  } });
  try {
    while (listeners.size < MACHINES) await new Promise(setImmediate);
    await sleep(100); // the first polls
    const ticks = HOUR_MS / 1000 / EVENT_EVERY_SECONDS;
    const startSeconds = HOUR_MS / 1000;
    const memory = new MemoryReadings();
    memory.read('start');
    let fed = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (let tick = 0; tick < ticks; tick += 1) {
      const secondsLeft = startSeconds - tick * EVENT_EVERY_SECONDS;
      for (const listener of listeners.values()) {
        for (const login of logins) {
          listener.onTimeLeft(login, secondsLeft);
          fed += 1;
          if (fed % 100 === 0) await new Promise(setImmediate);
        }
      }
      if ((tick + 1) % (ticks / 4) === 0) memory.read(`${(((tick + 1) * EVENT_EVERY_SECONDS) / 60).toFixed(0)} min`);
    }
    await watcher.stop(); // waits for the decisions still pending
    const cpu = cpuMs(process.cpuUsage(cpuBefore)) - memory.gcCpuMs;
    const wallMs = performance.now() - started;
    const percent = (cpu / HOUR_MS) * 100;
    const expected = MACHINES * logins.length * 2;
    return [
      `  (b) an hour compressed: ${fed} events (${MACHINES} machines × ${logins.length} children × ${ticks}, from ${startSeconds / 60} min down by ${EVENT_EVERY_SECONDS} s), fake event source, real watcher + SQLite:`,
      `    fed in ${(wallMs / 1000).toFixed(1)} s; ${alerts} alerts (expected ${expected}: 15 and 5 min once per child)${alerts === expected ? '' : ' UNEXPECTED'}`,
      `    bot CPU ${cpu.toFixed(0)} ms for the hour = ${percent.toFixed(3)} % of a core over an hour (${((cpu / fed) * 1000).toFixed(0)} µs per event): target < ${TARGET_CPU_PERCENT} % ${metOrNot(percent < TARGET_CPU_PERCENT)}`,
      ...memory.lines(),
    ];
  } finally {
    await watcher.stop();
    await cleanup();
  }
}

if (import.meta.main) {
  const [part, seconds] = process.argv.slice(2);
  try {
    const lines = part === 'real' ? await realPart(Number(seconds ?? 60)) : part === 'hour' ? await hourPart() : undefined;
    if (lines === undefined) throw new Error('usage: node --expose-gc bench/events.ts real|hour [seconds]');
    process.stdout.write(`${lines.join('\n')}\n`);
  } catch (error) {
    process.stderr.write(`${messageOf(error)}\n`);
    process.exitCode = 1;
  }
}
