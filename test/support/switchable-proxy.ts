import net from 'node:net';

/**
 * A TCP relay on 127.0.0.1 (free port) to `targetPort`: a computer that can be switched off (every connection cut,
 * new ones refused) and on again on the same port.
 */
export async function startSwitchableProxy(targetPort: number): Promise<{ port: number; switchOff: () => Promise<void>; switchOn: () => Promise<void>; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const relay = (client: net.Socket) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  };
  let server = net.createServer(relay);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  const port = address.port;
  const switchOff = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return {
    port,
    switchOff,
    switchOn: async () => {
      server = net.createServer(relay);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', resolve);
      });
    },
    close: () => (server.listening ? switchOff() : Promise.resolve()),
  };
}
