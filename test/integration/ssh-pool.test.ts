import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Setup } from '../../src/cli/setup.ts';
import { SshPool } from '../../src/ssh/pool.ts';
import type { RemoteCommand } from '../../src/ssh/exec-batch.ts';
import { startHangingServer } from '../support/hanging-server.ts';
import {
  hostKeyFingerprint,
  loadTestHost,
  makeTempDir,
  testHostConfig,
  testLogger,
  writeAndLoadConfig,
  type TestHost,
} from '../support/test-host.ts';

let host: TestHost;
let dir: string;
let cleanup: () => Promise<void>;
const pools: SshPool[] = [];

beforeAll(async () => {
  host = await loadTestHost();
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.close()));
  await cleanup();
});

function poolFor(loaded: Setup): SshPool {
  const pool = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger: testLogger });
  pools.push(pool);
  return pool;
}

const WHO_AM_I: RemoteCommand = { argv: ['id', '-un'] };
/** The client side of the TCP connection, as sshd sees it: the same value means the same connection. */
const CONNECTION: RemoteCommand = { argv: ['sh', '-c', 'echo "$SSH_CONNECTION"'] };

let configCount = 0;
async function config(machines: Parameters<typeof testHostConfig>[1], env: Record<string, string> = {}, ssh = {}): Promise<Setup> {
  const sub = path.join(dir, `config-${(configCount += 1)}`);
  await mkdir(sub);
  return writeAndLoadConfig(sub, testHostConfig(host, machines, { mia: { [Object.keys(machines)[0] ?? 'pc']: 'tkmia' } }, ssh), env);
}

describe('SSH executor against a real sshd', () => {
  test('logs in with a key and runs a batch of commands in one round trip', async () => {
    const pool = poolFor(await config({ pc: {} }));
    const result = await pool.exec('pc', [WHO_AM_I, { argv: ['sh', '-c', 'echo out; echo err >&2; exit 3'] }, { argv: ['printf', '%s', "it's $(not run)"] }]);
    expect(result).toEqual({
      ok: true,
      value: [
        { output: `${host.TKHOST_SSH_USER}\n`, exitCode: 0 },
        { output: 'out\nerr\n', exitCode: 3 },
        { output: "it's $(not run)", exitCode: 0 },
      ],
    });
  });

  test('logs in with a passphrase-protected key', async () => {
    const loaded = await config({ pc: { privateKeyFile: host.TKHOST_KEY_ENC } }, { SSH_KEY_PASSPHRASE: host.TKHOST_KEY_PASSPHRASE });
    const result = await poolFor(loaded).exec('pc', [WHO_AM_I]);
    expect(result.ok && result.value[0]?.output).toBe(`${host.TKHOST_SSH_USER}\n`);
  });

  test('logs in with a password when no key is configured, and names the user when the password is wrong', async () => {
    const yaml = testHostConfig(host, { pc: {} }, { mia: { pc: 'tkmia' } }).replace(/^ {2}privateKeyFile: .*\n/m, '');
    const good = await writeAndLoadConfig(dir, yaml, { SSH_PASSWORD: host.TKHOST_SSH_PASSWORD });
    const result = await poolFor(good).exec('pc', [WHO_AM_I]);
    expect(result.ok && result.value[0]?.output).toBe(`${host.TKHOST_SSH_USER}\n`);

    const bad = await writeAndLoadConfig(dir, yaml, { SSH_PASSWORD_PC: 'wrong-password', SSH_PASSWORD: host.TKHOST_SSH_PASSWORD });
    const refused = await poolFor(bad).exec('pc', [WHO_AM_I]);
    expect(refused).toEqual({ ok: false, error: { kind: 'auth', user: host.TKHOST_SSH_USER, methods: ['password'] } });
  });

  test('accepts hashed known_hosts entries', async () => {
    const pool = poolFor(await config({ pc: { knownHostsFile: host.TKHOST_KNOWN_HOSTS_HASHED } }));
    const hashed = await readFile(host.TKHOST_KNOWN_HOSTS_HASHED, 'utf8');
    expect(hashed).toMatch(/^\|1\|/m);
    expect(hashed).not.toContain(host.TKHOST_SSH_HOST);
    expect((await pool.exec('pc', [WHO_AM_I])).ok).toBe(true);
  });

  test('refuses an unknown host and shows the fingerprint it offered', async () => {
    const pool = poolFor(await config({ pc: { host: host.TKHOST_SSH_HOST_ALT2 } }));
    const result = await pool.exec('pc', [WHO_AM_I]);
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'host-key-unknown', fingerprint: await hostKeyFingerprint(host), knownHostsFile: host.TKHOST_KNOWN_HOSTS },
    });
  });

  test('refuses a host whose key differs from the known one', async () => {
    const knownHosts = path.join(dir, 'wrong_known_hosts');
    // A real key, but not the host's: as if the machine were replaced or someone sat in between.
    const otherKey = (await readFile(`${host.TKHOST_KEY}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
    await writeFile(knownHosts, `[${host.TKHOST_SSH_HOST_ALT2}]:${host.TKHOST_SSH_PORT} ${otherKey}\n`);
    const pool = poolFor(await config({ pc: { host: host.TKHOST_SSH_HOST_ALT2, knownHostsFile: knownHosts } }));
    const result = await pool.exec('pc', [WHO_AM_I]);
    expect(result).toMatchObject({ ok: false, error: { kind: 'host-key-mismatch', revoked: false, fingerprint: await hostKeyFingerprint(host) } });
  });

  test('reuses one connection for later commands', async () => {
    const pool = poolFor(await config({ pc: {} }));
    const first = await pool.exec('pc', [CONNECTION]);
    const second = await pool.exec('pc', [CONNECTION]);
    expect(first.ok && first.value[0]?.output.trim()).toMatch(/^127\.0\.0\.1 \d+ /);
    expect(second).toEqual(first);
  });

  test('a hanging machine times out after the connect timeout and never blocks the others', async () => {
    const hanging = await startHangingServer();
    try {
      const pool = poolFor(await config({ good: {}, hung: { port: hanging.port, connectTimeoutSeconds: 2 } }));
      const started = performance.now();
      const hungResult = pool.exec('hung', [WHO_AM_I]).then((result) => ({ result, afterMs: performance.now() - started }));
      const goodResult = await pool.exec('good', [WHO_AM_I]);
      const goodAfterMs = performance.now() - started;
      expect(goodResult.ok).toBe(true);
      const { result, afterMs } = await hungResult;
      expect(result).toEqual({ ok: false, error: { kind: 'timeout', phase: 'connect', afterMs: 2000, commandSent: false } });
      expect(hanging.connections()).toBeGreaterThan(0);
      // The good machine answered while the hung one was still waiting for its timeout.
      expect(goodAfterMs).toBeLessThan(afterMs);
      expect(afterMs).toBeGreaterThanOrEqual(1900);
    } finally {
      await hanging.close();
    }
  });

  test('a command that runs too long times out, and the machine works again afterwards', async () => {
    const pool = poolFor(await config({ pc: { commandTimeoutSeconds: 1 } }));
    const slow = await pool.exec('pc', [{ argv: ['sleep', '5'] }]);
    expect(slow).toEqual({ ok: false, error: { kind: 'timeout', phase: 'command', afterMs: 1000, commandSent: true } });
    expect((await pool.exec('pc', [WHO_AM_I])).ok).toBe(true);
  });

  test('a connection that breaks mid-command is reported as such and reopened for the next command', async () => {
    const pool = poolFor(await config({ pc: {} }));
    const before = await pool.exec('pc', [CONNECTION]);
    // Kills this session's sshd process (the parent of the shell that runs the batch): the connection drops while
    // the command runs.
    const broken = await pool.exec('pc', [{ argv: ['sh', '-c', 'kill -9 "$(ps -o ppid= -p "$PPID")"; sleep 5'] }]);
    expect(broken).toEqual({ ok: false, error: { kind: 'connection-lost', commandSent: true } });
    const after = await pool.exec('pc', [CONNECTION]);
    expect(after.ok).toBe(true);
    expect(after).not.toEqual(before);
  });

  test('commands for one machine run one after another, in order', async () => {
    const pool = poolFor(await config({ pc: {} }));
    const marker = `/tmp/tkbot-order-${process.pid}-${Date.now()}`;
    const appends = Array.from({ length: 8 }, (_, index) =>
      pool.exec('pc', [{ argv: ['sh', '-c', `echo start${index} >> ${marker}; sleep 0.05; echo end${index} >> ${marker}`] }]),
    );
    expect((await Promise.all(appends)).every((result) => result.ok)).toBe(true);
    const log = await pool.exec('pc', [{ argv: ['cat', marker] }, { argv: ['rm', '-f', marker] }]);
    const expected = Array.from({ length: 8 }, (_, index) => `start${index}\nend${index}\n`).join('');
    expect(log.ok && log.value[0]?.output).toBe(expected);
  });

  test('after close, nothing runs', async () => {
    const pool = poolFor(await config({ pc: {} }));
    expect((await pool.exec('pc', [WHO_AM_I])).ok).toBe(true);
    await pool.close();
    expect(await pool.exec('pc', [WHO_AM_I])).toEqual({ ok: false, error: { kind: 'ssh-error', message: 'shutting down' } });
  });
});
