import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { parseConfigText } from '../../../src/config/load.ts';
import { createConfigFile, editConfigFile, firstConfigText } from '../../../src/config/write-file.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tkbot-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FIRST = firstConfigText({ parentId: 123456789, language: 'de', privateKeyFile: './data/timekpr-bot_ed25519' });

describe('the first config, written when the first parent claims the bot', () => {
  test('validates, names the parent, the language and the bot\'s key, and no secret', () => {
    const parsed = parseConfigText(FIRST, 'config.yaml');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.data.telegram.parents).toEqual([123456789]);
    expect(parsed.value.data.telegram.language).toBe('de');
    expect(parsed.value.data.ssh.privateKeyFile).toBe('./data/timekpr-bot_ed25519');
    expect(parsed.value.data.machines).toEqual({});
    expect(FIRST).not.toMatch(/BOT_TOKEN=|password:|passphrase:/i);
  });

  test('is created only where there is no file yet: one made by hand is never replaced', async () => {
    const file = path.join(dir, 'created.yaml');
    expect(await createConfigFile(file, FIRST)).toEqual({ ok: true, value: undefined });
    expect(await createConfigFile(file, 'telegram: {}\n')).toEqual({ ok: false, error: { kind: 'exists' } });
    expect(readFileSync(file, 'utf8')).toBe(FIRST);
  });
});

describe('editConfigFile', () => {
  test('computers and children added to the first config are written one per line, comments kept, mode kept', async () => {
    const file = path.join(dir, 'edited.yaml');
    writeFileSync(file, `${FIRST}# Written by hand: Mia's desktop is in the living room.\n`);
    chmodSync(file, 0o640);
    expect((await editConfigFile(file, { kind: 'add-machine', machineId: 'desktop', host: '192.168.1.20', port: 2222 })).ok).toBe(true);
    expect((await editConfigFile(file, { kind: 'add-child', childId: 'mia', name: 'Mia', accounts: { desktop: 'mia' } })).ok).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('machines:\n  desktop:\n    host: 192.168.1.20\n    port: 2222\n');
    expect(text).toContain('children:\n  mia:\n    name: Mia\n    accounts:\n      desktop: mia\n');
    expect(text).toContain("# Written by hand: Mia's desktop is in the living room.");
    expect(text).toContain('# The bot\'s own key, made at its first start');
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  test('edits made at the same moment are made one after the other: none is lost', async () => {
    const file = path.join(dir, 'together.yaml');
    writeFileSync(file, FIRST);
    const results = await Promise.all([1001, 1002, 1003, 1004].map((userId) => editConfigFile(file, { kind: 'add-parent', userId })));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('parents: [123456789, 1001, 1002, 1003, 1004]');
  });

  test('a file broken by hand is not written: the problem names its line, the text stays as it was', async () => {
    const file = path.join(dir, 'broken.yaml');
    const broken = FIRST.replace('chats: []', 'chats: [oops');
    writeFileSync(file, broken);
    const result = await editConfigFile(file, { kind: 'add-parent', userId: 1001 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('unreadable');
    expect(readFileSync(file, 'utf8')).toBe(broken);
  });

  test('a missing file is an io problem naming it', async () => {
    const file = path.join(dir, 'gone.yaml');
    const result = await editConfigFile(file, { kind: 'add-parent', userId: 1001 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'io' } });
    if (result.ok || result.error.kind !== 'io') return;
    expect(result.error.message).toContain('gone.yaml');
  });
});
