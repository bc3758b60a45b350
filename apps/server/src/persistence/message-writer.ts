import { Worker } from 'node:worker_threads';
import type { Database as Db } from 'better-sqlite3';
import type { LoggedMessage, MessageOrigin } from '@bmp-lab/collector';
import type { StationMessageView } from '@bmp-lab/protocol';

/** Station messages kept per lab, with their bytes; older ones are pruned. */
export const STATION_RETENTION = 10_000;
/** Raw bytes of station messages kept per lab at most, whatever their number; the oldest are pruned first. */
export const STATION_RETENTION_BYTES = 64 * 1024 * 1024;

/**
 * A received message waiting to be stored: the station's log entry, whose
 * record (collector's `recordFromBytes`) the writer thread makes from its
 * bytes and origin, so the event loop never has to.
 */
export interface QueuedMessage {
  labId: string;
  message: LoggedMessage;
}

/** The statements that store station messages. */
const STATEMENTS = {
  insert: 'INSERT OR REPLACE INTO station_messages (lab_id, seq, view, bytes) VALUES (?, ?, ?, ?)',
  prune: 'DELETE FROM station_messages WHERE lab_id = ? AND seq <= ?',
} as const;

/** Numbers per message in a packed batch's `meta`: seq, receivedAt, index in `origins`, bytes kept. */
const PACKED_FIELDS = 4;

/**
 * A batch as it crosses to the writer thread: the messages' bytes in one
 * buffer and a few numbers each, not their records. Cloning a thousand
 * records (objects of a dozen fields, arrays of prefixes) for every batch
 * took the event loop 25–35 ms of a million-route dump's 10,000 messages
 * (the whole hand-over 45–60 ms; measured in the server's IPv6 ingest);
 * the thread makes each record again from its bytes and origin with the
 * station's own `recordFromBytes`, so the stored view is the one the station
 * made. A message kept only in part (longer than the station keeps) cannot
 * be read again: its record travels itself.
 */
export interface PackedBatch {
  /** Every message's bytes, one after another. */
  buffer: ArrayBuffer;
  /** PACKED_FIELDS numbers per message. */
  meta: Float64Array;
  /** The lab and connection of the batch's messages, each as long as it does not change. */
  origins: { labId: string; origin: Omit<MessageOrigin, 'receivedAt'> }[];
  /** The records of messages kept only in part, by their index in the batch. */
  views: [number, StationMessageView][];
  /** Per lab, the newest seq to drop (retention). */
  prunes: [string, number][];
}

/** A lab's stored messages as (seq, size), oldest first, for where a read of an earlier run's rows comes from. */
export type StoredSizes = (labId: string) => readonly { seq: number; size: number }[];

/**
 * Where station messages are written: on the server's own connection
 * (a database in memory, or a file the server could only open degraded) or
 * by a thread of their own. Either way a batch is one transaction: it is
 * written whole or not at all.
 */
export interface MessageWriter {
  /** Write a batch (the synchronous writer throws what the storage refused; the thread reports it to `onError`). */
  write(batch: readonly QueuedMessage[]): void;
  /** Return once every batch handed over is written (or refused): a read that follows sees them. */
  settle(): void;
  /** A lab's messages are gone with the lab: forget what was counted of them. */
  forgetLab(labId: string): void;
  close(): void;
}

/**
 * The seq and size of each message a lab has stored, oldest first, and their
 * total: pruning needs the cut (the newest seq to drop), and knowing the sizes
 * here costs two numbers per message instead of summing the blobs in the
 * database on every batch.
 */
class StoredLog {
  private seqs: number[] = [];
  private sizes: number[] = [];
  private head = 0;
  total = 0;

  get count(): number {
    return this.seqs.length - this.head;
  }

  push(seq: number, size: number): void {
    this.seqs.push(seq);
    this.sizes.push(size);
    this.total += size;
  }

  /** Drop the oldest; returns its seq. */
  shift(): number {
    const seq = this.seqs[this.head] as number;
    this.total -= this.sizes[this.head] as number;
    this.head++;
    // Reclaim the dropped front now and then (amortised: the arrays never grow past twice what is held).
    if (this.head > 1024 && this.head * 2 > this.seqs.length) {
      this.seqs = this.seqs.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
    return seq;
  }

  get oldestSeq(): number | undefined {
    return this.seqs[this.head];
  }
}

/**
 * Keeps the count and bytes each lab has stored, and says per batch what to
 * prune so that each lab keeps the newest STATION_RETENTION messages and, of
 * those, the newest whose bytes fit STATION_RETENTION_BYTES (the newest
 * always: it is what a viewer looks at).
 */
class MessageBatches {
  private readonly logs = new Map<string, StoredLog>();

  /** `stored`: what a lab stored before this writer saw it (an earlier run), read once per lab. */
  constructor(private readonly stored: StoredSizes) {}

  /** Count the batch in; per lab the newest seq to drop after it is written. */
  prunes(batch: readonly QueuedMessage[]): [string, number][] {
    const newest = new Map<string, number>();
    for (const { labId, message } of batch) {
      this.log(labId).push(message.seq, message.bytes.byteLength);
      newest.set(labId, Math.max(newest.get(labId) ?? -1, message.seq));
    }
    const prunes: [string, number][] = [];
    for (const [labId, seq] of newest) {
      const log = this.log(labId);
      let cut = -1;
      while (log.count > 0 && (log.oldestSeq as number) <= seq - STATION_RETENTION) cut = log.shift();
      while (log.total > STATION_RETENTION_BYTES && log.count > 1) cut = log.shift();
      if (cut >= 0) prunes.push([labId, cut]);
    }
    return prunes;
  }

  /** The batch as it crosses to the writer thread (see PackedBatch); counted in as `prunes` does. */
  pack(batch: readonly QueuedMessage[]): PackedBatch {
    let size = 0;
    for (const m of batch) size += m.message.bytes.byteLength;
    const buffer = new ArrayBuffer(size);
    const all = new Uint8Array(buffer);
    const meta = new Float64Array(batch.length * PACKED_FIELDS);
    const origins: PackedBatch['origins'] = [];
    const views: PackedBatch['views'] = [];
    let last: PackedBatch['origins'][number] | undefined;
    let at = 0;
    for (let i = 0; i < batch.length; i++) {
      const { labId, message } = batch[i] as QueuedMessage;
      const { bytes, origin } = message;
      all.set(bytes, at);
      at += bytes.byteLength;
      // A batch is mostly one connection's messages: a new origin only where it changes.
      if (last === undefined || !sameOrigin(last, labId, origin)) {
        last = { labId, origin: { station: origin.station, router: origin.router, connection: origin.connection, sessionKey: origin.sessionKey } };
        origins.push(last);
      }
      meta[i * PACKED_FIELDS] = message.seq;
      meta[i * PACKED_FIELDS + 1] = origin.receivedAt;
      meta[i * PACKED_FIELDS + 2] = origins.length - 1;
      meta[i * PACKED_FIELDS + 3] = bytes.byteLength;
      // Kept only in part: the log made its record when it logged it.
      if (message.length !== bytes.byteLength) views.push([i, message.view]);
    }
    return { buffer, meta, origins, views, prunes: this.prunes(batch) };
  }

  forgetLab(labId: string): void {
    this.logs.delete(labId);
  }

  private log(labId: string): StoredLog {
    let log = this.logs.get(labId);
    if (!log) {
      log = new StoredLog();
      for (const r of this.stored(labId)) log.push(r.seq, r.size);
      this.logs.set(labId, log);
    }
    return log;
  }
}

/** Whether a message of `labId` from `origin` came from `o`. */
function sameOrigin(o: PackedBatch['origins'][number], labId: string, origin: MessageOrigin): boolean {
  const { station, router, connection, sessionKey } = o.origin;
  return o.labId === labId && station === origin.station && router === origin.router && connection === origin.connection && sessionKey === origin.sessionKey;
}

/** Bytes as SQLite binds a BLOB: a Buffer over the same memory. */
function blob(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Writes on the server's own connection, in its event loop, making each message's record there. */
export class SyncMessageWriter implements MessageWriter {
  private readonly run: (batch: readonly QueuedMessage[]) => void;
  private readonly batches: MessageBatches;

  constructor(db: Db, stored: StoredSizes) {
    this.batches = new MessageBatches(stored);
    const insert = db.prepare(STATEMENTS.insert);
    const prune = db.prepare(STATEMENTS.prune);
    this.run = db.transaction((batch: readonly QueuedMessage[]) => {
      const prunes = this.batches.prunes(batch);
      for (const { labId, message } of batch) insert.run(labId, message.seq, JSON.stringify(message.view), blob(message.bytes));
      for (const [labId, cut] of prunes) prune.run(labId, cut);
    });
  }

  write(batch: readonly QueuedMessage[]): void {
    this.run(batch);
  }

  settle(): void {}

  forgetLab(labId: string): void {
    this.batches.forgetLab(labId);
  }

  close(): void {}
}

/** How long a read waits for the writer thread before it goes ahead without the newest messages (ms). */
const SETTLE_TIMEOUT_MS = 10_000;
/**
 * Handed to the writer thread and not yet written, at most: past either, a
 * write waits for the thread (the event loop stops reading sockets meanwhile,
 * so a router sending faster than the disk takes it is slowed by TCP instead
 * of filling memory). The thread runs at the lowest priority and may fall
 * behind during a table dump; these leave it room to catch up afterwards.
 */
export const WRITER_MAX_BATCHES_IN_FLIGHT = 32;
export const WRITER_MAX_BYTES_IN_FLIGHT = 128 * 1024 * 1024;

/**
 * Writes by a thread of its own (sqlite-writer.worker.mjs) with its own
 * connection to the file: a router streaming a table dump makes thousands of
 * messages a second, and writing them in the event loop took more of it than
 * decoding and storing their routes. What is left here is copying each
 * batch's bytes once and handing them over with a few numbers per message
 * (PackedBatch): the thread makes the records. Reads on the main connection that
 * must see every message (`settle`) wait on a counter the thread raises after
 * each batch, which costs nothing while nobody reads.
 */
export class ThreadMessageWriter implements MessageWriter {
  private readonly batches: MessageBatches;
  private readonly worker: Worker;
  /** [0] the id of the last batch the thread finished, [1] 1 once it closed its connection, 2 if it could not open it. */
  private readonly done = new Int32Array(new SharedArrayBuffer(8));
  private sent = 0;
  /** The batches handed over and not yet known written, as [id, bytes], oldest first; and their bytes. */
  private readonly inFlight: [number, number][] = [];
  private bytesInFlight = 0;
  private closed = false;
  /** The thread is gone (it could not open the file, or crashed): nothing more goes to it. */
  private dead = false;

  /**
   * `refused`: a batch the storage refused (a full disk), as the synchronous writer would throw it. `died`: the
   * thread is gone; its owner should write another way from now on.
   */
  constructor(
    file: string,
    stored: StoredSizes,
    on: { refused: (error: Error) => void; died: (error: Error) => void },
    private readonly limits = { batches: WRITER_MAX_BATCHES_IN_FLIGHT, bytes: WRITER_MAX_BYTES_IN_FLIGHT },
  ) {
    this.batches = new MessageBatches(stored);
    this.worker = new Worker(new URL('./sqlite-writer.worker.mjs', import.meta.url), {
      workerData: { file, statements: STATEMENTS, fields: PACKED_FIELDS, state: this.done.buffer },
      // None of the process's Node options: the thread imports the built collector whatever export conditions the
      // process resolves with (the tests resolve workspace packages to their TypeScript sources, which Node cannot run).
      execArgv: [],
    });
    this.worker.on('message', (m: { id: number; error: { message: string; code?: unknown } }) => on.refused(Object.assign(new Error(m.error.message), { code: m.error.code })));
    const died = (e: Error) => {
      if (this.dead || this.closed) return;
      this.dead = true;
      on.died(e);
    };
    this.worker.on('error', died);
    this.worker.on('exit', (code) => died(new Error(`the station messages' writer thread stopped (exit code ${code})`)));
    // Its batches are settled on close; it never keeps the process alive by itself.
    this.worker.unref();
  }

  write(batch: readonly QueuedMessage[]): void {
    if (this.gone) throw new Error("the station messages' writer thread is gone");
    if (this.closed || batch.length === 0) return;
    const packed = this.batches.pack(batch);
    const bytes = packed.buffer.byteLength;
    // Copied, not transferred: the first ArrayBuffer a process detaches makes V8 throw away every optimised function
    // that reads a typed array (the route tables, the decoder) and compile it again, in the middle of a table dump.
    // Copying the batch's one buffer costs a memcpy.
    this.worker.postMessage({ kind: 'batch', id: ++this.sent, batch: packed });
    this.inFlight.push([this.sent, bytes]);
    this.bytesInFlight += bytes;
    this.waitWithinLimits();
  }

  /** Batches handed over and not yet written (or refused). */
  get batchesInFlight(): number {
    this.forgetWritten(Atomics.load(this.done, 0));
    return this.inFlight.length;
  }

  private forgetWritten(done: number): void {
    while (this.inFlight.length > 0 && (this.inFlight[0] as [number, number])[0] <= done) this.bytesInFlight -= (this.inFlight.shift() as [number, number])[1];
  }

  /** Wait for the thread while more than the limits are in flight (or until it is gone, or SETTLE_TIMEOUT_MS). */
  private waitWithinLimits(): void {
    this.forgetWritten(Atomics.load(this.done, 0));
    if (this.inFlight.length <= this.limits.batches && this.bytesInFlight <= this.limits.bytes) return;
    this.worker.postMessage({ kind: 'flush' });
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    for (let done = Atomics.load(this.done, 0); ; done = Atomics.load(this.done, 0)) {
      this.forgetWritten(done);
      if (this.inFlight.length <= this.limits.batches && this.bytesInFlight <= this.limits.bytes) return;
      const left = deadline - Date.now();
      if (this.gone || left <= 0 || Atomics.wait(this.done, 0, done, left) === 'timed-out') return;
    }
  }

  /** Gone, whether or not its events have been heard yet (the event loop may be the one waiting). */
  private get gone(): boolean {
    return this.dead || Atomics.load(this.done, 1) === 2;
  }

  settle(): void {
    // The thread lets batches wait while more keep coming: this read is what they waited for.
    if (Atomics.load(this.done, 0) < this.sent && !this.gone) this.worker.postMessage({ kind: 'flush' });
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    for (let done = Atomics.load(this.done, 0); done < this.sent && !this.gone; done = Atomics.load(this.done, 0)) {
      const left = deadline - Date.now();
      if (left <= 0 || Atomics.wait(this.done, 0, done, left) === 'timed-out') return;
    }
  }

  forgetLab(labId: string): void {
    this.batches.forgetLab(labId);
  }

  /** Every batch written, then the thread's connection closed (so the file is whole when this returns). */
  close(): void {
    if (this.closed) return;
    this.settle();
    this.closed = true;
    if (this.gone) return;
    this.worker.postMessage({ kind: 'close' });
    Atomics.wait(this.done, 1, 0, SETTLE_TIMEOUT_MS);
  }
}
