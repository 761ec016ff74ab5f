import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { environmentWithDotEnv } from '../../../src/config/env.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tkbot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('environmentWithDotEnv', () => {
  test('a missing .env is fine: the process environment as it is', async () => {
    const processEnv = { A: '1' };
    const result = await environmentWithDotEnv(path.join(dir, 'missing.env'), processEnv);
    expect(result).toEqual({ ok: true, value: processEnv });
  });

  test('reads KEY=value lines; the process environment wins; unset variables do not hide the file', async () => {
    const file = path.join(dir, '.env');
    writeFileSync(
      file,
      ['# secrets', 'BOT_TOKEN=123:abc', 'SSH_PASSWORD="it\'s a #secret"', "SSH_KEY_PASSPHRASE='single quoted'", 'SHARED=from-file', 'UNSET=from-file', ''].join('\n'),
    );
    const result = await environmentWithDotEnv(file, { SHARED: 'from-env', ONLY_ENV: 'x', UNSET: undefined });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toEqual({
      BOT_TOKEN: '123:abc',
      SSH_PASSWORD: "it's a #secret",
      SSH_KEY_PASSPHRASE: 'single quoted',
      SHARED: 'from-env',
      UNSET: 'from-file',
      ONLY_ENV: 'x',
    });
  });

  test('an unreadable .env is an error naming it', async () => {
    const notAFile = path.join(dir, 'a-directory');
    mkdirSync(notAFile);
    const result = await environmentWithDotEnv(notAFile, {});
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(new RegExp(`^${notAFile.replaceAll('.', '\\.')} cannot be read \\(E[A-Z]+\\)$`));
  });
});
