import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseEnv, promisify } from 'node:util';
import pino from 'pino';
import { inject } from 'vitest';
import { stringify } from 'yaml';
import { z } from 'zod';
import { loadSetup, type Setup } from '../../src/cli/setup.ts';
import { formatConfigError } from '../../src/config/types.ts';
import type { Result } from '../../src/lib/result.ts';
import type { ExecBatch } from '../../src/ssh/exec-batch.ts';
import type { TimeChange, TimekprClient } from '../../src/timekpr/client.ts';
import type { UserInfo } from '../../src/timekpr/parse.ts';

const run = promisify(execFile);

const hostEnvSchema = z.object({
  TKHOST_STATE_DIR: z.string(),
  TKHOST_SSH_HOST: z.string(),
  TKHOST_SSH_HOST_ALT: z.string(),
  TKHOST_SSH_HOST_ALT2: z.string(),
  TKHOST_SSH_PORT: z.coerce.number().int(),
  TKHOST_SSH_USER: z.string(),
  TKHOST_SSH_USER_NOGROUP: z.string(),
  /** Not created by host.sh: the restricted-key test creates it with helper/setup-computer.sh. */
  TKHOST_SSH_USER_RESTRICTED: z.string(),
  TKHOST_SSH_PASSWORD: z.string(),
  TKHOST_KEY: z.string(),
  TKHOST_KEY_ENC: z.string(),
  TKHOST_KEY_PASSPHRASE: z.string(),
  TKHOST_KNOWN_HOSTS: z.string(),
  TKHOST_KNOWN_HOSTS_HASHED: z.string(),
  TKHOST_HOST_KEY_PUB: z.string(),
  TKHOST_CHILD_LOGGED_IN: z.string(),
  TKHOST_CHILD_LOGGED_OUT: z.string(),
  TKHOST_CHILD_UNKNOWN: z.string(),
  TKHOST_HOST_SH: z.string(),
  /** The daemon's fake clock minus the real one. */
  TKHOST_FAKE_OFFSET_SECONDS: z.coerce.number().int(),
});

/** The real test host started by test/host/host.sh: addresses, users, keys and children. */
export type TestHost = z.infer<typeof hostEnvSchema>;

export async function loadTestHost(): Promise<TestHost> {
  const text = await readFile(inject('hostEnvFile'), 'utf8');
  return hostEnvSchema.parse(parseEnv(text));
}

/** The hour (0-23) on the daemon's fake clock now. */
export function daemonHour(host: TestHost): number {
  return new Date(Date.now() + host.TKHOST_FAKE_OFFSET_SECONDS * 1000).getHours();
}

/** Runs a host.sh subcommand (login, logout, daemon-stop, daemon-start). */
export async function hostControl(host: TestHost, ...args: string[]): Promise<string> {
  const { stdout } = await run('bash', [host.TKHOST_HOST_SH, ...args], { timeout: 60_000 });
  return stdout;
}

/** The SHA256 fingerprint of the test host's key, as OpenSSH computes it. */
export async function hostKeyFingerprint(host: TestHost): Promise<string> {
  const { stdout } = await run('ssh-keygen', ['-lf', host.TKHOST_HOST_KEY_PUB]);
  const fingerprint = stdout.split(' ')[1];
  if (fingerprint === undefined) throw new Error(`unexpected ssh-keygen output: ${stdout}`);
  return fingerprint;
}

/**
 * Polls `probe` until it returns a value `accept` agrees with; fails with the last value after `timeoutMs`. The real
 * daemon has timing of its own, so tests wait for a state instead of sleeping a fixed time.
 */
export async function waitFor<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 200, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A temporary directory for config files, removed by `cleanup`. */
export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tkbot-it-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Writes `yaml` as config.yaml in `dir` and loads it like the bot does, failing the test on a config error. */
export async function writeAndLoadConfig(dir: string, yaml: string, env: Record<string, string> = {}): Promise<Setup> {
  const file = path.join(dir, 'config.yaml');
  await writeFile(file, yaml);
  const loaded = await loadSetup(file, env);
  if (!loaded.ok) throw new Error(loaded.error.map(formatConfigError).join('\n'));
  return loaded.value;
}

/** A logger for tests: silent, unless TEST_LOG_LEVEL asks for more. */
export const testLogger = pino({ level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });

type MachineOverrides = Record<string, string | number>;

/** The backend the end-to-end tests run on when set (`auto`, the default, picks the D-Bus helper on the test host). */
const TEST_BACKEND = z.enum(['auto', 'dbus', 'timekpra']).optional().parse(process.env['TKBOT_TEST_BACKEND']);

/**
 * A config for the test host: `ssh:` defaults point at its sshd with the bot's key; each machine may override them.
 * Children map child id → { machine id → login }.
 */
export function testHostConfig(
  host: TestHost,
  machines: Record<string, MachineOverrides>,
  children: Record<string, Record<string, string>>,
  ssh: MachineOverrides = {},
  telegram: Record<string, unknown> = { parents: [1001] },
): string {
  return stringify({
    telegram,
    ssh: {
      user: host.TKHOST_SSH_USER,
      port: host.TKHOST_SSH_PORT,
      privateKeyFile: host.TKHOST_KEY,
      knownHostsFile: host.TKHOST_KNOWN_HOSTS,
      connectTimeoutSeconds: 3,
      commandTimeoutSeconds: 15,
      // `npm test` runs the end-to-end files once more with TKBOT_TEST_BACKEND=timekpra: both backends must pass them.
      ...(TEST_BACKEND === undefined ? {} : { backend: TEST_BACKEND }),
      ...ssh,
    },
    machines: Object.fromEntries(Object.entries(machines).map(([id, overrides]) => [id, { host: host.TKHOST_SSH_HOST, ...overrides }])),
    children: Object.fromEntries(
      Object.entries(children).map(([id, accounts]) => [id, { name: id.charAt(0).toUpperCase() + id.slice(1), accounts }]),
    ),
  });
}

/** Gives `login` a 2 h limit every day with all hours allowed, so changes to it are not capped by the clock. */
export async function giveTwoHourLimit(exec: ExecBatch, machineId: string, login: string): Promise<void> {
  const hours = Array.from({ length: 24 }, (_, hour) => hour).join(';');
  const admin = (...args: string[]) => ({ argv: ['/usr/bin/timekpra', ...args] as [string, ...string[]], env: { LC_ALL: 'C' } });
  const result = await exec(machineId, [
    admin('--setalloweddays', login, '1;2;3;4;5;6;7'),
    admin('--setallowedhours', login, 'ALL', hours),
    admin('--settimelimits', login, '7200;7200;7200;7200;7200;7200;7200'),
  ]);
  if (!result.ok || result.value.some((output) => output.output !== '')) throw new Error(`setting limits failed: ${JSON.stringify(result)}`);
}

/** One login's state on machine `pc` through `client`, failing the test with the reason if it cannot be read. */
export async function readInfo(client: TimekprClient, login: string): Promise<UserInfo> {
  const answers = await client.usersInfo('pc', [login]);
  if (!answers.ok) throw new Error(`usersInfo failed: ${JSON.stringify(answers.error)}`);
  const answer = answers.value.get(login);
  if (answer === undefined || !answer.ok) throw new Error(`no info for ${login}: ${JSON.stringify(answer)}`);
  return answer.value;
}

/** The state read back after a change, failing the test if the change failed or was not read back. */
export function readBack(change: Result<TimeChange, unknown>): { info: UserInfo; capped: boolean } {
  if (!change.ok || change.value.kind !== 'read-back') throw new Error(`change failed: ${JSON.stringify(change)}`);
  return change.value;
}
