import type { BmpMessage, BmpMessageTypeName, PrefixList } from '@bmp-lab/codec';
import type { StationMessageRecord } from '../station-updates.js';
import { messageRecord, recordFromBytes, type MessageOrigin } from './message-record.js';

/**
 * A message in the station's log: its seq, type, origin and whole length,
 * the bytes kept of it, and its record (what viewers, exercises and the
 * stored log read), made from those the first time someone asks and kept.
 *
 * Made lazily because a table dump logs ten thousand messages a second that
 * nobody may be watching: making each one's record as it arrived (its
 * summary, first prefixes, AS path) took about a sixth of the event loop's
 * time in the server's million-route IPv6 ingest (station-routes bench: 389
 * vs 326 ms median of six alternating runs). A message kept only in part
 * cannot be read again, so the log gives it its record when it logs it.
 */
export class LoggedMessage {
  private record: StationMessageRecord | null;

  constructor(
    readonly seq: number,
    readonly type: BmpMessageTypeName,
    readonly origin: MessageOrigin,
    /** The whole message's length in bytes; `bytes` may hold only its head. */
    readonly length: number,
    readonly bytes: Uint8Array,
    record: StationMessageRecord | null = null,
  ) {
    this.record = record;
  }

  /** A message read back from a stored log, with the record stored beside its bytes. */
  static stored(record: StationMessageRecord, bytes: Uint8Array): LoggedMessage {
    const { receivedAt, station, router, connection, sessionKey } = record;
    return new LoggedMessage(record.seq, record.type, { receivedAt, station, router, connection, sessionKey }, record.length, bytes, record);
  }

  /** Whether the record has been made (for tests and for whoever would rather not make it). */
  get recordMade(): boolean {
    return this.record !== null;
  }

  /**
   * The record, made from `decoded` (the station's decoding of these bytes, which the `message` update carries) if it
   * is not made yet: the same record as `view`, without decoding the bytes again.
   */
  recordFrom(decoded: BmpMessage<PrefixList>): StationMessageRecord {
    this.record ??= messageRecord(this.origin, this.seq, decoded, this.length);
    return this.record;
  }

  /** The message's record, as the station would have made it on arrival. */
  get view(): StationMessageRecord {
    if (this.record === null) {
      // The station decoded these very bytes when they arrived, and a message kept only in part came with its record.
      const made = recordFromBytes(this.origin, this.seq, this.bytes);
      if (made === null) throw new Error(`station message ${this.seq} does not decode again: the log kept other bytes than it received`);
      this.record = made;
    }
    return this.record;
  }
}
