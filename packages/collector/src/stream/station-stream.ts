import { createBmpFramer, decodeBmpMessage, routeMonitoringPeer, type FramedItem } from '@bmp-lab/codec';
import type { StationEvent } from './station-events.js';

/**
 * A connection that sends mostly garbage is closed once this many messages
 * failed to decode (and more failed than decoded), so a hostile or broken
 * router cannot make the station report errors forever.
 */
export const MAX_DECODE_ERRORS = 1000;

/**
 * Framing and decoding of one BMP stream (one TCP connection): bytes in,
 * events out, each message decoded once. A message that does not decode is
 * reported and skipped (its length is known, the stream goes on); a broken
 * frame header loses the framing, so it is reported once and the rest of the
 * stream is ignored. Which connection it is, is its owner's business.
 */
export class StationStream {
  private readonly framer = createBmpFramer();
  private errors = 0;
  private decoded = 0;
  private halted = false;
  /** Messages framed from the chunks received, worked through from `next` on (a slice at a time, if the owner asks). */
  private backlog: FramedItem[] = [];
  private next = 0;
  /** When the first byte of the message still being assembled arrived; null when none is. */
  private partial: number | null = null;
  /** When the latest bytes arrived. */
  private heard: number;

  constructor(
    private readonly now: () => number,
    private readonly emit: (event: StationEvent) => void,
  ) {
    this.heard = now();
    emit({ kind: 'connected', at: this.heard });
  }

  /** When the message still being assembled began to arrive (null if none is): a sender that stalls mid-message holds it. */
  get partialSince(): number | null {
    return this.partial;
  }

  /** When bytes last arrived (or the connection opened). */
  get lastHeard(): number {
    return this.heard;
  }

  /** Bytes held for the message still being assembled. */
  get buffered(): number {
    return this.framer.buffered;
  }

  /** The owner gave up on this connection: nothing more is read, not even the rest of the chunk being read now. */
  halt(): void {
    this.halted = true;
    this.backlog = [];
    this.next = 0;
  }

  /**
   * Frames a chunk and works through at most `limit` of the messages waiting
   * (all by default). False once the framing is lost (after the messages
   * before the loss) or the peer sends mostly garbage: the caller should
   * close the connection. With a limit, call `work` while `queued` is above 0.
   */
  receive(chunk: Uint8Array, limit = Infinity): boolean {
    if (this.halted) return false;
    const arrived = (this.heard = this.now());
    const items = this.framer.push(chunk);
    // A message left incomplete began in this chunk if another completed in it, else it is the one already waiting.
    this.partial = this.framer.buffered === 0 ? null : items.length > 0 || this.partial === null ? arrived : this.partial;
    if (this.next === this.backlog.length) {
      this.backlog = items;
      this.next = 0;
    } else for (const item of items) this.backlog.push(item);
    return this.work(limit);
  }

  /** Messages framed and not yet worked through. */
  get queued(): number {
    return this.backlog.length - this.next;
  }

  /** Works through at most `limit` waiting messages; false as for `receive`. */
  work(limit = Infinity): boolean {
    for (let n = 0; n < limit && this.next < this.backlog.length; n++) {
      if (this.halted) return false;
      if (!this.handle(this.backlog[this.next++] as FramedItem)) return false;
    }
    if (this.next === this.backlog.length) {
      this.backlog = [];
      this.next = 0;
    }
    return !this.halted && (this.next < this.backlog.length || this.framer.failed === null);
  }

  /** One framed item: decoded and reported; false when the connection is to be closed. */
  private handle(item: FramedItem): boolean {
    const at = this.now();
    if (!item.ok) {
      this.emit({ kind: 'error', at, error: item.error });
      return true;
    }
    // Prefixes as runs over the bytes: the route table walks them as numbers, and text is made only for what is shown.
    const decoded = decodeBmpMessage(item.bytes, { prefixRuns: true });
    if (!decoded.ok) {
      const error = { ...decoded.error, offset: item.offset + decoded.error.offset };
      const peer = decoded.error.handling === 'treat-as-withdraw' ? routeMonitoringPeer(item.bytes) : null;
      this.emit({ kind: 'error', at, error, ...(peer ? { treatAsWithdraw: { peer, bytes: item.bytes } } : {}) });
      if (++this.errors >= MAX_DECODE_ERRORS && this.errors > this.decoded) {
        this.emit({ kind: 'rejected', at, reason: `${this.errors} messages failed to decode; closing the connection` });
        this.halt();
        return false;
      }
      return true;
    }
    this.decoded++;
    const message = decoded.value;
    this.emit({ kind: 'message', at, message, bytes: item.bytes });
    return true;
  }

  /** The connection is gone: what was framed before is worked through first (unless the owner gave up on it). */
  close(): void {
    if (!this.halted) this.work();
    this.emit({ kind: 'disconnected', at: this.now() });
  }
}
