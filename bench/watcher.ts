import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { stringify } from 'yaml';
import { startWatcher } from '../src/alerts/watcher.ts';
import { loadSetup } from '../src/cli/setup.ts';
import { SshPool } from '../src/ssh/pool.ts';
import { openDatabase } from '../src/storage/database.ts';
import { Store } from '../src/storage/store.ts';
import { createTimekpraClient } from '../src/timekpr/client.ts';
import { knownHostsForBothAddresses, mb, readHostEnv } from './setup.ts';

const MACHINES = 10;
const FIXTURE = path.resolve(import.meta.dirname, '../test/fixtures/timekpra/userinfo-logged-in.txt');

/**
 * The alert watcher's cost per poll cycle, 10 machines × 3 children on the real host (10 machine entries, 10 SSH
 * connections to the one sshd). With the real timekpra, each cycle costs the host 30 timekpra runs, so only a few
 * cycles are run; for memory over many cycles, `timekpra` on the host is replaced by a script that prints a captured
 * answer, so the bot's side (SSH, batching, parsing, state in SQLite) is all that runs.
 */
export async function benchWatcher(realCycles: number, longCycles: number): Promise<string[]> {
  const need = await readHostEnv();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tkbot-bench-watcher-'));
  await chmod(dir, 0o755);
  const fakeTimekpra = path.join(dir, 'timekpra');
  await writeFile(path.join(dir, 'userinfo.txt'), await readFile(FIXTURE, 'utf8'));
  await writeFile(fakeTimekpra, `#!/bin/sh\nsed "s/tkmia/$2/" ${path.join(dir, 'userinfo.txt')}\n`, { mode: 0o755 });
  const logins = [need('TKHOST_CHILD_LOGGED_IN'), need('TKHOST_CHILD_LOGGED_OUT'), need('TKHOST_SSH_USER_NOGROUP')];
  const machineIds = Array.from({ length: MACHINES }, (_, index) => `m${index + 1}`);
  const logger = pino({ level: 'silent' });
  const lines: string[] = [];
  try {
    for (const [label, timekpra, cycles] of [
      ['real timekpra', '/usr/bin/timekpra', realCycles],
      ['captured answer', fakeTimekpra, longCycles],
    ] as const) {
      const configFile = path.join(dir, 'config.yaml');
      await writeFile(
        configFile,
        stringify({
          telegram: { parents: [1] },
          ssh: { user: need('TKHOST_SSH_USER'), port: Number(need('TKHOST_SSH_PORT')), privateKeyFile: need('TKHOST_KEY'), knownHostsFile: await knownHostsForBothAddresses(need, dir), timekpra },
          machines: Object.fromEntries(machineIds.map((id, index) => [id, { host: need(index % 2 === 0 ? 'TKHOST_SSH_HOST' : 'TKHOST_SSH_HOST_ALT') }])),
          children: Object.fromEntries(logins.map((login, index) => [`c${index}`, { name: `Child ${index}`, accounts: Object.fromEntries(machineIds.map((id) => [id, login])) }])),
          notifications: { thresholdsMinutes: [15, 5], pollSeconds: 60 },
          storage: { path: `./${label.replaceAll(' ', '-')}.sqlite` },
        }),
      );
      const loaded = await loadSetup(configFile, {});
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.error));
      const { config, credentials } = loaded.value;
      const database = openDatabase(config.storagePath);
      if (!database.ok) throw new Error(database.error);
      const store = new Store(database.value);
      const pool = new SshPool({ machines: config.machines, credentials, logger });
      const client = createTimekpraClient({ exec: pool.exec, timekpraOf: (id) => config.machines.get(id)?.timekpra ?? '' });
      let alerts = 0;
      const watcher = startWatcher({ config, client, store, logger, notify: () => {
          alerts += 1;
          return Promise.resolve();
        } }, { autoStart: false });
      for (const id of machineIds) {
        // Opens the 10 connections, and makes sure every machine answers (a failing one would only be logged).
        const read = await client.usersInfo(id, logins);
        if (!read.ok) throw new Error(`watcher bench: ${id} (${config.machines.get(id)?.host ?? '?'}) not read: ${read.error.kind}`);
      }
      await watcher.pollAll();
      globalThis.gc?.();
      const first = process.memoryUsage();
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      const checkpoints: string[] = [];
      for (let cycle = 1; cycle <= cycles; cycle += 1) {
        await watcher.pollAll();
        if (cycles >= 100 && cycle % (cycles / 4) === 0) checkpoints.push(`${cycle}: ${mb(process.memoryUsage().rss)}`);
      }
      const wallMs = (performance.now() - started) / cycles;
      const cpu = process.cpuUsage(cpuBefore);
      globalThis.gc?.();
      const last = process.memoryUsage();
      await watcher.stop();
      await pool.close();
      store.close();
      lines.push(
        `  ${label}, ${cycles} cycles: per cycle ${wallMs.toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000 / cycles).toFixed(1)} ms CPU of the bot; ` +
          `RSS ${mb(first.rss)} → ${mb(last.rss)}, heap used ${mb(first.heapUsed)} → ${mb(last.heapUsed)}; ${alerts} alerts`,
      );
      if (checkpoints.length > 0) lines.push(`    RSS after cycle ${checkpoints.join(', ')}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return [`alert watcher, ${MACHINES} machines × ${logins.length} children (one round trip per machine per cycle)`, ...lines];
}
