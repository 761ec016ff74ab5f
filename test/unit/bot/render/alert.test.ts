import { describe, expect, test } from 'vitest';
import { formatAlert } from '../../../../src/bot/render/alert.ts';
import { configOf, familyConfig, familyFile } from '../../../support/bot-config.ts';
import { english } from '../../../support/words.ts';

const config = familyConfig();

describe('formatAlert', () => {
  test('low time: minutes left, rounded up', () => {
    const low = { childId: 'mia', machineId: 'desktop', alert: { kind: 'low', thresholdMinutes: 5 } as const };
    expect(formatAlert(english, config, { ...low, secondsLeft: 240 })).toBe('⏳ Mia has 4 min left on desktop');
    expect(formatAlert(english, config, { ...low, secondsLeft: 181 })).toBe('⏳ Mia has 4 min left on desktop');
    expect(formatAlert(english, config, { ...low, secondsLeft: 1 })).toBe('⏳ Mia has 1 min left on desktop');
  });

  test('time up', () => {
    expect(formatAlert(english, config, { childId: 'leo', machineId: 'desktop', alert: { kind: 'up' }, secondsLeft: 0 })).toBe("⌛ Leo's time on desktop is up");
  });

  test('the child name is HTML-escaped', () => {
    const file = familyFile();
    file.children = { tom: { name: 'Tom & <Jerry>', accounts: { desktop: 'tom' } } };
    const family = configOf(file);
    expect(formatAlert(english, family, { childId: 'tom', machineId: 'desktop', alert: { kind: 'low', thresholdMinutes: 15 }, secondsLeft: 900 })).toBe(
      '⏳ Tom &amp; &lt;Jerry&gt; has 15 min left on desktop',
    );
    expect(formatAlert(english, family, { childId: 'tom', machineId: 'desktop', alert: { kind: 'up' }, secondsLeft: 0 })).toBe(
      "⌛ Tom &amp; &lt;Jerry&gt;'s time on desktop is up",
    );
  });
});
