import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { ConnectionInput, Endpoint } from '../index.js';

export interface StationListenerOptions {
  /** Address to bind (the lab network maps station addresses onto loopback). */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** A router connected: both TCP ends; its bytes go to what this returns (the Station's `accept`). */
  accept(tcp: { router: Endpoint; local: Endpoint }): ConnectionInput;
  /** Refuse connections beyond this many at once (bounded resources). */
  maxConnections?: number;
}

export interface StationListener {
  /** The real bound endpoint. */
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Listen for BMP routers on a real TCP socket and feed each connection to the station. */
export function listenStation(options: StationListenerOptions): Promise<StationListener> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const input = options.accept({
      router: { address: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 },
      local: { address: socket.localAddress ?? '?', port: socket.localPort ?? 0 },
    });
    socket.on('data', (chunk: Buffer) => {
      // The framing is lost, or the router sends mostly garbage: nothing more on this connection is read.
      if (!input.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))) socket.destroy();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      input.close();
    });
  });
  server.maxConnections = options.maxConnections ?? 64;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({
        host: options.host,
        port,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
