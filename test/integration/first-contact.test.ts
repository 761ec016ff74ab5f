import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { firstContact, hostKeyFileHint, type FirstContactTarget } from '../../src/ssh/first-contact.ts';
import { generateKey } from '../support/ssh-keygen.ts';
import { hostKeyFingerprint, loadTestHost, makeTempDir, type TestHost } from '../support/test-host.ts';

/*
 * The probe made when a computer is added from the chat, against the test host's real OpenSSH sshd: it must tell
 * whether the bot's key is accepted yet, and show the host key the parent compares on the computer.
 */

let host: TestHost;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  host = await loadTestHost();
  ({ dir, cleanup } = await makeTempDir());
});
afterAll(async () => {
  await cleanup();
});

async function targetWith(privateKeyFile: string): Promise<FirstContactTarget> {
  return {
    host: host.TKHOST_SSH_HOST,
    port: host.TKHOST_SSH_PORT,
    user: host.TKHOST_SSH_USER,
    privateKey: await readFile(privateKeyFile),
    timeoutMs: 10_000,
  };
}

/** The test host's host key as its .pub file holds it: type and blob. */
async function hostKeyPub(): Promise<{ keyType: string; keyBlob: Buffer }> {
  const [keyType = '', base64 = ''] = (await readFile(host.TKHOST_HOST_KEY_PUB, 'utf8')).trim().split(/\s+/);
  return { keyType, keyBlob: Buffer.from(base64, 'base64') };
}

describe('firstContact against a real sshd', () => {
  test('the authorized key is key-accepted, showing the ed25519 host key ssh-keygen -lf prints', async () => {
    expect(host.TKHOST_SSH_HOST).toMatch(/^127\./);
    const pub = await hostKeyPub();
    // The test host has only an ed25519 host key: the one a parent would compare.
    expect(pub.keyType).toBe('ssh-ed25519');
    const result = await firstContact(await targetWith(host.TKHOST_KEY));
    expect(result).toEqual({
      kind: 'key-accepted',
      hostKey: { keyType: 'ssh-ed25519', keyBlob: pub.keyBlob, fingerprint: await hostKeyFingerprint(host) },
    });
    expect(hostKeyFileHint(pub.keyType)).toBe('/etc/ssh/ssh_host_ed25519_key.pub');
  });

  test('a key the computer does not know (yet) is key-refused, still showing its host key', async () => {
    const fresh = generateKey(dir, 'fresh');
    const pub = await hostKeyPub();
    const result = await firstContact(await targetWith(fresh.privateKeyFile));
    expect(result).toEqual({
      kind: 'key-refused',
      hostKey: { keyType: pub.keyType, keyBlob: pub.keyBlob, fingerprint: await hostKeyFingerprint(host) },
    });
  });
});
