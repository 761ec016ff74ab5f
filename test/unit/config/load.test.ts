import { describe, expect, test } from 'vitest';
import { parseConfigText } from '../../../src/config/load.ts';
import { formatConfigError } from '../../../src/config/types.ts';
import { lineOf, MINIMAL, replaced } from '../../support/config-text.ts';

function parseErrors(text: string): string[] {
  const result = parseConfigText(text, 'config.yaml');
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.error.map(formatConfigError);
}

describe('parseConfigText', () => {
  test('accepts a minimal config', () => {
    const result = parseConfigText(MINIMAL, 'config.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.data.telegram.parents).toEqual([123456789]);
    expect(result.value.data.telegram.chats).toEqual([]);
    expect(result.value.data.children['mia']?.accounts).toEqual({ desktop: 'mia' });
  });

  test('accepts a household with no computers and no children yet (what setup from the chat starts with)', () => {
    const result = parseConfigText('telegram:\n  parents: [123456789]\nmachines: {}\n', 'config.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.data.machines).toEqual({});
    expect(result.value.data.children).toEqual({});
  });

  test('names file, line and path of an account on an undefined machine', () => {
    const text = replaced(MINIMAL, '      desktop: mia\n', '      desktop: mia\n      tablet: mia2\n');
    expect(parseErrors(text)).toEqual([
      `config.yaml:${lineOf(text, 'tablet: mia2')} children.mia.accounts.tablet: no machine "tablet" is defined under machines`,
    ]);
  });

  test('reports a mistyped key at its own line as not a known setting', () => {
    const text = replaced(MINIMAL, '    host: 192.168.1.20\n', '    host: 192.168.1.20\n    prot: 2222\n');
    expect(parseErrors(text)).toEqual([`config.yaml:${lineOf(text, 'prot: 2222')} machines.desktop.prot: is not a known setting (a typo?)`]);
  });

  test('reports a mistyped top-level section at its line', () => {
    const text = `${MINIMAL}sshh:\n  port: 22\n`;
    expect(parseErrors(text)).toEqual([`config.yaml:${lineOf(text, 'sshh:')} sshh: is not a known setting (a typo?)`]);
  });

  test('reports a missing child name at the child', () => {
    const text = replaced(MINIMAL, '    name: Mia\n', '');
    expect(parseErrors(text)).toEqual([
      `config.yaml:${lineOf(text, 'accounts:')} children.mia.name: is missing: give the name parents call this child, e.g. name: Mia`,
    ]);
  });

  test('reports a missing machine host as missing, at the machine', () => {
    const text = replaced(MINIMAL, '    host: 192.168.1.20\n', '    port: 22\n');
    const [error, ...rest] = parseErrors(text);
    expect(rest).toEqual([]);
    expect(error).toBe(
      `config.yaml:${lineOf(text, 'port: 22')} machines.desktop.host: is missing: give the computer's host name or IP address, e.g. host: 192.168.1.20`,
    );
  });

  test('reports a missing telegram section as missing', () => {
    const text = replaced(MINIMAL, 'telegram:\n  parents: [123456789]\n', '');
    const [error, ...rest] = parseErrors(text);
    expect(rest).toEqual([]);
    expect(error).toMatch(/^config\.yaml:\d+ telegram: is missing: add a telegram: section with the parents' Telegram user IDs/);
  });

  test('rejects an empty parents list and an empty file', () => {
    const text = replaced(MINIMAL, 'parents: [123456789]', 'parents: []');
    expect(parseErrors(text)).toEqual([`config.yaml:${lineOf(text, 'parents:')} telegram.parents: must list at least one parent`]);
    expect(parseErrors('')).toEqual(['config.yaml: is empty (copy config.example.yaml to start)']);
  });

  const badLogins = ['-rf', 'a;b', '$(x)', "it's", 'a"b', 'a\nb', 'Mia', 'a b', '`id`', 'a'.repeat(33), ''];
  test.each(badLogins)('rejects the login name %j', (login) => {
    const text = replaced(MINIMAL, 'desktop: mia', `desktop: ${JSON.stringify(login)}`);
    const errors = parseErrors(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^config\\.yaml:${lineOf(text, '      desktop: ')} children\\.mia\\.accounts\\.desktop: must be a Linux user name`));
  });

  test.each(['a'.repeat(32), '_svc', 'mia-2', 'leo_1'])('accepts the login name %j', (login) => {
    const result = parseConfigText(replaced(MINIMAL, 'desktop: mia', `desktop: ${JSON.stringify(login)}`), 'config.yaml');
    expect(result.ok).toBe(true);
  });

  test('rejects a hostile ssh user', () => {
    const text = replaced(MINIMAL, '  desktop:\n', '  desktop:\n    user: "$(reboot)"\n');
    const errors = parseErrors(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^config\\.yaml:${lineOf(text, 'user:')} machines\\.desktop\\.user: must be a Linux user name`));
  });

  test('rejects the same login on one machine for two children', () => {
    const text = `${MINIMAL}  leo:\n    name: Leo\n    accounts:\n      desktop: mia\n`;
    const lines = text.split('\n');
    const leoLine = lines.findIndex((line, index) => index > lineOf(text, 'leo:') && line.includes('desktop: mia')) + 1;
    expect(parseErrors(text)).toEqual([`config.yaml:${leoLine} children.leo.accounts.desktop: login "mia" on desktop already belongs to child "mia"`]);
  });

  test('reports a YAML syntax error with its line', () => {
    const text = replaced(MINIMAL, '    host: 192.168.1.20\n', '    host: 192.168.1.20\n    host: 192.168.1.21\n');
    expect(parseErrors(text)).toEqual([`config.yaml:${lineOf(text, '192.168.1.21')}: not valid YAML: Map keys must be unique`]);
  });

  test('reports an unclosed quote as not valid YAML with a line', () => {
    const text = replaced(MINIMAL, 'name: Mia', 'name: "Mia');
    const errors = parseErrors(text);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error).toMatch(/^config\.yaml:\d+: not valid YAML: /);
  });
});
