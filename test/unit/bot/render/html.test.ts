import { describe, expect, test } from 'vitest';
import { escapeHtml } from '../../../../src/bot/render/html.ts';

/** Mia: logged in on desktop, laptop unreachable. Leo: logged out on desktop. */

describe('escapeHtml', () => {
  test('escapes &, < and >', () => {
    expect(escapeHtml('Tom & <Jerry> > 3')).toBe('Tom &amp; &lt;Jerry&gt; &gt; 3');
  });

  test('escapes an entity again rather than trusting it', () => {
    expect(escapeHtml('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;');
  });

  test('leaves other text alone', () => {
    expect(escapeHtml('Mia · desktop "quoted" 1h 05m')).toBe('Mia · desktop "quoted" 1h 05m');
  });
});
