/**
 * `npm run bench`: figures against the real test host (sudo bash test/host/host.sh up). No pass/fail; it prints:
 * the timekpra client's latency (warm vs fresh SSH connection) and a parent's tap to the edited message.
 * BENCH_ROUNDS sets the rounds per measurement (default 20).
 */
import { benchClient } from './client.ts';
import { benchTaps } from './tap.ts';

const rounds = Number(process.env['BENCH_ROUNDS'] ?? 20);
try {
  for (const line of [...(await benchClient(rounds)), '', ...(await benchTaps(rounds))]) process.stdout.write(`${line}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
