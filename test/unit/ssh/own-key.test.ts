import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkPrivateKey } from '../../../src/ssh/keys.ts';
import { ensureOwnKey } from '../../../src/ssh/own-key.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tkbot-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the bot's own SSH key", () => {
  test('made once: ed25519, mode 0600, in a folder made for it; the public line for authorized_keys', async () => {
    const file = path.join(dir, 'data', 'keys', 'id_ed25519');
    const made = await ensureOwnKey(file);
    expect(made).toMatchObject({ ok: true, value: { file, created: true } });
    expect(made.ok ? made.value.publicLine : '').toMatch(/^ssh-ed25519 AAAA[A-Za-z0-9+/=]+ timekpr-bot$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(checkPrivateKey(readFileSync(file), undefined)).toEqual({ ok: true, value: undefined });
  });

  test('never overwritten: a second start reads the same key', async () => {
    const file = path.join(dir, 'again', 'id_ed25519');
    const first = await ensureOwnKey(file);
    const before = readFileSync(file);
    const second = await ensureOwnKey(file);
    expect(second).toMatchObject({ ok: true, value: { created: false, publicLine: first.ok ? first.value.publicLine : 'x' } });
    expect(readFileSync(file)).toEqual(before);
  });

  test('a file that is not a key is kept and named, not replaced', async () => {
    const file = path.join(dir, 'broken');
    writeFileSync(file, 'not a key');
    const result = await ensureOwnKey(file);
    expect(result).toEqual({ ok: false, error: `${file} is not a private key the bot can use: move it away, and the bot makes a new one` });
    expect(readFileSync(file, 'utf8')).toBe('not a key');
  });
});
