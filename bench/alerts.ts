import path from 'node:path';
import pino from 'pino';
import { startWatcher, type WatchedAlert } from '../src/alerts/watcher.ts';
import type { Config } from '../src/config/types.ts';
import { SshPool } from '../src/ssh/pool.ts';
import { openDatabase } from '../src/storage/database.ts';
import { Store } from '../src/storage/store.ts';
import { createMachineClients, type MachineClients } from '../src/timekpr/backend.ts';
import { loadHelperProgram } from '../src/timekpr/helper/program.ts';
import { benchHost, metOrNot, percentile } from './setup.ts';

/** The alert threshold used here, and how far above it each round sets the child's time. */
const THRESHOLD_MINUTES = 5;
const ABOVE_SECONDS = 3;
/** Target: an alert reaches `notify` (Telegram's sendMessage) within this of the crossing. */
const TARGET_MS = 5000;
/** How long to wait for an event or an alert before the round is given up. */
const WAIT_MS = 30_000;
const HOUR_MS = 3_600_000;

/** Resolves with the first value `poll` returns other than undefined, checking every 20 ms; fails after `timeoutMs`. */
async function until<T>(what: string, poll: () => T | undefined, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = poll();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`alert latency: no ${what} within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function setTime(clients: MachineClients, machineId: string, login: string, seconds: number): Promise<{ secondsLeft: number; at: number }> {
  const sentAt = Date.now();
  const change = await clients.changeTimeLeft(machineId, login, '=', seconds);
  const answeredAt = Date.now();
  if (!change.ok) throw new Error(`alert latency: setting ${login}'s time failed: ${change.error.kind}`);
  if (change.value.kind !== 'read-back') throw new Error(`alert latency: ${login}'s time was set but not read back`);
  // The re-read ran somewhere between the two; the midpoint is off by at most half a round trip (a few ms).
  return { secondsLeft: change.value.info.secondsLeft, at: (sentAt + answeredAt) / 2 };
}

/**
 * Alert latency with pushed events (D-Bus backend): from the moment the logged-in child's time left crosses the
 * threshold (counting down on its own) to the watcher's `notify`. Polling is set to once an hour, so only the
 * daemon's time-left signals can bring the alert.
 */
export async function benchAlertLatency(rounds: number): Promise<string[]> {
  const host = await benchHost();
  const logger = pino({ level: 'silent' });
  const machineId = 'pc';
  const login = host.loggedIn;
  const loaded = host.loaded.config;
  const machines = new Map([...loaded.machines].map(([id, machine]) => [id, { ...machine, backend: 'dbus' as const }]));
  const children = new Map([...loaded.children].filter(([, child]) => child.accounts.get(machineId) === login));
  const config: Config = {
    ...loaded,
    machines,
    children,
    notifications: { ...loaded.notifications, thresholdsMinutes: [THRESHOLD_MINUTES], pollMs: HOUR_MS },
  };
  const pool = new SshPool({ machines, credentials: host.loaded.credentials, logger });
  const clients = createMachineClients({ machines, exec: pool.exec, openStream: pool.openStream, helper: loadHelperProgram(), logger });
  const database = openDatabase(path.join(host.dir, 'alerts.sqlite'));
  if (!database.ok) throw new Error(database.error);
  const store = new Store(database.value);

  // The bench's own view of the events: the newest time left pushed for the child.
  let lastPushed: { secondsLeft: number; at: number } | undefined;
  const alerts: { alert: WatchedAlert; at: number }[] = [];
  let watcher: ReturnType<typeof startWatcher> | undefined;
  const latencies: number[] = [];
  const perRound: string[] = [];
  try {
    await setTime(clients, machineId, login, 1800); // the watcher's first poll sees her well above the threshold
    const streams = await clients.watch(machineId, {
      onTimeLeft: (who, secondsLeft) => {
        if (who === login) lastPushed = { secondsLeft, at: Date.now() };
      },
      onResync: () => undefined,
    });
    if (!streams) throw new Error('alert latency: the D-Bus backend does not stream events from the test host');
    watcher = startWatcher({
      config,
      client: clients,
      events: clients,
      store,
      logger,
      notify: (alert) => {
        alerts.push({ alert, at: Date.now() });
        return Promise.resolve();
      },
      safetyPollMs: HOUR_MS,
    });
    await until('event stream', () => (clients.streaming(machineId) ? true : undefined));

    for (let round = 1; round <= rounds; round += 1) {
      // Re-arm: the watcher must have seen her above the threshold (the change's own signal, or the next tick).
      const above = await setTime(clients, machineId, login, 1800);
      await until('event above the threshold', () => (lastPushed !== undefined && lastPushed.at >= above.at && lastPushed.secondsLeft > THRESHOLD_MINUTES * 60 ? true : undefined));
      const alertsBefore = alerts.length;
      const near = await setTime(clients, machineId, login, THRESHOLD_MINUTES * 60 + ABOVE_SECONDS);
      if (near.secondsLeft <= THRESHOLD_MINUTES * 60) throw new Error(`alert latency: read back ${near.secondsLeft} s, already at the threshold`);
      const crossingAt = near.at + (near.secondsLeft - THRESHOLD_MINUTES * 60) * 1000;
      const alerted = await until('alert', () => alerts.slice(alertsBefore).find(({ alert }) => alert.alert.kind === 'low'));
      const latency = alerted.at - crossingAt;
      latencies.push(Math.max(0, latency));
      perRound.push(`${(latency / 1000).toFixed(2)} s (read back ${near.secondsLeft} s, alert at ${alerted.alert.secondsLeft} s left, ${((alerted.at - near.at) / 1000).toFixed(2)} s after the change)`);
    }
  } finally {
    await watcher?.stop();
    try {
      await setTime(clients, machineId, login, 3600);
    } finally {
      clients.close();
      await pool.close();
      store.close();
      await host.cleanup();
    }
  }
  latencies.sort((a, b) => a - b);
  const median = percentile(latencies, 50);
  const max = latencies.at(-1) ?? NaN;
  return [
    `alert latency with pushed events (D-Bus backend, threshold ${THRESHOLD_MINUTES} min, polls once an hour), ${rounds} rounds: crossing → notify`,
    `  median ${(median / 1000).toFixed(2)} s   max ${(max / 1000).toFixed(2)} s   (negative values counted as 0)`,
    `  per round (the daemon counts in 3 s steps, so a crossing may be seen up to 3 s "early"):`,
    ...perRound.map((line, index) => `    ${index + 1}: ${line}`),
    `  target ≤ ${TARGET_MS / 1000} s: median ${metOrNot(median <= TARGET_MS)}, max ${metOrNot(max <= TARGET_MS)}`,
  ];
}
