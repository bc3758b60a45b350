import { Worker } from 'node:worker_threads';
import type { Database as Db, Statement } from 'better-sqlite3';
import type { StationMessageView } from '@bmp-lab/protocol';

/** Station messages kept per lab, with their bytes; older ones are pruned. */
export const STATION_RETENTION = 10_000;
/** Raw bytes of station messages kept per lab at most, whatever their number; the oldest are pruned first. */
export const STATION_RETENTION_BYTES = 64 * 1024 * 1024;

/** A received message waiting to be stored. */
export interface QueuedMessage {
  labId: string;
  view: StationMessageView;
  bytes: Uint8Array;
}

/** The statements that store station messages, named by index in a batch's operations. */
const STATEMENTS = [
  'INSERT OR REPLACE INTO station_messages (lab_id, seq, view, bytes) VALUES (?, ?, ?, ?)',
  'DELETE FROM station_messages WHERE lab_id = ? AND seq <= ?',
] as const;
const INSERT = 0;
const PRUNE = 1;

/**
 * One statement of a batch: its index in STATEMENTS, then its parameters. A
 * message's view travels as the object and is bound as its JSON text by
 * whoever runs the statement (`bindParam`): made in the writer thread, the
 * text costs the event loop nothing, and handing the object over costs it
 * less than the text did.
 */
type MessageOp = [typeof INSERT, string, number, StationMessageView, Uint8Array] | [typeof PRUNE, string, number];

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
 * Turns batches into statements: the inserts, then per lab one prune that
 * keeps the newest STATION_RETENTION messages and, of those, the newest whose
 * bytes fit STATION_RETENTION_BYTES (the newest always: it is what a viewer
 * looks at). The message bytes are copied into one buffer per batch, which
 * goes to a thread as one copy of one buffer.
 */
class MessageBatches {
  private readonly logs = new Map<string, StoredLog>();

  /** `stored`: what a lab stored before this writer saw it (an earlier run), read once per lab. */
  constructor(private readonly stored: StoredSizes) {}

  ops(batch: readonly QueuedMessage[]): { ops: MessageOp[]; buffer: ArrayBuffer } {
    let size = 0;
    for (const m of batch) size += m.bytes.byteLength;
    const buffer = new ArrayBuffer(size);
    const all = new Uint8Array(buffer);
    const ops: MessageOp[] = [];
    const newest = new Map<string, number>();
    let at = 0;
    for (const m of batch) {
      all.set(m.bytes, at);
      ops.push([INSERT, m.labId, m.view.seq, m.view, new Uint8Array(buffer, at, m.bytes.byteLength)]);
      at += m.bytes.byteLength;
      this.log(m.labId).push(m.view.seq, m.bytes.byteLength);
      newest.set(m.labId, Math.max(newest.get(m.labId) ?? -1, m.view.seq));
    }
    for (const [labId, seq] of newest) {
      const log = this.log(labId);
      let cut = -1;
      while (log.count > 0 && (log.oldestSeq as number) <= seq - STATION_RETENTION) cut = log.shift();
      while (log.total > STATION_RETENTION_BYTES && log.count > 1) cut = log.shift();
      if (cut >= 0) ops.push([PRUNE, labId, cut]);
    }
    return { ops, buffer };
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

/** A parameter as SQLite binds it: bytes as a BLOB (from a Buffer), an object (a message's view) as its JSON text. The writer thread does the same. */
function bindParam(p: string | number | StationMessageView | Uint8Array): string | number | Buffer {
  if (p instanceof Uint8Array) return Buffer.isBuffer(p) ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength);
  return typeof p === 'object' ? JSON.stringify(p) : p;
}

/** Writes on the server's own connection, in its event loop. */
export class SyncMessageWriter implements MessageWriter {
  private readonly statements: Statement[];
  private readonly run: (ops: MessageOp[]) => void;
  private readonly batches: MessageBatches;

  constructor(db: Db, stored: StoredSizes) {
    this.batches = new MessageBatches(stored);
    this.statements = STATEMENTS.map((sql) => db.prepare(sql));
    this.run = db.transaction((ops: MessageOp[]) => {
      for (const [index, ...params] of ops) this.statements[index]!.run(...params.map(bindParam));
    });
  }

  write(batch: readonly QueuedMessage[]): void {
    this.run(this.batches.ops(batch).ops);
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
 * batch's bytes once and handing it over. Reads on the main connection that
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
      workerData: { file, statements: STATEMENTS, state: this.done.buffer },
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
    const { ops, buffer } = this.batches.ops(batch);
    const bytes = buffer.byteLength;
    // Copied, not transferred: the first ArrayBuffer a process detaches makes V8 throw away every optimised function
    // that reads a typed array (the route tables, the decoder) and compile it again, in the middle of a table dump.
    // Copying the batch's one buffer costs a memcpy.
    this.worker.postMessage({ kind: 'batch', id: ++this.sent, ops });
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
