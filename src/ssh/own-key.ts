import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import ssh2 from 'ssh2';
import { messageOf } from '../lib/errors.ts';
import { err, ok, type Result } from '../lib/result.ts';
import { publicKeyLineOf } from './keys.ts';

/**
 * The bot's own SSH key for setup from the chat: an ed25519 key made once in its data folder (mode 0600, never
 * overwritten: a file that is there is read, whatever it holds), and the public line that goes to each computer.
 */
export interface OwnKey {
  readonly file: string;
  /** `ssh-ed25519 AAAA… timekpr-bot`, for authorized_keys. */
  readonly publicLine: string;
  /** Whether it was made just now. */
  readonly created: boolean;
}

/** Reads the key at `file`, or makes it there when there is none. A key that cannot be read is an error, never replaced. */
export async function ensureOwnKey(file: string): Promise<Result<OwnKey, string>> {
  let created: boolean;
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: 'timekpr-bot' });
    // `wx`: only when there is no file yet (two starts at once cannot both write; an existing key is kept).
    created = await writeFile(file, pair.private, { mode: 0o600, flag: 'wx' }).then(
      () => true,
      (cause: NodeJS.ErrnoException) => {
        if (cause.code !== 'EEXIST') throw cause;
        return false;
      },
    );
  } catch (cause) {
    return err(`cannot make the bot's SSH key ${file}: ${messageOf(cause)}`);
  }
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (cause) {
    return err(`cannot read the bot's SSH key ${file}: ${messageOf(cause)}`);
  }
  const publicLine = publicKeyLineOf(data, undefined);
  return publicLine === undefined ? err(`${file} is not a private key the bot can use: move it away, and the bot makes a new one`) : ok({ file, publicLine, created });
}
