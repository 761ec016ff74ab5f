import path from 'node:path';
import { run } from '@grammyjs/runner';
import pino from 'pino';
import { createBot } from '../src/bot/create-bot.ts';
import type { ExecBatch } from '../src/ssh/exec-batch.ts';
import { SshPool } from '../src/ssh/pool.ts';
import { openDatabase } from '../src/storage/database.ts';
import { Store } from '../src/storage/store.ts';
import type { MachineBackend } from '../src/config/types.ts';
import { createMachineClients } from '../src/timekpr/backend.ts';
import { createTimekpraRulesClient, type RulesClient } from '../src/timekpr/rules-client.ts';
import { createTimekpraClient, type TimekprClient } from '../src/timekpr/client.ts';
import { loadHelperProgram } from '../src/timekpr/helper/program.ts';
import { startBotApiStandin } from '../test/support/bot-api-standin.ts';
import { freshConnectionExec } from './client.ts';
import { benchHost, measure, metOrNot, percentile, ratio, summary } from './setup.ts';
import { translations } from '../test/support/words.ts';

const TOKEN = '123456:bench';
const PARENT = { id: 1, first_name: 'Anna' };
const CHAT = { id: 1, type: 'private' as const };

/** How the bot reaches the machine: a backend through `createMachineClients` (the bot's own code path), or the bare
 * timekpra client on a new SSH connection for every command (what the bot would cost without the pool). */
type TapMode = { readonly backend: Exclude<MachineBackend, 'auto'> } | { readonly backend: 'fresh-timekpra' };

/**
 * A parent's tap, bot side: from the button press arriving at the (local) Bot API until the bot's edit of the
 * status message arrives there. The real bot (grammY long polling) against the real host.
 */
async function tapLatencies(rounds: number, mode: TapMode): Promise<number[]> {
  const api = await startBotApiStandin({ token: TOKEN });
  const host = await benchHost({ parents: [PARENT.id], apiRoot: api.apiRoot, buttons: [-1, 1] });
  const logger = pino({ level: 'silent' });
  const { backend } = mode;
  const machines = new Map(
    [...host.loaded.config.machines].map(([id, machine]) => [id, backend === 'fresh-timekpra' ? machine : { ...machine, backend }] as const),
  );
  const config = { ...host.loaded.config, machines };
  const pool = new SshPool({ machines, credentials: host.loaded.credentials, logger });
  let client: TimekprClient;
  let rules: RulesClient;
  let closeClient: () => void = () => undefined;
  if (backend === 'fresh-timekpra') {
    const exec: ExecBatch = freshConnectionExec(host.loaded);
    client = createTimekpraClient({ exec, timekpraOf: () => '/usr/bin/timekpra' });
    rules = createTimekpraRulesClient({ exec, timekpraOf: () => '/usr/bin/timekpra' });
  } else {
    const clients = createMachineClients({ machines, exec: pool.exec, openStream: pool.openStream, helper: loadHelperProgram(), logger });
    client = clients;
    rules = clients;
    closeClient = () => clients.close();
  }
  const database = openDatabase(path.join(host.dir, 'bench.sqlite'));
  if (!database.ok) throw new Error(database.error);
  const store = new Store(database.value);
  const { bot } = createBot({ token: TOKEN, config, client, rules, store, logger, translations });
  await bot.init();
  const runner = run(bot);
  try {
    let after = api.calls.length;
    api.sendText({ from: PARENT, chat: CHAT, text: '/status' });
    const status = await api.waitForCall('sendMessage', undefined, { after, timeoutMs: 30_000 });
    const messageId = (status.response?.ok ? (status.response.result as { message_id: number }) : { message_id: -1 }).message_id;
    let sign = 1;
    return await measure(rounds, async () => {
      sign = -sign; // +1, -1, +1, …: Leo's time stays where it was
      after = api.calls.length;
      const pressedAt = Date.now();
      api.pressButton({ from: PARENT, chat: CHAT, messageId, data: `a:leo:pc:${sign}` });
      const edit = await api.waitForCall('editMessageText', (call) => String(call.params['text']).includes('by Anna'), { after, timeoutMs: 30_000 });
      return edit.at - pressedAt;
    });
  } finally {
    await runner.stop();
    closeClient();
    await pool.close();
    store.close();
    await api.close();
    await host.cleanup();
  }
}

/** Target of the D-Bus backend: a tap answered within this (median, bot side) … */
const DBUS_TARGET_MS = 40;
/** … and this many times faster than the timekpra backend on a warm connection. */
const DBUS_TARGET_SPEEDUP = 4;

export async function benchTaps(rounds: number): Promise<string[]> {
  // The first /status of each run starts what the backend keeps (the SSH connection; for D-Bus also the helper).
  const timekpra = await tapLatencies(rounds, { backend: 'timekpra' });
  const dbus = await tapLatencies(rounds, { backend: 'dbus' });
  const fresh = await tapLatencies(rounds, { backend: 'fresh-timekpra' });
  const dbusMedian = percentile(dbus, 50);
  const speedup = percentile(timekpra, 50) / dbusMedian;
  return [
    `tap to edited message, bot side (grammY long polling, local Bot API, real host), ${rounds} taps each`,
    summary('  D-Bus backend (helper on a kept channel)', dbus),
    summary('  timekpra backend, warm SSH connection', timekpra),
    summary('  timekpra, fresh SSH connection per command', fresh),
    `  timekpra warm / D-Bus (median): ${ratio(timekpra, dbus)}; timekpra fresh / warm (median): ${ratio(fresh, timekpra)}`,
    `  target D-Bus median ≤ ${DBUS_TARGET_MS} ms: ${dbusMedian.toFixed(0)} ms, ${metOrNot(dbusMedian <= DBUS_TARGET_MS)}`,
    `  target D-Bus ≥ ${DBUS_TARGET_SPEEDUP}x faster than timekpra warm: ${speedup.toFixed(2)}x, ${metOrNot(speedup >= DBUS_TARGET_SPEEDUP)}`,
  ];
}
