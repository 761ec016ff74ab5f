import type { Env } from './env.ts';
import type { Clock } from './scheduler.ts';

/**
 * The bot's clock. For tests only, `TKBOT_TEST_CLOCK` (a date and time, e.g. `2026-12-03T23:59:30`, local unless it
 * names its zone) makes the bot start there and run on at the real pace, so the end of a day arrives in seconds. The
 * computers keep their own clocks. Anything that is not a valid time is ignored: the real clock.
 */
export function botClock(env: Env, realNow: Clock = Date.now): Clock {
  const text = env['TKBOT_TEST_CLOCK']?.trim();
  if (text === undefined || text === '') return realNow;
  // A date alone is its local midnight (JavaScript would read it as UTC midnight).
  const start = new Date(/^\d{4}-\d\d-\d\d$/.test(text) ? `${text}T00:00:00` : text).getTime();
  if (!Number.isFinite(start)) return realNow;
  const offset = start - realNow();
  return () => realNow() + offset;
}

/** Whether the environment moves the bot's clock (then main warns: it is for tests only). */
export function isTestClock(env: Env): boolean {
  return (env['TKBOT_TEST_CLOCK']?.trim() ?? '') !== '';
}
