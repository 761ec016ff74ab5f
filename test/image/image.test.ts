import { execFile } from 'node:child_process';
import { chown, copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { HEARTBEAT_MAX_AGE_MS } from '../../src/lib/heartbeat.ts';
import { startBotApiStandin, type BotApiStandin, type RecordedCall, type TestUser } from '../support/bot-api-standin.ts';
import { nodeArgumentsOf } from '../support/shipped.ts';
import { loadTestHost, makeTempDir, testHostConfig, writeAndLoadConfig } from '../support/test-host.ts';

// The container image, built from the Dockerfile by test/image/image.sh (podman, no Docker engine), run as a parent
// would run it: host network, config.yaml and keys/ mounted read-only, a named volume for the data. It talks to the
// Bot API stand-in and the real test host on 127.0.0.0/8.

const REPO = path.resolve(import.meta.dirname, '../..');
const IMAGE = process.env['TKBOT_IMAGE'] ?? 'localhost/timekpr-bot:image-test';
const CONTAINERS_CONF = process.env['CONTAINERS_CONF'] ?? path.join(import.meta.dirname, 'containers.conf');
const TOKEN = '123456:image-test-token';
const ANNA: TestUser = { id: 111, first_name: 'Anna' };
/** The user the image runs the bot as (`node` in the Node images). */
const NODE_UID = 1000;
const RUN_ID = `${process.pid}-${Date.now()}`;
const CONTAINER = `tkbot-image-test-${RUN_ID}`;
const VOLUME = `tkbot-image-test-data-${RUN_ID}`;

interface Outcome {
  /** The exit code; -1 when podman could not be run or was stopped at its deadline. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command with the test's podman settings; a non-zero exit is an outcome, not an exception. */
function runCommand(command: string, args: readonly string[], { timeoutMs = 60_000, cwd = REPO } = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: timeoutMs, env: { ...process.env, CONTAINERS_CONF } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr: error !== null && code === -1 ? `${stderr}${error.message}` : stderr });
    });
  });
}

const podman = (args: readonly string[], options?: { timeoutMs?: number }) => runCommand('podman', args, options);

/** Runs podman and fails the test with its output when it does not exit 0; returns stdout. */
async function podmanOk(args: readonly string[], options?: { timeoutMs?: number }): Promise<string> {
  const outcome = await podman(args, options);
  if (outcome.code !== 0) throw new Error(`podman ${args.join(' ')} exited ${outcome.code}:\n${outcome.stderr}${outcome.stdout}`);
  return outcome.stdout;
}

const textOf = (call: RecordedCall): string => (typeof call.params['text'] === 'string' ? call.params['text'] : '');

/** podman's own log lines about healthcheck timers (there is no systemd here to run them) are not the bot's. */
const withoutPodmanNoise = (text: string): string =>
  text
    .split('\n')
    .filter((line) => !line.includes('unable to get systemd connection'))
    .join('\n');

/** The container's log once it contains `text` (polled, within a minute); throws with the log otherwise. */
async function waitForLog(container: string, text: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const outcome = await podman(['logs', container]);
    const log = withoutPodmanNoise(outcome.stdout + outcome.stderr);
    if (log.includes(text)) return log;
    if (Date.now() > deadline) throw new Error(`"${text}" is not in the log of ${container}:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

let api: BotApiStandin;
let dir: string;
let cleanup: () => Promise<void>;
let started = false;

beforeAll(async () => {
  const image = await podman(['image', 'exists', IMAGE]);
  if (image.code !== 0) throw new Error(`There is no image ${IMAGE}: build it first with  sudo bash test/image/image.sh prepare`);
  const host = await loadTestHost();
  const temp = await makeTempDir();
  ({ dir, cleanup } = temp);
  api = await startBotApiStandin({ token: TOKEN });

  // As the README says: keys/ beside config.yaml, the private key readable by user 1000.
  const keys = path.join(dir, 'keys');
  await mkdir(keys, { mode: 0o755 });
  await copyFile(host.TKHOST_KEY, path.join(keys, 'id_ed25519'));
  await chown(path.join(keys, 'id_ed25519'), NODE_UID, NODE_UID);
  await copyFile(host.TKHOST_KNOWN_HOSTS, path.join(keys, 'known_hosts'));
  const yaml = testHostConfig(
    host,
    { pc: {} },
    { leo: { pc: host.TKHOST_CHILD_LOGGED_OUT }, mia: { pc: host.TKHOST_CHILD_LOGGED_IN } },
    { privateKeyFile: './keys/id_ed25519', knownHostsFile: './keys/known_hosts' },
    { parents: [ANNA.id], apiRoot: api.apiRoot },
  );
  // Loaded here first, so that a mistake in the test's own config shows as that, not as a container that stops.
  await writeAndLoadConfig(dir, yaml);

  await podmanOk(['volume', 'create', VOLUME]);
  await podmanOk([
    'run', '--detach', '--name', CONTAINER, '--network', 'host',
    '--env', `BOT_TOKEN=${TOKEN}`, '--env', 'LOG_LEVEL=debug',
    '--volume', `${path.join(dir, 'config.yaml')}:/config/config.yaml:ro`,
    '--volume', `${keys}:/config/keys:ro`,
    '--volume', `${VOLUME}:/config/data`,
    IMAGE,
  ]);
  started = true;
  await api.waitForCall('setMyCommands', undefined, { timeoutMs: 60_000 });
});

beforeEach(({ onTestFailed }) => {
  onTestFailed(async () => {
    if (started) console.log(`The container's log:\n${withoutPodmanNoise((await podman(['logs', CONTAINER])).stderr)}`);
  });
});

afterAll(async () => {
  if (started) await podman(['rm', '--force', '--time', '0', CONTAINER]);
  await podman(['volume', 'rm', '--force', VOLUME]);
  await api?.close();
  await cleanup?.();
});

describe('the container image (built from the Dockerfile with podman)', () => {
  test('keeps its healthcheck and user, runs the bundle as npm start does, and the Node version package.json pins', async () => {
    const [config] = z
      .array(
        z.object({
          // Docker's image format keeps the healthcheck; podman's default (OCI) drops it, hence --format docker.
          Healthcheck: z.object({ Test: z.array(z.string()), Interval: z.number(), Retries: z.number() }),
          Config: z.object({ User: z.string(), Entrypoint: z.array(z.string()), Cmd: z.array(z.string()) }),
        }),
      )
      .length(1)
      .parse(JSON.parse(await podmanOk(['image', 'inspect', IMAGE])));
    expect(config?.Healthcheck.Test).toEqual(['CMD', 'node', 'dist/health.js']);
    // The README: unhealthy between 100 and 120 s after the bot last reached Telegram. The first check that fails
    // comes within one interval after the heartbeat is too old, and it takes `Retries` failed checks in a row.
    const intervalMs = (config?.Healthcheck.Interval ?? 0) / 1e6;
    const retries = config?.Healthcheck.Retries ?? 0;
    expect(HEARTBEAT_MAX_AGE_MS + (retries - 1) * intervalMs).toBe(100_000);
    expect(HEARTBEAT_MAX_AGE_MS + retries * intervalMs).toBe(120_000);
    expect(config?.Config.User).toBe('node');
    // The same node command as npm start (the image's WORKDIR is the project's folder).
    const start = nodeArgumentsOf('start').map((arg) => (arg.startsWith('-') ? arg : path.relative(REPO, arg)));
    expect([...(config?.Config.Entrypoint ?? []), ...(config?.Config.Cmd ?? [])]).toEqual(['node', ...start, '--config', '/config/config.yaml']);

    const pinned = z
      .object({ devDependencies: z.object({ node: z.string() }) })
      .parse(JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8'))).devDependencies.node;
    const version = await podmanOk(['run', '--rm', '--network', 'none', IMAGE, '--version']);
    expect(version.trim()).toBe(`v${pinned}`);
  });

  test('answers /status from inside the container with the real times of the test host', async () => {
    const after = api.calls.length;
    api.sendText({ from: ANNA, chat: { id: ANNA.id, type: 'private' }, text: '/status' });
    const reply = await api.waitForCall('sendMessage', (call) => call.params['chat_id'] === ANNA.id, { after, timeoutMs: 30_000 });
    expect(textOf(reply)).toContain('<b>Leo</b>');
    expect(textOf(reply)).toContain('<b>Mia</b>');
    expect(textOf(reply)).toMatch(/pc: <b>(\d+h \d\dm|\d+m)<\/b> left · not logged in/);
    expect(textOf(reply)).toMatch(/pc: <b>(\d+h \d\dm|\d+m)<\/b> left · logged in/);
  });

  test('draws /report\'s chart inside the container: the drawing process from dist/, resvg and the font from node_modules', async () => {
    const after = api.calls.length;
    api.sendText({ from: ANNA, chat: { id: ANNA.id, type: 'private' }, text: '/report' });
    // A photo is sent as a form, so its chat_id arrives as text.
    const report = await api.waitForCall('sendPhoto', (call) => call.params['chat_id'] === String(ANNA.id), { after, timeoutMs: 30_000 });
    const photo = report.params['photo'] as { content?: unknown } | undefined;
    const png = Buffer.isBuffer(photo?.content) ? photo.content : Buffer.alloc(0);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  });

  test('its healthcheck says healthy', async () => {
    const check = await podman(['healthcheck', 'run', CONTAINER]);
    expect(withoutPodmanNoise(check.stderr).trim()).toBe('');
    expect(check.code).toBe(0);
    const state = z
      .object({ Health: z.object({ Status: z.string(), Log: z.array(z.object({ ExitCode: z.number() })) }) })
      .parse(JSON.parse(await podmanOk(['inspect', '--format', '{{json .State}}', CONTAINER])));
    expect(state.Health.Status).toBe('healthy');
    expect(state.Health.Log.at(-1)?.ExitCode).toBe(0);
  });

  test('runs the bot as user 1000, not root', async () => {
    const pid = Number((await podmanOk(['inspect', '--format', '{{.State.Pid}}', CONTAINER])).trim());
    expect(pid).toBeGreaterThan(0);
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    // Real, effective, saved and filesystem user IDs.
    expect(/^Uid:\s+(.*)$/m.exec(status)?.[1]?.split(/\s+/)).toEqual(Array(4).fill(String(NODE_UID)));
    expect(await readFile(`/proc/${pid}/cmdline`, 'utf8')).toContain('dist/main.js');
  });

  test('keeps its database in the data volume', async () => {
    const mountpoint = (await podmanOk(['volume', 'inspect', '--format', '{{.Mountpoint}}', VOLUME])).trim();
    const database = await stat(path.join(mountpoint, 'timekpr-bot.sqlite'));
    expect(database.size).toBeGreaterThan(0);
    expect(database.uid).toBe(NODE_UID);
  });

  test('SIGTERM stops it cleanly within 10 s', async () => {
    const start = Date.now();
    await podmanOk(['kill', '--signal', 'TERM', CONTAINER]);
    const exitCode = await podmanOk(['wait', CONTAINER], { timeoutMs: 30_000 });
    const elapsedMs = Date.now() - start;
    expect(exitCode.trim()).toBe('0');
    expect(elapsedMs).toBeLessThan(10_000);
    const log = (await podmanOk(['logs', CONTAINER])) + (await podman(['logs', CONTAINER])).stderr;
    expect(log).toContain('"msg":"stopped"');
  });

  test('started without config.yaml, it makes its own SSH key and waits to be claimed', async () => {
    const name = `${CONTAINER}-unclaimed`;
    await podmanOk(['run', '-d', '--name', name, '--network', 'none', '--env', `BOT_TOKEN=${TOKEN}`, IMAGE]);
    try {
      const log = await waitForLog(name, 'cannot reach Telegram yet');
      expect(log).toContain('"msg":"made the bot\'s own SSH key"');
      const mode = await podmanOk(['exec', name, 'stat', '-c', '%a %U', '/config/data/timekpr-bot_ed25519']);
      expect(mode.trim()).toBe('600 node');
    } finally {
      await podman(['rm', '--force', name]);
    }
  });

  test('with a folder where config.yaml should be (what Docker makes of a missing file), it says what to do', async () => {
    const empty = path.join(dir, 'made-by-docker');
    await mkdir(empty);
    const outcome = await podman(['run', '--rm', '--network', 'none', '--volume', `${empty}:/config/config.yaml:ro`, IMAGE]);
    expect(outcome.code).toBe(2);
    expect(withoutPodmanNoise(outcome.stderr)).toContain(
      '/config/config.yaml: is an empty folder, not the config file: Docker makes one when config.yaml is missing. ' +
        'Stop the bot (docker compose down), remove that folder, create config.yaml from config.example.yaml',
    );
  });

  test('with a config.yaml only root may read, it says to make it readable for user 1000', async () => {
    const secret = path.join(dir, 'root-only.yaml');
    await writeFile(secret, 'telegram: {}\n', { mode: 0o600 });
    const outcome = await podman(['run', '--rm', '--network', 'none', '--volume', `${secret}:/config/config.yaml:ro`, IMAGE]);
    expect(outcome.code).toBe(2);
    expect(withoutPodmanNoise(outcome.stderr)).toContain(
      '/config/config.yaml: cannot be read: permission denied. Make it readable for the bot (chmod a+r config.yaml; in Docker the bot runs as user 1000)',
    );
  });
});

describe('compose.yaml', () => {
  test('is valid for docker-compose and mounts what the README says', async () => {
    // A copy, with the files compose.yaml names beside it: nothing is written into the project.
    const copy = path.join(dir, 'compose');
    await mkdir(copy);
    await copyFile(path.join(REPO, 'compose.yaml'), path.join(copy, 'compose.yaml'));
    await writeFile(path.join(copy, '.env'), `BOT_TOKEN=${TOKEN}\n`);
    await writeFile(path.join(copy, 'config.yaml'), '');
    const outcome = await runCommand('docker-compose', ['--file', 'compose.yaml', 'config'], { cwd: copy });
    expect(outcome.stderr).toBe('');
    expect(outcome.code).toBe(0);
    const service = z
      .object({ services: z.object({ 'timekpr-bot': z.object({ init: z.boolean(), volumes: z.array(z.string()), environment: z.record(z.string(), z.string()) }) }) })
      .parse(parse(outcome.stdout)).services['timekpr-bot'];
    expect(service.init).toBe(true);
    expect(service.environment['BOT_TOKEN']).toBe(TOKEN);
    expect(service.volumes).toEqual([`${copy}/config:/config:rw`, 'data:/config/data:rw']);
  });
});
