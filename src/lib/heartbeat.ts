import os from 'node:os';
import path from 'node:path';
import type { Env } from './env.ts';

/** The file the running bot touches after each successful poll; `HEARTBEAT_FILE` overrides where it is. */
export function heartbeatFile(env: Env): string {
  return env['HEARTBEAT_FILE'] ?? path.join(os.tmpdir(), 'timekpr-bot.heartbeat');
}

/** Long polls last 30 s; a bot that has not polled for this long is stuck or gone. */
export const HEARTBEAT_MAX_AGE_MS = 120_000;
