import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { keyTypeOf } from './keys.ts';

/** One usable line of an OpenSSH known_hosts file. */
export interface KnownHostEntry {
  readonly marker: 'revoked' | 'cert-authority' | undefined;
  /** The host field as written: comma-separated patterns, or one hashed `|1|salt|hash` name. */
  readonly hosts: string;
  readonly keyType: string;
  readonly keyBlob: Buffer;
}

export type HostKeyVerdict =
  | { readonly kind: 'trusted' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'mismatch'; readonly knownTypes: readonly string[] }
  | { readonly kind: 'revoked' };

/** Parses known_hosts text. Comments, blank and malformed lines are skipped, as OpenSSH does. Pure. */
export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0]?.startsWith('@')) {
      const name = fields.shift();
      if (name === '@revoked') marker = 'revoked';
      else if (name === '@cert-authority') marker = 'cert-authority';
      else continue;
    }
    const [hosts, keyType, keyBase64] = fields;
    if (hosts === undefined || keyType === undefined || keyBase64 === undefined) continue;
    const keyBlob = Buffer.from(keyBase64, 'base64');
    if (keyTypeOf(keyBlob) !== keyType) continue;
    entries.push({ marker, hosts, keyType, keyBlob });
  }
  return entries;
}

/** The name OpenSSH looks up for a host: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Whether an entry's host field names this host and port (plain patterns with `*`/`?`/`!`, or hashed). */
export function entryMatchesHost(hosts: string, host: string, port: number): boolean {
  const name = knownHostsName(host, port);
  if (hosts.startsWith('|1|')) return hashedNameMatches(hosts, name);
  let matched = false;
  for (const pattern of hosts.split(',')) {
    const negated = pattern.startsWith('!');
    if (wildcardMatches(negated ? pattern.slice(1) : pattern, name)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}

/** Decides whether the key a server offered may be trusted. Pure. */
export function verifyHostKey(entries: readonly KnownHostEntry[], host: string, port: number, offered: Buffer): HostKeyVerdict {
  const forHost = entries.filter((entry) => entry.marker !== 'cert-authority' && entryMatchesHost(entry.hosts, host, port));
  if (entries.some((entry) => entry.marker === 'revoked' && entry.keyBlob.equals(offered))) return { kind: 'revoked' };
  const known = forHost.filter((entry) => entry.marker === undefined);
  if (known.some((entry) => entry.keyBlob.equals(offered))) return { kind: 'trusted' };
  if (known.length === 0) return { kind: 'unknown' };
  return { kind: 'mismatch', knownTypes: [...new Set(known.map((entry) => entry.keyType))] };
}

/** Key types known for a host, so the connection can ask the server for one of those first. */
export function knownKeyTypes(entries: readonly KnownHostEntry[], host: string, port: number): string[] {
  const types = entries
    .filter((entry) => entry.marker === undefined && entryMatchesHost(entry.hosts, host, port))
    .map((entry) => entry.keyType);
  return [...new Set(types)];
}

const HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
] as const;

/** Host key algorithms in preference order: those of the known key types first, like OpenSSH does. */
export function hostKeyAlgorithmsFor(knownTypes: readonly string[]): string[] {
  const preferred = HOST_KEY_ALGORITHMS.filter((algorithm) =>
    knownTypes.some((type) => type === algorithm || (type === 'ssh-rsa' && algorithm.startsWith('rsa-sha2-'))),
  );
  return [...preferred, ...HOST_KEY_ALGORITHMS.filter((algorithm) => !preferred.includes(algorithm))];
}

/** A known_hosts line (plain form) trusting `keyBlob` for this host and port. */
export function formatKnownHostsLine(host: string, port: number, keyBlob: Buffer): string {
  return `${knownHostsName(host, port)} ${keyTypeOf(keyBlob) ?? 'unknown'} ${keyBlob.toString('base64')}`;
}

function hashedNameMatches(hashed: string, name: string): boolean {
  const [, , saltBase64, hashBase64] = hashed.split('|');
  if (saltBase64 === undefined || hashBase64 === undefined) return false;
  const expected = Buffer.from(hashBase64, 'base64');
  const actual = createHmac('sha1', Buffer.from(saltBase64, 'base64')).update(name).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function wildcardMatches(pattern: string, name: string): boolean {
  const regex = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${regex}$`, 'i').test(name);
}

/** Appends one line to a known_hosts file (and its folder, 0700, if missing); a line already there is not added again. */
export async function appendKnownHostsLine(file: string, line: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  let existing = '';
  try {
    existing = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== 'ENOENT') throw cause;
  }
  if (existing.split('\n').includes(line)) return;
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  await appendFile(file, `${separator}${line}\n`, { mode: 0o644 });
}
