import type { StreamConnection } from '@bmp-lab/router';

/** Bytes one held connection keeps before anyone reads them (a BGP OPEN is at most 4 KiB; more is not a BGP peer). */
const MAX_HELD_BYTES = 64 * 1024;

/**
 * A connection whose first reader comes later (an accepted socket waiting to
 * learn who dialled it): bytes and the close that arrive meanwhile are kept
 * and handed to the first `onData` / `onClose` listener. Past MAX_HELD_BYTES
 * the connection is dropped rather than grown.
 */
export function holdUntilClaimed(c: StreamConnection): StreamConnection {
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  let dataListener: ((bytes: Uint8Array) => void) | null = null;
  let closeListener: ((error: string | null) => void) | null = null;
  let closed: { error: string | null } | null = null;
  c.onData((bytes) => {
    if (dataListener) return dataListener(bytes);
    heldBytes += bytes.byteLength;
    if (heldBytes > MAX_HELD_BYTES) return c.destroy();
    held.push(bytes.slice());
  });
  c.onClose((error) => {
    closed = { error };
    closeListener?.(error);
  });
  return {
    get localAddress() {
      return c.localAddress;
    },
    get localPort() {
      return c.localPort;
    },
    get remoteAddress() {
      return c.remoteAddress;
    },
    get remotePort() {
      return c.remotePort;
    },
    get pendingBytes() {
      return c.pendingBytes;
    },
    write: (bytes) => c.write(bytes),
    end: () => c.end(),
    destroy: () => c.destroy(),
    onDrain: (l) => c.onDrain(l),
    onData: (l) => {
      dataListener = l;
      const pending = held;
      held = [];
      for (const bytes of pending) l(bytes);
    },
    onClose: (l) => {
      closeListener = l;
      if (closed) l(closed.error);
    },
    pause: () => c.pause?.(),
    resume: () => c.resume?.(),
  };
}
