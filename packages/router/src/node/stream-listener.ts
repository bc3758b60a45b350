import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import type { StreamConnection } from '../bmp-client/transport.js';
import { wrapSocket } from './tcp-connection.js';

export interface StreamListener {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Connections one listener holds at once unless told otherwise: plenty for a lab BGP neighbor, which has one peer. */
const DEFAULT_MAX_CONNECTIONS = 16;

/**
 * Accept TCP connections (e.g. for a lab BGP neighbor) and hand each over as a
 * StreamConnection. Past `maxConnections` open at once, a new connection is
 * closed before anyone sees it (a router with more peers needs more).
 */
export function listenStream(host: string, port: number, onConnection: (c: StreamConnection) => void, options: { maxConnections?: number } = {}): Promise<StreamListener> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    onConnection(wrapSocket(socket));
  });
  server.maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve({
        host,
        port: typeof address === 'object' && address ? address.port : port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
