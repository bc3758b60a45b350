import type { Database as Db } from 'better-sqlite3';
import { log } from '../log.js';

/** A write the storage did not take yet: replayed, in order, on whichever database the store has open then. */
export type PendingWrite = () => void;

/**
 * Keys kept at most. Each key is one piece of state (a lab's row, running or
 * saved configuration, a console's scrollback…), so the bound is the number
 * of things the server holds, not the number of writes: a console that prints
 * for an hour on a full disk still takes one entry, its latest scrollback.
 */
export const MAX_PENDING_KEYS = 10_000;

/**
 * Writes the storage refused, latest state per key, in the order they were
 * last made (a lab's row before its configuration). Bounded: beyond
 * MAX_PENDING_KEYS the oldest console scrollback goes first (the consoles
 * still hold it in memory), then the oldest of anything.
 */
export class PendingWrites {
  private readonly writes = new Map<string, PendingWrite>();

  get size(): number {
    return this.writes.size;
  }

  has(key: string): boolean {
    return this.writes.has(key);
  }

  /** Keep `write` as the latest state of `key` (it replaces, and moves after, an older one). */
  set(key: string, write: PendingWrite): void {
    this.writes.delete(key);
    this.writes.set(key, write);
    if (this.writes.size <= MAX_PENDING_KEYS) return;
    const victim = [...this.writes.keys()].find((k) => k.startsWith('console:')) ?? this.writes.keys().next().value!;
    this.writes.delete(victim);
    log.error(`storage: more than ${MAX_PENDING_KEYS} writes pending; ${victim} is dropped`);
  }

  /** Forget a deleted lab's writes (keys are `KIND:LAB[:…]`): they are moot. */
  dropLab(labId: string): void {
    for (const k of [...this.writes.keys()]) if (k.split(':')[1] === labId) this.writes.delete(k);
  }

  /**
   * Replay everything in one transaction; on a storage error nothing is
   * forgotten (the transaction rolls back) and it is thrown. A write that
   * fails for any other reason cannot succeed later: it is logged and dropped
   * so it does not hold the others back.
   */
  flush(db: Db, isStorageError: (e: unknown) => boolean): void {
    if (this.writes.size === 0) return;
    db.transaction(() => {
      for (const [key, write] of this.writes) {
        try {
          write();
        } catch (e) {
          if (isStorageError(e)) throw e;
          log.error(`storage: the pending write ${key} failed and is dropped: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
    })();
    this.writes.clear();
  }
}
