import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import type { DeviceConfig } from '@bmp-lab/router';
import type { StationMessageView } from '@bmp-lab/protocol';
import type { Topology } from '../lab/topology.js';

/** The database file inside BMPLAB_DATA_DIR. */
export const DB_FILE = 'bmp-lab.sqlite';
/** Station messages kept per lab, with their bytes; older ones are pruned. */
export const STATION_RETENTION = 10_000;
/** Queued station messages are written at least this often (ms), in one transaction. */
const FLUSH_MS = 50;

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
];

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
}

export interface StoredMessage {
  view: StationMessageView;
  bytes: Uint8Array;
}

/**
 * The server's persistent state in SQLite (WAL mode, so a `kill -9` loses at
 * most the last queued station messages): per lab its topology, running and
 * saved configuration, consoles' scrollback, and station message log.
 * One module owns the schema; every query is a prepared statement.
 */
export class LabStore {
  private readonly db: Db;
  private readonly st: Record<
    | 'labs'
    | 'insertLab'
    | 'deleteLab'
    | 'setTopology'
    | 'setRunning'
    | 'setSaved'
    | 'consoles'
    | 'putConsole'
    | 'deleteConsole'
    | 'insertMessage'
    | 'pruneMessages'
    | 'recentMessages'
    | 'messagesAfter'
    | 'messageBytes'
    | 'countMessages'
    | 'exerciseState'
    | 'putExerciseState',
    Statement
  >;
  private queue: { labId: string; view: StationMessageView; bytes: Uint8Array }[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private closed = false;

  /** Open (creating it and migrating it) the store in `dataDir`; null keeps everything in memory. */
  constructor(readonly dataDir: string | null) {
    let file = ':memory:';
    if (dataDir !== null) {
      mkdirSync(resolve(dataDir), { recursive: true });
      file = join(resolve(dataDir), DB_FILE);
    }
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
    const p = (sql: string) => this.db.prepare(sql);
    this.st = {
      labs: p('SELECT id, created_at, topology, running, saved FROM labs ORDER BY created_at, id'),
      insertLab: p('INSERT INTO labs (id, created_at, topology) VALUES (?, ?, ?)'),
      deleteLab: p('DELETE FROM labs WHERE id = ?'),
      setTopology: p('UPDATE labs SET topology = ? WHERE id = ?'),
      setRunning: p('UPDATE labs SET running = ?, running_at = ? WHERE id = ?'),
      setSaved: p('UPDATE labs SET saved = ?, saved_at = ? WHERE id = ?'),
      consoles: p('SELECT id, buffer, buffer_start FROM consoles WHERE lab_id = ? ORDER BY updated_at'),
      putConsole: p(
        `INSERT INTO consoles (lab_id, id, buffer, buffer_start, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (lab_id, id) DO UPDATE SET buffer = excluded.buffer, buffer_start = excluded.buffer_start, updated_at = excluded.updated_at`,
      ),
      deleteConsole: p('DELETE FROM consoles WHERE lab_id = ? AND id = ?'),
      insertMessage: p('INSERT OR REPLACE INTO station_messages (lab_id, seq, view, bytes) VALUES (?, ?, ?, ?)'),
      pruneMessages: p('DELETE FROM station_messages WHERE lab_id = ? AND seq <= ?'),
      recentMessages: p('SELECT view, bytes FROM station_messages WHERE lab_id = ? ORDER BY seq DESC LIMIT ?'),
      messagesAfter: p('SELECT view, bytes FROM station_messages WHERE lab_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
      messageBytes: p('SELECT bytes FROM station_messages WHERE lab_id = ? AND seq = ?'),
      countMessages: p('SELECT count(*) AS n FROM station_messages WHERE lab_id = ?'),
      exerciseState: p('SELECT state FROM exercise_state WHERE lab_id = ?'),
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

  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(`the data directory's database is schema version ${current}, newer than this server (${MIGRATIONS.length}); use a newer BMP Lab or another BMPLAB_DATA_DIR`);
    }
    for (let v = current; v < MIGRATIONS.length; v++) {
      this.db.transaction(() => {
        this.db.exec(MIGRATIONS[v]!);
        this.db.pragma(`user_version = ${v + 1}`);
      })();
    }
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

  createLab(id: string, topology: Topology, createdAt: number): void {
    this.st.insertLab.run(id, createdAt, JSON.stringify(topology));
  }

  setTopology(id: string, topology: Topology): void {
    this.st.setTopology.run(JSON.stringify(topology), id);
  }

  deleteLab(id: string): void {
    this.queue = this.queue.filter((m) => m.labId !== id);
    this.st.deleteLab.run(id);
  }

  setRunning(id: string, config: DeviceConfig): void {
    this.st.setRunning.run(JSON.stringify(config), Date.now(), id);
  }

  setSaved(id: string, config: DeviceConfig): void {
    this.st.setSaved.run(JSON.stringify(config), Date.now(), id);
  }

  // ---- consoles -------------------------------------------------------------

  consoles(labId: string): StoredConsole[] {
    return (this.st.consoles.all(labId) as { id: string; buffer: string; buffer_start: number }[]).map((r) => ({
      id: r.id,
      buffer: r.buffer,
      bufferStart: r.buffer_start,
    }));
  }

  putConsole(labId: string, c: StoredConsole): void {
    this.st.putConsole.run(labId, c.id, c.buffer, c.bufferStart, Date.now());
  }

  deleteConsole(labId: string, id: string): void {
    this.st.deleteConsole.run(labId, id);
  }

  // ---- station messages -----------------------------------------------------

  /** Queue a received message; written within FLUSH_MS, in a batch. */
  addMessage(labId: string, view: StationMessageView, bytes: Uint8Array): void {
    if (this.closed) return;
    this.queue.push({ labId, view, bytes });
    if (this.queue.length >= 1000) this.flush();
    else if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
      this.flushTimer.unref();
    }
  }

  /** Write the queued messages now and prune each lab beyond STATION_RETENTION. */
  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.queue.length === 0 || this.closed) return;
    const batch = this.queue;
    this.queue = [];
    try {
      this.writeBatch(batch);
    } catch (e) {
      // A full disk must not take the labs down with it; the messages stay in memory.
      console.error(`bmp-lab: could not store ${batch.length} station messages:`, e instanceof Error ? e.message : e);
    }
  }

  private writeBatch(batch: { labId: string; view: StationMessageView; bytes: Uint8Array }[]): void {
    this.db.transaction(() => {
      const newest = new Map<string, number>();
      for (const m of batch) {
        this.st.insertMessage.run(m.labId, m.view.seq, JSON.stringify(m.view), Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
        newest.set(m.labId, Math.max(newest.get(m.labId) ?? -1, m.view.seq));
      }
      for (const [labId, seq] of newest) this.st.pruneMessages.run(labId, seq - STATION_RETENTION);
    })();
  }

  /** The newest `limit` messages, oldest first; with `after`, the first `limit` messages after that seq. */
  messages(labId: string, options: { limit?: number; after?: number } = {}): StoredMessage[] {
    this.flush();
    const limit = Math.max(0, Math.min(options.limit ?? STATION_RETENTION, STATION_RETENTION));
    type Row = { view: string; bytes: Buffer };
    const rows =
      options.after === undefined
        ? (this.st.recentMessages.all(labId, limit) as Row[]).reverse()
        : (this.st.messagesAfter.all(labId, options.after, limit) as Row[]);
    return rows.map((r) => ({ view: JSON.parse(r.view) as StationMessageView, bytes: new Uint8Array(r.bytes) }));
  }

  messageBytes(labId: string, seq: number): Uint8Array | undefined {
    this.flush();
    const row = this.st.messageBytes.get(labId, seq) as { bytes: Buffer } | undefined;
    return row ? new Uint8Array(row.bytes) : undefined;
  }

  messageCount(labId: string): number {
    this.flush();
    return (this.st.countMessages.get(labId) as { n: number }).n;
  }

  // ---- exercises -------------------------------------------------------------

  /** A lab's exercise progress (JSON the exercises module wrote), or null. */
  exerciseState(labId: string): unknown {
    const row = this.st.exerciseState.get(labId) as { state: string } | undefined;
    return row ? (JSON.parse(row.state) as unknown) : null;
  }

  setExerciseState(labId: string, state: unknown): void {
    if (this.closed) return;
    this.st.putExerciseState.run(labId, JSON.stringify(state), Date.now());
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.db.close();
  }
}
