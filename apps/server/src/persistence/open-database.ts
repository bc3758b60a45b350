import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Database as Db } from 'better-sqlite3';
import { isStorageError } from './storage-health.js';

export interface OpenedDatabase {
  db: Db;
  /**
   * `file`: the database file (perhaps unable to take writes: see `error`);
   * `memory`: the file could not be opened at all, the server starts from an
   * empty database in memory and tries the file again later.
   */
  mode: 'file' | 'memory';
  /** Why the file is not fully usable (the open or the migration failed); absent when it is. */
  error?: unknown;
}

/** Open a connection the usual way: WAL (a `kill -9` loses at most the last queued station messages). */
function openNormally(file: string, migrate: (db: Db) => void): Db {
  mkdirSync(dirname(file), { recursive: true });
  // SQLite says only "unable to open database file"; the system's reason (EROFS, EACCES) is clearer.
  accessSync(dirname(file), constants.W_OK);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Open an existing database for reading when the normal open cannot write
 * (a full disk cannot even create the WAL's shared-memory file): in exclusive
 * locking mode SQLite keeps the WAL index in heap memory, so no file has to
 * grow before the first read. Writes are tried as usual (and fail until the
 * disk has room).
 */
function openForReading(file: string, migrate: (db: Db) => void): Db {
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('foreign_keys = ON');
    migrate(db); // a no-op unless the schema is older (then it needs writes, and fails here)
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

export function openMemoryDatabase(migrate: (db: Db) => void): Db {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

/**
 * Open the store's database at `file` (null: in memory by choice). A storage
 * that refuses (read-only, unopenable, full: see isStorageError) never stops
 * the server: it falls back to reading the file, then to memory, and says why
 * in `error`. Anything else (a newer schema, a bug) is thrown.
 */
export function openDatabase(file: string | null, migrate: (db: Db) => void): OpenedDatabase {
  if (file === null) return { db: openMemoryDatabase(migrate), mode: 'memory' };
  let error: unknown;
  try {
    return { db: openNormally(file, migrate), mode: 'file' };
  } catch (e) {
    if (!isStorageError(e)) throw e;
    error = e;
  }
  try {
    return { db: openForReading(file, migrate), mode: 'file', error };
  } catch (e) {
    if (!isStorageError(e)) throw e;
  }
  return { db: openMemoryDatabase(migrate), mode: 'memory', error };
}

/** Try the file again (the storage may have recovered); null while it still cannot be opened. */
export function reopenDatabase(file: string, migrate: (db: Db) => void): Db | null {
  try {
    return openNormally(file, migrate);
  } catch (e) {
    if (!isStorageError(e)) throw e;
    return null;
  }
}
