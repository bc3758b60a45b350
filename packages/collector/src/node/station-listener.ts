import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { ConnectionInput, Endpoint } from '../index.js';

export interface StationListenerOptions {
  /** Address to bind (the lab network maps station addresses onto loopback). */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /**
   * A router connected: both TCP ends, and how to close it; its bytes go to
   * what this returns (the Station's `accept`).
   */
  accept(tcp: { router: Endpoint; local: Endpoint; hangUp: () => void; slice: number }): ConnectionInput;
  /** Refuse connections beyond this many at once (bounded resources). */
  maxConnections?: number;
  /**
   * Connections without their Initiation yet held at once: a new connection
   * beyond it drops the oldest of them, so connections that never send one
   * (or send it a byte at a time) cannot keep a router out.
   */
  maxPending?: number;
}

/** Connections at once per listener, by default. */
export const STATION_MAX_CONNECTIONS = 64;
/** Messages of one connection worked through per turn of the event loop. */
export const STATION_SLICE_MESSAGES = 128;
/** Connections still waiting for their Initiation per listener, by default. */
export const STATION_MAX_PENDING = 16;

export interface StationListener {
  /** The real bound endpoint. */
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Listen for BMP routers on a real TCP socket and feed each connection to the station. */
export function listenStation(options: StationListenerOptions): Promise<StationListener> {
  const max = options.maxConnections ?? STATION_MAX_CONNECTIONS;
  const maxPending = Math.min(max, options.maxPending ?? STATION_MAX_PENDING);
  /** Open connections, oldest first. */
  const sockets = new Map<Socket, ConnectionInput>();
  /** The oldest connection still without its Initiation, dropped with `reason` to make room; false if there is none. */
  const dropOldestPending = (reason: string): boolean => {
    for (const [socket, input] of sockets) {
      if (input.pending !== true || socket.destroyed) continue;
      input.evict?.(reason);
      socket.destroy();
      sockets.delete(socket);
      return true;
    }
    return false;
  };
  const server: Server = createServer((socket) => {
    let pending = 0;
    for (const [s, input] of sockets) if (input.pending === true && !s.destroyed) pending++;
    if (pending >= maxPending) dropOldestPending(`${pending} connections were waiting for their Initiation; the oldest made room for a new one`);
    else if (sockets.size >= max && !dropOldestPending(`${max} connections were open; the oldest one without an Initiation made room for a new one`)) {
      // Every slot holds a router that sent its Initiation: the newcomer waits for one to leave.
      socket.destroy();
      return;
    }
    const input = options.accept({
      router: { address: socket.remoteAddress ?? '?', port: socket.remotePort ?? 0 },
      local: { address: socket.localAddress ?? '?', port: socket.localPort ?? 0 },
      hangUp: () => socket.destroy(),
      slice: STATION_SLICE_MESSAGES,
    });
    sockets.set(socket, input);
    // The framing is lost, or the router sends mostly garbage: nothing more on this connection is read.
    const worked = (going: boolean) => {
      if (!going) socket.destroy();
      else if ((input.queued ?? 0) > 0 && input.work) {
        // A chunk holds hundreds of messages: the rest waits for the next turn, so HTTP, WebSocket and other routers get theirs.
        socket.pause();
        const work = input.work.bind(input);
        setImmediate(() => worked(!socket.destroyed && work()));
      } else if (socket.isPaused()) socket.resume();
    };
    socket.on('data', (chunk: Buffer) => worked(input.receive(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))));
    socket.on('error', () => {});
    socket.on('close', () => {
      sockets.delete(socket);
      input.close();
    });
  });
  // The bound is kept above (dropping a connection that never sent its Initiation first), not by the server refusing.
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
            for (const s of sockets.keys()) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
