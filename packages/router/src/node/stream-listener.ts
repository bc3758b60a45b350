import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import type { StreamConnection } from '../bmp-client/transport.js';
import { wrapSocket } from './tcp-connection.js';

export interface StreamListener {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Accept TCP connections (e.g. for a lab BGP neighbor) and hand each over as a StreamConnection. */
export function listenStream(host: string, port: number, onConnection: (c: StreamConnection) => void): Promise<StreamListener> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    onConnection(wrapSocket(socket));
  });
  server.maxConnections = 16;
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
