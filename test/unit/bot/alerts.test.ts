import { describe, expect, test } from 'vitest';
import { alertKeyboard, formatAlert, pushTargets } from '../../../src/bot/alerts.ts';
import { decodeButtonAction, MAX_CALLBACK_DATA_BYTES } from '../../../src/bot/callback-data.ts';
import { configOf, FAMILY_CHAT, familyConfig, familyFile, PARENT_ANNA, PARENT_BEN } from '../../support/bot-config.ts';

const config = familyConfig();

describe('formatAlert', () => {
  test('low time: minutes left, rounded up', () => {
    const low = { childId: 'mia', machineId: 'desktop', alert: { kind: 'low', thresholdMinutes: 5 } as const };
    expect(formatAlert(config, { ...low, secondsLeft: 240 })).toBe('⏳ Mia has 4 min left on desktop');
    expect(formatAlert(config, { ...low, secondsLeft: 181 })).toBe('⏳ Mia has 4 min left on desktop');
    expect(formatAlert(config, { ...low, secondsLeft: 1 })).toBe('⏳ Mia has 1 min left on desktop');
  });

  test('time up', () => {
    expect(formatAlert(config, { childId: 'leo', machineId: 'desktop', alert: { kind: 'up' }, secondsLeft: 0 })).toBe("⌛ Leo's time on desktop is up");
  });

  test('the child name is HTML-escaped', () => {
    const file = familyFile();
    file.children = { tom: { name: 'Tom & <Jerry>', accounts: { desktop: 'tom' } } };
    const family = configOf(file);
    expect(formatAlert(family, { childId: 'tom', machineId: 'desktop', alert: { kind: 'low', thresholdMinutes: 15 }, secondsLeft: 900 })).toBe(
      '⏳ Tom &amp; &lt;Jerry&gt; has 15 min left on desktop',
    );
    expect(formatAlert(family, { childId: 'tom', machineId: 'desktop', alert: { kind: 'up' }, secondsLeft: 0 })).toBe(
      "⌛ Tom &amp; &lt;Jerry&gt;'s time on desktop is up",
    );
  });
});

describe('alertKeyboard', () => {
  test('one row: +15, +30, +60 and "Let it end"', () => {
    const keyboard = alertKeyboard('mia', 'laptop');
    expect(keyboard.inline_keyboard).toHaveLength(1);
    expect(keyboard.inline_keyboard[0]?.map((button) => button.text)).toEqual(['+15', '+30', '+60', 'Let it end']);
  });

  test('each button decodes to its action for that child and machine', () => {
    const actions = alertKeyboard('mia', 'laptop').inline_keyboard.flat().map((button) => ('callback_data' in button ? decodeButtonAction(button.callback_data) : undefined));
    expect(actions).toEqual([
      { ok: true, value: { kind: 'alert-add', childId: 'mia', machineId: 'laptop', minutes: 15 } },
      { ok: true, value: { kind: 'alert-add', childId: 'mia', machineId: 'laptop', minutes: 30 } },
      { ok: true, value: { kind: 'alert-add', childId: 'mia', machineId: 'laptop', minutes: 60 } },
      { ok: true, value: { kind: 'dismiss', childId: 'mia', machineId: 'laptop' } },
    ]);
  });

  test('callback data stays within 64 bytes with the longest ids', () => {
    const longest = 'a'.repeat(24);
    for (const button of alertKeyboard(longest, `M${'-'.repeat(23)}`).inline_keyboard.flat()) {
      if (!('callback_data' in button)) throw new Error('a button without callback data');
      expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(MAX_CALLBACK_DATA_BYTES);
      expect(MAX_CALLBACK_DATA_BYTES).toBe(64);
      expect(decodeButtonAction(button.callback_data).ok).toBe(true);
    }
  });
});

describe('pushTargets', () => {
  test('the configured chats when there are some', () => {
    expect(pushTargets(config)).toEqual([FAMILY_CHAT]);
  });

  test('each parent privately when there are no chats', () => {
    const file = familyFile();
    file.telegram = { ...file.telegram, chats: [] };
    expect(pushTargets(configOf(file))).toEqual([PARENT_ANNA, PARENT_BEN]);
  });
});
