// @ts-check
// The thread that writes a database's busiest table so the server's event
// loop does not: it opens its own connection to the file (WAL lets the main
// connection read meanwhile) and runs batches of prepared statements, each
// batch in one transaction, in the order they arrive.
//
// Plain JavaScript on purpose: a worker thread starts from a file Node can run
// as it is, and this one runs from the sources (tests) and from dist alike.
// It knows nothing of what it writes; message-writer.ts says which statements
// and builds the batches (MessageOp): a parameter that is bytes is bound as a
// BLOB, one that is an object as its JSON text.
// It runs at the lowest CPU priority (nice 19): on Linux a thread's nice value
// is its own, so this lowers this thread alone. Storing the log is never what
// a user waits for while a router streams a table dump; the station's event
// loop decoding and keeping the routes is, and on a 2-core machine this thread
// at normal priority took CPU time from it. When the machine has time to spare
// the thread gets it all; the batches it has not written yet are bounded by
// the server (it waits for this thread past a number of batches in flight).
// Protocol: workerData { file, statements, state } where state is a
// SharedArrayBuffer of two Int32 slots: [0] the id of the last batch done
// (written or failed), [1] 1 once the connection closed, 2 if it could not be
// opened (then the thread ends with that error), so a caller blocked waiting
// on [0] or [1] learns it at once. A failed batch is reported with
// { id, error: { message, code } }.
import { parentPort, workerData } from 'node:worker_threads';
import { setPriority } from 'node:os';
import Database from 'better-sqlite3';

/** @type {{ file: string, statements: string[], state: SharedArrayBuffer }} */
const { file, statements, state } = workerData;
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
    return { db, prepared: statements.map((sql) => db.prepare(sql)) };
  } catch (e) {
    Atomics.store(done, 1, 2);
    Atomics.notify(done, 0);
    Atomics.notify(done, 1);
    throw e;
  }
}
const { db, prepared } = open();

/** better-sqlite3 binds a BLOB from a Buffer (bytes cross the thread boundary as Uint8Array views); an object goes in as its JSON text. */
function param(/** @type {unknown} */ p) {
  if (p instanceof Uint8Array) return Buffer.isBuffer(p) ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength);
  return p !== null && typeof p === 'object' ? JSON.stringify(p) : p;
}

const run = db.transaction((/** @type {unknown[][]} */ ops) => {
  for (const op of ops) {
    const statement = prepared[/** @type {number} */ (op[0])];
    if (!statement) throw new Error(`no statement ${String(op[0])}`);
    statement.run(...op.slice(1).map(param));
  }
});

parentPort?.on('message', (/** @type {{ kind: 'batch', id: number, ops: unknown[][] } | { kind: 'close' }} */ m) => {
  if (m.kind === 'close') {
    db.close();
    Atomics.store(done, 1, 1);
    Atomics.notify(done, 1);
    parentPort?.close();
    return;
  }
  try {
    run(m.ops);
  } catch (e) {
    const error = e instanceof Error ? { message: e.message, code: /** @type {{ code?: unknown }} */ (e).code } : { message: String(e), code: undefined };
    parentPort?.postMessage({ id: m.id, error });
  }
  Atomics.store(done, 0, m.id);
  Atomics.notify(done, 0);
});
