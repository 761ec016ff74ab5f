import { describe, expect, test } from 'vitest';
import { botClock, isTestClock } from '../../../src/lib/clock.ts';

describe('botClock', () => {
  let real = new Date(2026, 11, 3, 12, 0, 0).getTime();
  const realNow = () => real;

  test('without TKBOT_TEST_CLOCK: the real clock', () => {
    expect(botClock({}, realNow)()).toBe(real);
    expect(isTestClock({})).toBe(false);
  });

  test('a local date and time: the clock starts there and runs on at the real pace', () => {
    real = new Date(2026, 11, 3, 12, 0, 0).getTime();
    const clock = botClock({ TKBOT_TEST_CLOCK: '2026-12-03T23:59:20' }, realNow);
    expect(clock()).toBe(new Date(2026, 11, 3, 23, 59, 20).getTime());
    real += 45_000;
    expect(clock()).toBe(new Date(2026, 11, 4, 0, 0, 5).getTime());
    expect(isTestClock({ TKBOT_TEST_CLOCK: '2026-12-03T23:59:20' })).toBe(true);
  });

  test('a date alone is its local midnight', () => {
    expect(botClock({ TKBOT_TEST_CLOCK: '2026-12-04' }, realNow)()).toBe(new Date(2026, 11, 4, 0, 0, 0).getTime());
  });

  test('anything that is not a time: the real clock', () => {
    expect(botClock({ TKBOT_TEST_CLOCK: 'tomorrow-ish' }, realNow)()).toBe(real);
  });
});
