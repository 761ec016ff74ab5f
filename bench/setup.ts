import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { stringify } from 'yaml';
import { loadSetup, type Setup } from '../src/cli/setup.ts';

/** The real test host (test/host/host.sh up) and a config for it, in a temp dir removed by `cleanup`. */
export interface BenchHost {
  readonly loaded: Setup;
  readonly loggedIn: string;
  readonly loggedOut: string;
  /** A temp folder for the benchmark's files, removed by `cleanup`. */
  readonly dir: string;
  readonly cleanup: () => Promise<void>;
}

/** Reads the test host's env file; `need(key)` gives a value or fails naming the missing key. */
export async function readHostEnv(): Promise<(key: string) => string> {
  const envFile = process.env['TKHOST_ENV_FILE'] ?? '/tmp/timekpr-bot-host/host.env';
  let text: string;
  try {
    text = await readFile(envFile, 'utf8');
  } catch {
    throw new Error('The benchmark needs the test host: sudo bash test/host/host.sh install && sudo bash test/host/host.sh up');
  }
  const host = parseEnv(text);
  return (key) => {
    const value = host[key];
    if (value === undefined) throw new Error(`${envFile} has no ${key}`);
    return value;
  };
}

/**
 * A known_hosts file in `dir` that trusts the test host's key on both its addresses (TKHOST_SSH_HOST and _ALT): the
 * host's own file lists only the first, and a machine entry on the other would fail with host-key-unknown.
 */
export async function knownHostsForBothAddresses(need: (key: string) => string, dir: string): Promise<string> {
  const [type, key] = (await readFile(need('TKHOST_HOST_KEY_PUB'), 'utf8')).trim().split(/\s+/);
  if (type === undefined || key === undefined) throw new Error(`${need('TKHOST_HOST_KEY_PUB')} is not a public key`);
  const port = need('TKHOST_SSH_PORT');
  const file = path.join(dir, 'known_hosts');
  await writeFile(file, ['TKHOST_SSH_HOST', 'TKHOST_SSH_HOST_ALT'].map((address) => `[${need(address)}]:${port} ${type} ${key}\n`).join(''));
  return file;
}

export async function benchHost(telegram: Record<string, unknown> = { parents: [1] }): Promise<BenchHost> {
  const need = await readHostEnv();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tkbot-bench-'));
  const configFile = path.join(dir, 'config.yaml');
  const loggedIn = need('TKHOST_CHILD_LOGGED_IN');
  const loggedOut = need('TKHOST_CHILD_LOGGED_OUT');
  await writeFile(
    configFile,
    stringify({
      telegram,
      ssh: { user: need('TKHOST_SSH_USER'), port: Number(need('TKHOST_SSH_PORT')), privateKeyFile: need('TKHOST_KEY'), knownHostsFile: need('TKHOST_KNOWN_HOSTS') },
      machines: { pc: { host: need('TKHOST_SSH_HOST') } },
      children: { leo: { name: 'Leo', accounts: { pc: loggedOut } }, mia: { name: 'Mia', accounts: { pc: loggedIn } } },
    }),
  );
  const loaded = await loadSetup(configFile, {});
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
  return { loaded: loaded.value, loggedIn, loggedOut, dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Runs `what` `rounds` times one after another; returns the durations in ms, sorted. */
export async function measure(rounds: number, what: () => Promise<number | boolean>): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    const result = await what();
    if (result === false) throw new Error('a benchmarked call failed');
    times.push(typeof result === 'number' ? result : performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

export const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

export const summary = (label: string, sorted: readonly number[]): string =>
  `${label.padEnd(52)} median ${percentile(sorted, 50).toFixed(0).padStart(4)} ms   p95 ${percentile(sorted, 95).toFixed(0).padStart(4)} ms`;

export const ratio = (slow: readonly number[], fast: readonly number[]): string => `${(percentile(slow, 50) / percentile(fast, 50)).toFixed(2)}x`;

/** How a figure compares with its target, for the printout (no pass/fail: the bench always completes). */
export const metOrNot = (met: boolean): string => (met ? 'met' : 'NOT MET');

export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
