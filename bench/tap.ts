import path from 'node:path';
import { run } from '@grammyjs/runner';
import pino from 'pino';
import { createBot } from '../src/bot/create-bot.ts';
import type { ExecBatch } from '../src/ssh/exec-batch.ts';
import { SshPool } from '../src/ssh/pool.ts';
import { openDatabase } from '../src/storage/database.ts';
import { Store } from '../src/storage/store.ts';
import { createTimekpraClient } from '../src/timekpr/client.ts';
import { startBotApiStandin } from '../test/support/bot-api-standin.ts';
import { freshConnectionExec } from './client.ts';
import { benchHost, measure, ratio, summary } from './setup.ts';

const TOKEN = '123456:bench';
const PARENT = { id: 1, first_name: 'Anna' };
const CHAT = { id: 1, type: 'private' as const };

/**
 * A parent's tap, bot side: from the button press arriving at the (local) Bot API until the bot's edit of the
 * status message arrives there. The real bot (grammY long polling) against the real host.
 */
async function tapLatencies(rounds: number, fresh: boolean): Promise<number[]> {
  const api = await startBotApiStandin({ token: TOKEN });
  const host = await benchHost({ parents: [PARENT.id], apiRoot: api.apiRoot, buttons: [-1, 1] });
  const logger = pino({ level: 'silent' });
  const pool = new SshPool({ machines: host.loaded.config.machines, credentials: host.loaded.credentials, logger });
  const exec: ExecBatch = fresh ? freshConnectionExec(host.loaded) : pool.exec;
  const client = createTimekpraClient({ exec, timekpraOf: () => '/usr/bin/timekpra' });
  const database = openDatabase(path.join(host.dir, 'bench.sqlite'));
  if (!database.ok) throw new Error(database.error);
  const store = new Store(database.value);
  const { bot } = createBot({ token: TOKEN, config: host.loaded.config, client, store, logger });
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
    await pool.close();
    store.close();
    await api.close();
    await host.cleanup();
  }
}

export async function benchTaps(rounds: number): Promise<string[]> {
  const warm = await tapLatencies(rounds, false);
  const fresh = await tapLatencies(rounds, true);
  return [
    `tap to edited message, bot side (grammY long polling, local Bot API, real host), ${rounds} taps each`,
    summary('  warm SSH connection', warm),
    summary('  fresh SSH connection per command', fresh),
    `  fresh / warm (median): ${ratio(fresh, warm)}`,
  ];
}
