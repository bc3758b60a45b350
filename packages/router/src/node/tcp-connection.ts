import { connect } from 'node:net';
import type { Socket } from 'node:net';
import type { DialResult, StreamConnection } from '../bmp-client/transport.js';

/** How long a TCP connect may take before it counts as failed (protocol-independent, wall time). */
const CONNECT_TIMEOUT_MS = 5000;
/** TCP keepalive probes start after this much silence. */
const KEEPALIVE_MS = 10_000;

/**
 * Open a real TCP connection. Only the lab network calls this, after it has
 * mapped the configured address onto an endpoint it is allowed to reach.
 */
export function tcpDial(host: string, port: number, localAddress?: string): Promise<DialResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, noDelay: true, ...(localAddress ? { localAddress } : {}) });
    const fail = (error: string) => {
      socket.destroy();
      resolve({ ok: false, error });
    };
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => fail(`connect to ${host}:${port} timed out`));
    socket.once('error', (e) => fail(e.message));
    socket.once('connect', () => {
      socket.setTimeout(0);
      // A station or peer that vanishes without a FIN is noticed (no "Up" for a dead socket).
      socket.setKeepAlive(true, KEEPALIVE_MS);
      socket.removeAllListeners('error');
      resolve({ ok: true, connection: wrapSocket(socket) });
    });
  });
}

/** A connected socket as a StreamConnection. Incoming bytes are read (and dropped unless someone listens). */
export function wrapSocket(socket: Socket): StreamConnection {
  let closeListener: ((error: string | null) => void) | null = null;
  let dataListener: ((bytes: Uint8Array) => void) | null = null;
  let closed = false;
  let lastError: string | null = null;
  socket.on('data', (chunk: Buffer) => dataListener?.(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
  socket.on('error', (e) => {
    lastError = e.message;
  });
  socket.on('close', () => {
    closed = true;
    closeListener?.(lastError);
  });
  return {
    localAddress: socket.localAddress ?? '0.0.0.0',
    localPort: socket.localPort ?? 0,
    remoteAddress: socket.remoteAddress ?? '0.0.0.0',
    remotePort: socket.remotePort ?? 0,
    write: (bytes) => !socket.destroyed && socket.write(bytes),
    get pendingBytes() {
      return socket.writableLength;
    },
    end: () => {
      socket.end();
      // A station that never reads must not keep the socket forever.
      setTimeout(() => socket.destroy(), CONNECT_TIMEOUT_MS).unref();
    },
    destroy: () => void socket.destroy(),
    onDrain: (listener) => void socket.on('drain', listener),
    onData: (listener) => {
      dataListener = listener;
    },
    onClose: (listener) => {
      closeListener = listener;
      if (closed) listener(lastError);
    },
    pause: () => void socket.pause(),
    resume: () => void socket.resume(),
  };
}
