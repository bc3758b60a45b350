import { createBmpFramer, decodeBmpMessage, routeMonitoringPeer } from '@bmp-lab/codec';
import type { StationEvent } from './station-events.js';
import { summarizeBmpMessage } from './summarize.js';

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

  constructor(
    private readonly now: () => number,
    private readonly emit: (event: StationEvent) => void,
  ) {
    emit({ kind: 'connected', at: now() });
  }

  /** False once the framing is lost or the peer sends mostly garbage: the caller should close the connection. */
  receive(chunk: Uint8Array): boolean {
    for (const item of this.framer.push(chunk)) {
      const at = this.now();
      if (!item.ok) {
        this.emit({ kind: 'error', at, error: item.error });
        continue;
      }
      const decoded = decodeBmpMessage(item.bytes);
      if (!decoded.ok) {
        const error = { ...decoded.error, offset: item.offset + decoded.error.offset };
        const peer = decoded.error.handling === 'treat-as-withdraw' ? routeMonitoringPeer(item.bytes) : null;
        this.emit({ kind: 'error', at, error, ...(peer ? { treatAsWithdraw: { peer, bytes: item.bytes } } : {}) });
        if (++this.errors >= MAX_DECODE_ERRORS && this.errors > this.decoded) {
          this.emit({ kind: 'rejected', at, reason: `${this.errors} messages failed to decode; closing the connection` });
          return false;
        }
        continue;
      }
      this.decoded++;
      const message = decoded.value;
      this.emit({
        kind: 'message',
        at,
        type: message.type,
        length: item.bytes.length,
        summary: summarizeBmpMessage(message),
        message,
        bytes: item.bytes,
      });
    }
    return this.framer.failed === null;
  }

  close(): void {
    this.emit({ kind: 'disconnected', at: this.now() });
  }
}
