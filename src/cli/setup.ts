import { apiRootOf } from '../config/env.ts';
import { loadConfig } from '../config/load.ts';
import type { Config, ConfigError } from '../config/types.ts';
import type { Env } from '../lib/env.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { loadCredentials, type SshCredentials } from '../ssh/credentials.ts';

/** What `npm start` and `npm run check` need before they reach a computer. */
export interface Setup {
  readonly file: string;
  readonly config: Config;
  /** Machine id → secrets. Kept apart from `config` so the config can be shown without leaking them. */
  readonly credentials: ReadonlyMap<string, SshCredentials>;
}

/** Loads the config file, then each machine's SSH credentials; every problem of either is returned, located. */
export async function loadSetup(configPath: string, env: Env): Promise<Result<Setup, ConfigError[]>> {
  const apiRoot = apiRootOf(env);
  if (!apiRoot.ok) return err([apiRoot.error]);
  const loaded = await loadConfig(configPath, apiRoot.value);
  if (!loaded.ok) return loaded;
  const credentials = await loadCredentials(loaded.value, env);
  if (!credentials.ok) return credentials;
  return ok({ file: loaded.value.file, config: loaded.value.config, credentials: credentials.value });
}
