import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { StationStream } from '../station-stream.js';
import type { StationEvent } from '../station-events.js';

export interface StationListenerOptions {
  /** Loopback address to bind (the lab network maps station addresses onto it). */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The station endpoint as the lab names it, e.g. `10.1.1.1:1790`. */
  name: string;
  onEvent(event: StationEvent): void;
  /** Refuse connections beyond this many at once (bounded resources). */
  maxConnections?: number;
}

export interface StationListener {
  readonly name: string;
  /** The real bound endpoint. */
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Listen for BMP routers on a real TCP socket and feed each connection to a StationStream. */
export function listenStation(options: StationListenerOptions): Promise<StationListener> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const router = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`;
    const stream = new StationStream({ station: options.name, router }, Date.now, options.onEvent);
    socket.on('data', (chunk: Buffer) => {
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      // The framing is lost: nothing more on this connection can be read as BMP.
      if (!stream.receive(bytes)) socket.destroy();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      stream.close();
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
        name: options.name,
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
