import { stat } from 'node:fs/promises';
import process from 'node:process';
import { heartbeatFile, HEARTBEAT_MAX_AGE_MS } from '../lib/heartbeat.ts';

/**
 * Docker's HEALTHCHECK: healthy (exit 0) while the bot keeps polling Telegram, judged by the age of the file it
 * touches after every poll. What it prints shows in `docker inspect` (the container's health log).
 */
const file = heartbeatFile(process.env);
try {
  const ageMs = Date.now() - (await stat(file)).mtimeMs;
  if (ageMs > HEARTBEAT_MAX_AGE_MS) {
    process.stderr.write(`The bot has not reached Telegram for ${Math.round(ageMs / 1000)} s.\n`);
    process.exitCode = 1;
  }
} catch {
  // The bot removes an old file when it starts and makes a new one once Telegram has answered.
  process.stderr.write(`The bot has not reached Telegram since it started (${file} is missing).\n`);
  process.exitCode = 1;
}
