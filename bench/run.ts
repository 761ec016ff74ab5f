/**
 * `npm run bench`: figures against the real test host (sudo bash test/host/host.sh up). No pass/fail; it prints:
 * the timekpra client's latency (warm vs fresh SSH connection) and a parent's tap to the edited message.
 * and the alert watcher's CPU and memory per poll cycle (10 machines × 3 children).
 * BENCH_ROUNDS sets the rounds per measurement (default 20); BENCH_WATCHER_CYCLES the long watcher run (1000).
 */
import { benchClient } from './client.ts';
import { benchTaps } from './tap.ts';
import { benchWatcher } from './watcher.ts';
import { messageOf } from '../src/lib/errors.ts';

const rounds = Number(process.env['BENCH_ROUNDS'] ?? 20);
const watcherCycles = Number(process.env['BENCH_WATCHER_CYCLES'] ?? 1000);
try {
  for (const line of await benchClient(rounds)) process.stdout.write(`${line}\n`);
  for (const line of ['', ...(await benchTaps(rounds))]) process.stdout.write(`${line}\n`);
  for (const line of ['', ...(await benchWatcher(5, watcherCycles))]) process.stdout.write(`${line}\n`);
} catch (error) {
  process.stderr.write(`${messageOf(error)}\n`);
  process.exitCode = 1;
}
