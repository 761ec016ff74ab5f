import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startWatcher, type WatchedAlert, type Watcher } from '../../src/alerts/watcher.ts';
import type { Config } from '../../src/config/types.ts';
import { SshPool } from '../../src/ssh/pool.ts';
import { openDatabase } from '../../src/storage/database.ts';
import { Store } from '../../src/storage/store.ts';
import { createMachineClients, type MachineClients } from '../../src/timekpr/backend.ts';
import { loadHelperProgram } from '../../src/timekpr/helper/program.ts';
import { hostControl, loadTestHost, makeTempDir, testHostConfig, testLogger, waitFor, writeAndLoadConfig } from '../support/test-host.ts';

let pool: SshPool;
let clients: MachineClients;
let store: Store;
let watcher: Watcher | undefined;
let cleanup: () => Promise<void>;
let config: Config;
let mia: string;

beforeAll(async () => {
  const host = await loadTestHost();
  mia = host.TKHOST_CHILD_LOGGED_IN;
  const temp = await makeTempDir();
  cleanup = temp.cleanup;
  const loaded = await writeAndLoadConfig(temp.dir, testHostConfig(host, { pc: { backend: 'dbus' } }, { mia: { pc: mia } }));
  // Polling once an hour: within this test only a pushed event can bring the alert.
  config = { ...loaded.config, notifications: { ...loaded.config.notifications, thresholdsMinutes: [5], pollMs: 3_600_000 } };
  pool = new SshPool({ machines: config.machines, credentials: loaded.credentials, logger: testLogger });
  clients = createMachineClients({ machines: config.machines, exec: pool.exec, openStream: pool.openStream, helper: loadHelperProgram(), logger: testLogger });
  const database = openDatabase(path.join(temp.dir, 'state.sqlite'));
  if (!database.ok) throw new Error(database.error);
  store = new Store(database.value);
  await hostControl(host, 'login', mia);
});

afterAll(async () => {
  await watcher?.stop();
  await clients.changeTimeLeft('pc', mia, '=', 3600);
  clients.close();
  await pool.close();
  store.close();
  await cleanup();
});

test('a low-time alert is pushed from the daemon’s own time-left signal, seconds after the crossing', async () => {
  const set = await clients.changeTimeLeft('pc', mia, '=', 1800);
  expect(set.ok).toBe(true);
  const alerts: { alert: WatchedAlert; at: number }[] = [];
  watcher = startWatcher({
    config,
    client: clients,
    events: clients,
    store,
    logger: testLogger,
    notify: (alert) => {
      alerts.push({ alert, at: Date.now() });
      return Promise.resolve();
    },
    safetyPollMs: 3_600_000,
  });
  await waitFor(() => Promise.resolve(clients.streaming('pc')), (streaming) => streaming, { what: 'time-left events to flow' });
  // The first poll (at start) saw 30 min left: nothing to say yet.
  expect(alerts).toHaveLength(0);

  const crossedAt = Date.now();
  const change = await clients.changeTimeLeft('pc', mia, '=', 240);
  expect(change.ok && change.value.kind === 'read-back' && change.value.info.secondsLeft).toBeLessThanOrEqual(240);
  const [first] = await waitFor(() => Promise.resolve(alerts), (seen) => seen.length > 0, { timeoutMs: 15_000, what: 'the pushed alert' });
  expect(first?.alert).toMatchObject({ childId: 'mia', machineId: 'pc', alert: { kind: 'low', thresholdMinutes: 5 } });
  expect(first?.alert.secondsLeft).toBeLessThanOrEqual(240);
  testLogger.info({ latencyMs: (first?.at ?? 0) - crossedAt }, 'pushed alert latency');

  // Later events with the time still low do not repeat it.
  const eventsSeen = await waitForMoreEvents(2);
  expect(eventsSeen).toBeGreaterThanOrEqual(2);
  expect(alerts).toHaveLength(1);
});

/** Waits until `count` more time-left events for Mia have arrived (the daemon pushes one about every 3 s). */
async function waitForMoreEvents(count: number): Promise<number> {
  let seen = 0;
  await clients.watch('pc', { onTimeLeft: (login) => (seen += login === mia ? 1 : 0), onResync: () => undefined });
  await waitFor(() => Promise.resolve(seen), (n) => n >= count, { timeoutMs: 15_000, what: `${count} more events` });
  return seen;
}
