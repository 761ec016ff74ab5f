import { execFile } from 'node:child_process';
import { chmod, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { OpenStream } from '../../src/ssh/exec-batch.ts';
import { SshPool } from '../../src/ssh/pool.ts';
import { createMachineClients } from '../../src/timekpr/backend.ts';
import { createTimekpraClient } from '../../src/timekpr/client.ts';
import { loadHelperProgram } from '../../src/timekpr/helper/program.ts';
import { giveTwoHourLimit, hostControl, loadTestHost, makeTempDir, readBack, readInfo, testHostConfig, testLogger, waitFor, writeAndLoadConfig, type TestHost } from '../support/test-host.ts';

const helper = loadHelperProgram();
const run = promisify(execFile);
/** A Python on the test host that cannot import python3-dbus (no site-packages), as a machine without it. */
const PYTHON_WITHOUT_DBUS = '/usr/local/bin/tkbot-test-python-nodbus';

let host: TestHost;
let mia: string;
let leo: string;
let nobody: string;
const cleanups: (() => Promise<void> | void)[] = [];

/** A pool and both clients for one config; closed after the file. */
async function setUp(machine: Record<string, string | number> = {}, openStream?: (pool: SshPool) => OpenStream) {
  const temp = await makeTempDir();
  cleanups.push(temp.cleanup);
  const loaded = await writeAndLoadConfig(temp.dir, testHostConfig(host, { pc: machine }, { mia: { pc: mia }, leo: { pc: leo } }));
  const pool = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger: testLogger });
  const clients = createMachineClients({
    machines: loaded.config.machines,
    exec: pool.exec,
    openStream: openStream?.(pool) ?? pool.openStream,
    helper,
    logger: testLogger,
  });
  const timekpra = createTimekpraClient({ exec: pool.exec, timekpraOf: () => '/usr/bin/timekpra' });
  cleanups.push(async () => {
    clients.close();
    await pool.close();
  });
  return { pool, clients, timekpra };
}


let main: Awaited<ReturnType<typeof setUp>>;

beforeAll(async () => {
  host = await loadTestHost();
  mia = host.TKHOST_CHILD_LOGGED_IN;
  leo = host.TKHOST_CHILD_LOGGED_OUT;
  nobody = host.TKHOST_CHILD_UNKNOWN;
  await writeFile(PYTHON_WITHOUT_DBUS, '#!/bin/sh\n# Python without site-packages: python3-dbus cannot be imported.\nexec /usr/bin/python3 -S "$@"\n');
  await chmod(PYTHON_WITHOUT_DBUS, 0o755);
  cleanups.push(() => rm(PYTHON_WITHOUT_DBUS, { force: true }));
  main = await setUp({ backend: 'dbus' });
  await hostControl(host, 'login', mia);
  await hostControl(host, 'logout', leo);
  await waitFor(() => readInfo(main.clients, mia), (info) => info.loggedIn, { what: `${mia} logged in` });
  await waitFor(() => readInfo(main.clients, leo), (info) => !info.loggedIn, { what: `${leo} logged out` });
  await giveTwoHourLimit(main.pool.exec, 'pc', leo);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

describe('the D-Bus backend (the helper on one kept SSH channel) against the real daemon', () => {
  test('runs the helper agentless and says so', async () => {
    const backend = await main.clients.backendOf('pc');
    expect(backend).toEqual({
      ok: true,
      value: { kind: 'dbus', hello: { version: helper.version, installed: false, forced: false, daemonRunning: true, inTimekprGroup: true } },
    });
  });

  test('reads what the timekpra backend reads, for a logged-in and a logged-out child', async () => {
    const [viaDbus, viaTimekpra] = await Promise.all([main.clients.usersInfo('pc', [mia, leo, nobody]), main.timekpra.usersInfo('pc', [mia, leo, nobody])]);
    if (!viaDbus.ok || !viaTimekpra.ok) throw new Error(JSON.stringify({ viaDbus, viaTimekpra }));
    expect(viaDbus.value.get(nobody)).toEqual({ ok: false, error: { kind: 'unknown-user', login: nobody } });
    expect(viaDbus.value.get(nobody)).toEqual(viaTimekpra.value.get(nobody));
    expect(viaDbus.value.get(leo)).toEqual(viaTimekpra.value.get(leo));
    const miaDbus = viaDbus.value.get(mia);
    const miaTimekpra = viaTimekpra.value.get(mia);
    if (!miaDbus?.ok || !miaTimekpra?.ok) throw new Error(JSON.stringify({ miaDbus, miaTimekpra }));
    expect(miaDbus.value.loggedIn).toBe(true);
    // Mia's time runs while the two reads happen: the running numbers may differ by the daemon's few seconds.
    // The week's total is the daemon's saved figure: it moves each time the daemon saves.
    const { secondsLeft, secondsSpentToday, spentBalanceSeconds, secondsSpentWeek, ...fixed } = miaDbus.value;
    const { secondsLeft: left2, secondsSpentToday: spent2, spentBalanceSeconds: balance2, secondsSpentWeek: week2, ...fixed2 } = miaTimekpra.value;
    expect(fixed).toEqual(fixed2);
    expect(Math.abs(secondsLeft - left2)).toBeLessThanOrEqual(10);
    expect(Math.abs(secondsSpentToday - spent2)).toBeLessThanOrEqual(10);
    expect(Math.abs(spentBalanceSeconds - balance2)).toBeLessThanOrEqual(10);
    expect(secondsSpentWeek).toBeTypeOf('number');
    expect(Math.abs((secondsSpentWeek ?? 0) - (week2 ?? Number.NaN))).toBeLessThanOrEqual(10);
    expect(fixed.allowedHoursToday).toHaveLength(24);
  });

  test('sets, adds and subtracts time and reports the value read back', async () => {
    const set = readBack(await main.clients.changeTimeLeft('pc', leo, '=', 1800));
    expect(set.info.secondsLeft).toBe(1800);
    expect(set.capped).toBe(false);
    expect(readBack(await main.clients.changeTimeLeft('pc', leo, '+', 900)).info.secondsLeft).toBe(2700);
    const taken = readBack(await main.clients.changeTimeLeft('pc', leo, '-', 600));
    expect(taken.info.secondsLeft).toBe(2100);
    // The other backend agrees: the change is stored, not echoed.
    expect((await readInfo(main.timekpra, leo)).secondsLeft).toBe(2100);
  });

  test('says when a change is capped by midnight', async () => {
    const change = readBack(await main.clients.changeTimeLeft('pc', mia, '=', 50_000));
    expect(change.capped).toBe(true);
    expect(change.info.secondsLeft).toBeLessThanOrEqual(12 * 3600);
    readBack(await main.clients.changeTimeLeft('pc', mia, '=', 3600));
  });

  test('names an unknown user, and lists the users the daemon knows', async () => {
    expect(await main.clients.changeTimeLeft('pc', nobody, '+', 60)).toEqual({ ok: false, error: { kind: 'unknown-user', login: nobody } });
    const known = await main.clients.knownUsers('pc');
    expect(known.ok && known.value).toEqual(expect.arrayContaining([mia, leo]));
    expect(known.ok && known.value).not.toContain(nobody);
  });

  test('concurrent changes from two parents (two bots, two connections) all apply once', async () => {
    readBack(await main.clients.changeTimeLeft('pc', leo, '=', 600));
    const other = await setUp({ backend: 'dbus' });
    const changes = await Promise.all([main.clients, other.clients].flatMap((client) => Array.from({ length: 6 }, () => client.changeTimeLeft('pc', leo, '+', 60))));
    for (const change of changes) readBack(change);
    expect((await readInfo(main.timekpra, leo)).secondsLeft).toBe(600 + 12 * 60);
  });

  test('a channel killed right after a change went out: reported as maybe applied, applied at most once, then reopened', async () => {
    readBack(await main.clients.changeTimeLeft('pc', leo, '=', 600));
    let cut = false;
    // The real channel, closed by the bot's side the moment the change's line has been written to it.
    const cutting = await setUp({ backend: 'dbus' }, (pool) => async (machineId, command, listener) => {
      const stream = await pool.openStream(machineId, command, listener);
      if (!stream.ok) return stream;
      return {
        ok: true,
        value: {
          send: (line) => {
            stream.value.send(line);
            if (!cut && line.includes('"op":"set"')) {
              cut = true;
              stream.value.close();
            }
          },
          close: () => stream.value.close(),
        },
      };
    });
    expect((await cutting.clients.backendOf('pc')).ok).toBe(true);
    const change = await cutting.clients.changeTimeLeft('pc', leo, '+', 300);
    expect(change).toEqual({ ok: false, error: { kind: 'connection-lost', commandSent: true } });
    const after = (await readInfo(main.timekpra, leo)).secondsLeft;
    expect([600, 900]).toContain(after);
    // The next request opens a new channel and works.
    expect(readBack(await cutting.clients.changeTimeLeft('pc', leo, '+', 60)).info.secondsLeft).toBe(after + 60);
  });

  test('reports the SSH user not being in group timekpr', async () => {
    const outsider = await setUp({ backend: 'dbus', user: host.TKHOST_SSH_USER_NOGROUP });
    expect(await outsider.clients.usersInfo('pc', [mia, leo])).toEqual({ ok: false, error: { kind: 'access-denied' } });
    expect(await outsider.clients.changeTimeLeft('pc', mia, '+', 60)).toEqual({ ok: false, error: { kind: 'access-denied' } });
    const backend = await outsider.clients.backendOf('pc');
    expect(backend.ok && backend.value.kind === 'dbus' && backend.value.hello.inTimekprGroup).toBe(false);
  });

  test('pushes time left of a logged-in child about every 3 s', async () => {
    const seen: { login: string; secondsLeft: number; at: number }[] = [];
    const listening = await setUp({ backend: 'dbus' });
    expect(await listening.clients.watch('pc', { onTimeLeft: (login, secondsLeft) => seen.push({ login, secondsLeft, at: Date.now() }), onResync: () => undefined })).toBe(true);
    await waitFor(() => Promise.resolve(seen.filter((event) => event.login === mia)), (events) => events.length >= 2, { what: 'two time-left events for Mia' });
    expect(listening.clients.streaming('pc')).toBe(true);
    const info = await readInfo(listening.clients, mia);
    const last = seen.filter((event) => event.login === mia).at(-1);
    expect(Math.abs((last?.secondsLeft ?? 0) - info.secondsLeft)).toBeLessThanOrEqual(10);
    expect(seen.some((event) => event.login === leo)).toBe(false);
  });

  test('a dropped channel is reopened, the subscription renewed, and the listener told to read the state once', async () => {
    const listening = await setUp({ backend: 'dbus' });
    const events: number[] = [];
    let resyncs = 0;
    expect(await listening.clients.watch('pc', { onTimeLeft: (login) => login === mia && events.push(Date.now()), onResync: () => (resyncs += 1) })).toBe(true);
    await waitFor(() => Promise.resolve(events.length), (count) => count >= 1, { what: 'a first event' });
    // The helper dies on the child's computer (say, killed): its channel ends.
    await run('pkill', ['-u', host.TKHOST_SSH_USER, '-f', 'timekpr-bot-helper']);
    await waitFor(() => Promise.resolve(resyncs), (count) => count >= 1, { what: 'the subscription to be renewed on a new channel' });
    const renewedAt = Date.now();
    await waitFor(() => Promise.resolve(events.filter((at) => at > renewedAt).length), (count) => count >= 1, { what: 'events on the new channel' });
    expect(listening.clients.streaming('pc')).toBe(true);
    // The main session's channel died too: its next request starts a new helper.
    expect((await readInfo(main.clients, leo)).loggedIn).toBe(false);
  });

  test('reports the daemon not running, and works again once it is back', async () => {
    await hostControl(host, 'daemon-stop');
    try {
      expect(await main.clients.usersInfo('pc', [mia])).toEqual({ ok: false, error: { kind: 'daemon-not-running' } });
      expect(await main.clients.changeTimeLeft('pc', leo, '+', 60)).toEqual({ ok: false, error: { kind: 'daemon-not-running' } });
    } finally {
      await hostControl(host, 'daemon-start');
    }
    await waitFor(() => readInfo(main.clients, mia), (info) => info.loggedIn, { what: 'the restarted daemon to see Mia logged in, through the same helper' });
  });
});

describe('choosing the backend per machine', () => {
  test('auto falls back to timekpra when the helper cannot start there, and says why', async () => {
    const fallback = await setUp({ backend: 'auto', python: PYTHON_WITHOUT_DBUS });
    const backend = await fallback.clients.backendOf('pc');
    if (!backend.ok || backend.value.kind !== 'timekpra' || backend.value.why !== 'fallback') throw new Error(JSON.stringify(backend));
    expect(backend.value.reason).toMatch(/dbus/);
    expect((await readInfo(fallback.clients, leo)).loggedIn).toBe(false);
    expect(await fallback.clients.watch('pc', { onTimeLeft: () => undefined, onResync: () => undefined })).toBe(false);
  });

  test('dbus does not fall back: the helper not starting is the answer', async () => {
    const forced = await setUp({ backend: 'dbus', python: PYTHON_WITHOUT_DBUS });
    const answer = await forced.clients.usersInfo('pc', [leo]);
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.kind).toBe('helper-unavailable');
  });

  test('timekpra never starts the helper', async () => {
    const plain = await setUp({ backend: 'timekpra' });
    expect(await plain.clients.backendOf('pc')).toEqual({ ok: true, value: { kind: 'timekpra', why: 'configured' } });
    expect((await readInfo(plain.clients, leo)).loggedIn).toBe(false);
  });

  test('a machine that cannot be reached stays undecided: the failure is the answer', async () => {
    const off = await setUp({ backend: 'auto', port: 1 });
    const backend = await off.clients.backendOf('pc');
    expect(backend.ok).toBe(false);
    expect(!backend.ok && backend.error.kind).toBe('unreachable');
  });
});
