import { stat } from 'node:fs/promises';
import process from 'node:process';
import { heartbeatFile, HEARTBEAT_MAX_AGE_MS } from '../lib/heartbeat.ts';

/** Docker's HEALTHCHECK: healthy (exit 0) while the bot keeps polling Telegram. */
const file = heartbeatFile(process.env);
try {
  const ageMs = Date.now() - (await stat(file)).mtimeMs;
  if (ageMs > HEARTBEAT_MAX_AGE_MS) {
    process.stderr.write(`no successful poll of Telegram for ${Math.round(ageMs / 1000)} s\n`);
    process.exitCode = 1;
  }
} catch {
  process.stderr.write(`${file} is missing: the bot has not started\n`);
  process.exitCode = 1;
}
