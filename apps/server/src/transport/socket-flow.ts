import type { Writable } from 'node:stream';
import type { WebSocket } from 'ws';

/** How much one browser socket may have waiting to be sent before the server stops producing for it. */
export interface FlowLimits {
  /** Above this many unsent bytes the socket is paused: its input is not read, its consoles and events are not forwarded. */
  highWater: number;
  /** Paused, the socket resumes once its unsent bytes are down to this. */
  lowWater: number;
  /** A socket paused this long without draining to `lowWater` is closed (the client does not read). */
  stallMs: number;
  /** Unsent bytes above this close the socket at once (a safety net: pausing keeps it far below). */
  hardLimit: number;
  /** A closed socket whose close frame cannot get through (the client reads nothing) is dropped after this. */
  closeGraceMs: number;
}

export const DEFAULT_FLOW_LIMITS: FlowLimits = {
  highWater: 1024 * 1024,
  lowWater: 256 * 1024,
  stallMs: 10_000,
  hardLimit: 16 * 1024 * 1024,
  closeGraceMs: 5_000,
};

/** Close code for a socket whose client does not read (policy violation, RFC 6455 section 7.4.1). */
export const CLOSE_NOT_READING = 1008;

/** How often a paused socket's unsent bytes are looked at. */
const POLL_MS = 25;

/**
 * Output flow control of one browser socket. `ws.send` never refuses, so a
 * client that does not read would make the server buffer without bound:
 * past the high-water mark the socket stops being read (no input, so no
 * console output follows) and the owner stops forwarding to it; below the
 * low-water mark it resumes and the owner catches it up (`onResume`). A
 * socket that stays paused for `stallMs`, or whose unsent bytes pass the
 * hard limit, is closed with CLOSE_NOT_READING and a reason.
 *
 * What is sent in one turn of the event loop leaves in at most two writes:
 * the turn's first frame at once, and from the second on the socket is
 * corked until the turn's synchronous work is done (process.nextTick). A
 * table dump gives a watching browser a `station.message` for each of about
 * a hundred messages a read of the router's socket brings, and a write (a
 * system call) for each frame took more of the event loop than decoding the
 * messages and keeping their routes (profiled: the million-route IPv6 ingest
 * took twice as long with one WebSocket client reading every frame). A lone
 * frame, such as a keystroke's echo, is not held for the rest of the turn:
 * corked, it left 70 µs after it was sent instead of 35 (the median of 500
 * keys at a typist's pace, timed inside the server).
 */
export class SocketFlow {
  private pausedAt: number | null = null;
  /** Frames sent in this turn of the event loop (from the second on, the socket is corked until the turn ends). */
  private sentThisTurn = 0;
  /** The owner is busy with an input: the socket is not read meanwhile (see holdInput). */
  private inputHeld = false;
  private poll: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly ws: WebSocket,
    /** The connection under `ws` (what the HTTP upgrade handed over). */
    private readonly socket: Writable,
    private readonly limits: FlowLimits,
    /** Below the low-water mark again: forward what was held back. */
    private readonly onResume: () => void,
    /** The socket is being closed for not reading (before its close event, which may come much later). */
    private readonly onStop: () => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Paused (or closing): console output and events are held back, not sent. */
  get paused(): boolean {
    return this.pausedAt !== null || this.stopped;
  }

  /**
   * Stop (true) or restart (false) reading the socket for the owner's own
   * reason (it is still working through an input): reading resumes only when
   * neither this nor the output asks for a pause.
   */
  holdInput(held: boolean): void {
    this.inputHeld = held;
    this.applyReading();
  }

  /** Send a message now (replies, and whatever the owner decided to send), then look at what waits. */
  send(text: string): void {
    if (this.stopped || this.ws.readyState !== this.ws.OPEN) return;
    // The turn's first frame is written at once; from its second on, the rest of the turn goes out in one write.
    const first = this.sentThisTurn++ === 0;
    if (this.sentThisTurn === 2) this.socket.cork();
    try {
      this.ws.send(text);
    } finally {
      // The turn's end is scheduled once its first frame is written (a keystroke's echo need not wait for it).
      if (first) process.nextTick(this.endTurn);
    }
    this.check();
  }

  private readonly endTurn = (): void => {
    if (this.sentThisTurn > 1) this.socket.uncork();
    this.sentThisTurn = 0;
  };

  /** The socket closed: no more polling. */
  dispose(): void {
    this.clearPoll();
    this.stopped = true;
  }

  private check(): void {
    const waiting = this.ws.bufferedAmount;
    if (waiting > this.limits.hardLimit) return this.stop(`client not reading: ${waiting} bytes unsent`);
    if (this.pausedAt === null && waiting > this.limits.highWater) this.pause();
  }

  private applyReading(): void {
    if (this.stopped) return;
    const read = this.pausedAt === null && !this.inputHeld;
    if (read && this.ws.isPaused) this.ws.resume();
    else if (!read && !this.ws.isPaused) this.ws.pause();
  }

  private pause(): void {
    this.pausedAt = this.now();
    this.applyReading();
    this.poll = setInterval(() => this.tick(), POLL_MS);
    this.poll.unref();
  }

  private tick(): void {
    if (this.stopped || this.pausedAt === null) return this.clearPoll();
    const waiting = this.ws.bufferedAmount;
    if (waiting <= this.limits.lowWater) {
      this.clearPoll();
      this.pausedAt = null;
      this.applyReading();
      this.onResume();
      return;
    }
    const stalled = this.now() - this.pausedAt;
    if (stalled > this.limits.stallMs) {
      this.stop(`client not reading: ${waiting} bytes unsent for ${Math.round(stalled / 1000)} s`);
    }
  }

  private stop(reason: string): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearPoll();
    this.onStop();
    // The close frame waits behind the unsent bytes; read again so the client's close reply can end it.
    this.ws.close(CLOSE_NOT_READING, reason);
    this.ws.resume();
    const ws = this.ws;
    setTimeout(() => {
      if (ws.readyState !== ws.CLOSED) ws.terminate();
    }, this.limits.closeGraceMs).unref();
  }

  private clearPoll(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
  }
}
