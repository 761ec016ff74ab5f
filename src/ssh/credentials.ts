import { readFile } from 'node:fs/promises';
import type { LoadedConfig } from '../config/load.ts';
import type { ConfigError } from '../config/types.ts';
import type { Env } from '../lib/env.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { checkPrivateKey } from './keys.ts';

/** Secrets for one machine, from the environment or `.env`. Never logged. */
export interface SshCredentials {
  readonly privateKey?: Buffer;
  readonly passphrase?: string;
  readonly password?: string;
}

/**
 * Loads each machine's secrets: its private key file (checked to be a usable private key, with the passphrase if
 * any), `SSH_KEY_PASSPHRASE`, and `SSH_PASSWORD_<MACHINE>` or `SSH_PASSWORD`. Every problem is returned, located at
 * the setting that names the key file. Kept apart from the config, so the config can be shown without leaking them.
 */
export async function loadCredentials(loaded: LoadedConfig, env: Env): Promise<Result<ReadonlyMap<string, SshCredentials>, ConfigError[]>> {
  const errors: ConfigError[] = [];
  const credentials = new Map<string, SshCredentials>();
  const keyCache = new Map<string, Result<Buffer, string>>();
  for (const machine of loaded.config.machines.values()) {
    const password = env[`SSH_PASSWORD_${machine.id.toUpperCase().replaceAll('-', '_')}`] || env['SSH_PASSWORD'] || undefined;
    const passphrase = env['SSH_KEY_PASSPHRASE'] || undefined;
    if (machine.privateKeyFile === undefined) {
      if (password === undefined) {
        errors.push(loaded.at(['machines', machine.id], 'has no privateKeyFile (here or under ssh:) and SSH_PASSWORD is not set: set one of them'));
      } else {
        credentials.set(machine.id, { password });
      }
      continue;
    }
    const cacheKey = machine.privateKeyFile;
    let key = keyCache.get(cacheKey);
    if (key === undefined) {
      key = await readPrivateKey(machine.privateKeyFile, passphrase);
      keyCache.set(cacheKey, key);
    }
    if (!key.ok) {
      const origin = loaded.privateKeyFileOrigin.get(machine.id) ?? ['ssh', 'privateKeyFile'];
      if (!errors.some((e) => e.path.join('.') === origin.join('.'))) errors.push(loaded.at(origin, key.error));
      continue;
    }
    credentials.set(machine.id, {
      privateKey: key.value,
      ...(passphrase === undefined ? {} : { passphrase }),
      ...(password === undefined ? {} : { password }),
    });
  }
  return errors.length > 0 ? err(errors) : ok(credentials);
}

async function readPrivateKey(file: string, passphrase: string | undefined): Promise<Result<Buffer, string>> {
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    return err(code === 'ENOENT' ? `key file ${file} not found` : `key file ${file} cannot be read (${code ?? 'error'})`);
  }
  const checked = checkPrivateKey(data, passphrase);
  return checked.ok ? ok(data) : err(`key file ${file}: ${checked.error}`);
}
