import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolverLookup, startDnsStandin, type DnsStandin } from '../../support/dns-standin.ts';

let dns: DnsStandin;

beforeAll(async () => {
  dns = await startDnsStandin({ records: { 'pc.invalid': '127.0.0.1' }, failing: ['flaky.invalid'] });
});
afterAll(() => dns.close());

/** What the lookup answers for `name`: the address, or the error code. */
function lookUp(name: string, all = false): Promise<unknown> {
  return new Promise((resolve) => {
    resolverLookup(dns.server)(name, { all }, (error, address) => resolve(error === null ? address : error.code));
  });
}

describe('the DNS stand-in and its lookup', () => {
  test('its own name: the A record, as one address or as the list node:net asks for', async () => {
    expect(await lookUp('pc.invalid')).toBe('127.0.0.1');
    expect(await lookUp('PC.invalid', true)).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });

  test('any other name does not exist: ENOTFOUND, as getaddrinfo says', async () => {
    expect(await lookUp('desktop.invalid')).toBe('ENOTFOUND');
  });

  test('a server failure is a failure of the moment: EAI_AGAIN', async () => {
    expect(await lookUp('flaky.invalid')).toBe('EAI_AGAIN');
  });

  test('notes every name it was asked', () => {
    expect(dns.asked).toEqual(expect.arrayContaining(['pc.invalid', 'desktop.invalid', 'flaky.invalid']));
  });

  test('node:net connects through it', async () => {
    const server = net.createServer((socket) => socket.end('hello'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const received = await new Promise<string>((resolve, reject) => {
        const socket = net.connect({ host: 'pc.invalid', port, lookup: resolverLookup(dns.server) });
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(received).toBe('hello');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
