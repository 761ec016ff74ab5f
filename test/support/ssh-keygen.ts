import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A key pair made by the real `ssh-keygen`, with the public half split the way known_hosts stores it. */
export interface GeneratedKey {
  readonly privateKeyFile: string;
  readonly publicKeyFile: string;
  /** First field of the .pub file, e.g. `ssh-ed25519`. */
  readonly keyType: string;
  /** Second field of the .pub file (base64). */
  readonly publicBase64: string;
  readonly publicBlob: Buffer;
}

/** Runs `ssh-keygen -t <type> -N <passphrase> -f <dir>/<name>` and reads back the public key. */
export function generateKey(dir: string, name: string, options: { passphrase?: string; type?: string; bits?: string } = {}): GeneratedKey {
  const privateKeyFile = path.join(dir, name);
  const bits = options.bits === undefined ? [] : ['-b', options.bits];
  execFileSync('ssh-keygen', ['-q', '-t', options.type ?? 'ed25519', ...bits, '-N', options.passphrase ?? '', '-C', 'test', '-f', privateKeyFile], {
    stdio: 'ignore',
  });
  const publicKeyFile = `${privateKeyFile}.pub`;
  const [keyType = '', publicBase64 = ''] = readFileSync(publicKeyFile, 'utf8').trim().split(/\s+/);
  return { privateKeyFile, publicKeyFile, keyType, publicBase64, publicBlob: Buffer.from(publicBase64, 'base64') };
}
