import { describe, expect, test } from 'vitest';
import { createOncePerWindow, createRateLimiter, type RateLimiter } from '../../../../src/bot/telegram/rate-limit.ts';

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

describe('createOncePerWindow', () => {
  const TEN_MINUTES = 10 * 60_000;

  test('a key is told once, then not again within the window, however often it asks', () => {
    const told = createOncePerWindow({ windowMs: TEN_MINUTES });
    const verdicts = Array.from({ length: 150 }, (_, index) => told.take('-100', index * 1000)); // one a second, 150 s
    expect(verdicts[0]).toBe(true);
    expect(verdicts.slice(1).every((verdict) => !verdict)).toBe(true);
  });

  test('told again once the window has passed since it was told, not before', () => {
    const told = createOncePerWindow({ windowMs: TEN_MINUTES });
    expect(told.take('-100', 0)).toBe(true);
    expect(told.take('-100', TEN_MINUTES - 1)).toBe(false);
    expect(told.take('-100', TEN_MINUTES)).toBe(true);
    expect(told.take('-100', TEN_MINUTES + 1)).toBe(false);
  });

  test('a flood that never stops is told once per window: 3 times in 25 minutes', () => {
    const told = createOncePerWindow({ windowMs: TEN_MINUTES });
    const times = Array.from({ length: 25 * 60 }, (_, index) => index * 1000);
    expect(times.filter((at) => told.take('-100', at))).toEqual([0, TEN_MINUTES, 2 * TEN_MINUTES]);
  });

  test('keys are independent', () => {
    const told = createOncePerWindow({ windowMs: TEN_MINUTES });
    expect(told.take('-100', 0)).toBe(true);
    expect(told.take('444', 1)).toBe(true);
    expect(told.take('-100', 2)).toBe(false);
    expect(told.take('444', 3)).toBe(false);
    expect(told.take('555', 4)).toBe(true);
  });

  test('forgets keys older than the window: memory stays flat under a steady stream of new keys', () => {
    const told = createOncePerWindow({ windowMs: TEN_MINUTES });
    // A new key every second for two hours: only the last ten minutes' are remembered.
    let largest = 0;
    for (let second = 0; second < 2 * 3600; second += 1) {
      expect(told.take(`user-${second}`, second * 1000)).toBe(true);
      largest = Math.max(largest, told.size);
    }
    expect(largest).toBe(600);
    expect(told.size).toBe(600);
    // Quiet for a window: the next key finds everything forgotten.
    expect(told.take('late', 3 * 3600_000)).toBe(true);
    expect(told.size).toBe(1);
  });

  test('never remembers more than maxKeys: new keys past it are not told (never twice beats everyone)', () => {
    const told = createOncePerWindow({ windowMs: TEN_MINUTES, maxKeys: 100 });
    const verdicts = Array.from({ length: 250 }, (_, index) => told.take(`chat-${index}`, index));
    expect(verdicts.filter(Boolean)).toHaveLength(100);
    expect(verdicts.slice(0, 100).every(Boolean)).toBe(true);
    expect(told.size).toBe(100);
    // The first ones are still not told twice within their window.
    expect(told.take('chat-0', 1000)).toBe(false);
    // Once the window has passed, there is room again.
    expect(told.take('chat-200', TEN_MINUTES + 100)).toBe(true);
    expect(told.size).toBe(1);
  });

  test('a clock that steps back does not tell a key twice', () => {
    const told = createOncePerWindow({ windowMs: TEN_MINUTES });
    expect(told.take('-100', 5 * 60_000)).toBe(true);
    expect(told.take('-100', 0)).toBe(false);
  });
});
