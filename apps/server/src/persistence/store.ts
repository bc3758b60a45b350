import { join, resolve } from 'node:path';
import type { Database as Db, Statement } from 'better-sqlite3';
import { LoggedMessage } from '@bmp-lab/collector';
import type { DeviceConfig } from '@bmp-lab/router';
import type { StationMessageView } from '@bmp-lab/protocol';
import type { Topology } from '../lab/topology.js';
import { SyncMessageWriter, ThreadMessageWriter, STATION_RETENTION } from './message-writer.js';
import type { MessageWriter, QueuedMessage } from './message-writer.js';
import { openDatabase, reopenDatabase } from './open-database.js';
import { PendingWrites } from './pending-writes.js';
import type { PendingWrite } from './pending-writes.js';
import { StorageHealth, describeStorageError, isStorageError } from './storage-health.js';
import { log } from '../log.js';

/** The database file inside BMPLAB_DATA_DIR. */
export const DB_FILE = 'bmp-lab.sqlite';
export { STATION_RETENTION, STATION_RETENTION_BYTES } from './message-writer.js';
/** Queued station messages are written at least this often (ms), in one transaction. */
const FLUSH_MS = 50;
/** While the storage refuses writes, they are tried again this often (ms), and on every new write. */
export const STORAGE_RETRY_MS = 1000;

/**
 * Schema migrations, in order; `PRAGMA user_version` is how many have run.
 * Append a new one for every change, never edit one that shipped.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE labs (
     id          TEXT PRIMARY KEY,
     created_at  INTEGER NOT NULL,
     topology    TEXT NOT NULL,          -- JSON (Topology)
     running     TEXT,                   -- JSON (DeviceConfig), written on every commit
     running_at  INTEGER,
     saved       TEXT,                   -- JSON (DeviceConfig), written by \`save\`
     saved_at    INTEGER
   );
   CREATE TABLE consoles (
     lab_id      TEXT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
     id          TEXT NOT NULL,
     buffer      TEXT NOT NULL,          -- the scrollback a browser replays
     buffer_start INTEGER NOT NULL,      -- offset of buffer[0] in the console's whole output
     updated_at  INTEGER NOT NULL,
     PRIMARY KEY (lab_id, id)
   );
   CREATE TABLE station_messages (
     lab_id      TEXT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
     seq         INTEGER NOT NULL,
     view        TEXT NOT NULL,          -- JSON (StationMessageView)
     bytes       BLOB NOT NULL,
     PRIMARY KEY (lab_id, seq)
   ) WITHOUT ROWID;`,
  // 2: where each lab's trainee stands in the exercise ladder (apps/server/src/exercises).
  `CREATE TABLE exercise_state (
     lab_id      TEXT PRIMARY KEY REFERENCES labs(id) ON DELETE CASCADE,
     state       TEXT NOT NULL,          -- JSON (ExerciseRecord)
     updated_at  INTEGER NOT NULL
   );`,
  // 3: which exercises each lab finished, and whether after restoring a checkpoint (apps/server/src/exercises/progress.ts).
  `CREATE TABLE exercise_progress (
     lab_id          TEXT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
     exercise_id     TEXT NOT NULL,
     completed_at    INTEGER NOT NULL,
     with_checkpoint INTEGER NOT NULL,     -- 1: finished after restoring a checkpoint
     PRIMARY KEY (lab_id, exercise_id)
   ) WITHOUT ROWID;`,
  // 4: the trainee's name of each lab, for the instructor's table (apps/server/src/instructor).
  `ALTER TABLE labs ADD COLUMN trainee_name TEXT;`,
  // 5: labs of several routers: every router but the first keeps its configuration here (the first's stays in labs),
  // each console names its router (NULL: the first), and the topology view's node positions are kept with the lab.
  `CREATE TABLE lab_routers (
     lab_id      TEXT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
     sysname     TEXT NOT NULL,          -- the router's sysname in the topology
     running     TEXT,                   -- JSON (DeviceConfig), written on every commit
     running_at  INTEGER,
     saved       TEXT,                   -- JSON (DeviceConfig), written by \`save\`
     saved_at    INTEGER,
     PRIMARY KEY (lab_id, sysname)
   ) WITHOUT ROWID;
   ALTER TABLE consoles ADD COLUMN router TEXT;
   ALTER TABLE labs ADD COLUMN positions TEXT;`,
  // 6: station messages in an ordinary (rowid) table: WITHOUT ROWID keeps whole rows in the key's B-tree, and rows of a
  // kilobyte (a view and a message's bytes) made every insert move pages around: a third of the time per message.
  `CREATE TABLE station_messages_by_rowid (
     lab_id      TEXT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
     seq         INTEGER NOT NULL,
     view        TEXT NOT NULL,          -- JSON (StationMessageView)
     bytes       BLOB NOT NULL,
     UNIQUE (lab_id, seq)
   );
   INSERT INTO station_messages_by_rowid (lab_id, seq, view, bytes) SELECT lab_id, seq, view, bytes FROM station_messages;
   DROP TABLE station_messages;
   ALTER TABLE station_messages_by_rowid RENAME TO station_messages;`,
];

/** Run the migrations `db` has not had yet. */
function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`the data directory's database is schema version ${current}, newer than this server (${MIGRATIONS.length}); use a newer BMP Lab or another BMPLAB_DATA_DIR`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export interface StoredLab {
  id: string;
  createdAt: number;
  topology: Topology;
  running: DeviceConfig | null;
  saved: DeviceConfig | null;
}

export interface StoredConsole {
  id: string;
  buffer: string;
  bufferStart: number;
  /** The router it is logged in to (topology sysname); absent or null: the lab's first router. */
  router?: string | null;
}

/** A stored configuration of one router of a lab (every router but the first). */
export interface StoredRouterConfig {
  running: DeviceConfig | null;
  saved: DeviceConfig | null;
}

export interface StoredExerciseProgress {
  exerciseId: string;
  completedAt: number;
  withCheckpoint: boolean;
}

/**
 * The server's persistent state in SQLite (WAL mode, so a `kill -9` loses at
 * most the last queued station messages): per lab its topology, running and
 * saved configuration, consoles' scrollback, and station message log.
 * One module owns the schema; every query is a prepared statement.
 *
 * A storage that refuses writes (full disk, read-only or unopenable data
 * directory) never stops the labs: each write that fails is kept in memory,
 * latest state per key (PendingWrites), and tried again every
 * STORAGE_RETRY_MS and before the next write; `health` says so meanwhile.
 */
export class LabStore {
  private db: Db;
  /** The database file; null when in memory by choice (BMPLAB_DATA_DIR=off). */
  readonly file: string | null;
  /** Whether writes reach the disk (`/api/health`, the browsers' banner, the consoles' warnings). */
  readonly health: StorageHealth;
  /** The file could not be opened: the data lives in a database in memory until it can. */
  private memoryOnly = false;
  /** Why the file could not be opened normally at start; until a retry proves the storage writable, health stays degraded. */
  private openError: unknown = null;
  private readonly pending = new PendingWrites();
  private retryTimer: NodeJS.Timeout | null = null;
  /** When the storage last refused (ms): within STORAGE_RETRY_MS a new write only joins the pending ones. */
  private refusedAt = -Infinity;
  private refusedError: unknown = null;
  private st!: Record<
    | 'labs'
    | 'insertLab'
    | 'deleteLab'
    | 'setTopology'
    | 'setRunning'
    | 'setSaved'
    | 'consoles'
    | 'putConsole'
    | 'deleteConsole'
    | 'recentMessages'
    | 'messagesAfter'
    | 'messageBytes'
    | 'countMessages'
    | 'recentMessageViews'
    | 'messageViewsAfter'
    | 'messageSizes'
    | 'exerciseState'
    | 'putExerciseState'
    | 'exerciseProgress'
    | 'putExerciseProgress'
    | 'traineeNames'
    | 'setTraineeName'
    | 'routerConfigs'
    | 'setRouterRunning'
    | 'setRouterSaved'
    | 'positions'
    | 'setPositions',
    Statement
  >;
  private queue: QueuedMessage[] = [];
  /** Who writes the station messages: a thread of their own on a healthy file, else this connection. */
  private messageWriter!: MessageWriter;
  private flushTimer: NodeJS.Timeout | null = null;
  private closed = false;

  /**
   * Open (creating it and migrating it) the store in `dataDir`; null keeps
   * everything in memory. A data directory that cannot be opened or written
   * is said in one line, and the store starts anyway (degraded).
   */
  constructor(readonly dataDir: string | null) {
    this.file = dataDir === null ? null : join(resolve(dataDir), DB_FILE);
    this.health = new StorageHealth(this.file);
    const opened = openDatabase(this.file, migrate);
    this.db = opened.db;
    this.prepare();
    this.messageWriter = this.newMessageWriter(opened.mode === 'file' && opened.error === undefined);
    if (opened.error !== undefined) {
      this.memoryOnly = opened.mode === 'memory';
      this.openError = opened.error;
      const then = this.memoryOnly
        ? 'starting in memory only, without what it stored (tried again every second)'
        : 'starting with what it stored; writes are kept in memory and tried again every second';
      this.health.failed(opened.error, 0, `cannot be written (${describeStorageError(opened.error)}): ${then}`);
      this.scheduleRetry();
    }
  }

  /**
   * The station messages' writer for the open database: a thread of its own
   * when the file opened normally (a second connection needs WAL and no
   * exclusive lock), else this connection.
   */
  private newMessageWriter(ownThread: boolean): MessageWriter {
    // What a lab stored in an earlier run, read on this connection before the lab's first batch goes out.
    const stored = (labId: string) => this.st.messageSizes.all(labId) as { seq: number; size: number }[];
    if (!ownThread || this.file === null) return new SyncMessageWriter(this.db, stored);
    return new ThreadMessageWriter(this.file, stored, {
      refused: (e) => this.messagesRefused(e),
      died: (e) => {
        log.error(`storage ${this.file}: ${e.message}; station messages are written in the server's own thread from now on`);
        if (!this.closed) this.messageWriter = new SyncMessageWriter(this.db, stored);
      },
    });
  }

  /** A batch of station messages the storage refused: said once per batch; they stay in memory only. */
  private messagesRefused(e: unknown, count?: number): void {
    log.error(`could not store ${count === undefined ? 'a batch of' : count} station messages: ${e instanceof Error ? e.message : String(e)}`);
    if (isStorageError(e)) {
      this.health.failed(e, this.pending.size);
      this.scheduleRetry();
    }
  }

  /** Prepare every statement on the open database (again after it changes). */
  private prepare(): void {
    const p = (sql: string) => this.db.prepare(sql);
    this.st = {
      labs: p('SELECT id, created_at, topology, running, saved FROM labs ORDER BY created_at, id'),
      // A lab row written late (after the storage recovered) may find its row there already.
      insertLab: p('INSERT INTO labs (id, created_at, topology) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING'),
      deleteLab: p('DELETE FROM labs WHERE id = ?'),
      setTopology: p('UPDATE labs SET topology = ? WHERE id = ?'),
      setRunning: p('UPDATE labs SET running = ?, running_at = ? WHERE id = ?'),
      setSaved: p('UPDATE labs SET saved = ?, saved_at = ? WHERE id = ?'),
      consoles: p('SELECT id, buffer, buffer_start, router FROM consoles WHERE lab_id = ? ORDER BY updated_at'),
      putConsole: p(
        `INSERT INTO consoles (lab_id, id, buffer, buffer_start, updated_at, router) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (lab_id, id) DO UPDATE SET buffer = excluded.buffer, buffer_start = excluded.buffer_start, updated_at = excluded.updated_at, router = excluded.router`,
      ),
      routerConfigs: p('SELECT sysname, running, saved FROM lab_routers WHERE lab_id = ?'),
      setRouterRunning: p(
        `INSERT INTO lab_routers (lab_id, sysname, running, running_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (lab_id, sysname) DO UPDATE SET running = excluded.running, running_at = excluded.running_at`,
      ),
      setRouterSaved: p(
        `INSERT INTO lab_routers (lab_id, sysname, saved, saved_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (lab_id, sysname) DO UPDATE SET saved = excluded.saved, saved_at = excluded.saved_at`,
      ),
      positions: p('SELECT positions FROM labs WHERE id = ?'),
      setPositions: p('UPDATE labs SET positions = ? WHERE id = ?'),
      deleteConsole: p('DELETE FROM consoles WHERE lab_id = ? AND id = ?'),
      recentMessages: p('SELECT view, bytes FROM station_messages WHERE lab_id = ? ORDER BY seq DESC LIMIT ?'),
      messagesAfter: p('SELECT view, bytes FROM station_messages WHERE lab_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
      messageBytes: p('SELECT bytes FROM station_messages WHERE lab_id = ? AND seq = ?'),
      countMessages: p('SELECT count(*) AS n FROM station_messages WHERE lab_id = ?'),
      // The listing's statements name only the view: the blobs are read for a message's bytes alone.
      recentMessageViews: p('SELECT view FROM station_messages WHERE lab_id = ? ORDER BY seq DESC LIMIT ?'),
      messageViewsAfter: p('SELECT view FROM station_messages WHERE lab_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
      // length() of a BLOB reads its size from the record header, not the blob itself.
      messageSizes: p('SELECT seq, length(bytes) AS size FROM station_messages WHERE lab_id = ? ORDER BY seq'),
      exerciseState: p('SELECT state FROM exercise_state WHERE lab_id = ?'),
      exerciseProgress: p('SELECT exercise_id, completed_at, with_checkpoint FROM exercise_progress WHERE lab_id = ?'),
      putExerciseProgress: p(
        `INSERT INTO exercise_progress (lab_id, exercise_id, completed_at, with_checkpoint) VALUES (?, ?, ?, ?)
         ON CONFLICT (lab_id, exercise_id) DO UPDATE SET completed_at = excluded.completed_at, with_checkpoint = excluded.with_checkpoint`,
      ),
      traineeNames: p('SELECT id, trainee_name FROM labs WHERE trainee_name IS NOT NULL'),
      setTraineeName: p('UPDATE labs SET trainee_name = ? WHERE id = ?'),
      putExerciseState: p(
        `INSERT INTO exercise_state (lab_id, state, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (lab_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
      ),
    };
  }

  /** The schema version this code writes. */
  static get schemaVersion(): number {
    return MIGRATIONS.length;
  }

  // ---- writes that survive a refusing storage ---------------------------------

  /**
   * Write now, after anything still pending; if the storage refuses, keep
   * `write` as the latest state of `key` for the retries. True when it is on
   * disk, false when it is only in memory for now.
   */
  private write(key: string, write: PendingWrite): boolean {
    if (this.closed) return false;
    if (this.memoryOnly) {
      write(); // into the database in memory, so reads see it
      this.pending.set(key, write);
      this.health.failed(this.openError, this.pending.size);
      return false;
    }
    // Just refused: do not replay everything pending on each keystroke's scrollback write; the timer retries soon.
    if (this.pending.size > 0 && Date.now() - this.refusedAt < STORAGE_RETRY_MS) {
      this.pending.set(key, write);
      this.health.failed(this.refusedError, this.pending.size);
      return false;
    }
    try {
      this.pending.flush(this.db, isStorageError);
      write();
    } catch (e) {
      if (!isStorageError(e)) throw e;
      this.refused(e);
      this.pending.set(key, write);
      this.health.failed(e, this.pending.size);
      this.scheduleRetry();
      return false;
    }
    // A file that failed to open stays degraded until a retry proves it takes writes again.
    if (this.openError === null) this.health.recovered();
    return true;
  }

  private refused(e: unknown): void {
    this.refusedAt = Date.now();
    this.refusedError = e;
  }

  private scheduleRetry(): void {
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.retry();
    }, STORAGE_RETRY_MS);
    this.retryTimer.unref();
  }

  /**
   * Try the storage again: open the file if only memory was open, then write
   * everything pending and one header write (so a store with nothing pending
   * proves the disk takes writes again). True when healthy again.
   */
  retry(): boolean {
    if (this.closed || this.file === null) return this.health.ok;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.memoryOnly) {
      const db = reopenDatabase(this.file, migrate);
      if (!db) {
        this.scheduleRetry();
        return false;
      }
      // From now on everything goes to the file; what is pending is replayed there below.
      // (The station messages received meanwhile stay only in memory's database, which closes.)
      const memory = this.db;
      this.db = db;
      this.prepare();
      this.messageWriter.close();
      this.messageWriter = this.newMessageWriter(true);
      this.memoryOnly = false;
      memory.close();
    }
    try {
      this.pending.flush(this.db, isStorageError);
      this.db.pragma(`user_version = ${MIGRATIONS.length}`);
    } catch (e) {
      if (!isStorageError(e)) throw e;
      this.refused(e);
      this.health.failed(e, this.pending.size);
      this.scheduleRetry();
      return false;
    }
    this.openError = null;
    this.health.recovered();
    return true;
  }

  // ---- labs -----------------------------------------------------------------

  labs(): StoredLab[] {
    return (this.st.labs.all() as { id: string; created_at: number; topology: string; running: string | null; saved: string | null }[]).map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      topology: JSON.parse(r.topology) as Topology,
      running: r.running === null ? null : (JSON.parse(r.running) as DeviceConfig),
      saved: r.saved === null ? null : (JSON.parse(r.saved) as DeviceConfig),
    }));
  }

  // Each write below returns true when it is on disk, false when it is kept in memory for the retries.

  createLab(id: string, topology: Topology, createdAt: number): boolean {
    const json = JSON.stringify(topology);
    return this.write(`lab:${id}`, () => this.st.insertLab.run(id, createdAt, json));
  }

  setTopology(id: string, topology: Topology): boolean {
    const json = JSON.stringify(topology);
    return this.write(`topology:${id}`, () => this.st.setTopology.run(json, id));
  }

  deleteLab(id: string): boolean {
    this.queue = this.queue.filter((m) => m.labId !== id);
    // Batches already handed over name the lab: written before its row goes, they go with it.
    this.messageWriter.settle();
    this.messageWriter.forgetLab(id);
    this.pending.dropLab(id);
    return this.write(`delete:${id}`, () => this.st.deleteLab.run(id));
  }

  /** The running configuration of a lab (every `commit`). */
  setRunning(id: string, config: DeviceConfig): boolean {
    const json = JSON.stringify(config);
    const at = Date.now();
    return this.write(`running:${id}`, () => this.st.setRunning.run(json, at, id));
  }

  /** The saved configuration of a lab (`save`). */
  setSaved(id: string, config: DeviceConfig): boolean {
    const json = JSON.stringify(config);
    const at = Date.now();
    return this.write(`saved:${id}`, () => this.st.setSaved.run(json, at, id));
  }

  // ---- consoles -------------------------------------------------------------

  consoles(labId: string): StoredConsole[] {
    return (this.st.consoles.all(labId) as { id: string; buffer: string; buffer_start: number; router: string | null }[]).map((r) => ({
      id: r.id,
      buffer: r.buffer,
      bufferStart: r.buffer_start,
      router: r.router,
    }));
  }

  putConsole(labId: string, c: StoredConsole): boolean {
    const at = Date.now();
    const router = c.router ?? null;
    return this.write(`console:${labId}:${c.id}`, () => this.st.putConsole.run(labId, c.id, c.buffer, c.bufferStart, at, router));
  }

  // ---- the routers of a lab of several --------------------------------------

  /** Every stored router configuration of a lab but the first router's (which `labs()` reads), by sysname. */
  routerConfigs(labId: string): Map<string, StoredRouterConfig> {
    const rows = this.st.routerConfigs.all(labId) as { sysname: string; running: string | null; saved: string | null }[];
    return new Map(
      rows.map((r) => [
        r.sysname,
        { running: r.running === null ? null : (JSON.parse(r.running) as DeviceConfig), saved: r.saved === null ? null : (JSON.parse(r.saved) as DeviceConfig) },
      ]),
    );
  }

  /** The running configuration of one router of a lab (not the first: setRunning). */
  setRouterRunning(labId: string, sysname: string, config: DeviceConfig): boolean {
    const json = JSON.stringify(config);
    const at = Date.now();
    return this.write(`running:${labId}:${sysname}`, () => this.st.setRouterRunning.run(labId, sysname, json, at));
  }

  /** The saved configuration of one router of a lab (not the first: setSaved). */
  setRouterSaved(labId: string, sysname: string, config: DeviceConfig): boolean {
    const json = JSON.stringify(config);
    const at = Date.now();
    return this.write(`saved:${labId}:${sysname}`, () => this.st.setRouterSaved.run(labId, sysname, json, at));
  }

  /** Where users dragged the nodes of the lab's topology view (node id → position). */
  positions(labId: string): Map<string, { x: number; y: number }> {
    const row = this.st.positions.get(labId) as { positions: string | null } | undefined;
    if (!row?.positions) return new Map();
    try {
      return new Map(Object.entries(JSON.parse(row.positions) as Record<string, { x: number; y: number }>));
    } catch {
      return new Map();
    }
  }

  setPositions(labId: string, positions: ReadonlyMap<string, { x: number; y: number }>): boolean {
    const json = JSON.stringify(Object.fromEntries(positions));
    return this.write(`positions:${labId}`, () => this.st.setPositions.run(json, labId));
  }

  /** The same key as the console's scrollback: its latest state is "gone". */
  deleteConsole(labId: string, id: string): boolean {
    return this.write(`console:${labId}:${id}`, () => this.st.deleteConsole.run(labId, id));
  }

  // ---- station messages -----------------------------------------------------

  /** Queue a received message; written within FLUSH_MS, in a batch. */
  addMessage(labId: string, message: LoggedMessage): void {
    if (this.closed) return;
    this.queue.push({ labId, message });
    if (this.queue.length >= 1000) this.flush();
    else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
      this.flushTimer.unref();
    }
  }

  /** Hand the queued messages to the writer now (pruned to STATION_RETENTION per lab as they are written). */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.queue.length === 0 || this.closed) return;
    const batch = this.queue;
    this.queue = [];
    try {
      this.messageWriter.write(batch);
    } catch (e) {
      // A full disk must not take the labs down with it; the messages stay in memory.
      this.messagesRefused(e, batch.length);
    }
  }

  /** Every message received so far written: what a read of the log must see. */
  private settled(): void {
    this.flush();
    this.messageWriter.settle();
  }

  /** The newest `limit` messages, oldest first; with `after`, the first `limit` messages after that seq. */
  messages(labId: string, options: { limit?: number; after?: number } = {}): LoggedMessage[] {
    this.settled();
    const limit = Math.max(0, Math.min(options.limit ?? STATION_RETENTION, STATION_RETENTION));
    type Row = { view: string; bytes: Buffer };
    const rows = options.after === undefined ? (this.st.recentMessages.all(labId, limit) as Row[]).reverse() : (this.st.messagesAfter.all(labId, options.after, limit) as Row[]);
    return rows.map((r) => LoggedMessage.stored(JSON.parse(r.view) as StationMessageView, new Uint8Array(r.bytes)));
  }

  /**
   * The records alone (no bytes), as `messages` orders them: what the
   * message listing answers with, without reading a blob.
   */
  messageViews(labId: string, options: { limit?: number; after?: number } = {}): StationMessageView[] {
    this.settled();
    const limit = Math.max(0, Math.min(options.limit ?? STATION_RETENTION, STATION_RETENTION));
    type Row = { view: string };
    const rows =
      options.after === undefined ? (this.st.recentMessageViews.all(labId, limit) as Row[]).reverse() : (this.st.messageViewsAfter.all(labId, options.after, limit) as Row[]);
    return rows.map((r) => JSON.parse(r.view) as StationMessageView);
  }

  messageBytes(labId: string, seq: number): Uint8Array | undefined {
    this.settled();
    const row = this.st.messageBytes.get(labId, seq) as { bytes: Buffer } | undefined;
    return row ? new Uint8Array(row.bytes) : undefined;
  }

  messageCount(labId: string): number {
    this.settled();
    return (this.st.countMessages.get(labId) as { n: number }).n;
  }

  // ---- exercises -------------------------------------------------------------

  /** A lab's exercise progress (JSON the exercises module wrote), or null. */
  exerciseState(labId: string): unknown {
    const row = this.st.exerciseState.get(labId) as { state: string } | undefined;
    return row ? (JSON.parse(row.state) as unknown) : null;
  }

  /** The exercises a lab finished (apps/server/src/exercises/progress.ts). */
  exerciseProgress(labId: string): StoredExerciseProgress[] {
    type Row = { exercise_id: string; completed_at: number; with_checkpoint: number };
    return (this.st.exerciseProgress.all(labId) as Row[]).map((r) => ({ exerciseId: r.exercise_id, completedAt: r.completed_at, withCheckpoint: r.with_checkpoint === 1 }));
  }

  putExerciseProgress(labId: string, p: StoredExerciseProgress): boolean {
    return this.write(`exercise-progress:${labId}:${p.exerciseId}`, () => this.st.putExerciseProgress.run(labId, p.exerciseId, p.completedAt, p.withCheckpoint ? 1 : 0));
  }

  setExerciseState(labId: string, state: unknown): boolean {
    const json = JSON.stringify(state);
    const at = Date.now();
    return this.write(`exercise:${labId}`, () => this.st.putExerciseState.run(labId, json, at));
  }

  // ---- trainee names ---------------------------------------------------------

  /** Lab id → trainee name, for the labs that have one (apps/server/src/instructor/trainee-names.ts). */
  traineeNames(): Map<string, string> {
    const rows = this.st.traineeNames.all() as { id: string; trainee_name: string }[];
    return new Map(rows.map((r) => [r.id, r.trainee_name]));
  }

  setTraineeName(labId: string, name: string): boolean {
    return this.write(`trainee-name:${labId}`, () => this.st.setTraineeName.run(name, labId));
  }

  /** Flush and close; what the storage still refuses is named, then lost with the process. */
  close(): void {
    if (this.closed) return;
    this.flush();
    if (this.pending.size > 0 && !this.retry()) {
      const n = this.pending.size;
      log.error(`storage ${this.file}: ${n} write${n === 1 ? '' : 's'} could not be stored before the stop`);
    }
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.closed = true;
    this.messageWriter.close();
    this.db.close();
  }
}
