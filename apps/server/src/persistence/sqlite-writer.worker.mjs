// @ts-check
// The thread that writes the station's message log so the server's event
// loop does not: it opens its own connection to the file (WAL lets the main
// connection read meanwhile) and writes batches, each in one transaction, in
// the order they arrive.
//
// Plain JavaScript on purpose: a worker thread starts from a file Node can run
// as it is, and this one runs from the sources (tests) and from dist alike.
// A batch comes packed (message-writer.ts, PackedBatch): the messages' bytes
// and a few numbers each. The thread makes each message's record again from
// its bytes and origin with the station's own `recordFromBytes` (a message
// kept only in part comes with its record) and stores it as JSON beside the
// bytes, then prunes what each lab no longer keeps.
// It runs at the lowest CPU priority (nice 19): on Linux a thread's nice value
// is its own, so this lowers this thread alone. Storing the log is never what
// a user waits for while a router streams a table dump; the station's event
// loop decoding and keeping the routes is, and on a 2-core machine this thread
// at normal priority took CPU time from it. When the machine has time to spare
// the thread gets it all; the batches it has not written yet are bounded by
// the server (it waits for this thread past a number of batches in flight),
// and while batches keep coming it lets them wait (see QUIET_MS below).
// Protocol: workerData { file, statements: { insert, prune }, fields, state }
// where fields is the numbers per message of a batch's meta, and
// state is a SharedArrayBuffer of two Int32 slots: [0] the id of the last
// batch done (written or failed), [1] 1 once the connection closed, 2 if it
// could not be opened (then the thread ends with that error), so a caller
// blocked waiting on [0] or [1] learns it at once. A failed batch is reported
// with { id, error: { message, code } }.
import { parentPort, workerData } from 'node:worker_threads';
import { setPriority } from 'node:os';
import Database from 'better-sqlite3';
import { recordFromBytes } from '@bmp-lab/collector';

/** @typedef {import('./message-writer.js').PackedBatch} PackedBatch */
/** @type {{ file: string, statements: { insert: string, prune: string }, fields: number, state: SharedArrayBuffer }} */
const { file, statements, fields: FIELDS, state } = workerData;
const done = new Int32Array(state);

try {
  setPriority(0, 19);
} catch {
  // Not allowed here (or not Linux): the thread writes at the process's priority.
}

function open() {
  try {
    const db = new Database(file, { fileMustExist: true });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return { db, insert: db.prepare(statements.insert), prune: db.prepare(statements.prune) };
  } catch (e) {
    Atomics.store(done, 1, 2);
    Atomics.notify(done, 0);
    Atomics.notify(done, 1);
    throw e;
  }
}
const { db, insert, prune } = open();

const run = db.transaction((/** @type {PackedBatch} */ batch) => {
  const { buffer, meta, origins, views, prunes } = batch;
  const kept = new Map(views);
  for (let i = 0, at = 0; i * FIELDS < meta.length; i++) {
    const seq = /** @type {number} */ (meta[i * FIELDS]);
    const from = origins[/** @type {number} */ (meta[i * FIELDS + 2])];
    const length = /** @type {number} */ (meta[i * FIELDS + 3]);
    if (from === undefined) throw new Error(`message ${seq} names no origin`);
    const bytes = Buffer.from(buffer, at, length);
    at += length;
    const view = kept.get(i) ?? recordFromBytes({ ...from.origin, receivedAt: /** @type {number} */ (meta[i * FIELDS + 1]) }, seq, bytes);
    // The station decoded these very bytes: a record that cannot be made again is a bug, and the batch is refused.
    if (view === null) throw new Error(`station message ${seq} does not decode again: its record cannot be stored`);
    insert.run(from.labId, seq, JSON.stringify(view), bytes);
  }
  for (const [labId, cut] of prunes) prune.run(labId, cut);
});

/**
 * Batches wait while more keep coming: a router's table dump sends one every
 * few tens of milliseconds, and this thread's work includes V8's (compiling
 * the decoder for this thread, collecting its heap), which runs on threads
 * the whole process shares at normal priority, beside the event loop's own.
 * So batches are written once none has come for QUIET_MS, or the oldest has
 * waited MAX_WAIT_MS, or HOLD_BATCHES wait, or the server asks (`flush`: it
 * is about to wait for them, or close).
 */
const QUIET_MS = 100;
const MAX_WAIT_MS = 1000;
const HOLD_BATCHES = 16;

/** @type {{ id: number, batch: PackedBatch }[]} */
const waiting = [];
let firstWaitingAt = 0;
/** @type {NodeJS.Timeout | null} */
let timer = null;

function writeWaiting() {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  for (let m = waiting.shift(); m !== undefined; m = waiting.shift()) {
    try {
      run(m.batch);
    } catch (e) {
      const error = e instanceof Error ? { message: e.message, code: /** @type {{ code?: unknown }} */ (e).code } : { message: String(e), code: undefined };
      parentPort?.postMessage({ id: m.id, error });
    }
    Atomics.store(done, 0, m.id);
    Atomics.notify(done, 0);
  }
}

parentPort?.on('message', (/** @type {{ kind: 'batch', id: number, batch: PackedBatch } | { kind: 'flush' } | { kind: 'close' }} */ m) => {
  if (m.kind === 'close') {
    writeWaiting();
    db.close();
    Atomics.store(done, 1, 1);
    Atomics.notify(done, 1);
    parentPort?.close();
    return;
  }
  if (m.kind === 'flush') {
    writeWaiting();
    return;
  }
  if (waiting.length === 0) firstWaitingAt = Date.now();
  waiting.push({ id: m.id, batch: m.batch });
  if (waiting.length >= HOLD_BATCHES) {
    writeWaiting();
    return;
  }
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(writeWaiting, Math.max(0, Math.min(QUIET_MS, firstWaitingAt + MAX_WAIT_MS - Date.now())));
});
