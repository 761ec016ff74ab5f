import { describe, expect, test } from 'vitest';
import { newSetupToken, SETUP_LINK_MS, SetupLinks } from '../../../src/household/setup-links.ts';

const NOW = new Date(2026, 11, 3, 18, 0).getTime();

describe('one-time setup addresses', () => {
  test('tokens are URL-safe, 192 random bits, different each time', () => {
    const tokens = new Set(Array.from({ length: 50 }, () => newSetupToken()));
    expect(tokens.size).toBe(50);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  test('good once, for its computer', () => {
    const links = new SetupLinks();
    const link = links.open('desktop', NOW);
    expect(links.anyOpen(NOW)).toBe(true);
    expect(links.take(link.token, NOW + 1000)).toBe('desktop');
    expect(links.take(link.token, NOW + 2000)).toBeUndefined();
    expect(links.anyOpen(NOW + 2000)).toBe(false);
  });

  test('expired after 15 minutes, and then spent', () => {
    const links = new SetupLinks();
    const link = links.open('desktop', NOW);
    expect(links.anyOpen(NOW + SETUP_LINK_MS)).toBe(false);
    const again = links.open('laptop', NOW);
    expect(links.take(again.token, NOW + SETUP_LINK_MS)).toBeUndefined();
    expect(links.take(link.token, NOW)).toBeUndefined();
  });

  test('a new address for a computer replaces its old one; wrong tokens are nothing', () => {
    const links = new SetupLinks();
    const old = links.open('desktop', NOW);
    const fresh = links.open('desktop', NOW);
    const other = links.open('laptop', NOW);
    expect(links.take(old.token, NOW)).toBeUndefined();
    expect(links.take('', NOW)).toBeUndefined();
    expect(links.take(`${fresh.token}x`, NOW)).toBeUndefined();
    expect(links.take(fresh.token, NOW)).toBe('desktop');
    expect(links.take(other.token, NOW)).toBe('laptop');
  });
});
