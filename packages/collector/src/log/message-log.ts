import type { BmpMessage, PrefixList } from '@bmp-lab/codec';
import type { StationMessageRecord } from '../station-updates.js';
import { LoggedMessage } from './logged-message.js';
import type { MessageOrigin } from './message-record.js';

/** How many received messages the station keeps in memory, with their bytes, for new viewers and the inspector. */
export const STATION_LOG_SIZE = 2000;
/** Bytes of raw messages the log keeps in memory at most, whatever their number (older ones go first). */
export const STATION_LOG_BYTES = 64 * 1024 * 1024;
/**
 * Raw bytes kept of one message (in memory and in the sink): every message a
 * BGP speaker can send fits (an RFC 8654 extended UPDATE is at most 65,535
 * bytes, plus the BMP headers); of a larger one only its first bytes are
 * kept, the record still giving its whole length.
 */
export const STATION_MESSAGE_KEPT_BYTES = 128 * 1024;

/**
 * Where the station's message log goes beyond memory (the server: SQLite).
 * The station calls it; it never reaches into the station.
 */
export interface MessageSink {
  /** The newest `limit` messages kept from an earlier run, oldest first: the log continues after them. */
  recent(limit: number): readonly LoggedMessage[];
  /** Keep a message the station has just logged (its record is made only if the sink asks for it). */
  add(message: LoggedMessage): void;
  /** The bytes of a message no longer in memory, if kept. */
  bytes(seq: number): Uint8Array | undefined;
  /** Up to `limit` kept messages after `seq`, oldest first (an export reads the whole log by pages). */
  after?(seq: number, limit: number): readonly LoggedMessage[];
}

/**
 * The station's received messages: the newest `size` in memory (a ring,
 * oldest first, seq increasing), every one handed to the sink. A log with a
 * sink continues the sink's: its newest messages come back and seq goes on
 * after them.
 */
export class MessageLog {
  private readonly ring: (LoggedMessage | undefined)[];
  /** Index of the oldest entry. */
  private head = 0;
  private count = 0;
  private nextSeq = 0;
  /** Raw bytes the entries in memory hold. */
  private held = 0;

  constructor(
    private readonly sink: MessageSink | null = null,
    private readonly capacity = STATION_LOG_SIZE,
    private readonly maxBytes = STATION_LOG_BYTES,
    private readonly keptPerMessage = STATION_MESSAGE_KEPT_BYTES,
  ) {
    this.ring = new Array<LoggedMessage | undefined>(capacity);
    const kept = sink?.recent(capacity) ?? [];
    for (const item of kept.slice(-capacity)) this.push(item);
    const last = kept.at(-1)?.seq;
    if (last !== undefined) this.nextSeq = last + 1;
  }

  /**
   * Logs a message that arrived from `origin`, as the station decoded it: it gets the next seq, stays in memory while
   * among the newest, and goes to the sink. Its record is made when first read (LoggedMessage), except for a message
   * longer than the log keeps, whose bytes could not give it again.
   */
  add(origin: MessageOrigin, message: BmpMessage<PrefixList>, bytes: Uint8Array): LoggedMessage {
    const seq = this.nextSeq++;
    const whole = bytes.length <= this.keptPerMessage;
    // A copy of the head, not a view: a view would keep the whole message's buffer alive.
    const kept = whole ? bytes : bytes.slice(0, this.keptPerMessage);
    const logged = new LoggedMessage(seq, message.type, origin, bytes.length, kept);
    // Its bytes could not give the record again: it is made now.
    if (!whole) logged.recordFrom(message);
    this.push(logged);
    this.sink?.add(logged);
    return logged;
  }

  get size(): number {
    return this.count;
  }

  /** Raw bytes the messages in memory hold. */
  get bytesHeld(): number {
    return this.held;
  }

  /** The records of the messages in memory, oldest first (each made now if no one read it before). */
  recent(): StationMessageRecord[] {
    const out = new Array<StationMessageRecord>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.at(i).view;
    return out;
  }

  /** The messages in memory, oldest first, without making their records. */
  entries(): LoggedMessage[] {
    const out = new Array<LoggedMessage>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.at(i);
    return out;
  }

  /** The seq of the oldest message in memory, if any. */
  get oldestSeq(): number | undefined {
    return this.count === 0 ? undefined : this.at(0).seq;
  }

  /** The seq of the newest message in memory, if any. */
  get newestSeq(): number | undefined {
    return this.count === 0 ? undefined : this.at(this.count - 1).seq;
  }

  /**
   * Up to `limit` logged messages after `seq` (-1: from the oldest kept),
   * oldest first: from the sink when it can page, else from memory.
   */
  page(seq: number, limit: number): readonly LoggedMessage[] {
    if (this.sink?.after) return this.sink.after(seq, limit);
    const out: LoggedMessage[] = [];
    for (let i = 0; i < this.count && out.length < limit; i++) {
      const item = this.at(i);
      if (item.seq > seq) out.push(item);
    }
    return out;
  }

  /** The bytes of a logged message: from memory, or for older ones from the sink. */
  bytes(seq: number): Uint8Array | undefined {
    return this.find(seq)?.bytes ?? this.sink?.bytes(seq);
  }

  private push(item: LoggedMessage): void {
    if (this.count === this.capacity) this.dropOldest();
    this.ring[(this.head + this.count) % this.capacity] = item;
    this.count++;
    this.held += item.bytes.length;
    // Bounded by bytes too: a few thousand messages of a megabyte each must not hold gigabytes. The newest stays.
    while (this.held > this.maxBytes && this.count > 1) this.dropOldest();
  }

  private dropOldest(): void {
    const oldest = this.at(0);
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count--;
    this.held -= oldest.bytes.length;
  }

  private at(i: number): LoggedMessage {
    return this.ring[(this.head + i) % this.capacity] as LoggedMessage;
  }

  /** The entry with this seq: seqs in memory are increasing, and consecutive within one run. */
  private find(seq: number): LoggedMessage | undefined {
    if (this.count === 0) return undefined;
    const guess = seq - this.at(0).seq;
    if (guess >= 0 && guess < this.count && this.at(guess).seq === seq) return this.at(guess);
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.at(mid).seq;
      if (s === seq) return this.at(mid);
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
