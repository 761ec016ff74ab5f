import { describe, expect, test } from 'vitest';
import { alertKeyboard } from '../../../../src/bot/render/keyboards.ts';
import { decodeButtonAction, MAX_CALLBACK_DATA_BYTES } from '../../../../src/bot/callback-data.ts';
import { english } from '../../../support/words.ts';

describe('alertKeyboard', () => {
  test('one row: +15, +30, +60 and "Let it end"', () => {
    const keyboard = alertKeyboard(english, 'mia', 'laptop');
    expect(keyboard.inline_keyboard).toHaveLength(1);
    expect(keyboard.inline_keyboard[0]?.map((button) => button.text)).toEqual(['+15', '+30', '+60', 'Let it end']);
  });

  test('each button decodes to its action for that child and machine', () => {
    const actions = alertKeyboard(english, 'mia', 'laptop').inline_keyboard.flat().map((button) => ('callback_data' in button ? decodeButtonAction(button.callback_data) : undefined));
    expect(actions).toEqual([
      { ok: true, value: { kind: 'alert-add', childId: 'mia', machineId: 'laptop', minutes: 15 } },
      { ok: true, value: { kind: 'alert-add', childId: 'mia', machineId: 'laptop', minutes: 30 } },
      { ok: true, value: { kind: 'alert-add', childId: 'mia', machineId: 'laptop', minutes: 60 } },
      { ok: true, value: { kind: 'dismiss', childId: 'mia', machineId: 'laptop' } },
    ]);
  });

  test('callback data stays within 64 bytes with the longest ids', () => {
    const longest = 'a'.repeat(24);
    for (const button of alertKeyboard(english, longest, `M${'-'.repeat(23)}`).inline_keyboard.flat()) {
      if (!('callback_data' in button)) throw new Error('a button without callback data');
      expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(MAX_CALLBACK_DATA_BYTES);
      expect(MAX_CALLBACK_DATA_BYTES).toBe(64);
      expect(decodeButtonAction(button.callback_data).ok).toBe(true);
    }
  });
});
