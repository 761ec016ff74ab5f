import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import { err, ok, type Result } from '../lib/result.ts';

/** Checks that `data` is a private key ssh2 can use with this passphrase. Returns a sentence for parents if not. */
export function checkPrivateKey(data: Buffer, passphrase: string | undefined): Result<void, string> {
  const parsed = ssh2.utils.parseKey(data, passphrase);
  if (!(parsed instanceof Error)) {
    return parsed.isPrivateKey() ? ok(undefined) : err('is a public key, not the private one (use the file without .pub)');
  }
  if (/encrypted/i.test(parsed.message) && passphrase === undefined) {
    return err('is protected by a passphrase: set SSH_KEY_PASSPHRASE in the environment or .env');
  }
  if (/bad passphrase|decrypt|integrity/i.test(parsed.message)) {
    return err('cannot be unlocked: SSH_KEY_PASSPHRASE is wrong');
  }
  return err(`is not a private key ssh can use (${parsed.message})`);
}

/** OpenSSH's fingerprint of a public key blob: `SHA256:` and unpadded base64, as `ssh-keygen -lf` prints it. */
export function fingerprintOf(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named inside a public key blob (`ssh-ed25519`, `ssh-rsa`, …), or undefined if malformed. */
export function keyTypeOf(keyBlob: Buffer): string | undefined {
  if (keyBlob.length < 4) return undefined;
  const length = keyBlob.readUInt32BE(0);
  if (length === 0 || length > 64 || keyBlob.length < 4 + length) return undefined;
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

/** The OpenSSH public key line (`ssh-ed25519 AAAA… comment`) of a private key, for authorized_keys; undefined if unusable. */
export function publicKeyLineOf(privateKey: Buffer, passphrase: string | undefined, comment = 'timekpr-bot'): string | undefined {
  const parsed = ssh2.utils.parseKey(privateKey, passphrase);
  if (parsed instanceof Error) return undefined;
  return `${parsed.type} ${parsed.getPublicSSH().toString('base64')} ${comment}`;
}
