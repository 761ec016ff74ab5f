import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyOnce } from '../../src/household/apply.ts';
import { lastSeenObserver } from '../../src/household/last-seen.ts';
import { observeAnswers } from '../../src/timekpr/observed.ts';
import { failureText } from '../../src/bot/render/failure.ts';
import { formatStatus } from '../../src/bot/render/status.ts';
import { readStatus } from '../../src/household/status.ts';
import { probeMachine, unreadable } from '../../src/check/probe.ts';
import { formatCheckReport } from '../../src/check/report.ts';
import type { Config } from '../../src/config/types.ts';
import { neverReached } from '../../src/ssh/failure.ts';
import { SshPool } from '../../src/ssh/pool.ts';
import type { Store } from '../../src/storage/store.ts';
import { createMachineClients, type MachineClients } from '../../src/timekpr/backend.ts';
import type { TimekprClient } from '../../src/timekpr/client.ts';
import { loadHelperProgram } from '../../src/timekpr/helper/program.ts';
import { silentLogger, tempStore } from '../support/bot-config.ts';
import { resolverLookup, startDnsStandin, type DnsStandin } from '../support/dns-standin.ts';
import { loadTestHost, makeTempDir, testHostConfig, testLogger, writeAndLoadConfig, type TestHost } from '../support/test-host.ts';
import { english } from '../support/words.ts';

/*
 * Host names that do not resolve, through the real SSH pool against the real test host, with names answered by a
 * name server of the test's own on 127.0.0.1 (never the system's resolver: these names end in .invalid).
 *   pc.invalid      → 127.0.0.1, the test host's sshd
 *   desktop.invalid → does not exist; the bot never reached it
 *   laptop.invalid  → does not exist; the bot reached it before (a last-seen): a .local name of a computer asleep
 *   flaky.invalid   → the name server fails (SERVFAIL: getaddrinfo's EAI_AGAIN)
 */

let host: TestHost;
let dns: DnsStandin;
let config: Config;
let pool: SshPool;
let machines: MachineClients;
let client: TimekprClient;
let store: Store;
let cleanup: () => Promise<void>;
const ANNA = { id: 111, name: 'Anna' };
const FAMILY = -100500;
const SEEN_AT = Date.now() - 3600_000;
let nextUpdateId = 1;

beforeAll(async () => {
  host = await loadTestHost();
  dns = await startDnsStandin({ records: { 'pc.invalid': host.TKHOST_SSH_HOST }, failing: ['flaky.invalid'] });
  const temp = await makeTempDir();
  const stored = tempStore();
  store = stored.store;
  cleanup = async () => {
    stored.remove();
    await temp.cleanup();
  };
  // The test host's key, trusted under the name pc.invalid (and only that name): known_hosts goes by the configured name.
  const [keyType, key] = (await readFile(host.TKHOST_HOST_KEY_PUB, 'utf8')).trim().split(/\s+/);
  const knownHosts = path.join(temp.dir, 'known_hosts');
  await writeFile(knownHosts, `[pc.invalid]:${host.TKHOST_SSH_PORT} ${keyType} ${key}\n`);
  const leo = host.TKHOST_CHILD_LOGGED_OUT;
  const yaml = testHostConfig(
    host,
    { pc: { host: 'pc.invalid' }, desktop: { host: 'desktop.invalid' }, laptop: { host: 'laptop.invalid' }, flaky: { host: 'flaky.invalid' } },
    { leo: { pc: leo, desktop: leo, laptop: leo, flaky: leo } },
    { knownHostsFile: knownHosts },
    { parents: [ANNA.id], chats: [FAMILY] },
  );
  const loaded = await writeAndLoadConfig(temp.dir, yaml);
  config = loaded.config;
  pool = new SshPool({ machines: config.machines, credentials: loaded.credentials, logger: testLogger, lookup: resolverLookup(dns.server) });
  machines = createMachineClients({ machines: config.machines, exec: pool.exec, openStream: pool.openStream, helper: loadHelperProgram(), logger: testLogger });
  // As main.ts wires it: every answer noted, and a name not found of a computer seen before told as off.
  client = observeAnswers(machines, [lastSeenObserver(config, store)]);
  store.recordSeen('laptop', SEEN_AT, ['leo']);
});

afterAll(async () => {
  machines?.close();
  await pool?.close();
  await dns?.close();
  await cleanup?.();
});

/** A +15 min for Leo on `machineId`, asked by Anna in the family group, as a tap would (kept if the computer is off). */
function addFifteen(machineId: string) {
  return applyOnce({ client, config, store, logger: silentLogger() }, ANNA, { updateId: nextUpdateId++ }, [{ childId: 'leo', machineId, minutes: 15 }], FAMILY, { keepUnreached: true });
}

describe('a host name that does not resolve', () => {
  test('pc.invalid is found through the lookup and reached: the lookup path works end to end; its key is checked under that name', async () => {
    const status = await client.usersInfo('pc', [host.TKHOST_CHILD_LOGGED_OUT]);
    expect(status.ok).toBe(true);
    expect(dns.asked).toContain('pc.invalid');
    expect(store.lastSeen('pc')).toBeDefined();

    // The same computer, with known_hosts listing its key only under its address: not trusted under pc.invalid.
    const pc = config.machines.get('pc');
    if (pc === undefined) throw new Error('no pc in the config');
    const strict = new SshPool({
      machines: new Map([['pc', { ...pc, knownHostsFile: host.TKHOST_KNOWN_HOSTS }]]),
      credentials: new Map([['pc', { privateKey: await readFile(host.TKHOST_KEY) }]]),
      logger: testLogger,
      lookup: resolverLookup(dns.server),
    });
    try {
      const result = await strict.exec('pc', [{ argv: ['true'] }]);
      expect(result.ok ? 'ok' : result.error.kind).toBe('host-key-unknown');
    } finally {
      await strict.close();
    }
  });

  test('never reached (desktop.invalid): host-not-found, said as "host name … not found: check host in the config", not off', async () => {
    const result = await client.usersInfo('desktop', [host.TKHOST_CHILD_LOGGED_OUT]);
    expect(result).toEqual({ ok: false, error: { kind: 'host-not-found', host: 'desktop.invalid' } });
    if (result.ok) return;
    expect(neverReached(result.error)).toBe(false);
    expect(failureText(english, config, 'desktop', result.error)).toBe('host name desktop.invalid not found: check host in the config');
    expect(dns.asked).toContain('desktop.invalid');
    expect(store.lastSeen('desktop')).toBeUndefined();
  });

  test('never reached: a change for it is answered with that sentence and not kept for later', async () => {
    const outcome = await addFifteen('desktop');
    expect(outcome.kind).toBe('applied');
    if (outcome.kind !== 'applied') return;
    const [change] = outcome.results;
    expect(change?.kept).toBeUndefined();
    expect(change?.result).toEqual({ ok: false, error: { kind: 'host-not-found', host: 'desktop.invalid' } });
    if (change === undefined || change.result.ok) return;
    expect(failureText(english, config, 'desktop', change.result.error)).toBe('host name desktop.invalid not found: check host in the config');
    expect(store.kept.waiting('desktop')).toEqual([]);
  });

  test('reached before (laptop.invalid has a last-seen): the computer is off, and a change for it is kept', async () => {
    const result = await client.usersInfo('laptop', [host.TKHOST_CHILD_LOGGED_OUT]);
    expect(result).toEqual({ ok: false, error: { kind: 'unreachable', reason: 'host name laptop.invalid not found' } });
    const outcome = await addFifteen('laptop');
    expect(outcome.kind === 'applied' ? outcome.results[0]?.kept : undefined).toMatchObject({ childId: 'leo', machineId: 'laptop', minutes: 15 });
    expect(store.kept.waiting('laptop')).toHaveLength(1);
  });

  test('a name server that fails (EAI_AGAIN) is not "not found": the computer counts as off even if never reached', async () => {
    const result = await client.usersInfo('flaky', [host.TKHOST_CHILD_LOGGED_OUT]);
    expect(result).toEqual({ ok: false, error: { kind: 'unreachable', reason: 'host name flaky.invalid could not be looked up just now' } });
    if (!result.ok) expect(neverReached(result.error)).toBe(true);
  });

  test('/status: the name not found for desktop, off since for laptop, the time for pc', async () => {
    const snapshot = await readStatus(client, config);
    const text = formatStatus(english, config, snapshot, [], { lastSeen: (machineId) => store.lastSeen(machineId), now: Date.now() });
    expect(text).toContain('desktop: ⚠️ host name desktop.invalid not found: check host in the config');
    expect(text).toMatch(/laptop: 💤 (off since \d\d:\d\d \(Leo was logged in\)|not seen since \w+)/);
    expect(text).toMatch(/pc: <b>[^<]+<\/b> left · not logged in/);
    expect(text).toContain('flaky: ⚠️ not reachable (host name flaky.invalid could not be looked up just now)');
  });

  test('check: desktop says the name is not found and what to check; laptop is off, with when the bot last saw it', async () => {
    const reports = await Promise.all(
      [...config.machines.values()].map(async (machine) => {
        const backend = await machines.backendOf(machine.id);
        return backend.ok ? { ...(await probeMachine(machines, config, machine)), backend: backend.value } : unreadable(config, machine, backend.error);
      }),
    );
    const { lines, problems } = formatCheckReport(reports, { words: english, trustCommand: 'npm run check -- --trust-new', helperVersion: loadHelperProgram().version, lastSeenOf: (id) => store.lastSeen(id) });
    const text = lines.join('\n');
    expect(text).toMatch(/^desktop +\S+@desktop\.invalid:\d+ +NO \(name not found\)/m);
    expect(text).toContain('desktop: host name desktop.invalid not found: check host in the config\n  fix: ');
    expect(text).toContain('laptop: not reachable (host name laptop.invalid not found)');
    expect(text).toMatch(/laptop: .*\n {2}fix: .*\n {2}last seen by the bot: /);
    expect(text).toMatch(/^pc +\S+@pc\.invalid:\d+ +yes +trusted +ok/m);
    expect(problems).toBe(3);
  });
});
