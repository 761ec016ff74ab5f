import { describe, expect, test } from 'vitest';
import { parseConfigText } from '../../../src/config/load.ts';
import { resolveConfig } from '../../../src/config/resolve.ts';
import { formatConfigError, type Config } from '../../../src/config/types.ts';
import { lineOf, MINIMAL, replaced } from '../../support/config-text.ts';

/** MINIMAL with a second child, Leo, on the same desktop. */
const TWO_CHILDREN = `${MINIMAL}  leo:
    name: Leo
    accounts:
      desktop: leo
`;

function loaded(text: string): Config {
  const parsed = parseConfigText(text, 'config.yaml');
  if (!parsed.ok) throw new Error(parsed.error.map(formatConfigError).join('\n'));
  return resolveConfig(parsed.value.data, '/etc/timekpr-bot').config;
}

function parseErrors(text: string): string[] {
  const result = parseConfigText(text, 'config.yaml');
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.error.map(formatConfigError);
}

describe("children's Telegram IDs, warnings and asks: defaults", () => {
  test('without any of them: no child is known, nobody is warned, asking is on with a 10 min cooldown and 30 min expiry', () => {
    const config = loaded(MINIMAL);
    expect(config.children.get('mia')).toMatchObject({ telegramIds: [], warn: false });
    expect(config.asks).toEqual({ enabled: true, cooldownMs: 10 * 60_000, expireMs: 30 * 60_000 });
  });

  test('set: they are loaded, in milliseconds', () => {
    const text = `${replaced(MINIMAL, '      desktop: mia\n', '      desktop: mia\n    telegram: [555000111, 555000112]\n    warn: true\n')}asks:
  enabled: false
  cooldownMinutes: 0
  expireMinutes: 1440
`;
    const config = loaded(text);
    expect(config.children.get('mia')).toMatchObject({ telegramIds: [555000111, 555000112], warn: true });
    expect(config.asks).toEqual({ enabled: false, cooldownMs: 0, expireMs: 1440 * 60_000 });
  });

  test('an asks section with only some settings: the others default', () => {
    const config = loaded(`${MINIMAL}asks:\n  cooldownMinutes: 5\n`);
    expect(config.asks).toEqual({ enabled: true, cooldownMs: 5 * 60_000, expireMs: 30 * 60_000 });
  });
});

describe("children's Telegram IDs, warnings and asks: mistakes", () => {
  test("a parent's ID listed as a child's: an error at that ID", () => {
    const text = replaced(MINIMAL, '      desktop: mia\n', '      desktop: mia\n    telegram: [555000111, 123456789]\n');
    expect(parseErrors(text)).toEqual([`config.yaml:${lineOf(text, 'telegram: [555')} children.mia.telegram.1: 123456789 is a parent (telegram.parents), not a child`]);
  });

  test('one ID under two children: an error at the second', () => {
    const text = replaced(
      replaced(TWO_CHILDREN, '      desktop: mia\n', '      desktop: mia\n    telegram: [555000111]\n'),
      '      desktop: leo\n',
      '      desktop: leo\n    telegram:\n      - 555000222\n      - 555000111\n',
    );
    expect(parseErrors(text)).toEqual([`config.yaml:${lineOf(text, '- 555000111')} children.leo.telegram.1: 555000111 already belongs to child "mia"`]);
  });

  test('the same ID twice under one child is no conflict', () => {
    const text = replaced(MINIMAL, '      desktop: mia\n', '      desktop: mia\n    telegram: [555000111, 555000111]\n');
    expect(loaded(text).children.get('mia')?.telegramIds).toEqual([555000111, 555000111]);
  });

  test.each([
    ['0', 'must be 1 to 1440 minutes'],
    ['1441', 'must be 1 to 1440 minutes'],
    ['2.5', 'must be whole minutes'],
  ])('asks.expireMinutes %s: an error at it', (value, message) => {
    const text = `${MINIMAL}asks:\n  expireMinutes: ${value}\n`;
    expect(parseErrors(text)).toEqual([`config.yaml:${lineOf(text, 'expireMinutes:')} asks.expireMinutes: ${message}`]);
  });

  test.each([
    ['-1', 'must be 0 to 1440 minutes'],
    ['1441', 'must be 0 to 1440 minutes'],
  ])('asks.cooldownMinutes %s: an error at it', (value, message) => {
    const text = `${MINIMAL}asks:\n  cooldownMinutes: ${value}\n`;
    expect(parseErrors(text)).toEqual([`config.yaml:${lineOf(text, 'cooldownMinutes:')} asks.cooldownMinutes: ${message}`]);
  });

  test('asks.enabled not a boolean, and a mistyped asks setting', () => {
    const text = `${MINIMAL}asks:\n  enabled: sometimes\n  expiresMinutes: 5\n`;
    expect(parseErrors(text)).toEqual(
      expect.arrayContaining([
        `config.yaml:${lineOf(text, 'enabled:')} asks.enabled: must be true or false`,
        `config.yaml:${lineOf(text, 'expiresMinutes:')} asks.expiresMinutes: is not a known setting (a typo?)`,
      ]),
    );
  });

  test.each([
    ['0', 'must be a Telegram user ID (a positive whole number)'],
    ['-100123', 'must be a Telegram user ID (a positive whole number)'],
    ['mia', 'must be a Telegram user ID (a positive whole number)'],
  ])("a child's Telegram ID %s: an error at it", (value, message) => {
    const text = replaced(MINIMAL, '      desktop: mia\n', `      desktop: mia\n    telegram: [${value}]\n`);
    expect(parseErrors(text)).toEqual([`config.yaml:${lineOf(text, 'telegram: [')} children.mia.telegram.0: ${message}`]);
  });

  test('telegram not a list, warn not a boolean', () => {
    const text = replaced(MINIMAL, '      desktop: mia\n', '      desktop: mia\n    telegram: 555000111\n    warn: yes please\n');
    expect(parseErrors(text)).toEqual(
      expect.arrayContaining([
        `config.yaml:${lineOf(text, 'telegram: 555')} children.mia.telegram: must be a list of the child's Telegram user IDs, e.g. [555000111]`,
        `config.yaml:${lineOf(text, 'warn:')} children.mia.warn: must be true or false`,
      ]),
    );
  });
});
