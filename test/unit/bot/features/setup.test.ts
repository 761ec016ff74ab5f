import { describe, expect, test } from 'vitest';
import { childFromLogin, parseAddress, writeProblemText } from '../../../../src/bot/features/setup.ts';
import { ID_PATTERN } from '../../../../src/config/schema.ts';
import type { ConfigWriteProblem } from '../../../../src/config/write-file.ts';
import { editConfigText } from '../../../../src/config/write.ts';
import { loadTranslations } from '../../../../src/i18n/translations.ts';
import { MINIMAL } from '../../../support/config-text.ts';

/** The pure parts of setup from the chat: the address and login a parent's command brings, and a write's problem in words. */

const loaded = loadTranslations();
if (!loaded.ok) throw new Error(`locale files: ${loaded.error.join('; ')}`);
const en = loaded.value.wordsFor('en');
const de = loaded.value.wordsFor('de');

describe('parseAddress', () => {
  test.each([
    ['desktop', 'desktop', undefined],
    ['desktop.local', 'desktop.local', undefined],
    ['192.168.1.20', '192.168.1.20', undefined],
    ['192.168.1.20:2222', '192.168.1.20', 2222],
    ['laptop.lan:22', 'laptop.lan', 22],
    ['pc:1', 'pc', 1],
    ['pc:65535', 'pc', 65535],
    ['[fd00::20]:2222', 'fd00::20', 2222],
    ['[fe80::1]', 'fe80::1', undefined],
    ['[2001:db8::7]:22', '2001:db8::7', 22],
  ])('%s → host %s, port %s', (typed, host, port) => {
    expect(parseAddress(typed)).toEqual({ host, port });
  });

  test.each([
    ['', 'empty'],
    ['pc:0', 'port 0'],
    ['pc:70000', 'port above 65535'],
    ['pc:123456', 'six digits'],
    ['pc:', 'colon without port'],
    ['pc:22a', 'port with a letter'],
    ['a b', 'a space'],
    [';rm', 'a semicolon'],
    ["'x;y'", 'quotes and a semicolon'],
    ['pc;rm -rf /', 'a command behind it'],
    ['$(reboot)', 'a command substitution'],
    ['`id`', 'backticks'],
    ['-oProxyCommand=x', 'an option'],
    ['pc-', 'a trailing dash'],
    ['user@pc', 'a user'],
    ['http://pc', 'a URL'],
    ['pc:22:33', 'two ports'],
    ['[fd00::1', 'an open bracket'],
    ['[fd00::1]:0', 'v6 with port 0'],
    ['[pc]:22', 'a name in brackets'],
    ['fd00::1', 'v6 without brackets'],
    ['pc\n', 'a newline'],
  ])('%j (%s) is refused', (typed) => {
    expect(parseAddress(typed)).toBeUndefined();
  });

  test('an address it accepts is one the config accepts as a machine', () => {
    for (const typed of ['desktop', 'desktop.local:2222', '192.168.1.20', '[fd00::20]:2222', '[fe80::1]']) {
      const address = parseAddress(typed);
      if (address === undefined) throw new Error(`${typed} refused`);
      expect(editConfigText(MINIMAL, { kind: 'add-machine', machineId: 'pc', host: address.host, port: address.port }).ok, typed).toBe(true);
    }
  });

  test('an IPv6 address in brackets is taken only as the config takes it: starting with a hex digit', () => {
    expect(parseAddress('[::ffff:192.168.1.20]:22')).toBeUndefined();
    expect(parseAddress('[:]')).toBeUndefined();
    expect(parseAddress('[...]')).toBeUndefined();
    const address = parseAddress('[fe80::1]:22');
    expect(address).toEqual({ host: 'fe80::1', port: 22 });
    expect(editConfigText(MINIMAL, { kind: 'add-machine', machineId: 'pc', host: address?.host ?? '', port: address?.port }).ok).toBe(true);
  });
});

describe('childFromLogin', () => {
  test('the id is the login, the name the login capitalised', () => {
    expect(childFromLogin('mia', new Set())).toEqual({ id: 'mia', name: 'Mia' });
    expect(childFromLogin('mia_k', new Set())).toEqual({ id: 'mia_k', name: 'Mia_k' });
    expect(childFromLogin('leo-2', new Set(['mia']))).toEqual({ id: 'leo-2', name: 'Leo-2' });
  });

  test('a taken id gets a number; the name stays', () => {
    expect(childFromLogin('mia', new Set(['mia']))).toEqual({ id: 'mia2', name: 'Mia' });
    expect(childFromLogin('mia', new Set(['mia', 'mia2', 'mia3']))).toEqual({ id: 'mia4', name: 'Mia' });
    expect(childFromLogin('mia', new Set(['mia2']))).toEqual({ id: 'mia', name: 'Mia' });
  });

  test('leading underscores are dropped (an id starts with a letter or digit)', () => {
    expect(childFromLogin('_mia', new Set())).toEqual({ id: 'mia', name: 'Mia' });
    expect(childFromLogin('__leo_', new Set())).toEqual({ id: 'leo_', name: 'Leo_' });
    expect(childFromLogin('_', new Set())).toEqual({ id: 'child', name: 'Child' });
    expect(childFromLogin('___', new Set(['child']))).toEqual({ id: 'child2', name: 'Child' });
  });

  test('a long login: at most 24 characters, also with a number, always a valid id', () => {
    const login = `a${'b'.repeat(31)}`;
    const taken = new Set<string>();
    for (let i = 0; i < 12; i += 1) {
      const child = childFromLogin(login, taken);
      expect(child.id.length).toBeLessThanOrEqual(24);
      expect(child.id).toMatch(ID_PATTERN);
      expect(taken.has(child.id)).toBe(false);
      expect(child.name).toBe(`A${'b'.repeat(17)}`);
      taken.add(child.id);
    }
    expect([...taken].slice(0, 3)).toEqual([`a${'b'.repeat(17)}`, `a${'b'.repeat(17)}2`, `a${'b'.repeat(17)}3`]);
    expect([...taken].at(-1)).toBe(`a${'b'.repeat(17)}12`);
  });

  test.each(['mia', '_x', 'x-y_z', '_'.repeat(5) + 'k', 'z'.repeat(32), '_9to5'])('%s gives an id of ID_PATTERN', (login) => {
    expect(childFromLogin(login, new Set()).id).toMatch(ID_PATTERN);
  });
});

describe('writeProblemText', () => {
  const invalid = [
    { file: 'config.yaml', line: 12, path: ['machines', 'pc', 'host'], message: 'must be a host name or IP address (e.g. 192.168.1.20 or laptop.lan)' },
    { file: 'config.yaml', line: undefined, path: [], message: 'is not a map of settings' },
  ];
  const cases: readonly (readonly [string, ConfigWriteProblem, readonly string[]])[] = [
    ['io', { kind: 'io', message: 'cannot write /srv/<bot>/config.yaml: EACCES' }, ['cannot write /srv/&lt;bot&gt;/config.yaml: EACCES']],
    ['unreadable', { kind: 'unreadable', errors: [{ file: 'config.yaml', line: 3, path: [], message: 'not valid YAML: bad indentation' }] }, ['<pre>config.yaml:3: not valid YAML: bad indentation</pre>']],
    ['invalid', { kind: 'invalid', errors: invalid }, ['<pre>config.yaml:12 machines.pc.host: must be a host name or IP address (e.g. 192.168.1.20 or laptop.lan)\nconfig.yaml: is not a map of settings</pre>']],
    ['missing', { kind: 'missing', what: 'machine', id: 'pc<1>' }, ['pc&lt;1&gt;']],
    ['exists', { kind: 'exists', what: 'child', id: 'mia' }, ['mia']],
    ['last-parent', { kind: 'last-parent' }, []],
  ];

  test.each(cases)('%s: words filled in, in each language its own', (_kind, problem, contains) => {
    const english = writeProblemText(en, problem);
    const german = writeProblemText(de, problem);
    for (const text of [english, german]) {
      expect(text).not.toMatch(/\{\s*\$|\$[a-z]/);
      for (const part of contains) expect(text).toContain(part);
      expect(text).not.toMatch(/^[a-z]+(-[a-z]+)+$/);
    }
    expect(german).not.toBe(english);
  });

  test('the sentences themselves', () => {
    expect(writeProblemText(en, { kind: 'io', message: 'disk full' })).toBe('⚠️ Not saved: disk full');
    expect(writeProblemText(de, { kind: 'io', message: 'disk full' })).toBe('⚠️ Nicht gespeichert: disk full');
    expect(writeProblemText(en, { kind: 'missing', what: 'child', id: 'leo' })).toBe('⚠️ Not saved: “leo” is not in the config (any more).');
    expect(writeProblemText(en, { kind: 'exists', what: 'machine', id: 'desktop' })).toBe('⚠️ Not saved: “desktop” is in the config already.');
    expect(writeProblemText(de, { kind: 'exists', what: 'machine', id: 'desktop' })).toBe('⚠️ Nicht gespeichert: „desktop“ steht schon in den Einstellungen.');
    expect(writeProblemText(en, { kind: 'last-parent' })).toBe('The last parent cannot be removed: nobody could use the bot any more.');
    expect(writeProblemText(en, { kind: 'invalid', errors: invalid })).toMatch(/^⚠️ Not saved: the config would have problems afterwards/);
  });
});
