/**
 * The house rules against the real test host (sudo bash test/host/host.sh up), on each backend (the D-Bus helper, and
 * timekpra), through `createMachineClients` as the bot uses it:
 * - `/rules` read: `readRules` of the logged-out child; the first call (which opens the SSH connection, and for D-Bus
 *   starts the helper) apart, then the median and p95 of `rounds` more;
 * - one day's limit changed: the household path of a parent's `/limit leo mon 1h` (`changeChildRules` with a real
 *   Store on a temp SQLite database), Monday alternating between 1 h and 1 h 30 so every round writes exactly one
 *   setter (checked); the median and p95.
 * The child's rules are read first and written back at the end, also when a round fails. She is logged out, so the
 * setters show no one a notification. The week picture's drawing time is `npm run bench -- week-chart` (week-chart.ts),
 * not here. `npm run bench -- rules` (or `node bench/rules.ts`) runs it alone.
 */
import path from 'node:path';
import pino from 'pino';
import type { MachineBackend } from '../src/config/types.ts';
import { changeChildRules, type RulesDependencies } from '../src/household/rules.ts';
import type { RulesEdit } from '../src/household/rules-edit.ts';
import { messageOf } from '../src/lib/errors.ts';
import type { Result } from '../src/lib/result.ts';
import { SshPool } from '../src/ssh/pool.ts';
import { openDatabase } from '../src/storage/database.ts';
import { Store } from '../src/storage/store.ts';
import { createMachineClients } from '../src/timekpr/backend.ts';
import { loadHelperProgram } from '../src/timekpr/helper/program.ts';
import type { RulesClient } from '../src/timekpr/rules-client.ts';
import { dayLimitOf, diffSettings, isEmptyPatch, setterCount, type Rules } from '../src/timekpr/rules.ts';
import { benchHost, measure, percentile } from './setup.ts';

const logger = pino({ level: 'silent' });
const PARENT = { id: 1, name: 'Anna' };
const MONDAY = 1;
/** The two Monday limits the change rounds alternate between. */
const LIMITS_SECONDS = [3600, 5400] as const;

/** A read's rules, or an error that says what failed (the bench stops there). */
function rulesOf(what: string, result: Result<Rules, unknown>): Rules {
  if (!result.ok) throw new Error(`${what} failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;
const figures = (sorted: readonly number[]): string => `median ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))} (n=${sorted.length})`;

/** Both measurements on one backend, with a connection (and helper) of its own; the child's rules restored after. */
async function benchBackend(rounds: number, backend: Exclude<MachineBackend, 'auto'>): Promise<string[]> {
  const host = await benchHost();
  const database = openDatabase(path.join(host.dir, 'bench.sqlite'));
  if (!database.ok) {
    await host.cleanup();
    throw new Error(database.error);
  }
  const store = new Store(database.value);
  const machines = new Map([...host.loaded.config.machines].map(([id, machine]) => [id, { ...machine, backend }] as const));
  const config = { ...host.loaded.config, machines };
  const pool = new SshPool({ machines, credentials: host.loaded.credentials, logger });
  const clients = createMachineClients({ machines, exec: pool.exec, openStream: pool.openStream, helper: loadHelperProgram(), logger });
  const login = host.loggedOut;
  try {
    const started = performance.now();
    const original = rulesOf(`rules read (${backend})`, await clients.readRules('pc', login));
    const first = performance.now() - started;
    let reads: number[];
    let changes: number[];
    try {
      reads = await measure(rounds, async () => {
        rulesOf(`rules read (${backend})`, await clients.readRules('pc', login));
        return true;
      });
      const deps: RulesDependencies = { client: clients, config, store, logger };
      // Start with the value Monday does not have now, so the first round writes too.
      let next: number = dayLimitOf(original.settings, MONDAY) === LIMITS_SECONDS[0] ? 1 : 0;
      let updateId = 0;
      changes = await measure(rounds, async () => {
        const seconds = LIMITS_SECONDS[next] ?? LIMITS_SECONDS[0];
        next = 1 - next;
        updateId += 1; // a fresh database per run: ids from 1 cannot collide
        const edit: RulesEdit = { kind: 'limit', limits: [{ days: { kind: 'days', days: [MONDAY] }, seconds }] };
        const outcome = await changeChildRules(deps, PARENT, { updateId }, { childId: 'leo', machineIds: ['pc'], edit });
        const result = outcome.kind === 'done' ? outcome.results[0] : undefined;
        const wrote = result?.kind === 'changed' && setterCount(result.patch) === 1;
        if (!wrote || (result.after !== undefined && dayLimitOf(result.after.settings, MONDAY) !== seconds)) {
          throw new Error(`one day's limit changed (${backend}): not exactly that one setter: ${JSON.stringify(outcome)}`);
        }
        return true;
      });
    } catch (error) {
      // The round's own error is the one thrown; a failed restore is said beside it.
      await restore(clients, login, original, backend).catch((restoreError: unknown) => process.stderr.write(`${messageOf(restoreError)}\n`));
      throw error;
    }
    await restore(clients, login, original, backend);
    return [`  rules read (${backend}): first ${ms(first)}, ${figures(reads)}`, `  one day's limit changed (${backend}): ${figures(changes)}`];
  } finally {
    clients.close();
    await pool.close();
    store.close();
    await host.cleanup();
  }
}

/** Writes back what differs from `original` (read again first). */
async function restore(client: RulesClient, login: string, original: Rules, backend: string): Promise<void> {
  const now = rulesOf(`rules read before restoring (${backend})`, await client.readRules('pc', login));
  const back = diffSettings(now.settings, original.settings);
  if (isEmptyPatch(back)) return;
  const restored = await client.changeRules('pc', login, back);
  if (!restored.ok) throw new Error(`restoring the rules of ${login} (${backend}) failed: ${JSON.stringify(restored.error)}`);
}

/** The rules read and one day's limit changed, on the D-Bus backend and then on the timekpra backend. */
export async function benchRules(rounds: number): Promise<string[]> {
  const dbus = await benchBackend(rounds, 'dbus');
  const timekpra = await benchBackend(rounds, 'timekpra');
  return [`house rules of the logged-out child (real host), ${rounds} rounds after the first read`, ...dbus, ...timekpra];
}

if (import.meta.main) {
  for (const line of await benchRules(Number(process.env['BENCH_ROUNDS'] ?? 20))) process.stdout.write(`${line}\n`);
}
