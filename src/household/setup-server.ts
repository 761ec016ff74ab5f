import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isIPv4, isIPv6, type AddressInfo } from 'node:net';
import type { NetworkInterfaceInfo } from 'node:os';
import type { Logger } from 'pino';
import { err, ok, type Result } from '../lib/result.ts';
import { SETUP_LINK_MS, type SetupLinks } from './setup-links.ts';

/**
 * The small HTTP server from which a computer being added fetches its one-time setup script
 * (`curl -fsSL http://HOST:8477/s/<token>/ | sudo sh`). It listens on the LAN only while a setup address is open
 * (see `SetupLinks`): started when a parent asks for an address, stopped after the last one is used or expired.
 * It answers exactly `GET /s/<token>/` for a good token, once; everything else is the same short 404, so nobody
 * learns whether a token existed. The token is never logged.
 */

/** Where the setup server listens. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export interface SetupServerOptions {
  /** From SETUP_LISTEN (see `parseListen`); default 0.0.0.0:8477. Port 0 picks a free port (tests). */
  readonly listen: ListenAddress;
  /** The open setup addresses: `take(token, now)` spends a token once. */
  readonly links: SetupLinks;
  /** The script for that computer, or why it cannot be made (then 500 with a one-line text, logged). */
  readonly scriptFor: (machineId: string) => Promise<Result<string, string>>;
  /** Told after a script was served for a computer (the bot then starts watching for it). */
  readonly onServed: (machineId: string) => void;
  /** Default `Date.now`. */
  readonly now?: () => number;
  readonly logger: Logger;
  /**
   * How long after the last `ensureListening` the server checks whether it may stop (a link expired unused).
   * Default: a setup address's life (`SETUP_LINK_MS`) and a second.
   */
  readonly idleCheckMs?: number;
}

/** Why the server is not listening. `reason` lets a caller word it; `message` is plain English for the log. */
export type SetupServerProblem =
  | {
      readonly kind: 'cannot-listen';
      readonly reason: 'address-in-use' | 'not-permitted' | 'address-not-available' | 'other';
      readonly message: string;
    }
  | { readonly kind: 'closed'; readonly message: string };

export interface SetupServer {
  /** Starts listening if it is not; resolves with where it listens, or why it cannot. Idempotent. */
  ensureListening(): Promise<Result<ListenAddress, SetupServerProblem>>;
  /**
   * Stops listening when no link is open any more (`links.anyOpen(now)` is false); requests already being answered
   * finish. Called by the server itself after each served script and by a timer at the latest link expiry; also
   * callable from outside.
   */
  closeIfIdle(): Promise<void>;
  /** Stops for good (bot shutdown): closes the listener and every open connection. */
  close(): Promise<void>;
  /** Whether it is listening now. */
  readonly listening: boolean;
}

/** The path of a setup address: `/s/<token>/` (trailing slash optional), the token 24 bytes in base64url. */
const SETUP_PATH = /^\/s\/([A-Za-z0-9_-]{32})\/?$/;

/** Small limits: the server answers one short request per computer being added. */
const REQUEST_TIMEOUT_MS = 10_000;
const HEADERS_TIMEOUT_MS = 5_000;
const KEEP_ALIVE_TIMEOUT_MS = 1_000;
const MAX_CONNECTIONS = 16;

export function createSetupServer(options: SetupServerOptions): SetupServer {
  const now = options.now ?? Date.now;
  const log = options.logger.child({ module: 'setup-server' });
  const idleCheckMs = options.idleCheckMs ?? SETUP_LINK_MS + 1_000;

  /** The server listening (or starting to). */
  let current: Server | undefined;
  let starting: Promise<Result<ListenAddress, SetupServerProblem>> | undefined;
  /** Servers that stopped listening but may still be finishing a request, each with its end. */
  const draining = new Map<Server, Promise<void>>();
  let idleTimer: NodeJS.Timeout | undefined;
  let closedForGood = false;

  const armIdleTimer = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idleTimer = undefined;
      void closeIfIdle().then(() => {
        // Links opened without a call to ensureListening: look again later.
        if (current && !closedForGood && !idleTimer) armIdleTimer();
      });
    }, idleCheckMs);
    idleTimer.unref();
  };

  const stopTimer = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = undefined;
  };

  /** Stops `server` listening; resolves when its last connection ended. `force` ends open connections too. */
  const stop = (server: Server, force: boolean): Promise<void> => {
    let done = draining.get(server);
    if (!done) {
      done = new Promise<void>((resolve) => server.close(() => resolve())).then(() => {
        draining.delete(server);
      });
      draining.set(server, done);
    }
    if (force) server.closeAllConnections();
    else server.closeIdleConnections();
    return done;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    response.setHeader('Connection', 'close');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    const from = request.socket.remoteAddress;
    const match = SETUP_PATH.exec(request.url ?? '');
    if (!match) {
      log.debug({ from }, 'setup server: not a setup address');
      return reply(response, 404, 'not found\n');
    }
    if (request.method !== 'GET') {
      log.debug({ from, method: request.method }, 'setup server: method not allowed');
      response.setHeader('Allow', 'GET');
      return reply(response, 405, 'method not allowed\n');
    }
    const token = match[1] ?? '';
    const machineId = options.links.take(token, now());
    if (machineId === undefined) {
      log.info({ from }, 'setup address refused (wrong, spent or expired)');
      return reply(response, 404, 'not found\n');
    }
    let script: Result<string, string>;
    try {
      script = await options.scriptFor(machineId);
    } catch (error) {
      script = err('making the script threw');
      log.error({ err: error, machine: machineId }, 'setup script failed');
    }
    if (!script.ok) {
      log.error({ machine: machineId, problem: script.error, from }, 'setup script could not be made');
      response.once('close', () => void closeIfIdle());
      return reply(response, 500, 'the setup script could not be made\n');
    }
    response.once('close', () => {
      try {
        options.onServed(machineId);
      } catch (error) {
        log.error({ err: error, machine: machineId }, 'setup server: onServed threw');
      }
      void closeIfIdle();
    });
    log.info({ machine: machineId, from }, 'setup script served');
    response.writeHead(200, {
      'Content-Type': 'text/x-shellscript; charset=utf-8',
      'Cache-Control': 'no-store',
      'Content-Length': Buffer.byteLength(script.value),
    });
    response.end(script.value);
  };

  const start = (): Promise<Result<ListenAddress, SetupServerProblem>> => {
    const server = createServer(
      {
        requestTimeout: REQUEST_TIMEOUT_MS,
        headersTimeout: HEADERS_TIMEOUT_MS,
        keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
        connectionsCheckingInterval: 2_000,
      },
      (request, response) => {
        handle(request, response).catch((error: unknown) => {
          log.error({ err: error }, 'setup server: request failed');
          if (!response.headersSent) reply(response, 500, 'internal error\n');
          else response.destroy();
        });
      },
    );
    server.maxConnections = MAX_CONNECTIONS;
    server.timeout = REQUEST_TIMEOUT_MS;
    current = server;
    return new Promise((resolve) => {
      const onError = (error: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        if (current === server) current = undefined;
        const problem = listenProblem(options.listen, error);
        log.error(
          { code: error.code, host: options.listen.host, port: options.listen.port, problem: problem.message },
          'setup server cannot listen',
        );
        resolve(err(problem));
      };
      const onListening = () => {
        server.off('error', onError);
        server.on('error', (error) => log.error({ err: error }, 'setup server error'));
        const address = server.address() as AddressInfo;
        log.info({ host: address.address, port: address.port }, 'setup server listening');
        resolve(ok({ host: address.address, port: address.port }));
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen({ host: options.listen.host, port: options.listen.port });
    });
  };

  const ensureListening = async (): Promise<Result<ListenAddress, SetupServerProblem>> => {
    if (closedForGood) return err({ kind: 'closed', message: 'the setup server was closed for good' });
    if (starting) return starting;
    if (current?.listening) {
      armIdleTimer();
      const address = current.address() as AddressInfo;
      return ok({ host: address.address, port: address.port });
    }
    starting = start();
    try {
      const result = await starting;
      if (result.ok) {
        if (closedForGood) {
          // close() came while starting; it stops this server too.
          return err({ kind: 'closed', message: 'the setup server was closed for good' });
        }
        armIdleTimer();
      }
      return result;
    } finally {
      starting = undefined;
    }
  };

  const closeIfIdle = async (): Promise<void> => {
    if (starting) await starting;
    const server = current;
    if (!server || options.links.anyOpen(now())) return;
    current = undefined;
    stopTimer();
    log.info('setup server stopped (no setup address open)');
    await stop(server, false);
  };

  const close = async (): Promise<void> => {
    closedForGood = true;
    stopTimer();
    if (starting) await starting;
    const servers = [...draining.keys()];
    if (current) servers.push(current);
    current = undefined;
    await Promise.all(servers.map((server) => stop(server, true)));
  };

  return {
    ensureListening,
    closeIfIdle,
    close,
    get listening() {
      return current?.listening ?? false;
    },
  };
}

function reply(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}

function listenProblem(listen: ListenAddress, error: NodeJS.ErrnoException): SetupServerProblem {
  const where = `${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${listen.port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return {
        kind: 'cannot-listen',
        reason: 'address-in-use',
        message: `the setup server cannot listen on ${where}: another program already uses that port; choose another port in SETUP_LISTEN`,
      };
    case 'EACCES':
    case 'EPERM':
      return {
        kind: 'cannot-listen',
        reason: 'not-permitted',
        message: `the setup server may not listen on ${where}: ports below 1024 need extra rights; choose a port above 1023 in SETUP_LISTEN`,
      };
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        kind: 'cannot-listen',
        reason: 'address-not-available',
        message: `the setup server cannot listen on ${where}: this machine has no such address; set SETUP_LISTEN to one of its addresses or 0.0.0.0`,
      };
    default:
      return {
        kind: 'cannot-listen',
        reason: 'other',
        message: `the setup server cannot listen on ${where} (${error.code ?? error.message}); check SETUP_LISTEN`,
      };
  }
}

/** The default of SETUP_LISTEN: every IPv4 address of this machine, port 8477. */
export const DEFAULT_SETUP_LISTEN: ListenAddress = { host: '0.0.0.0', port: 8477 };

const LISTEN_EXAMPLE = 'e.g. 0.0.0.0:8477, [::]:8477 or :8477';
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * Reads the SETUP_LISTEN setting: `host:port`, `[ipv6]:port`, `:port` or `port` (then on every IPv4 address);
 * unset or empty gives 0.0.0.0:8477. The error says what is wrong and gives an example, never the value. Pure.
 */
export function parseListen(text: string | undefined): Result<ListenAddress, string> {
  const value = (text ?? '').trim();
  if (value === '') return ok(DEFAULT_SETUP_LISTEN);
  let host: string;
  let portText: string;
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    if (end < 0 || value[end + 1] !== ':') {
      return err(`SETUP_LISTEN: an IPv6 address in brackets must be followed by ":port" (${LISTEN_EXAMPLE})`);
    }
    host = value.slice(1, end);
    portText = value.slice(end + 2);
    if (!isIPv6(host)) return err(`SETUP_LISTEN: the part in brackets is not an IPv6 address (${LISTEN_EXAMPLE})`);
  } else {
    const colon = value.lastIndexOf(':');
    if (colon < 0) {
      host = DEFAULT_SETUP_LISTEN.host;
      portText = value;
    } else {
      host = value.slice(0, colon) || DEFAULT_SETUP_LISTEN.host;
      portText = value.slice(colon + 1);
      if (host.includes(':')) {
        return err(`SETUP_LISTEN: write an IPv6 address in brackets, as in [::]:8477 (${LISTEN_EXAMPLE})`);
      }
      if (!isIPv4(host) && !HOSTNAME.test(host)) {
        return err(`SETUP_LISTEN: the host is neither an IP address nor a host name (${LISTEN_EXAMPLE})`);
      }
    }
  }
  if (!/^\d{1,5}$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
    return err(`SETUP_LISTEN: the port must be a number from 1 to 65535 (${LISTEN_EXAMPLE})`);
  }
  return ok({ host, port: Number(portText) });
}

/**
 * The base address a computer fetches its script from when SETUP_URL is not set: `http://<address>:<port>` with the
 * first IPv4 address of this machine that is neither internal (loopback) nor link-local (169.254.x.x). Pure: pass
 * `os.networkInterfaces()`.
 */
export function defaultSetupUrl(
  listenPort: number,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
): Result<string, string> {
  for (const addresses of Object.values(interfaces)) {
    for (const address of addresses ?? []) {
      if (address.internal || address.family !== 'IPv4' || address.address.startsWith('169.254.')) continue;
      return ok(`http://${address.address}:${listenPort}`);
    }
  }
  return err(
    'this machine has no IPv4 network address the children’s computers could reach; set SETUP_URL to the address they can reach the bot at, e.g. http://192.168.1.10:8477',
  );
}

/** The lines a parent runs on a child's computer, with curl or with wget. */
export interface SetupLine {
  readonly curl: string;
  readonly wget: string;
}

/** Characters a base address may have in a shell line without quoting (brackets, for IPv6, are quoted). */
const URL_CHARACTERS = /^[A-Za-z0-9._~:/%[\]-]+$/;
const TOKEN = /^[A-Za-z0-9_-]{32}$/;

/**
 * The shell lines that fetch and run the setup script for `token` from `baseUrl` (http or https, no query, fragment
 * or user; a trailing slash is dropped): `curl -fsSL <base>/s/<token>/ | sudo sh` and the same with `wget -qO-`.
 * Pure.
 */
export function setupLine(baseUrl: string, token: string): Result<SetupLine, string> {
  if (!TOKEN.test(token)) return err('the token is not a setup token');
  const base = baseUrl.trim().replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return err('SETUP_URL is not a URL; write it as http://192.168.1.10:8477');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return err('SETUP_URL must start with http:// or https://');
  if (url.search !== '' || url.hash !== '' || base.includes('?') || base.includes('#')) {
    return err('SETUP_URL must not have a query (?…) or fragment (#…)');
  }
  if (url.username !== '' || url.password !== '') return err('SETUP_URL must not carry a user name or password');
  if (!URL_CHARACTERS.test(base)) return err('SETUP_URL has characters a shell line cannot carry unquoted');
  const address = `${base}/s/${token}/`;
  const word = /[[\]]/.test(address) ? `'${address}'` : address;
  return ok({ curl: `curl -fsSL ${word} | sudo sh`, wget: `wget -qO- ${word} | sudo sh` });
}
