import { describe, expect, test } from 'vitest';
import type { InlineKeyboardButton } from 'grammy/types';
import { decodeButtonAction, type ButtonAction } from '../../../../src/bot/callback-data.ts';
import { amountLabel, statusKeyboard } from '../../../../src/bot/render/keyboards.ts';
import { configOf, familyConfig, familyFile } from '../../../support/bot-config.ts';
import { english } from '../../../support/words.ts';

/** A button as text plus the action its callback data decodes to. */
function shown(button: InlineKeyboardButton): { text: string; action: ButtonAction | 'not decodable' } {
  const decoded = decodeButtonAction('callback_data' in button ? (button.callback_data ?? '') : '');
  return { text: button.text, action: decoded.ok ? decoded.value : 'not decodable' };
}

const label = (text: string) => ({ text, action: { kind: 'label' } });
const add = (text: string, childId: string, machineId: string, minutes: number) => ({
  text,
  action: { kind: 'add', childId, machineId, minutes },
});

describe('amountLabel', () => {
  test('a real minus sign (U+2212) for negatives, a plus for positives', () => {
    expect(amountLabel(-15)).toBe('\u221215');
    expect(amountLabel(-15)).toBe('−15');
    expect(amountLabel(-15)).not.toContain('-');
    expect(amountLabel(15)).toBe('+15');
    expect(amountLabel(1440)).toBe('+1440');
  });
});

describe('statusKeyboard', () => {
  test('a label row, then an amount row, per child and machine in config order, then the child\'s pause; refresh last', () => {
    const rows = statusKeyboard(english, familyConfig()).inline_keyboard.map((row) => row.map(shown));
    const amounts = (childId: string, machineId: string) => [
      add('−15', childId, machineId, -15),
      add('+15', childId, machineId, 15),
      add('+30', childId, machineId, 30),
      add('+60', childId, machineId, 60),
    ];
    expect(rows).toEqual([
      [label('Mia · desktop')],
      amounts('mia', 'desktop'),
      [label('Mia · laptop')],
      amounts('mia', 'laptop'),
      [{ text: '⏸ Pause Mia', action: { kind: 'pause-ask', childId: 'mia' } }],
      [label('Leo · desktop')],
      amounts('leo', 'desktop'),
      [{ text: '⏸ Pause Leo', action: { kind: 'pause-ask', childId: 'leo' } }],
      [{ text: '🔄 Refresh', action: { kind: 'refresh' } }],
    ]);
  });

  test('a paused child gets ▶ Resume instead of ⏸ Pause', () => {
    const rows = statusKeyboard(english, familyConfig(), new Set(['leo'])).inline_keyboard.map((row) => row.map(shown));
    expect(rows).toContainEqual([{ text: '▶ Resume Leo', action: { kind: 'resume', childId: 'leo' } }]);
    expect(rows).toContainEqual([{ text: '⏸ Pause Mia', action: { kind: 'pause-ask', childId: 'mia' } }]);
    expect(rows.flat().map((button) => button.text)).not.toContain('⏸ Pause Leo');
  });

  test('config order of children and of each child\'s machines is kept, not sorted', () => {
    const file = familyFile();
    file.children = {
      zoe: { name: 'Zoe', accounts: { laptop: 'zoe', desktop: 'zoe' } },
      amy: { name: 'Amy', accounts: { desktop: 'amy' } },
    };
    const labels = statusKeyboard(english, configOf(file))
      .inline_keyboard.filter((row) => row.length === 1)
      .map((row) => row[0]?.text);
    expect(labels).toEqual(['Zoe · laptop', 'Zoe · desktop', '⏸ Pause Zoe', 'Amy · desktop', '⏸ Pause Amy', '🔄 Refresh']);
  });

  test('custom telegram.buttons are offered, in their order', () => {
    const file = familyFile();
    file.telegram.buttons = [5, -30, 120, -1440];
    const config = configOf(file);
    const rows = statusKeyboard(english, config).inline_keyboard;
    expect(rows[1]?.map(shown)).toEqual([
      add('+5', 'mia', 'desktop', 5),
      add('−30', 'mia', 'desktop', -30),
      add('+120', 'mia', 'desktop', 120),
      add('−1440', 'mia', 'desktop', -1440),
    ]);
    // Every amount row (one per child and machine) has exactly the configured amounts.
    const amountRows = rows.filter((row) => row.some((button) => shown(button).action !== 'not decodable' && (shown(button).action as ButtonAction).kind === 'add'));
    expect(amountRows).toHaveLength(3);
    for (const row of amountRows) {
      expect(row.map((button) => shown(button).action)).toEqual(config.telegram.buttons.map((minutes): unknown => expect.objectContaining({ kind: 'add', minutes })));
    }
  });

  test('a single child on a single machine: four rows', () => {
    const file = familyFile();
    file.children = { leo: { name: 'Leo', accounts: { laptop: 'leo' } } };
    file.telegram.buttons = [10];
    expect(statusKeyboard(english, configOf(file)).inline_keyboard.map((row) => row.map(shown))).toEqual([
      [label('Leo · laptop')],
      [add('+10', 'leo', 'laptop', 10)],
      [{ text: '⏸ Pause Leo', action: { kind: 'pause-ask', childId: 'leo' } }],
      [{ text: '🔄 Refresh', action: { kind: 'refresh' } }],
    ]);
  });
});
