import net, { type LookupFunction } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import type { MachineConfig } from '../../../src/config/types.ts';
import { SshPool } from '../../../src/ssh/pool.ts';
import { silentLogger } from '../../support/bot-config.ts';

/** A machine at `host`, with a known_hosts file that does not exist (nothing here gets that far). */
function machineAt(host: string, port = 22): MachineConfig {
  return {
    id: 'desktop',
    host,
    port,
    user: 'tk-remote',
    privateKeyFile: undefined,
    knownHostsFile: '/nonexistent/known_hosts',
    timekpra: '/usr/bin/timekpra',
    backend: 'timekpra',
    python: '/usr/bin/python3',
    connectTimeoutMs: 3000,
    commandTimeoutMs: 3000,
  };
}

/** A lookup that fails with getaddrinfo's `code` and notes the names it was asked for. */
function failingLookup(code: string, asked: string[]): LookupFunction {
  return (hostname, _options, callback) => {
    asked.push(hostname);
    setImmediate(() => callback(Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, hostname }), ''));
  };
}

/** A lookup that answers `address` for every name (as a list when node:net asks for all of them). */
function answeringLookup(address: string, asked: string[]): LookupFunction {
  return (hostname, options, callback) => {
    asked.push(hostname);
    setImmediate(() => (options.all === true ? callback(null, [{ address, family: 4 }]) : callback(null, address, 4)));
  };
}

const pools: SshPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function poolFor(machine: MachineConfig, lookup: LookupFunction): SshPool {
  const pool = new SshPool({ machines: new Map([[machine.id, machine]]), credentials: new Map(), logger: silentLogger(), lookup });
  pools.push(pool);
  return pool;
}

/** A port on 127.0.0.1 where nothing listens (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const run = (pool: SshPool) => pool.exec('desktop', [{ argv: ['true'] }]);

describe('SshPool: host names', () => {
  test('a name that does not exist (ENOTFOUND) is host-not-found, with the name as configured', async () => {
    const asked: string[] = [];
    const result = await run(poolFor(machineAt('desktop.lan'), failingLookup('ENOTFOUND', asked)));
    expect(result).toEqual({ ok: false, error: { kind: 'host-not-found', host: 'desktop.lan' } });
    expect(asked).toEqual(['desktop.lan']);
  });

  test('a name server that does not answer now (EAI_AGAIN) is not "not found": the computer is unreachable', async () => {
    const result = await run(poolFor(machineAt('desktop.lan'), failingLookup('EAI_AGAIN', [])));
    expect(result).toEqual({ ok: false, error: { kind: 'unreachable', reason: 'host name desktop.lan could not be looked up just now' } });
  });

  test('the address the lookup gives is the one connected to', async () => {
    // A port on loopback where nothing listens: the connection is refused there, so that is where it went.
    const port = await closedPort();
    const asked: string[] = [];
    const result = await run(poolFor(machineAt('pc.invalid', port), answeringLookup('127.0.0.1', asked)));
    expect(result).toEqual({ ok: false, error: { kind: 'unreachable', reason: 'connection refused' } });
    expect(asked).toEqual(['pc.invalid']);
  });

  test('an address as host is connected to directly, without a lookup', async () => {
    const port = await closedPort();
    const asked: string[] = [];
    const result = await run(poolFor(machineAt('127.0.0.1', port), answeringLookup('127.0.0.9', asked)));
    expect(result).toEqual({ ok: false, error: { kind: 'unreachable', reason: 'connection refused' } });
    expect(asked).toEqual([]);
  });
});
