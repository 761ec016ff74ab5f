import { execFile } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadHelperProgram } from '../../src/timekpr/helper/program.ts';
import { startHangingServer } from '../support/hanging-server.ts';
import { nodeArgumentsOf } from '../support/shipped.ts';
import { hostKeyFingerprint, loadTestHost, makeTempDir, testHostConfig, type TestHost } from '../support/test-host.ts';

/** The helper this bot ships (its version is in what `check` prints). */
const HELPER_VERSION = loadHelperProgram().version;

// `npm run check`'s node command: the bundle in dist/, built by the global setup.
const CHECK = nodeArgumentsOf('check');
let host: TestHost;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  host = await loadTestHost();
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(() => cleanup());

interface CheckRun {
  readonly exitCode: number;
  readonly output: string;
  readonly elapsedMs: number;
}

/** Runs the real `check` command (as `npm run check` does) in `dir`, with a clean environment. */
function runCheck(args: string[], env: Record<string, string> = {}): Promise<CheckRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [...CHECK, ...args], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      const exitCode = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ exitCode, output: `${stdout}${stderr}`, elapsedMs: performance.now() - started });
    });
  });
}

/** The table row whose first cells are `cells`, with its columns joined by " | ". */
function row(output: string, ...cells: string[]): string {
  const rows = output.split('\n').map((line) => line.replace(/ {2,}/g, ' | '));
  return rows.find((line) => line.startsWith(`${cells.join(' | ')} | `)) ?? `(no row starting with ${cells.join(' | ')})`;
}

async function writeConfig(name: string, yaml: string): Promise<string> {
  await writeFile(path.join(dir, name), yaml);
  return name;
}

async function wrongKnownHosts(name: string): Promise<string> {
  // A real key that is not the host's, for 127.0.0.3 only: that machine's key looks changed.
  const otherKey = (await readFile(`${host.TKHOST_KEY}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
  const known = await readFile(host.TKHOST_KNOWN_HOSTS, 'utf8');
  const file = path.join(dir, name);
  await writeFile(file, `${known}[${host.TKHOST_SSH_HOST_ALT2}]:${host.TKHOST_SSH_PORT} ${otherKey}\n`);
  return file;
}

describe('npm run check, against the real host', () => {
  test('names each problem, shows real time left for the good accounts, and takes about one connect timeout', async () => {
    const hanging = await Promise.all([1, 2, 3, 4].map(() => startHangingServer()));
    try {
      const hung = Object.fromEntries(hanging.map((server, index) => [`hung${index + 1}`, { port: server.port, connectTimeoutSeconds: 2 }]));
      const config = await writeConfig(
        'mixed.yaml',
        testHostConfig(
          host,
          { desktop: {}, ...hung, wrongkey: { host: host.TKHOST_SSH_HOST_ALT2, knownHostsFile: await wrongKnownHosts('mixed_known_hosts') } },
          {
            mia: { desktop: host.TKHOST_CHILD_LOGGED_IN, hung1: 'mia' },
            leo: { desktop: host.TKHOST_CHILD_UNKNOWN, wrongkey: host.TKHOST_CHILD_LOGGED_OUT, hung2: 'leo', hung3: 'leo', hung4: 'leo' },
          },
        ),
      );
      const run = await runCheck(['--config', config]);

      expect(run.exitCode).toBe(1);
      expect(row(run.output, 'desktop')).toMatch(/ \| yes \| trusted \| ok \| found \| ok$/);
      for (const name of Object.keys(hung)) expect(row(run.output, name)).toMatch(/ \| NO \(timeout\) \| - \| - \| - \| -$/);
      expect(row(run.output, 'wrongkey')).toMatch(/ \| yes \| CHANGED \| - \| - \| -$/);
      expect(run.output).toContain(`wrongkey: its host key has CHANGED (now ${await hostKeyFingerprint(host)})`);
      expect(run.output).toContain('hung1: not reachable (timed out after 2 s)');
      expect(row(run.output, 'Mia', 'desktop')).toMatch(new RegExp(`^Mia \\| desktop \\| ${host.TKHOST_CHILD_LOGGED_IN} \\| (\\d+h \\d\\dm|\\d+m) \\(logged in, `));
      expect(row(run.output, 'Leo', 'desktop')).toContain(`PROBLEM: Timekpr-nExT has no user "${host.TKHOST_CHILD_UNKNOWN}" here`);
      expect(run.output).toContain('6 problems found.');
      // Machines are checked in parallel: four hung machines at 2 s each cost about 2 s, not 8 s.
      expect(run.elapsedMs).toBeLessThan(6000);
      expect(run.elapsedMs).toBeGreaterThan(1900);
    } finally {
      await Promise.all(hanging.map((server) => server.close()));
    }
  });

  test('exits 0 when all is well, with the SSH password read from .env', async () => {
    const yaml = testHostConfig(host, { desktop: {} }, { mia: { desktop: host.TKHOST_CHILD_LOGGED_IN } }).replace(/^ {2}privateKeyFile: .*\n/m, '');
    const config = await writeConfig('password.yaml', yaml);
    await writeFile(path.join(dir, '.env'), `SSH_PASSWORD="${host.TKHOST_SSH_PASSWORD}"\n`);
    try {
      const run = await runCheck(['--config', config]);
      expect(run.output).toContain('Everything works.');
      expect(run.output).not.toContain(host.TKHOST_SSH_PASSWORD);
      expect(run.exitCode).toBe(0);
      // How the bot talks to it: the helper it sends (auto), or timekpra when the tests run on that backend.
      const talks = process.env['TKBOT_TEST_BACKEND'] === 'timekpra' ? 'timekpra (ssh.backend: timekpra)' : `D-Bus helper v${HELPER_VERSION} (sent by the bot)`;
      expect(row(run.output, 'desktop', talks)).toBe(`desktop | ${talks} | may run any command`);
    } finally {
      await writeFile(path.join(dir, '.env'), '');
    }
  });

  test('reports config errors with file and line before connecting to anything', async () => {
    const hanging = await startHangingServer();
    try {
      const yaml = testHostConfig(host, { desktop: { port: hanging.port } }, { mia: { desktop: 'mia', tablet: 'mia' } }).replace(
        /^ {4}host: /m,
        '    hots: x\n    host: ',
      );
      const config = await writeConfig('broken.yaml', yaml);
      const run = await runCheck(['--config', config]);
      expect(run.exitCode).toBe(2);
      expect(run.output).toMatch(/broken\.yaml:\d+ machines\.desktop\.hots: is not a known setting/);
      expect(run.output).toMatch(/broken\.yaml:\d+ children\.mia\.accounts\.tablet: no machine "tablet" is defined/);
      expect(hanging.connections()).toBe(0);
    } finally {
      await hanging.close();
    }
  });

  test('--trust-new adds unknown host keys after showing their fingerprints, and never replaces a changed one', async () => {
    const knownHostsFile = await wrongKnownHosts('trust_known_hosts');
    const before = await readFile(knownHostsFile, 'utf8');
    const config = await writeConfig(
      'trust.yaml',
      testHostConfig(
        host,
        { fresh: { host: host.TKHOST_SSH_HOST_ALT, port: host.TKHOST_SSH_PORT }, changed: { host: host.TKHOST_SSH_HOST_ALT2 } },
        { leo: { fresh: host.TKHOST_CHILD_LOGGED_OUT } },
        { knownHostsFile },
      ),
    );
    // 127.0.0.2 is not in this file yet.
    await writeFile(knownHostsFile, before.split('\n').filter((line) => !line.startsWith(`[${host.TKHOST_SSH_HOST_ALT}]`)).join('\n'));
    const fingerprint = await hostKeyFingerprint(host);

    const first = await runCheck(['--config', config]);
    expect(row(first.output, 'fresh')).toMatch(/ \| yes \| UNKNOWN \| - \| - \| -$/);
    expect(first.output).toContain(`fresh: its host key is not trusted yet (${fingerprint})`);
    expect(first.output).toContain(`npm run check -- --config ${config} --trust-new`);

    const unchangedLines = (await readFile(knownHostsFile, 'utf8')).trim().split('\n');
    const trusted = await runCheck(['--config', config, '--trust-new']);
    expect(trusted.output).toContain(`fresh (${host.TKHOST_SSH_HOST_ALT} port ${host.TKHOST_SSH_PORT}) offered ssh-ed25519 key ${fingerprint}`);
    expect(row(trusted.output, 'fresh')).toMatch(/ \| yes \| trusted \| ok \| found \| ok$/);
    expect(row(trusted.output, 'changed')).toMatch(/ \| yes \| CHANGED \| - \| - \| -$/);
    expect(trusted.exitCode).toBe(1);
    const after = (await readFile(knownHostsFile, 'utf8')).trim().split('\n');
    expect(after.slice(0, unchangedLines.length)).toEqual(unchangedLines);
    expect(after.slice(unchangedLines.length)).toEqual([expect.stringMatching(new RegExp(`^\\[${host.TKHOST_SSH_HOST_ALT.replaceAll('.', '\\.')}\\]:${host.TKHOST_SSH_PORT} ssh-ed25519 `))]);

    const again = await runCheck(['--config', config, '--trust-new']);
    expect(again.output).toContain('No new host keys to trust.');
    expect((await readFile(knownHostsFile, 'utf8')).trim().split('\n')).toEqual(after);
  });
});

describe('npm run check: how the bot talks to each computer', () => {
  test('says why it falls back to timekpra where the helper cannot start, and recommends the restricted key', async () => {
    const noDbus = '/usr/local/bin/tkbot-check-python-nodbus';
    await writeFile(noDbus, '#!/bin/sh\nexec /usr/bin/python3 -S "$@"\n', { mode: 0o755 });
    try {
      const yaml = testHostConfig(
        host,
        { desktop: { backend: 'auto' }, nodbus: { backend: 'auto', python: noDbus } },
        { mia: { desktop: host.TKHOST_CHILD_LOGGED_IN, nodbus: host.TKHOST_CHILD_LOGGED_IN } },
      );
      const run = await runCheck(['--config', await writeConfig('backends.yaml', yaml)]);
      expect(run.exitCode, run.output).toBe(0);
      expect(row(run.output, 'desktop', `D-Bus helper v${HELPER_VERSION} (sent by the bot)`)).toBe(`desktop | D-Bus helper v${HELPER_VERSION} (sent by the bot) | may run any command`);
      expect(run.output).toMatch(/nodbus +timekpra \(the helper cannot run there: .*dbus.*\) +may run any command/);
      expect(run.output).toContain('nodbus: the bot falls back to timekpra: slower, and low time is polled instead of pushed.');
      const publicKey = (await readFile(`${host.TKHOST_KEY}.pub`, 'utf8')).split(' ').slice(0, 2).join(' ');
      expect(run.output).toContain(`desktop: tip: the bot's key can log in there with a shell.`);
      expect(run.output).toContain(`sudo sh setup-computer.sh --user ${host.TKHOST_SSH_USER} --key '${publicKey} timekpr-bot'`);
    } finally {
      await rm(noDbus, { force: true });
    }
  });
});
