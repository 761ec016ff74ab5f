/**
 * `npm run bench`: latency of the timekpra client against the real test host (test/host/host.sh up, as root).
 * Prints median and p95 of a status read and of a change + re-read, on a warm (reused) SSH connection and with a
 * fresh connection per command, and their ratio. Figures only, no pass/fail.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import pino from 'pino';
import { stringify } from 'yaml';
import { loadConfig, type LoadedConfig } from '../src/config/load.ts';
import { SshPool } from '../src/ssh/pool.ts';
import { createTimekpraClient, type TimekprClient } from '../src/timekpr/client.ts';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 20);
const envFile = process.env['TKHOST_ENV_FILE'] ?? '/tmp/timekpr-bot-host/host.env';

let hostText: string;
try {
  hostText = await readFile(envFile, 'utf8');
} catch {
  process.stderr.write(`The benchmark needs the test host: sudo bash test/host/host.sh install && sudo bash test/host/host.sh up\n`);
  process.exit(1);
}
const host = parseEnv(hostText);
const need = (key: string): string => {
  const value = host[key];
  if (value === undefined) throw new Error(`${envFile} has no ${key}`);
  return value;
};

const dir = await mkdtemp(path.join(os.tmpdir(), 'tkbot-bench-'));
const configFile = path.join(dir, 'config.yaml');
await writeFile(
  configFile,
  stringify({
    telegram: { parents: [1] },
    ssh: { user: need('TKHOST_SSH_USER'), port: Number(need('TKHOST_SSH_PORT')), privateKeyFile: need('TKHOST_KEY'), knownHostsFile: need('TKHOST_KNOWN_HOSTS') },
    machines: { pc: { host: need('TKHOST_SSH_HOST') } },
    children: { leo: { name: 'Leo', accounts: { pc: need('TKHOST_CHILD_LOGGED_OUT') } }, mia: { name: 'Mia', accounts: { pc: need('TKHOST_CHILD_LOGGED_IN') } } },
  }),
);
const loaded = await loadConfig(configFile, {});
if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
const config: LoadedConfig = loaded.value;
const logins = [...config.config.children.values()].map((child) => child.accounts.get('pc') ?? '');
const leo = need('TKHOST_CHILD_LOGGED_OUT');
const logger = pino({ level: 'silent' });

function newClient(): { client: TimekprClient; pool: SshPool } {
  const pool = new SshPool({ machines: config.config.machines, credentials: config.credentials, logger });
  return { pool, client: createTimekpraClient({ exec: pool.exec, timekpraOf: () => '/usr/bin/timekpra' }) };
}

async function measure(what: () => Promise<boolean>): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const started = performance.now();
    if (!(await what())) throw new Error('a benchmarked call failed');
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const show = (label: string, sorted: number[]): string =>
  `${label.padEnd(44)} median ${percentile(sorted, 50).toFixed(0).padStart(4)} ms   p95 ${percentile(sorted, 95).toFixed(0).padStart(4)} ms`;

const warm = newClient();
await warm.client.usersInfo('pc', logins); // opens the connection
const warmRead = await measure(async () => (await warm.client.usersInfo('pc', logins)).ok);
const warmChange = await measure(async () => (await warm.client.changeTimeLeft('pc', leo, '+', 60)).ok);
await warm.pool.close();

const coldRead = await measure(async () => {
  const cold = newClient();
  try {
    return (await cold.client.usersInfo('pc', logins)).ok;
  } finally {
    await cold.pool.close();
  }
});
const coldChange = await measure(async () => {
  const cold = newClient();
  try {
    return (await cold.client.changeTimeLeft('pc', leo, '-', 60)).ok;
  } finally {
    await cold.pool.close();
  }
});
await rm(dir, { recursive: true, force: true });

const lines = [
  `timekpra client against the real test host, ${ROUNDS} rounds each (${logins.length} children on one machine)`,
  show('status of all children, warm connection', warmRead),
  show('status of all children, fresh connection', coldRead),
  show('change + re-read, warm connection', warmChange),
  show('change + re-read, fresh connection', coldChange),
  `fresh / warm (median): status ${(percentile(coldRead, 50) / percentile(warmRead, 50)).toFixed(2)}x, change ${(percentile(coldChange, 50) / percentile(warmChange, 50)).toFixed(2)}x`,
];
process.stdout.write(`${lines.join('\n')}\n`);
