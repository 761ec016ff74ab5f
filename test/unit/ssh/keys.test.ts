import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { checkPrivateKey, fingerprintOf, keyTypeOf } from '../../../src/ssh/keys.ts';
import { generateKey } from '../../support/ssh-keygen.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tkbot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY_TYPES = [
  { type: 'ed25519' },
  { type: 'rsa', bits: '2048' },
  { type: 'ecdsa', bits: '256' },
];

describe('fingerprintOf and keyTypeOf', () => {
  test.each(KEY_TYPES)('match ssh-keygen for a $type key', (options) => {
    const key = generateKey(dir, `fp-${options.type}`, options);
    const printed = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', key.publicKeyFile], { encoding: 'utf8' });
    const expected = printed.split(/\s+/)[1];
    expect(expected).toMatch(/^SHA256:/);
    expect(fingerprintOf(key.publicBlob)).toBe(expected);
    expect(keyTypeOf(key.publicBlob)).toBe(key.keyType);
  });

  test('keyTypeOf rejects malformed blobs', () => {
    expect(keyTypeOf(Buffer.alloc(0))).toBeUndefined();
    expect(keyTypeOf(Buffer.from([0, 0, 0]))).toBeUndefined();
    expect(keyTypeOf(Buffer.from([0, 0, 0, 0, 1, 2]))).toBeUndefined();
    expect(keyTypeOf(Buffer.from([0, 0, 0, 11, 0x73, 0x73, 0x68]))).toBeUndefined();
    const huge = Buffer.alloc(200);
    huge.writeUInt32BE(100, 0);
    expect(keyTypeOf(huge)).toBeUndefined();
  });
});

describe('checkPrivateKey', () => {
  const plain = generateKey(dir, 'plain');
  const locked = generateKey(dir, 'locked', { passphrase: 'secret' });
  const lockedPem = generateKey(dir, 'locked-rsa', { passphrase: 'secret', type: 'rsa', bits: '2048' });

  test('accepts an unencrypted key, with or without a passphrase set', () => {
    expect(checkPrivateKey(readFileSync(plain.privateKeyFile), undefined)).toEqual({ ok: true, value: undefined });
    expect(checkPrivateKey(readFileSync(plain.privateKeyFile), 'unused')).toEqual({ ok: true, value: undefined });
  });

  test.each([
    ['ed25519', locked],
    ['rsa', lockedPem],
  ])('encrypted %s key: needs, rejects a wrong, and accepts the right passphrase', (_type, key) => {
    const data = readFileSync(key.privateKeyFile);
    expect(checkPrivateKey(data, undefined)).toEqual({
      ok: false,
      error: 'is protected by a passphrase: set SSH_KEY_PASSPHRASE in the environment or .env',
    });
    expect(checkPrivateKey(data, 'wrong')).toEqual({ ok: false, error: 'cannot be unlocked: SSH_KEY_PASSPHRASE is wrong' });
    expect(checkPrivateKey(data, 'secret')).toEqual({ ok: true, value: undefined });
  });

  test('rejects a public key given where the private key belongs', () => {
    expect(checkPrivateKey(readFileSync(plain.publicKeyFile), undefined)).toEqual({
      ok: false,
      error: 'is a public key, not the private one (use the file without .pub)',
    });
  });

  test('rejects something that is not a key', () => {
    const result = checkPrivateKey(Buffer.from('not a key at all\n'), undefined);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/^is not a private key ssh can use \(.+\)$/);
  });
});
