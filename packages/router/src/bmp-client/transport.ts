/**
 * The edges of the BMP client, injected so the core stays deterministic: how
 * to reach a monitoring station, and time. `src/node/` holds the real ones.
 */

export interface DialTarget {
  /** The address as configured (`bmp-session 10.1.1.1`, `peer 10.2.2.2 …`). */
  address: string;
  port: number;
  vpnInstance: string | null;
  /** Source address (`connect-interface` with an IPv4 address), when one is set. */
  sourceAddress?: string;
}

/** An open TCP connection (to a monitoring station, or a BGP peer). */
export interface StreamConnection {
  /**
   * The router's own address on this connection, as it reports it (BMP
   * session, Peer Up): inside a lab, its lab address (the dialer says which);
   * otherwise the socket's.
   */
  readonly localAddress: string;
  /** The socket's real local port (the lab maps addresses, never ports). */
  readonly localPort: number;
  /** The socket's real local address, when `localAddress` is a lab address instead (a station sees this one). */
  readonly socketAddress?: string;
  /** The far end as the router dialled it (inside a lab, the lab address), and its real port. */
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Queue bytes; false when the socket's buffer is full (wait for `onDrain`). */
  write(bytes: Uint8Array): boolean;
  /** Bytes queued but not yet handed to the kernel. */
  readonly pendingBytes: number;
  /** Close after what is queued has been sent. */
  end(): void;
  /** Drop the connection at once (no FIN wait), e.g. after a NOTIFICATION. */
  destroy(): void;
  onDrain(listener: () => void): void;
  /** Bytes received. BMP is one-way: a BMP client never listens for them. */
  onData(listener: (bytes: Uint8Array) => void): void;
  /** Called once when the connection is gone, with the reason when it failed. */
  onClose(listener: (error: string | null) => void): void;
  /**
   * Stop reading until `resume` (TCP flow control then holds the far end):
   * a receiver that handles what it read in slices pauses while it has some
   * left. Without them, data keeps arriving and is queued behind the rest.
   */
  pause?(): void;
  resume?(): void;
}

/** A BMP client's connection to its monitoring station. */
export type BmpConnection = StreamConnection;

export type DialResult = { ok: true; connection: StreamConnection } | { ok: false; error: string };

/**
 * Who dials: a BMP session names itself (its session key), so that the lab
 * network can record which session opened which station connection.
 */
export interface DialOrigin {
  bmpSession?: string;
}

export interface Dialer {
  dial(target: DialTarget, origin?: DialOrigin): Promise<DialResult>;
}

export interface TimerHandle {
  cancel(): void;
}

/**
 * Time as the protocol sees it. `setTimer` takes protocol milliseconds; a
 * clock may run protocol time faster than wall time (BMPLAB_TIME_SCALE) for
 * tests. `now` is wall time in epoch ms.
 */
export interface Clock {
  now(): number;
  setTimer(protocolMs: number, fire: () => void): TimerHandle;
  /** Protocol milliseconds left until a wall-clock deadline. */
  remaining(deadlineWallMs: number): number;
  /** Wall-clock deadline of a timer started now for `protocolMs`. */
  deadline(protocolMs: number): number;
  /**
   * Real milliseconds from a monotonic source, never scaled: how long a
   * piece of work has held the event loop, which every lab and console of
   * the process shares.
   */
  elapsed(): number;
  /** Run `fire` once what else is waiting (sockets, timers, other labs' consoles) has had its turn. */
  later(fire: () => void): TimerHandle;
}
