import dgram from 'node:dgram';
import { Resolver } from 'node:dns';
import type { LookupFunction } from 'node:net';

/*
 * A tiny name server on 127.0.0.1 (UDP), for tests that must resolve names without asking any outside resolver:
 * names of its own get an A record, names it is told to fail get SERVFAIL, every other name NXDOMAIN. And
 * `resolverLookup`, a lookup for node:net (and so for the SSH pool) that asks only that server, failing the way the
 * system's getaddrinfo does: a name that does not exist is ENOTFOUND, a server that fails or does not answer EAI_AGAIN.
 * Test names end in `.invalid` (RFC 2606): no real resolver could ever find them.
 */

export interface DnsStandinOptions {
  /** Name → IPv4 address (case-insensitive, without the final dot). */
  readonly records: Readonly<Record<string, string>>;
  /** Names answered with SERVFAIL (the server has trouble: getaddrinfo's EAI_AGAIN). */
  readonly failing?: readonly string[];
}

export interface DnsStandin {
  /** `127.0.0.1:<port>`, for `Resolver.setServers`. */
  readonly server: string;
  /** Every name asked, in order, as asked (lower case). */
  readonly asked: readonly string[];
  close(): Promise<void>;
}

const TYPE_A = 1;
const CLASS_IN = 1;
const NOERROR = 0;
const SERVFAIL = 2;
const NXDOMAIN = 3;

/** The question of a query: its name, type, and where it ends in the message. */
function parseQuestion(query: Buffer): { name: string; type: number; end: number } | undefined {
  if (query.length < 12 || query.readUInt16BE(4) !== 1) return undefined;
  const labels: string[] = [];
  let at = 12;
  for (;;) {
    const length = query[at];
    if (length === undefined || length > 63) return undefined;
    at += 1;
    if (length === 0) break;
    labels.push(query.subarray(at, at + length).toString('ascii'));
    at += length;
  }
  if (at + 4 > query.length) return undefined;
  return { name: labels.join('.').toLowerCase(), type: query.readUInt16BE(at), end: at + 4 };
}

/** The answer to a query: its id, opcode and RD echoed, the question echoed, and at most one A record. */
function answer(query: Buffer, question: { end: number }, rcode: number, address: string | undefined): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0);
  const flags = query.readUInt16BE(2);
  // QR, the query's opcode, AA, the query's RD, RA, rcode.
  header.writeUInt16BE(0x8000 | (flags & 0x7800) | 0x0400 | (flags & 0x0100) | 0x0080 | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(address === undefined ? 0 : 1, 6);
  const parts = [header, query.subarray(12, question.end)];
  if (address !== undefined) {
    const record = Buffer.alloc(16);
    record.writeUInt16BE(0xc00c, 0); // the name: a pointer to the question's
    record.writeUInt16BE(TYPE_A, 2);
    record.writeUInt16BE(CLASS_IN, 4);
    record.writeUInt32BE(60, 6);
    record.writeUInt16BE(4, 10);
    address.split('.').forEach((byte, index) => record.writeUInt8(Number(byte), 12 + index));
    parts.push(record);
  }
  return Buffer.concat(parts);
}

/** Starts the name server on 127.0.0.1 and a free UDP port. */
export async function startDnsStandin(options: DnsStandinOptions): Promise<DnsStandin> {
  const records = new Map(Object.entries(options.records).map(([name, address]) => [name.toLowerCase(), address]));
  const failing = new Set((options.failing ?? []).map((name) => name.toLowerCase()));
  const asked: string[] = [];
  const socket = dgram.createSocket('udp4');
  socket.on('message', (query, from) => {
    const question = parseQuestion(query);
    if (question === undefined) return;
    asked.push(question.name);
    const address = records.get(question.name);
    const reply = failing.has(question.name)
      ? answer(query, question, SERVFAIL, undefined)
      : address === undefined
        ? answer(query, question, NXDOMAIN, undefined)
        : answer(query, question, NOERROR, question.type === TYPE_A ? address : undefined);
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  return {
    server: `127.0.0.1:${socket.address().port}`,
    asked,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}

/** The errors of a name that does not exist, as c-ares reports them; anything else is a failure of the moment. */
const NO_SUCH_NAME = new Set(['ENOTFOUND', 'ENODATA']);

/**
 * A lookup for node:net that asks only `server` (IPv4 addresses), with getaddrinfo's errors: ENOTFOUND for a name
 * that does not exist, EAI_AGAIN when the server fails or does not answer within a second.
 */
export function resolverLookup(server: string): LookupFunction {
  const resolver = new Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([server]);
  return (hostname, options, callback) => {
    resolver.resolve4(hostname, (error, addresses) => {
      const [address] = addresses ?? [];
      if (error !== null || address === undefined) {
        const code = error === null || NO_SUCH_NAME.has(error.code ?? '') ? 'ENOTFOUND' : 'EAI_AGAIN';
        callback(Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, hostname, syscall: 'getaddrinfo' }), '');
        return;
      }
      if (options.all === true) callback(null, addresses.map((each) => ({ address: each, family: 4 })));
      else callback(null, address, 4);
    });
  };
}
