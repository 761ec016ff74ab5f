import { readFile } from 'node:fs/promises';
import { parseEnv } from 'node:util';
import { err, ok, type Result } from '../lib/result.ts';
import type { Env } from '../lib/env.ts';
import { API_ROOT, DEFAULT_API_ROOT } from './schema.ts';
import type { ConfigError } from './types.ts';

/**
 * The process environment, completed by a `.env` file (KEY=value lines) when there is one. Variables already set in
 * the environment win, as with dotenv. A missing file is fine; an unreadable one is an error naming it.
 */
export async function environmentWithDotEnv(dotEnvPath: string, processEnv: Env): Promise<Result<Env, string>> {
  let text: string;
  try {
    text = await readFile(dotEnvPath, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return ok(processEnv);
    return err(`${dotEnvPath} cannot be read (${code ?? 'error'})`);
  }
  return ok({ ...parseEnv(text), ...definedOnly(processEnv) });
}

function definedOnly(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** Where the Bot API answers when the config names no `telegram.apiRoot`: `TELEGRAM_API_ROOT`, else Telegram's own. */
export function apiRootOf(env: Env): Result<string, ConfigError> {
  const value = env['TELEGRAM_API_ROOT']?.trim() ?? '';
  if (value === '') return ok(DEFAULT_API_ROOT);
  const parsed = API_ROOT.safeParse(value);
  return parsed.success ? ok(parsed.data) : err({ file: 'TELEGRAM_API_ROOT', line: undefined, path: [], message: 'must be an http(s) URL such as https://api.telegram.org' });
}
