import { describe, expect, test } from 'vitest';
import { formatDuration, formatSeconds } from '../../../src/lib/duration.ts';

describe('formatDuration', () => {
  test.each([
    [0, '0m'],
    [59, '0m'],
    [60, '1m'],
    [45 * 60 + 59, '45m'],
    [3599, '59m'],
    [3600, '1h 00m'],
    [3900, '1h 05m'],
    [2 * 3600 + 30 * 60, '2h 30m'],
    [86400, '24h 00m'],
    [-5, '0m'],
    [-3600, '0m'],
    [90.9, '1m'],
  ])('%d s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('formatSeconds', () => {
  test.each([
    [5000, '5 s'],
    [1500, '1.5 s'],
    [15000, '15 s'],
    [100, '0.1 s'],
    [0, '0 s'],
  ])('%d ms → %s', (milliseconds, text) => {
    expect(formatSeconds(milliseconds)).toBe(text);
  });
});
