/**
 * `npm run bench`: figures against the real test host (sudo bash test/host/host.sh up). No pass/fail; where a figure
 * has a target it is printed beside it with "met" or "NOT MET". It prints:
 * - the timekpra client's latency (warm vs fresh SSH connection);
 * - a parent's tap to the edited message: the D-Bus backend and the timekpra backend (warm, and fresh per command),
 *   and timekpra warm / D-Bus (target: D-Bus ≤ 40 ms median, ≥ 4× faster);
 * - the house rules on each backend (D-Bus, timekpra): `/rules` read (first, then median and p95) and one day's limit
 *   changed through the household path of `/limit`; `npm run bench -- rules` runs it alone;
 * - the polling alert watcher's CPU and memory per poll cycle (10 machines × 3 children);
 * - alert latency with pushed events: the logged-in child's time crossing a threshold → the alert's notify (≤ 5 s);
 * - the watcher's cost with pushed events, 10 machines × 3 children: real events for a while, and an hour of events
 *   for all 30 children compressed (target: bot CPU < 1 % of a core, RSS ≤ 100 MB and flat).
 * - the bot process as it ships (built first, started as `npm start` starts it) and, to compare, from the sources: the
 *   time from its start to its first getUpdates and its RSS after start with 10 computers × 3 children, and its RSS
 *   while its alert watcher runs on the test host (target: RSS ≤ 100 MB, stretch 80 MB, and flat); `npm run bench --
 *   footprint` runs it alone;
 * - what the outbox adds to a tap's edit (target ≤ 2 ms median); it needs no test host: `npm run bench -- outbox`;
 * - the usage chart's render time, a month for 3 children × 3 computers (target < 1 s); it needs no test host and
 *   comes last; `npm run bench -- chart` (or `node bench/chart.ts`) runs it alone;
 * - the week picture's drawing time (a child's house rules), first and warm; it needs no test host;
 *   `npm run bench -- week-chart` (or `node bench/week-chart.ts`) runs it alone.
 * The rules part changes the logged-out child's Monday limit and writes her rules back at the end.
 * The alert-latency part sets the logged-in child's time (and restores it to 1 h): do not run it beside the tests.
 * BENCH_ROUNDS sets the rounds per measurement (default 20); BENCH_WATCHER_CYCLES the long watcher run (1000);
 * BENCH_ALERT_ROUNDS the alert-latency rounds (5); BENCH_EVENTS_SECONDS the run with real events and the bot process's
 * watcher runs (60); BENCH_START_ROUNDS the bot process's starts (3).
 */
import { benchAlertLatency } from './alerts.ts';
import { benchChart } from './chart.ts';
import { benchClient } from './client.ts';
import { benchEvents } from './events.ts';
import { benchFootprint } from './footprint.ts';
import { benchOutbox } from './outbox.ts';
import { benchRules } from './rules.ts';
import { benchTaps } from './tap.ts';
import { benchWatcher } from './watcher.ts';
import { benchWeekChart } from './week-chart.ts';
import { messageOf } from '../src/lib/errors.ts';

const rounds = Number(process.env['BENCH_ROUNDS'] ?? 20);
const watcherCycles = Number(process.env['BENCH_WATCHER_CYCLES'] ?? 1000);
const alertRounds = Number(process.env['BENCH_ALERT_ROUNDS'] ?? 5);
const eventsSeconds = Number(process.env['BENCH_EVENTS_SECONDS'] ?? 60);
const startRounds = Number(process.env['BENCH_START_ROUNDS'] ?? 3);
const only = process.argv[2];
try {
  if (only === undefined) {
    for (const line of await benchClient(rounds)) process.stdout.write(`${line}\n`);
    for (const line of ['', ...(await benchTaps(rounds))]) process.stdout.write(`${line}\n`);
    for (const line of ['', ...(await benchWatcher(5, watcherCycles))]) process.stdout.write(`${line}\n`);
    for (const line of ['', ...(await benchAlertLatency(alertRounds))]) process.stdout.write(`${line}\n`);
    for (const line of ['', ...(await benchEvents(eventsSeconds))]) process.stdout.write(`${line}\n`);
    process.stdout.write('\n');
  }
  if (only === undefined || only === 'rules') for (const line of [...(await benchRules(rounds)), '']) process.stdout.write(`${line}\n`);
  if (only === undefined || only === 'footprint') for (const line of [...(await benchFootprint(startRounds, eventsSeconds)), '']) process.stdout.write(`${line}\n`);
  if (only === undefined || only === 'outbox') for (const line of [...(await benchOutbox(rounds)), '']) process.stdout.write(`${line}\n`);
  // Last: the chart libraries stay in this process's memory once loaded, and would weigh on the figures above.
  if (only === undefined || only === 'chart') for (const line of await benchChart(rounds)) process.stdout.write(`${line}\n`);
  if (only === undefined || only === 'week-chart') for (const line of await benchWeekChart(rounds)) process.stdout.write(`${line}\n`);
} catch (error) {
  process.stderr.write(`${messageOf(error)}\n`);
  process.exitCode = 1;
}
