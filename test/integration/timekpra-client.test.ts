import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ExecBatch } from '../../src/ssh/exec-batch.ts';
import { SshPool } from '../../src/ssh/pool.ts';
import { createTimekpraClient, type TimekprClient } from '../../src/timekpr/client.ts';
import {
  daemonHour,
  giveTwoHourLimit,
  hostControl,
  loadTestHost,
  makeTempDir,
  readBack,
  readInfo,
  testHostConfig,
  testLogger,
  waitFor,
  writeAndLoadConfig,
  type TestHost,
} from '../support/test-host.ts';

const TIMEKPRA = '/usr/bin/timekpra';
let host: TestHost;
let cleanup: () => Promise<void>;
let pool: SshPool;
let client: TimekprClient;
let mia: string;
let leo: string;
let nobody: string;
const extraPools: SshPool[] = [];

/** Runs a timekpra admin command as the bot's SSH user (who is in group timekpr); it prints nothing on success. */
async function admin(...args: string[]): Promise<void> {
  const result = await pool.exec('pc', [{ argv: [TIMEKPRA, ...args], env: { LC_ALL: 'C' } }]);
  expect(result.ok && result.value[0]).toEqual({ output: '', exitCode: 0 });
}


beforeAll(async () => {
  host = await loadTestHost();
  mia = host.TKHOST_CHILD_LOGGED_IN;
  leo = host.TKHOST_CHILD_LOGGED_OUT;
  nobody = host.TKHOST_CHILD_UNKNOWN;
  const temp = await makeTempDir();
  cleanup = temp.cleanup;
  const loaded = await writeAndLoadConfig(temp.dir, testHostConfig(host, { pc: {} }, { mia: { pc: mia }, leo: { pc: leo } }));
  pool = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger: testLogger });
  client = createTimekpraClient({ exec: pool.exec, timekpraOf: () => TIMEKPRA });
  // The state this file expects: Mia logged in, Leo logged out (a test elsewhere may have changed it).
  await hostControl(host, 'login', mia);
  await hostControl(host, 'logout', leo);
  await waitFor(() => readInfo(client, mia), (info) => info.loggedIn, { what: `${mia} logged in` });
  await waitFor(() => readInfo(client, leo), (info) => !info.loggedIn, { what: `${leo} logged out` });
  await giveTwoHourLimit(pool.exec, 'pc', leo);
});

afterAll(async () => {
  await Promise.all([pool.close(), ...extraPools.map((extra) => extra.close())]);
  await cleanup();
});

describe('timekpra client against the real Timekpr-nExT daemon', () => {
  test('reads a logged-in child, a logged-out child and names an unknown login, in one batch', async () => {
    const answers = await client.usersInfo('pc', [mia, leo, nobody]);
    if (!answers.ok) throw new Error(JSON.stringify(answers.error));
    const miaInfo = answers.value.get(mia);
    const leoInfo = answers.value.get(leo);
    expect(miaInfo?.ok && miaInfo.value).toMatchObject({ login: mia, loggedIn: true, todayLimitSeconds: 86_400 });
    expect(leoInfo?.ok && leoInfo.value).toMatchObject({ login: leo, loggedIn: false, todayLimitSeconds: 7200 });
    expect(answers.value.get(nobody)).toEqual({ ok: false, error: { kind: 'unknown-user', login: nobody } });
    // Time left is capped at midnight: on the daemon's clock it is afternoon at most.
    expect(miaInfo?.ok && miaInfo.value.secondsLeft).toBeGreaterThan(0);
    expect(miaInfo?.ok && miaInfo.value.secondsLeft).toBeLessThanOrEqual(12 * 3600);
    expect(miaInfo?.ok && miaInfo.value.allowedHoursToday).toHaveLength(24);
  });

  test('sets, adds and subtracts time and reports the value read back from the daemon', async () => {
    const set = readBack(await client.changeTimeLeft('pc', leo, '=', 1800));
    expect(set.info.secondsLeft).toBe(1800);
    expect(set.capped).toBe(false);
    const added = readBack(await client.changeTimeLeft('pc', leo, '+', 900));
    expect(added.info.secondsLeft).toBe(2700);
    const taken = readBack(await client.changeTimeLeft('pc', leo, '-', 600));
    expect(taken.info.secondsLeft).toBe(2100);
    expect(taken.capped).toBe(false);
    // A later, independent read agrees: the change is stored, not just echoed.
    expect((await readInfo(client, leo)).secondsLeft).toBe(2100);
  });

  test('changes a logged-in child, whose time keeps running', async () => {
    const set = readBack(await client.changeTimeLeft('pc', mia, '=', 3600));
    expect(set.info.loggedIn).toBe(true);
    expect(set.info.secondsLeft).toBeGreaterThan(3590);
    expect(set.info.secondsLeft).toBeLessThanOrEqual(3600);
    expect(set.capped).toBe(false);
    await waitFor(() => readInfo(client, mia), (info) => info.secondsLeft < set.info.secondsLeft, { what: 'the daemon to count Mia’s time' });
  });

  test('says when a change is capped by midnight, and reports the real value', async () => {
    const change = readBack(await client.changeTimeLeft('pc', mia, '=', 50_000));
    expect(change.capped).toBe(true);
    expect(change.info.secondsLeft).toBeLessThan(50_000);
    expect(change.info.secondsLeft).toBeLessThanOrEqual(12 * 3600);
    await client.changeTimeLeft('pc', mia, '=', 3600);
  });

  test('says when a change is capped by the end of allowed hours', async () => {
    try {
      // Only the current hour (on the daemon's clock) is allowed: at most an hour can be left today.
      await admin('--setallowedhours', leo, 'ALL', String(daemonHour(host)));
      const change = readBack(await client.changeTimeLeft('pc', leo, '=', 7200));
      expect(change.capped).toBe(true);
      expect(change.info.secondsLeft).toBeLessThanOrEqual(3600);
      expect(change.info.allowedHoursToday).toHaveLength(1);
    } finally {
      await admin('--setallowedhours', leo, 'ALL', Array.from({ length: 24 }, (_, hour) => hour).join(';'));
    }
  });

  test('concurrent changes to one machine all apply, none reported as "already running"', async () => {
    readBack(await client.changeTimeLeft('pc', leo, '=', 600));
    const changes = await Promise.all(Array.from({ length: 10 }, () => client.changeTimeLeft('pc', leo, '+', 60)));
    for (const change of changes) readBack(change);
    expect((await readInfo(client, leo)).secondsLeft).toBe(1200);
  });

  test('two bots at once (separate connections, same SSH user) collide in timekpra and still apply every change once', async () => {
    readBack(await client.changeTimeLeft('pc', leo, '=', 600));
    const busyAnswers: string[] = [];
    const clients = await Promise.all(
      [1, 2].map(async () => {
        const temp = await makeTempDir();
        const loaded = await writeAndLoadConfig(temp.dir, testHostConfig(host, { pc: {} }, { leo: { pc: leo } }));
        await temp.cleanup();
        const extra = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger: testLogger });
        extraPools.push(extra);
        const recordingExec: ExecBatch = async (machineId, commands) => {
          const result = await extra.exec(machineId, commands);
          if (result.ok) busyAnswers.push(...result.value.filter((o) => o.output.includes('is already running')).map((o) => o.output));
          return result;
        };
        return createTimekpraClient({ exec: recordingExec, timekpraOf: () => TIMEKPRA });
      }),
    );
    const changes = await Promise.all(clients.flatMap((each) => Array.from({ length: 6 }, () => each.changeTimeLeft('pc', leo, '+', 60))));
    for (const change of changes) readBack(change);
    expect((await readInfo(client, leo)).secondsLeft).toBe(600 + 12 * 60);
    testLogger.info({ busyAnswers: busyAnswers.length }, 'busy answers retried');
  });

  test('reports the SSH user not being in group timekpr', async () => {
    const temp = await makeTempDir();
    try {
      const loaded = await writeAndLoadConfig(temp.dir, testHostConfig(host, { pc: { user: host.TKHOST_SSH_USER_NOGROUP } }, { mia: { pc: mia } }));
      const outsiderPool = new SshPool({ machines: loaded.config.machines, credentials: loaded.credentials, logger: testLogger });
      extraPools.push(outsiderPool);
      const outsider = createTimekpraClient({ exec: outsiderPool.exec, timekpraOf: () => TIMEKPRA });
      expect(await outsider.usersInfo('pc', [mia, leo])).toEqual({ ok: false, error: { kind: 'access-denied' } });
      expect(await outsider.changeTimeLeft('pc', mia, '+', 60)).toEqual({ ok: false, error: { kind: 'access-denied' } });
      expect(await outsider.knownUsers('pc')).toEqual({ ok: false, error: { kind: 'access-denied' } });
    } finally {
      await temp.cleanup();
    }
  });

  test('reports timekpra missing at the configured path', async () => {
    const missing = createTimekpraClient({ exec: pool.exec, timekpraOf: () => '/usr/bin/timekpra-not-here' });
    expect(await missing.usersInfo('pc', [mia])).toEqual({ ok: false, error: { kind: 'timekpra-not-found' } });
  });

  test('lists the users Timekpr-nExT knows', async () => {
    const known = await client.knownUsers('pc');
    expect(known.ok && known.value).toEqual(expect.arrayContaining([mia, leo]));
    expect(known.ok && known.value).not.toContain(nobody);
  });

  test('reports the daemon not running, without waiting through retries', async () => {
    await hostControl(host, 'daemon-stop');
    try {
      const started = performance.now();
      expect(await client.usersInfo('pc', [mia])).toEqual({ ok: false, error: { kind: 'daemon-not-running' } });
      expect(await client.changeTimeLeft('pc', leo, '+', 60)).toEqual({ ok: false, error: { kind: 'daemon-not-running' } });
      // Both answers came well before the 15 s command timeout: timekpra gives up at once.
      expect(performance.now() - started).toBeLessThan(10_000);
    } finally {
      await hostControl(host, 'daemon-start');
      await waitFor(() => readInfo(client, mia), (info) => info.loggedIn, { what: 'the restarted daemon to see Mia logged in' });
    }
  });
});
