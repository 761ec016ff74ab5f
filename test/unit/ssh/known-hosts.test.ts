import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import {
  entryMatchesHost,
  formatKnownHostsLine,
  hostKeyAlgorithmsFor,
  knownHostsName,
  knownKeyTypes,
  parseKnownHosts,
  verifyHostKey,
} from '../../../src/ssh/known-hosts.ts';
import { generateKey } from '../../support/ssh-keygen.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tkbot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const desk = generateKey(dir, 'desk');
const other = generateKey(dir, 'other');
const rsa = generateKey(dir, 'rsa', { type: 'rsa', bits: '2048' });

/** A known_hosts line for a generated key. */
const line = (hosts: string, key = desk) => `${hosts} ${key.keyType} ${key.publicBase64}`;

describe('parseKnownHosts', () => {
  test('reads plain, [host]:port and comma-separated lines; skips comments, blanks and broken lines', () => {
    const text = [
      '# a comment',
      '',
      '   ',
      line('desk.lan'),
      line('[desk.lan]:2222', other),
      `  ${line('desk.lan,192.168.1.20', rsa)}  trailing comment  `,
      'onlyhost',
      `desk.lan ssh-rsa ${desk.publicBase64}`,
      '@unknown-marker desk.lan ssh-ed25519 AAAA',
    ].join('\n');
    const entries = parseKnownHosts(text);
    expect(entries.map((entry) => [entry.marker, entry.hosts, entry.keyType])).toEqual([
      [undefined, 'desk.lan', desk.keyType],
      [undefined, '[desk.lan]:2222', other.keyType],
      [undefined, 'desk.lan,192.168.1.20', rsa.keyType],
    ]);
    expect(entries[0]?.keyBlob.equals(desk.publicBlob)).toBe(true);
    expect(entries[2]?.keyBlob.equals(rsa.publicBlob)).toBe(true);
  });

  test('reads @revoked and @cert-authority markers', () => {
    const entries = parseKnownHosts(`@revoked * ${desk.keyType} ${desk.publicBase64}\n@cert-authority *.lan ${other.keyType} ${other.publicBase64}\n`);
    expect(entries.map((entry) => [entry.marker, entry.hosts])).toEqual([
      ['revoked', '*'],
      ['cert-authority', '*.lan'],
    ]);
  });
});

describe('knownHostsName', () => {
  test('plain on port 22, bracketed otherwise', () => {
    expect(knownHostsName('desk.lan', 22)).toBe('desk.lan');
    expect(knownHostsName('desk.lan', 2222)).toBe('[desk.lan]:2222');
    expect(knownHostsName('10.0.0.1', 23)).toBe('[10.0.0.1]:23');
  });
});

describe('verifyHostKey', () => {
  test('trusted, unknown and mismatch for plain entries', () => {
    const entries = parseKnownHosts(line('desk.lan'));
    expect(verifyHostKey(entries, 'desk.lan', 22, desk.publicBlob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, 'DESK.lan', 22, desk.publicBlob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, 'laptop.lan', 22, desk.publicBlob)).toEqual({ kind: 'unknown' });
    expect(verifyHostKey(entries, 'desk.lan', 22, other.publicBlob)).toEqual({ kind: 'mismatch', knownTypes: [desk.keyType] });
    expect(verifyHostKey([], 'desk.lan', 22, desk.publicBlob)).toEqual({ kind: 'unknown' });
  });

  test('[host]:port entries apply to that port only', () => {
    const entries = parseKnownHosts(line('[desk.lan]:2222'));
    expect(verifyHostKey(entries, 'desk.lan', 2222, desk.publicBlob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, 'desk.lan', 22, desk.publicBlob)).toEqual({ kind: 'unknown' });
    expect(verifyHostKey(entries, 'desk.lan', 2223, desk.publicBlob)).toEqual({ kind: 'unknown' });
    // A plain name means port 22 only.
    expect(verifyHostKey(parseKnownHosts(line('desk.lan')), 'desk.lan', 2222, desk.publicBlob)).toEqual({ kind: 'unknown' });
  });

  test('comma-separated host lists match any of their names', () => {
    const entries = parseKnownHosts(line('desk.lan,192.168.1.20,[192.168.1.20]:2222'));
    expect(verifyHostKey(entries, '192.168.1.20', 22, desk.publicBlob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, '192.168.1.20', 2222, desk.publicBlob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, 'desk.lan', 22, desk.publicBlob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, '192.168.1.2', 22, desk.publicBlob)).toEqual({ kind: 'unknown' });
  });

  test('wildcards * and ? and negation !', () => {
    const entries = parseKnownHosts([line('*.lan,!kid.lan'), line('192.168.1.?', other)].join('\n'));
    expect(verifyHostKey(entries, 'desk.lan', 22, desk.publicBlob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, 'a.b.lan', 22, desk.publicBlob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, 'kid.lan', 22, desk.publicBlob)).toEqual({ kind: 'unknown' });
    expect(verifyHostKey(entries, 'desk.lan.evil.com', 22, desk.publicBlob)).toEqual({ kind: 'unknown' });
    expect(verifyHostKey(entries, 'desklan', 22, desk.publicBlob)).toEqual({ kind: 'unknown' });
    expect(verifyHostKey(entries, '192.168.1.7', 22, other.publicBlob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, '192.168.1.70', 22, other.publicBlob)).toEqual({ kind: 'unknown' });
    expect(verifyHostKey(entries, '192.168.1x7', 22, other.publicBlob)).toEqual({ kind: 'unknown' });
    expect(entryMatchesHost('!kid.lan', 'kid.lan', 22)).toBe(false);
    expect(entryMatchesHost('!kid.lan', 'desk.lan', 22)).toBe(false);
  });

  test('hashed entries written by ssh-keygen -H', () => {
    const file = path.join(dir, 'known_hosts_hashed');
    writeFileSync(file, `${line('desk.lan')}\n${line('[192.168.1.20]:2222', other)}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const entries = parseKnownHosts(readFileSync(file, 'utf8'));
    expect(entries).toHaveLength(2);
    for (const entry of entries) expect(entry.hosts).toMatch(/^\|1\|[^|]+\|[^|]+$/);
    expect(entries.some((entry) => entry.hosts.includes('desk.lan'))).toBe(false);
    expect(verifyHostKey(entries, 'desk.lan', 22, desk.publicBlob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, 'desk.lan', 22, other.publicBlob)).toEqual({ kind: 'mismatch', knownTypes: [desk.keyType] });
    expect(verifyHostKey(entries, '192.168.1.20', 2222, other.publicBlob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, '192.168.1.20', 22, other.publicBlob)).toEqual({ kind: 'unknown' });
    expect(verifyHostKey(entries, 'laptop.lan', 22, desk.publicBlob)).toEqual({ kind: 'unknown' });
  });

  test('hashed entries computed with HMAC-SHA1; a malformed hash never matches', () => {
    const salt = randomBytes(20);
    const hash = createHmac('sha1', salt).update('[laptop.lan]:2200').digest('base64');
    const hosts = `|1|${salt.toString('base64')}|${hash}`;
    expect(entryMatchesHost(hosts, 'laptop.lan', 2200)).toBe(true);
    expect(entryMatchesHost(hosts, 'laptop.lan', 22)).toBe(false);
    expect(entryMatchesHost('|1|onlysalt', 'laptop.lan', 2200)).toBe(false);
    expect(entryMatchesHost(`|1|${salt.toString('base64')}|AAAA`, 'laptop.lan', 2200)).toBe(false);
  });

  test('@revoked wins over a trusted line', () => {
    const entries = parseKnownHosts([line('desk.lan'), `@revoked desk.lan ${desk.keyType} ${desk.publicBase64}`].join('\n'));
    expect(verifyHostKey(entries, 'desk.lan', 22, desk.publicBlob)).toEqual({ kind: 'revoked' });
    expect(verifyHostKey(parseKnownHosts(line('desk.lan')), 'desk.lan', 22, desk.publicBlob)).toEqual({ kind: 'trusted' });
  });

  test('a revoked entry alone does not make other keys mismatched', () => {
    const entries = parseKnownHosts(`@revoked desk.lan ${desk.keyType} ${desk.publicBase64}`);
    expect(verifyHostKey(entries, 'desk.lan', 22, other.publicBlob)).toEqual({ kind: 'unknown' });
  });

  test('@cert-authority keys are not trusted as host keys', () => {
    const entries = parseKnownHosts(`@cert-authority *.lan ${desk.keyType} ${desk.publicBase64}`);
    expect(verifyHostKey(entries, 'desk.lan', 22, desk.publicBlob)).toEqual({ kind: 'unknown' });
    expect(knownKeyTypes(entries, 'desk.lan', 22)).toEqual([]);
  });

  test('mismatch lists each known key type once', () => {
    const entries = parseKnownHosts([line('desk.lan'), line('desk.lan', rsa), line('*', other)].join('\n'));
    const offered = generateKey(dir, 'stranger').publicBlob;
    expect(verifyHostKey(entries, 'desk.lan', 22, offered)).toEqual({ kind: 'mismatch', knownTypes: [desk.keyType, rsa.keyType] });
    expect(knownKeyTypes(entries, 'desk.lan', 22)).toEqual([desk.keyType, rsa.keyType]);
  });
});

describe('formatKnownHostsLine', () => {
  test.each([22, 2222])('writes a line that re-parses and verifies as trusted (port %d)', (port) => {
    const written = formatKnownHostsLine('desk.lan', port, desk.publicBlob);
    expect(written).toBe(`${knownHostsName('desk.lan', port)} ${desk.keyType} ${desk.publicBase64}`);
    const entries = parseKnownHosts(`${written}\n`);
    expect(verifyHostKey(entries, 'desk.lan', port, desk.publicBlob)).toEqual({ kind: 'trusted' });
    expect(verifyHostKey(entries, 'desk.lan', port === 22 ? 2222 : 22, desk.publicBlob)).toEqual({ kind: 'unknown' });
  });

  test('the written line is accepted by ssh-keygen -F', () => {
    const file = path.join(dir, 'known_hosts_written');
    writeFileSync(file, `${formatKnownHostsLine('10.1.2.3', 2200, rsa.publicBlob)}\n`);
    const found = execFileSync('ssh-keygen', ['-F', '[10.1.2.3]:2200', '-f', file], { encoding: 'utf8' });
    expect(found).toContain(rsa.publicBase64);
  });
});

describe('hostKeyAlgorithmsFor', () => {
  test('puts the algorithms of known key types first and keeps every algorithm once', () => {
    const none = hostKeyAlgorithmsFor([]);
    const forRsa = hostKeyAlgorithmsFor(['ssh-rsa']);
    expect(forRsa.slice(0, 3)).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect([...forRsa].sort()).toEqual([...none].sort());
    expect(new Set(none).size).toBe(none.length);
    expect(hostKeyAlgorithmsFor(['ecdsa-sha2-nistp384'])[0]).toBe('ecdsa-sha2-nistp384');
  });
});
