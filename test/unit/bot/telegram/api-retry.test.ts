import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Api } from 'grammy';
import { afterEach, describe, expect, test } from 'vitest';
import { retryDroppedConnection } from '../../../../src/bot/telegram/api-retry.ts';

/** A Bot API stand-in on loopback that resets the first `resets` requests' connections and answers the rest. */
async function serverResetting(resets: number) {
  let seen = 0;
  const server = http.createServer((req, res) => {
    seen += 1;
    req.resume();
    req.on('end', () => {
      if (seen <= resets) {
        req.socket.resetAndDestroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, result: true }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { apiRoot: `http://127.0.0.1:${port}`, requests: () => seen, close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

function apiWithRetry(apiRoot: string): Api {
  const api = new Api('123:test', { apiRoot });
  api.config.use(retryDroppedConnection());
  return api;
}

describe('retryDroppedConnection', () => {
  const servers: { close: () => Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  test('a call whose connection was reset is sent once more and succeeds', async () => {
    const server = await serverResetting(1);
    servers.push(server);
    await expect(apiWithRetry(server.apiRoot).deleteMessage(1, 2)).resolves.toBe(true);
    expect(server.requests()).toBe(2);
  });

  test('only once: a second reset is the caller’s error', async () => {
    const server = await serverResetting(2);
    servers.push(server);
    await expect(apiWithRetry(server.apiRoot).deleteMessage(1, 2)).rejects.toMatchObject({ name: 'HttpError', error: { code: 'ECONNRESET' } });
    expect(server.requests()).toBe(2);
  });

  test('a refused connection is not retried', async () => {
    const server = await serverResetting(0);
    const { apiRoot } = server;
    await server.close();
    let calls = 0;
    const api = new Api('123:test', { apiRoot });
    api.config.use(async (previous, method, payload, signal) => {
      calls += 1;
      return previous(method, payload, signal);
    });
    api.config.use(retryDroppedConnection());
    await expect(api.deleteMessage(1, 2)).rejects.toMatchObject({ name: 'HttpError', error: { code: 'ECONNREFUSED' } });
    expect(calls).toBe(1);
  });
});
