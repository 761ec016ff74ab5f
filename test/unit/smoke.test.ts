import { expect, test } from 'vitest';
import { formatDuration } from '../../src/lib/duration.ts';
test('formatDuration', () => {
  expect(formatDuration(3900)).toBe('1h 05m');
});
