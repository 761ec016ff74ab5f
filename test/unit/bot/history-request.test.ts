import { describe, expect, test } from 'vitest';
import { historyStart, parseHistoryArguments } from '../../../src/bot/history-request.ts';
import { configOf, familyConfig, familyFile } from '../../support/bot-config.ts';

const config = familyConfig();

/** The family with a child whose name has a space. */
function withMiaRose() {
  const file = familyFile();
  file.children = { ...file.children, rose: { name: 'Mia Rose', accounts: { laptop: 'rose' } } };
  return configOf(file);
}

describe('parseHistoryArguments', () => {
  test('nothing: everyone, today', () => {
    expect(parseHistoryArguments(config, '')).toEqual({ ok: true, value: { childId: undefined, days: 1 } });
    expect(parseHistoryArguments(config, '   ')).toEqual({ ok: true, value: { childId: undefined, days: 1 } });
  });

  test('a child by id or name, any case', () => {
    expect(parseHistoryArguments(config, 'mia')).toEqual({ ok: true, value: { childId: 'mia', days: 1 } });
    expect(parseHistoryArguments(config, 'LEO')).toEqual({ ok: true, value: { childId: 'leo', days: 1 } });
  });

  test('days alone', () => {
    expect(parseHistoryArguments(config, '3')).toEqual({ ok: true, value: { childId: undefined, days: 3 } });
  });

  test('child and days in either order', () => {
    expect(parseHistoryArguments(config, 'mia 3')).toEqual({ ok: true, value: { childId: 'mia', days: 3 } });
    expect(parseHistoryArguments(config, '3 mia')).toEqual({ ok: true, value: { childId: 'mia', days: 3 } });
    expect(parseHistoryArguments(config, '  leo   7 ')).toEqual({ ok: true, value: { childId: 'leo', days: 7 } });
  });

  test('a child whose name has a space', () => {
    const family = withMiaRose();
    expect(parseHistoryArguments(family, 'Mia Rose 2')).toEqual({ ok: true, value: { childId: 'rose', days: 2 } });
    expect(parseHistoryArguments(family, '2 mia rose')).toEqual({ ok: true, value: { childId: 'rose', days: 2 } });
    expect(parseHistoryArguments(family, 'Mia')).toEqual({ ok: true, value: { childId: 'mia', days: 1 } });
  });

  test('the limits: 1 and 31 days', () => {
    expect(parseHistoryArguments(config, '1')).toEqual({ ok: true, value: { childId: undefined, days: 1 } });
    expect(parseHistoryArguments(config, '31')).toEqual({ ok: true, value: { childId: undefined, days: 31 } });
  });

  test('days out of range', () => {
    for (const text of ['0', '32', 'mia 0', '999999999999999999999']) {
      const result = parseHistoryArguments(config, text);
      expect(result, text).toEqual({ ok: false, error: { kind: 'bad-days' } });
    }
  });

  test('two numbers: how to use it', () => {
    expect(parseHistoryArguments(config, '1 2')).toEqual({ ok: false, error: { kind: 'usage' } });
  });

  test('an unknown child: an error naming it', () => {
    expect(parseHistoryArguments(config, 'sam 2')).toEqual({ ok: false, error: { kind: 'unknown-child', name: 'sam' } });
  });
});

describe('historyStart', () => {
  test('one day: local midnight today', () => {
    expect(historyStart(new Date(2026, 2, 5, 14, 37, 12), 1)).toBe(new Date(2026, 2, 5, 0, 0, 0, 0).getTime());
  });

  test('several days: local midnight days - 1 days before', () => {
    expect(historyStart(new Date(2026, 2, 5, 14, 37), 3)).toBe(new Date(2026, 2, 3).getTime());
    expect(historyStart(new Date(2026, 2, 2, 0, 0, 1), 5)).toBe(new Date(2026, 1, 26).getTime());
  });

  test('right after midnight still starts at that midnight', () => {
    expect(historyStart(new Date(2026, 0, 1, 0, 0, 0, 1), 1)).toBe(new Date(2026, 0, 1).getTime());
    expect(historyStart(new Date(2026, 0, 1, 0, 0), 2)).toBe(new Date(2025, 11, 31).getTime());
  });
});
