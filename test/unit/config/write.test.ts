import { describe, expect, test } from 'vitest';
import { parseConfigText } from '../../../src/config/load.ts';
import { resolveConfig } from '../../../src/config/resolve.ts';
import { editConfigText, type ConfigEdit } from '../../../src/config/write.ts';

/** A config as a parent wrote it by hand: comments, blank lines, flow lists, an order of their own. */
const HAND_WRITTEN = `# Our family's bot. Written by hand in November.
telegram:
  parents: [123456789] # Anna
  chats: [-1001234567890]

# The children's computers.
machines:
  desktop:
    host: 192.168.1.20 # in the living room
children:
  mia:
    name: Mia
    accounts:
      desktop: mia # her login
`;

function edited(edit: ConfigEdit, text = HAND_WRITTEN): string {
  const result = editConfigText(text, edit);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

const configOf = (text: string) => {
  const parsed = parseConfigText(text, 'config.yaml');
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return resolveConfig(parsed.value.data, '/etc/timekpr-bot').config;
};

describe('editConfigText: the bot writes the config, the parent’s own text stays', () => {
  test('a parent added: into the same flow list, every comment and blank line kept', () => {
    const text = edited({ kind: 'add-parent', userId: 987654321 });
    expect(text).toBe(HAND_WRITTEN.replace('parents: [123456789] # Anna', 'parents: [123456789, 987654321] # Anna'));
    expect(configOf(text).telegram.parents).toEqual([123456789, 987654321]);
  });

  test('a computer and a child with it: added at the end of their sections, in the file’s style', () => {
    const withMachine = edited({ kind: 'add-machine', machineId: 'laptop', host: 'laptop.local', port: 2222 });
    const text = edited({ kind: 'add-child', childId: 'leo', name: 'Leo', accounts: { laptop: 'leo' } }, withMachine);
    expect(text).toContain('# Our family\'s bot. Written by hand in November.\n');
    expect(text).toContain('    host: 192.168.1.20 # in the living room\n  laptop:\n    host: laptop.local\n    port: 2222\n');
    expect(text).toContain('      desktop: mia # her login\n  leo:\n    name: Leo\n    accounts:\n      laptop: leo\n');
    const config = configOf(text);
    expect(config.machines.get('laptop')).toMatchObject({ host: 'laptop.local', port: 2222 });
    expect(config.children.get('leo')?.accounts).toEqual(new Map([['laptop', 'leo']]));
  });

  test('a login on another computer joined to a child; a child renamed', () => {
    const withMachine = edited({ kind: 'add-machine', machineId: 'laptop', host: '192.168.1.21' });
    const joined = edited({ kind: 'add-account', childId: 'mia', machineId: 'laptop', login: 'mia2' }, withMachine);
    const renamed = edited({ kind: 'rename-child', childId: 'mia', name: 'Mia Rose' }, joined);
    expect(renamed).toContain('      desktop: mia # her login\n      laptop: mia2\n');
    expect(configOf(renamed).children.get('mia')).toMatchObject({ name: 'Mia Rose', accounts: new Map([['desktop', 'mia'], ['laptop', 'mia2']]) });
  });

  test('the family chat added where there was none', () => {
    const text = edited({ kind: 'add-chat', chatId: -1009 }, HAND_WRITTEN.replace('  chats: [-1001234567890]\n', ''));
    expect(configOf(text).telegram.chats).toEqual([-1009]);
    expect(text).toContain('chats: [-1009]');
  });

  test('nothing twice, nothing that is not there, never the last parent', () => {
    expect(editConfigText(HAND_WRITTEN, { kind: 'add-parent', userId: 123456789 })).toEqual({ ok: false, error: { kind: 'exists', what: 'parent', id: '123456789' } });
    expect(editConfigText(HAND_WRITTEN, { kind: 'add-machine', machineId: 'desktop', host: 'x' })).toEqual({ ok: false, error: { kind: 'exists', what: 'machine', id: 'desktop' } });
    expect(editConfigText(HAND_WRITTEN, { kind: 'add-account', childId: 'mia', machineId: 'desktop', login: 'x' })).toEqual({ ok: false, error: { kind: 'exists', what: 'account', id: 'mia/desktop' } });
    expect(editConfigText(HAND_WRITTEN, { kind: 'rename-child', childId: 'zoe', name: 'Zoe' })).toEqual({ ok: false, error: { kind: 'missing', what: 'child', id: 'zoe' } });
    expect(editConfigText(HAND_WRITTEN, { kind: 'remove-parent', userId: 123456789 })).toEqual({ ok: false, error: { kind: 'last-parent' } });
    const two = edited({ kind: 'add-parent', userId: 5 });
    expect(configOf(edited({ kind: 'remove-parent', userId: 123456789 }, two)).telegram.parents).toEqual([5]);
  });

  test('an edit that would leave the file invalid is refused with the problems, and the text is not given back', () => {
    const badHost = editConfigText(HAND_WRITTEN, { kind: 'add-machine', machineId: 'pc', host: 'bad host;' });
    expect(badHost.ok).toBe(false);
    const problem = badHost.ok ? undefined : badHost.error;
    expect(problem?.kind).toBe('invalid');
    const errors = problem?.kind === 'invalid' ? problem.errors : [];
    expect(errors.map((error) => `${error.path.join('.')}: ${error.message}`)).toEqual(['machines.pc.host: must be a host name or IP address (e.g. 192.168.1.20 or laptop.lan)']);
  });

  test('a computer removed takes its logins with it; the child stays, with her other computers or none', () => {
    const text = edited({ kind: 'remove-machine', machineId: 'desktop' });
    const config = configOf(text);
    expect(config.machines.size).toBe(0);
    expect(config.children.get('mia')?.accounts.size).toBe(0);
    expect(text).toContain("# Our family's bot. Written by hand in November.");
  });

  test('a file that is not YAML is not edited', () => {
    const result = editConfigText('telegram: [unclosed\n', { kind: 'add-parent', userId: 1 });
    expect(result.ok ? undefined : result.error.kind).toBe('unreadable');
  });
});
