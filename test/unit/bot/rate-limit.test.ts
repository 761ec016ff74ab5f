import { describe, expect, test } from 'vitest';
import { createRateLimiter, type RateLimiter } from '../../../src/bot/rate-limit.ts';

const WINDOW = 60_000;

/** `check` for each time in `times`, for `key`. */
function checks(limiter: RateLimiter, key: number, times: readonly number[]): string[] {
  return times.map((at) => limiter.check(key, at));
}

describe('createRateLimiter', () => {
  test('up to the limit in the window: ok', () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: WINDOW });
    expect(checks(limiter, 1, [0, 10, 20])).toEqual(['ok', 'ok', 'ok']);
  });

  test('past it: told once, then silent for the rest of the window', () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: WINDOW });
    expect(checks(limiter, 1, [0, 10, 20, 30, 40, 50_000, 59_999])).toEqual(['ok', 'ok', 'ok', 'tell', 'silent', 'silent', 'silent']);
  });

  test('the window slides: once the oldest message is a window old, there is room for one more', () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: WINDOW });
    expect(checks(limiter, 1, [0, 10, 20, 30])).toEqual(['ok', 'ok', 'ok', 'tell']);
    // At 60 000 the message at 0 is no longer in the window; the one at 10 still is: room for one more. The sender
    // was told at 30, less than a window ago: the next ones over the limit are silent, not told again.
    expect(checks(limiter, 1, [WINDOW, WINDOW + 5, WINDOW + 6])).toEqual(['ok', 'silent', 'silent']);
  });

  test('a steady flood is told at most once a window', () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: WINDOW });
    const verdicts = checks(limiter, 1, Array.from({ length: 100 }, (_, index) => index * 1000)); // one a second, 100 s
    expect(verdicts.filter((verdict) => verdict === 'tell')).toHaveLength(2);
  });

  test('ok again after the window, and told again when over the limit again', () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: WINDOW });
    expect(checks(limiter, 1, [0, 1, 2, 3])).toEqual(['ok', 'ok', 'tell', 'silent']);
    const later = 10 * WINDOW;
    expect(checks(limiter, 1, [later, later + 1, later + 2, later + 3])).toEqual(['ok', 'ok', 'tell', 'silent']);
  });

  test('refused messages do not count: a sender who keeps sending is let in once the window has room', () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: WINDOW });
    const flood = Array.from({ length: 20 }, (_, index) => index * 3_000);
    const verdicts = checks(limiter, 1, flood);
    expect(verdicts.slice(0, 3)).toEqual(['ok', 'ok', 'tell']);
    expect(verdicts.slice(3, 20)).toEqual(Array.from({ length: 17 }, () => 'silent'));
    expect(limiter.check(1, WINDOW)).toBe('ok');
  });

  test('keys are independent', () => {
    const limiter = createRateLimiter({ limit: 2, windowMs: WINDOW });
    expect(checks(limiter, 1, [0, 1, 2])).toEqual(['ok', 'ok', 'tell']);
    expect(checks(limiter, 2, [3, 4, 5, 6])).toEqual(['ok', 'ok', 'tell', 'silent']);
    expect(limiter.check(1, 7)).toBe('silent');
    expect(limiter.check(3, 8)).toBe('ok');
  });

  test('two limiters share nothing', () => {
    const first = createRateLimiter({ limit: 1, windowMs: WINDOW });
    const second = createRateLimiter({ limit: 1, windowMs: WINDOW });
    expect(checks(first, 1, [0, 1])).toEqual(['ok', 'tell']);
    expect(second.check(1, 2)).toBe('ok');
  });
});
