import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Api } from 'grammy';
import pino from 'pino';
import { Outbox } from '../src/bot/telegram/outbox.ts';
import { openDatabase } from '../src/storage/database.ts';
import { Store } from '../src/storage/store.ts';
import { metOrNot, percentile } from './setup.ts';

/** Target: what the outbox adds to a tap's edit, median. */
const OUTBOX_TARGET_MS = 2;

/** Telegram answering in-process at once: what is left to measure is the outbox itself. */
const instantTelegram = (): Promise<Response> =>
  Promise.resolve(new Response(JSON.stringify({ ok: true, result: true }), { headers: { 'content-type': 'application/json' } }));

/**
 * What the outbox adds to a tap: the outcome's edit through the outbox (kept in SQLite on disk, as the bot's database,
 * before the attempt and removed after it) against the same edit sent directly, with Telegram answering at once.
 */
export async function benchOutbox(rounds: number): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tkbot-bench-outbox-'));
  const database = openDatabase(path.join(dir, 'bench.sqlite'));
  if (!database.ok) throw new Error(database.error);
  const store = new Store(database.value);
  const api = new Api('1:bench', { apiRoot: 'http://127.0.0.1:9', fetch: instantTelegram as never });
  const outbox = new Outbox({ api, store: store.outbox, logger: pino({ level: 'silent' }), deliverWithinMs: 86_400_000, onDelivered: () => undefined });
  const text = '✅ +15 min for Leo on pc by Anna: 35m left';
  const time = async (what: () => Promise<unknown>): Promise<number[]> => {
    const samples: number[] = [];
    for (let i = 0; i < rounds * 10; i += 1) {
      const started = performance.now();
      await what();
      samples.push(performance.now() - started);
    }
    return samples.sort((a, b) => a - b);
  };
  try {
    // Warm both paths first.
    await time(() => api.editMessageText(-1, 1, text));
    const direct = await time(() => api.editMessageText(-1, 1, text));
    const through = await time(async () => {
      const delivery = await outbox.edit(-1, 1, text);
      if (delivery.kind !== 'delivered') throw new Error(`the outbox did not deliver: ${delivery.kind}`);
    });
    const added = percentile(through, 50) - percentile(direct, 50);
    return [
      `outbox: an edit sent directly (Telegram answering at once)        median ${percentile(direct, 50).toFixed(2)} ms`,
      `outbox: the same edit through the outbox (SQLite on disk)          median ${percentile(through, 50).toFixed(2)} ms   p95 ${percentile(through, 95).toFixed(2)} ms`,
      `outbox: added to a tap                                             median ${added.toFixed(2)} ms   (target ≤ ${OUTBOX_TARGET_MS} ms: ${metOrNot(added <= OUTBOX_TARGET_MS)})`,
    ];
  } finally {
    await outbox.stop();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) for (const line of await benchOutbox(Number(process.env['BENCH_ROUNDS'] ?? 20))) process.stdout.write(`${line}\n`);
