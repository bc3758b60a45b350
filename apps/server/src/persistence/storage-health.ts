import { log } from '../log.js';
/**
 * Whether the server's storage (SQLite under BMPLAB_DATA_DIR) is taking
 * writes. One place owns it: the store reports each failed and each
 * successful write here; `/api/health`, the browsers' banner and the
 * consoles' warnings read it.
 */

/** What the health endpoint and the `storage.state` message carry. */
export interface StorageStatus {
  /** Every write reached the disk (nothing pending). */
  ok: boolean;
  /** The database file, or null when the server keeps its data in memory by choice (BMPLAB_DATA_DIR=off). */
  path: string | null;
  /** Why writes fail, e.g. `SQLITE_FULL: database or disk is full`; absent when ok. */
  error?: string;
  /** Writes kept in memory until the storage takes them again (latest state per lab, console, …). */
  pending: number;
}

/**
 * SQLite result codes (and errno names, for the data directory itself) that
 * mean the storage cannot take writes now (disk full, I/O error, read-only,
 * cannot open): the server goes on in memory and retries. Anything else is a
 * bug and is thrown as before.
 */
const STORAGE_CODES = /^(SQLITE_(FULL|IOERR|READONLY|CANTOPEN|PERM|NOTADB|CORRUPT|BUSY|LOCKED)|E(NOSPC|ROFS|ACCES|PERM|DQUOT|IO|NOTDIR|EXIST|ISDIR))/;

/** The error is the storage refusing a write or an open (see STORAGE_CODES). */
export function isStorageError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_CODES.test(code);
}

/** One line for people: `SQLITE_FULL: database or disk is full`. */
export function describeStorageError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  const message = e instanceof Error ? e.message : String(e);
  return typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message;
}

export class StorageHealth {
  private error: string | null = null;
  private pendingWrites = 0;
  private readonly listeners = new Set<(status: StorageStatus) => void>();

  constructor(readonly path: string | null) {}

  get ok(): boolean {
    return this.error === null;
  }

  status(): StorageStatus {
    return { ok: this.ok, path: this.path, ...(this.error === null ? {} : { error: this.error }), pending: this.pendingWrites };
  }

  /**
   * A write (or the open) failed: degraded until everything pending is
   * written. The first failure is logged in one line (`what`: how to say it).
   */
  failed(e: unknown, pending: number, what?: string): void {
    const error = describeStorageError(e);
    const changed = this.error !== error || this.pendingWrites !== pending;
    if (this.error === null) {
      log.error(`storage ${this.path ?? ''} ${what ?? `refuses writes (${error}): the labs go on in memory and the writes are tried again every second`}`);
    }
    this.error = error;
    this.pendingWrites = pending;
    if (changed) this.emit();
  }

  /** Everything pending was written: ok again. */
  recovered(): void {
    if (this.error === null) return;
    log.info(`storage ${this.path ?? ''} takes writes again: everything pending is written`);
    this.error = null;
    this.pendingWrites = 0;
    this.emit();
  }

  /** Hear each change of state; returns the unsubscriber. */
  onChange(listener: (status: StorageStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const status = this.status();
    for (const l of this.listeners) l(status);
  }
}
