import { readFile } from 'node:fs/promises';
import { parseEnv } from 'node:util';
import { err, ok, type Result } from '../lib/result.ts';
import type { Env } from '../lib/env.ts';

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
