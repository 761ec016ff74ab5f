import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { apiRootOf, environmentWithDotEnv } from '../../../src/config/env.ts';
import { formatConfigError } from '../../../src/config/types.ts';
import { parseConfigText } from '../../../src/config/load.ts';
import { resolveConfig } from '../../../src/config/resolve.ts';

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

describe('TELEGRAM_API_ROOT', () => {
  const resolvedApiRoot = (text: string, env: Record<string, string>) => {
    const parsed = parseConfigText(text, 'config.yaml');
    const apiRoot = apiRootOf(env);
    if (!parsed.ok || !apiRoot.ok) throw new Error('unexpected');
    return resolveConfig(parsed.value.data, '/etc/timekpr-bot', apiRoot.value).config.telegram.apiRoot;
  };

  test('is used when the config names no telegram.apiRoot; the config wins when it does; Telegram\'s own otherwise', () => {
    const bare = 'telegram:\n  parents: [1]\n';
    expect(resolvedApiRoot(bare, {})).toBe('https://api.telegram.org');
    expect(resolvedApiRoot(bare, { TELEGRAM_API_ROOT: 'http://127.0.0.1:8081/' })).toBe('http://127.0.0.1:8081');
    expect(resolvedApiRoot(`${bare}  apiRoot: http://10.0.0.2:8081\n`, { TELEGRAM_API_ROOT: 'http://127.0.0.1:8081' })).toBe('http://10.0.0.2:8081');
  });

  test('a value that is not an http(s) URL is named, with what to write', () => {
    const result = apiRootOf({ TELEGRAM_API_ROOT: 'ftp://example.invalid' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(formatConfigError(result.error)).toBe('TELEGRAM_API_ROOT: must be an http(s) URL such as https://api.telegram.org');
  });
});
