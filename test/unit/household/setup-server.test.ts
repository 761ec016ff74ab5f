import { createServer as createNetServer, connect, type AddressInfo, type Server as NetServer } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';
import { pino } from 'pino';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { err, ok, type Result } from '../../../src/lib/result.ts';
import { SETUP_LINK_MS, SetupLinks } from '../../../src/household/setup-links.ts';
import {
  createSetupServer,
  defaultSetupUrl,
  parseListen,
  setupLine,
  type SetupServer,
  type SetupServerOptions,
} from '../../../src/household/setup-server.ts';

const NOW = new Date(2026, 11, 3, 18, 0).getTime();
const SCRIPT = '#!/bin/sh\necho "set up $1"\n';

interface Harness {
  readonly server: SetupServer;
  readonly links: SetupLinks;
  readonly served: string[];
  readonly logLines: string[];
  readonly clock: { now: number };
  /** http://127.0.0.1:<port> */
  readonly base: string;
}

const running: SetupServer[] = [];
const occupied: NetServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.close()));
  await Promise.all(occupied.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function start(overrides: Partial<SetupServerOptions> = {}): Promise<Harness> {
  const links = new SetupLinks();
  const served: string[] = [];
  const logLines: string[] = [];
  const clock = { now: NOW };
  const server = createSetupServer({
    listen: { host: '127.0.0.1', port: 0 },
    links,
    scriptFor: (machineId) => Promise.resolve(ok(`${SCRIPT}# for ${machineId}\n`)),
    onServed: (machineId) => served.push(machineId),
    now: () => clock.now,
    logger: pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) }),
    ...overrides,
  });
  running.push(server);
  const listening = await server.ensureListening();
  if (!listening.ok) throw new Error(`cannot listen: ${listening.error.message}`);
  expect(listening.value.host).toBe('127.0.0.1');
  return { server, links, served, logLines, clock, base: `http://127.0.0.1:${listening.value.port}` };
}

function get(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { redirect: 'manual', ...init });
}

async function refused(url: string): Promise<boolean> {
  try {
    await get(url);
    return false;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code === 'ECONNREFUSED';
  }
}

describe('serving a setup script', () => {
  test('served once, with the right headers, and the bot is told', async () => {
    const h = await start();
    const desktop = h.links.open('desktop', NOW);
    h.links.open('laptop', NOW); // keeps the server listening after the first
    const response = await get(`${h.base}/s/${desktop.token}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/x-shellscript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.text()).toBe(`${SCRIPT}# for desktop\n`);
    await vi.waitFor(() => expect(h.served).toEqual(['desktop']));

    const again = await get(`${h.base}/s/${desktop.token}/`);
    expect(again.status).toBe(404);
    expect(await again.text()).toBe('not found\n');
    expect(h.served).toEqual(['desktop']);
    expect(h.server.listening).toBe(true);
  });

  test('the address works without its trailing slash too', async () => {
    const h = await start();
    const link = h.links.open('desktop', NOW);
    const response = await get(`${h.base}/s/${link.token}`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('# for desktop');
  });

  test('a wrong token and any other path get the same 404, and spend nothing', async () => {
    const h = await start();
    const link = h.links.open('desktop', NOW);
    const wrong = `${link.token.slice(0, -1)}${link.token.endsWith('A') ? 'B' : 'A'}`;
    const paths = [
      `/s/${wrong}/`,
      '/',
      '/s/',
      '/s/short/',
      `/s/${link.token}x/`,
      `/s/${link.token}/extra`,
      `/s/${link.token}//`,
      `/s/${link.token}/?x=1`,
      `/S/${link.token}/`,
      `/s/${link.token}/../`,
      `/setup/s/${link.token}/`,
    ];
    for (const path of paths) {
      const response = await get(`${h.base}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).toBe('not found\n');
      expect(response.headers.get('content-type'), path).toBe('text/plain; charset=utf-8');
    }
    expect(h.served).toEqual([]);
    expect(h.links.take(link.token, NOW)).toBe('desktop');
  });

  test('only GET: other methods on a setup address get 405 and do not spend it; elsewhere 404', async () => {
    const h = await start();
    const link = h.links.open('desktop', NOW);
    const post = await get(`${h.base}/s/${link.token}/`, { method: 'POST', body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    const head = await get(`${h.base}/s/${link.token}/`, { method: 'HEAD' });
    expect(head.status).toBe(405);
    const elsewhere = await get(`${h.base}/upload`, { method: 'POST', body: 'x' });
    expect(elsewhere.status).toBe(404);
    expect(h.served).toEqual([]);
    const response = await get(`${h.base}/s/${link.token}/`);
    expect(response.status).toBe(200);
  });

  test('an expired address gets 404, and then the server may stop', async () => {
    const h = await start();
    const link = h.links.open('desktop', NOW);
    h.clock.now = NOW + SETUP_LINK_MS;
    const response = await get(`${h.base}/s/${link.token}/`);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe('not found\n');
    expect(h.served).toEqual([]);
    expect(h.server.listening).toBe(true);
    await h.server.closeIfIdle();
    expect(h.server.listening).toBe(false);
    expect(await refused(`${h.base}/s/${link.token}/`)).toBe(true);
  });

  test('a script that cannot be made: 500, logged, the token is spent and the bot not told', async () => {
    const asked: string[] = [];
    const h = await start({
      scriptFor: (machineId) => {
        asked.push(machineId);
        return Promise.resolve(err('the public key line is not one the setup script takes'));
      },
    });
    const link = h.links.open('desktop', NOW);
    h.links.open('laptop', NOW);
    const response = await get(`${h.base}/s/${link.token}/`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('the setup script could not be made\n');
    expect(asked).toEqual(['desktop']);
    const again = await get(`${h.base}/s/${link.token}/`);
    expect(again.status).toBe(404);
    expect(asked).toEqual(['desktop']);
    expect(h.served).toEqual([]);
    expect(h.logLines.some((line) => line.includes('the public key line is not one the setup script takes'))).toBe(true);
  });

  test('a script maker that throws is a 500 as well', async () => {
    const h = await start({ scriptFor: () => Promise.reject(new Error('bug')) });
    const link = h.links.open('desktop', NOW);
    const response = await get(`${h.base}/s/${link.token}/`);
    expect(response.status).toBe(500);
    expect(h.served).toEqual([]);
  });

  test('the token never reaches the log', async () => {
    const h = await start();
    const link = h.links.open('desktop', NOW);
    const other = h.links.open('laptop', NOW);
    await (await get(`${h.base}/s/${link.token}/`)).text();
    await (await get(`${h.base}/s/${link.token}/`)).text();
    await (await get(`${h.base}/s/${other.token}/`, { method: 'POST' })).text();
    await vi.waitFor(() => expect(h.served).toEqual(['desktop']));
    expect(h.logLines.length).toBeGreaterThan(2);
    expect(h.logLines.some((line) => line.includes('setup script served'))).toBe(true);
    for (const line of h.logLines) {
      expect(line).not.toContain(link.token);
      expect(line).not.toContain(other.token);
    }
  });
});

describe('listening only while an address is open', () => {
  test('stops by itself after the last address is used; refuses connections afterwards; starts again', async () => {
    const h = await start();
    const link = h.links.open('desktop', NOW);
    const response = await get(`${h.base}/s/${link.token}/`);
    expect(response.status).toBe(200);
    await response.text();
    await vi.waitFor(() => expect(h.server.listening).toBe(false));
    expect(h.served).toEqual(['desktop']);
    expect(await refused(`${h.base}/`)).toBe(true);

    const next = h.links.open('laptop', NOW);
    const again = await h.server.ensureListening();
    expect(again.ok).toBe(true);
    expect(h.server.listening).toBe(true);
    if (!again.ok) return;
    const served = await get(`http://127.0.0.1:${again.value.port}/s/${next.token}/`);
    expect(await served.text()).toContain('# for laptop');
  });

  test('closeIfIdle keeps listening while an address is open', async () => {
    const h = await start();
    h.links.open('desktop', NOW);
    await h.server.closeIfIdle();
    expect(h.server.listening).toBe(true);
    expect((await get(`${h.base}/`)).status).toBe(404);
  });

  test('a timer stops it once the addresses expired unused', async () => {
    const h = await start({ idleCheckMs: 30 });
    h.links.open('desktop', NOW);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(h.server.listening).toBe(true); // still open: the timer looks again later
    h.clock.now = NOW + SETUP_LINK_MS;
    await vi.waitFor(() => expect(h.server.listening).toBe(false));
    expect(await refused(`${h.base}/`)).toBe(true);
  });

  test('ensureListening twice, even at once, is one server on one port', async () => {
    const h = await start();
    const [a, b] = await Promise.all([h.server.ensureListening(), h.server.ensureListening()]);
    const c = await h.server.ensureListening();
    const port = Number(new URL(h.base).port);
    for (const result of [a, b, c]) expect(result).toEqual(ok({ host: '127.0.0.1', port }));
  });

  test('a port in use is a cannot-listen value naming SETUP_LISTEN', async () => {
    const blocker = createNetServer();
    occupied.push(blocker);
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    const server = createSetupServer({
      listen: { host: '127.0.0.1', port },
      links: new SetupLinks(),
      scriptFor: () => Promise.resolve(ok(SCRIPT)),
      onServed: () => undefined,
      logger: pino({ enabled: false }),
    });
    running.push(server);
    const result: Result<unknown, { kind: string; reason?: string; message: string }> = await server.ensureListening();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('cannot-listen');
    expect(result.error.reason).toBe('address-in-use');
    expect(result.error.message).toContain('SETUP_LISTEN');
    expect(result.error.message).toContain(`127.0.0.1:${port}`);
    expect(server.listening).toBe(false);
  });

  test('close ends even a connection that is still sending, and is for good', async () => {
    const h = await start();
    h.links.open('desktop', NOW);
    const socket = connect(Number(new URL(h.base).port), '127.0.0.1');
    socket.on('error', () => undefined); // the server resets it: that is the point
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write('GET /s/'); // never finished
    const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const started = Date.now();
    await h.server.close();
    await ended;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(h.server.listening).toBe(false);
    expect(await refused(`${h.base}/`)).toBe(true);
    const after = await h.server.ensureListening();
    expect(after.ok ? 'listening' : after.error.kind).toBe('closed');
  });
});

describe('parseListen', () => {
  test('default when unset or empty', () => {
    expect(parseListen(undefined)).toEqual(ok({ host: '0.0.0.0', port: 8477 }));
    expect(parseListen('')).toEqual(ok({ host: '0.0.0.0', port: 8477 }));
    expect(parseListen('  ')).toEqual(ok({ host: '0.0.0.0', port: 8477 }));
  });

  test('host:port, [ipv6]:port, :port and port', () => {
    expect(parseListen('192.168.1.10:9000')).toEqual(ok({ host: '192.168.1.10', port: 9000 }));
    expect(parseListen('localhost:8477')).toEqual(ok({ host: 'localhost', port: 8477 }));
    expect(parseListen('[::]:8477')).toEqual(ok({ host: '::', port: 8477 }));
    expect(parseListen('[fd00::1]:80')).toEqual(ok({ host: 'fd00::1', port: 80 }));
    expect(parseListen(':9001')).toEqual(ok({ host: '0.0.0.0', port: 9001 }));
    expect(parseListen('9002')).toEqual(ok({ host: '0.0.0.0', port: 9002 }));
  });

  test('errors say what is wrong, give an example, and do not repeat the value', () => {
    const cases: [string, string][] = [
      ['10.0.0.1:0', 'port'],
      ['10.0.0.1:65536', 'port'],
      ['10.0.0.1:http', 'port'],
      ['10.0.0.1:', 'port'],
      ['10.0.0.1:84 77', 'port'],
      ['::1:8477', 'brackets'],
      ['[::1]8477', 'brackets'],
      ['[zz]:8477', 'IPv6'],
      ['bad_host!:8477', 'host'],
    ];
    for (const [text, problem] of cases) {
      const result = parseListen(text);
      expect(result.ok, text).toBe(false);
      if (result.ok) continue;
      expect(result.error, text).toContain('SETUP_LISTEN');
      expect(result.error, text).toContain(problem);
      expect(result.error, text).toContain('0.0.0.0:8477');
      expect(result.error, text).not.toContain(text);
    }
  });
});

describe('defaultSetupUrl', () => {
  const entry = (address: string, family: 'IPv4' | 'IPv6', internal: boolean): NetworkInterfaceInfo =>
    family === 'IPv4'
      ? { address, family, internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null }
      : { address, family, internal, netmask: 'ffff:ffff:ffff:ffff::', mac: '00:00:00:00:00:00', cidr: null, scopeid: 0 };

  test('the first IPv4 address that is neither loopback nor link-local', () => {
    const interfaces = {
      lo: [entry('127.0.0.1', 'IPv4', true), entry('::1', 'IPv6', true)],
      eth0: [entry('fe80::1', 'IPv6', false), entry('169.254.3.4', 'IPv4', false), entry('192.168.1.20', 'IPv4', false)],
      wlan0: [entry('10.0.0.5', 'IPv4', false)],
      down: undefined,
    };
    expect(defaultSetupUrl(8477, interfaces)).toEqual(ok('http://192.168.1.20:8477'));
    expect(defaultSetupUrl(9000, { wlan0: interfaces.wlan0 })).toEqual(ok('http://10.0.0.5:9000'));
  });

  test('none: says to set SETUP_URL', () => {
    const result = defaultSetupUrl(8477, {
      lo: [entry('127.0.0.1', 'IPv4', true)],
      eth0: [entry('2001:db8::5', 'IPv6', false)],
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('SETUP_URL');
    expect(defaultSetupUrl(8477, {}).ok).toBe(false);
  });
});

describe('setupLine', () => {
  const token = 'AbCdEfGhIjKlMnOpQrStUvWxYz012_-9';

  test('curl and wget lines; a trailing slash of the base is dropped', () => {
    const expected = ok({
      curl: `curl -fsSL http://192.168.1.20:8477/s/${token}/ | sudo sh`,
      wget: `wget -qO- http://192.168.1.20:8477/s/${token}/ | sudo sh`,
    });
    expect(setupLine('http://192.168.1.20:8477', token)).toEqual(expected);
    expect(setupLine('http://192.168.1.20:8477/', token)).toEqual(expected);
    expect(setupLine('https://bot.example.org/setup', token)).toEqual(
      ok({
        curl: `curl -fsSL https://bot.example.org/setup/s/${token}/ | sudo sh`,
        wget: `wget -qO- https://bot.example.org/setup/s/${token}/ | sudo sh`,
      }),
    );
  });

  test('an IPv6 base is quoted for the shell', () => {
    const line = setupLine('http://[fd00::5]:8477', token);
    expect(line).toEqual(
      ok({
        curl: `curl -fsSL 'http://[fd00::5]:8477/s/${token}/' | sudo sh`,
        wget: `wget -qO- 'http://[fd00::5]:8477/s/${token}/' | sudo sh`,
      }),
    );
  });

  test('refuses what is not a plain http(s) base, or a token that is not one', () => {
    for (const base of [
      'ftp://192.168.1.20/',
      '192.168.1.20:8477',
      'http://192.168.1.20:8477/?a=1',
      'http://192.168.1.20:8477/#x',
      'http://user:pw@192.168.1.20:8477',
      "http://192.168.1.20:8477/$(reboot)",
      'http://192.168.1.20:8477/a;b',
      'not a url',
    ]) {
      expect(setupLine(base, token).ok, base).toBe(false);
    }
    expect(setupLine('http://192.168.1.20:8477', 'short').ok).toBe(false);
    expect(setupLine('http://192.168.1.20:8477', `${token.slice(0, 31)};`).ok).toBe(false);
  });
});
