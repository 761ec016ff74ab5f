import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ssh2 from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { firstContact, hostKeyFileHint, type FirstContactTarget } from '../../../src/ssh/first-contact.ts';
import { fingerprintOf } from '../../../src/ssh/keys.ts';
import { generateKey, type GeneratedKey } from '../../support/ssh-keygen.ts';

let dir: string;
let hostEd25519: GeneratedKey;
let hostEcdsa: GeneratedKey;
let hostRsa: GeneratedKey;
let ourKey: GeneratedKey;
let otherKey: GeneratedKey;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tkbot-first-contact-'));
  hostEd25519 = generateKey(dir, 'host_ed25519');
  hostEcdsa = generateKey(dir, 'host_ecdsa', { type: 'ecdsa', bits: '256' });
  hostRsa = generateKey(dir, 'host_rsa', { type: 'rsa', bits: '2048' });
  ourKey = generateKey(dir, 'bot');
  otherKey = generateKey(dir, 'other');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the in-process server saw, to check that the probe offered only its key and ran nothing. */
interface Seen {
  connections: number;
  closed: number;
  authMethods: string[];
  /** Channels, global requests (forwarding) and anything else the client asked for after logging in. */
  requests: string[];
}

interface TestServer {
  readonly port: number;
  readonly seen: Seen;
  close(): Promise<void>;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** An ssh2 server on 127.0.0.1 with these host keys, letting in `authorized` (and only it, by public key). */
async function startSshServer(hostKeys: readonly GeneratedKey[], authorized: GeneratedKey): Promise<TestServer> {
  const seen: Seen = { connections: 0, closed: 0, authMethods: [], requests: [] };
  const allowed = ssh2.utils.parseKey(readFileSync(authorized.publicKeyFile));
  if (allowed instanceof Error) throw allowed;
  const server = new ssh2.Server({ hostKeys: hostKeys.map((key) => readFileSync(key.privateKeyFile)) }, (client) => {
    seen.connections += 1;
    client.on('error', () => undefined);
    client.on('close', () => {
      seen.closed += 1;
    });
    client.on('authentication', (ctx) => {
      seen.authMethods.push(ctx.method);
      if (ctx.method !== 'publickey' || !ctx.key.data.equals(allowed.getPublicSSH())) {
        ctx.reject(['publickey']);
        return;
      }
      // Without a signature the client only asks whether this key would do; with one it logs in.
      if (ctx.signature === undefined || ctx.blob === undefined) ctx.accept();
      else if (allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) ctx.accept();
      else ctx.reject(['publickey']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        seen.requests.push('session');
        accept().on('exec', (acceptExec, _reject, info) => {
          seen.requests.push(`exec ${info.command}`);
          acceptExec().exit(0);
        });
      });
      client.on('tcpip', () => seen.requests.push('direct-tcpip'));
      client.on('openssh.streamlocal', () => seen.requests.push('streamlocal'));
      client.on('request', (_accept, _reject, name) => seen.requests.push(name));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  closers.push(close);
  return { port, seen, close };
}

/** A TCP listener on 127.0.0.1 that accepts and never says a word; counts the connections it saw closed. */
async function startSilentServer(): Promise<{ port: number; accepted: () => number; closed: () => number }> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  let closed = 0;
  const server = net.createServer((socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    // Read (and drop) what arrives, or the end of the stream is never noticed.
    socket.resume();
    socket.on('close', () => {
      closed += 1;
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return { port: (server.address() as net.AddressInfo).port, accepted: () => accepted, closed: () => closed };
}

/** A port on 127.0.0.1 where nothing listens (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function target(port: number, key: GeneratedKey, timeoutMs = 5000): FirstContactTarget {
  return { host: '127.0.0.1', port, user: 'tk-remote', privateKey: readFileSync(key.privateKeyFile), timeoutMs };
}

/** The fingerprint the real `ssh-keygen -lf` prints for a public key file. */
function keygenFingerprint(publicKeyFile: string): string {
  return execFileSync('ssh-keygen', ['-lf', publicKeyFile], { encoding: 'utf8' }).split(' ')[1] ?? '';
}

/** Waits (briefly) until `condition` holds; the server side learns of a close a moment after the client. */
async function eventually(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('firstContact against an in-process ssh2 server', () => {
  test('an authorized key is key-accepted, with the host key and the fingerprint ssh-keygen prints', async () => {
    const server = await startSshServer([hostEd25519], ourKey);
    const result = await firstContact(target(server.port, ourKey));
    expect(result).toEqual({
      kind: 'key-accepted',
      hostKey: { keyType: 'ssh-ed25519', keyBlob: hostEd25519.publicBlob, fingerprint: keygenFingerprint(hostEd25519.publicKeyFile) },
    });
    expect(result.kind === 'key-accepted' && result.hostKey.fingerprint).toBe(fingerprintOf(hostEd25519.publicBlob));
    expect(keygenFingerprint(hostEd25519.publicKeyFile)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  test('logs in with the key only, runs nothing, and closes the connection', async () => {
    const server = await startSshServer([hostEd25519], ourKey);
    const result = await firstContact(target(server.port, ourKey));
    expect(result.kind).toBe('key-accepted');
    await eventually(() => server.seen.closed === 1);
    // The query ("would this key do?") and the signed login: never `none`, a password or keyboard-interactive.
    expect(server.seen).toEqual({ connections: 1, closed: 1, authMethods: ['publickey', 'publickey'], requests: [] });
  });

  test('another key is key-refused, still with the host key, and the connection is closed', async () => {
    const server = await startSshServer([hostEd25519], ourKey);
    const result = await firstContact(target(server.port, otherKey));
    expect(result).toEqual({
      kind: 'key-refused',
      hostKey: { keyType: 'ssh-ed25519', keyBlob: hostEd25519.publicBlob, fingerprint: fingerprintOf(hostEd25519.publicBlob) },
    });
    await eventually(() => server.seen.closed === 1);
    expect(server.seen).toEqual({ connections: 1, closed: 1, authMethods: ['publickey'], requests: [] });
  });

  test('asks for the ed25519 host key first, then ECDSA, then RSA', async () => {
    const all = await startSshServer([hostRsa, hostEcdsa, hostEd25519], ourKey);
    const noEd25519 = await startSshServer([hostRsa, hostEcdsa], ourKey);
    const rsaOnly = await startSshServer([hostRsa], ourKey);
    const seenType = async (port: number) => {
      const result = await firstContact(target(port, otherKey));
      return result.kind === 'key-refused' ? [result.hostKey.keyType, result.hostKey.fingerprint] : result;
    };
    expect(await seenType(all.port)).toEqual(['ssh-ed25519', keygenFingerprint(hostEd25519.publicKeyFile)]);
    expect(await seenType(noEd25519.port)).toEqual(['ecdsa-sha2-nistp256', keygenFingerprint(hostEcdsa.publicKeyFile)]);
    expect(await seenType(rsaOnly.port)).toEqual(['ssh-rsa', keygenFingerprint(hostRsa.publicKeyFile)]);
  });

  test('a closed port is unreachable: connection refused', async () => {
    const result = await firstContact(target(await closedPort(), ourKey));
    expect(result).toEqual({ kind: 'unreachable', failure: { kind: 'unreachable', reason: 'connection refused' } });
  });

  test('a computer that never answers is a timeout within the deadline, and the socket is closed', async () => {
    const silent = await startSilentServer();
    const started = Date.now();
    const result = await firstContact(target(silent.port, ourKey, 400));
    const elapsedMs = Date.now() - started;
    expect(result).toEqual({ kind: 'unreachable', failure: { kind: 'timeout', phase: 'connect', afterMs: 400, commandSent: false } });
    expect(elapsedMs).toBeGreaterThanOrEqual(350);
    expect(elapsedMs).toBeLessThan(1500);
    expect(silent.accepted()).toBe(1);
    await eventually(() => silent.closed() === 1);
    expect(silent.closed()).toBe(1);
  });

  test('a private key that is not one is an ssh-error, and nothing is connected to', async () => {
    const server = await startSshServer([hostEd25519], ourKey);
    const result = await firstContact({ ...target(server.port, ourKey), privateKey: readFileSync(ourKey.publicKeyFile) });
    expect(result).toMatchObject({ kind: 'unreachable', failure: { kind: 'ssh-error' } });
    expect(server.seen.connections).toBe(0);
  });
});

describe('hostKeyFileHint', () => {
  test('names the file holding the host key of each type', () => {
    expect(hostKeyFileHint('ssh-ed25519')).toBe('/etc/ssh/ssh_host_ed25519_key.pub');
    expect(hostKeyFileHint('ecdsa-sha2-nistp256')).toBe('/etc/ssh/ssh_host_ecdsa_key.pub');
    expect(hostKeyFileHint('ecdsa-sha2-nistp521')).toBe('/etc/ssh/ssh_host_ecdsa_key.pub');
    expect(hostKeyFileHint('ssh-rsa')).toBe('/etc/ssh/ssh_host_rsa_key.pub');
    expect(hostKeyFileHint('rsa-sha2-512')).toBe('/etc/ssh/ssh_host_rsa_key.pub');
    expect(hostKeyFileHint('something-new')).toBe('/etc/ssh/ssh_host_*_key.pub');
  });
});
