import os from 'node:os';
import path from 'node:path';
import type { Env } from './env.ts';

/** The file the running bot touches after each successful poll; `HEARTBEAT_FILE` overrides where it is. */
export function heartbeatFile(env: Env): string {
  return env['HEARTBEAT_FILE'] ?? path.join(os.tmpdir(), 'timekpr-bot.heartbeat');
}

/**
 * A bot that has not polled Telegram for this long is stuck or cut off. Long polls last up to 30 s, so this allows for
 * a slow or failed poll or two. With the Dockerfile's HEALTHCHECK (two failed checks, 20 s apart) the container turns
 * unhealthy between 100 and 120 s after the bot last reached Telegram: what the README says.
 */
export const HEARTBEAT_MAX_AGE_MS = 80_000;
