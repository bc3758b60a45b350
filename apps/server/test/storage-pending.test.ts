import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { MAX_PENDING_KEYS, PendingWrites } from '../src/persistence/pending-writes.js';
import { isStorageError } from '../src/persistence/storage-health.js';

/** The writes a refusing storage leaves pending: latest state per key, in order, bounded. */
describe('storage: pending writes', () => {
  it('keep the latest write per key, in the order last made, and replay them in one transaction', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)');
    const put = db.prepare('INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v');
    const order: string[] = [];
    const pending = new PendingWrites();
    pending.set('lab:a', () => (order.push('lab:a'), put.run('a', 'row')));
    pending.set('running:a', () => (order.push('running:a 1'), put.run('a', 'first commit')));
    pending.set('running:a', () => (order.push('running:a 2'), put.run('a', 'second commit')));
    expect(pending.size).toBe(2);
    pending.flush(db, isStorageError);
    expect(order).toEqual(['lab:a', 'running:a 2']);
    expect(db.prepare('SELECT v FROM t WHERE k = ?').pluck().get('a')).toBe('second commit');
    expect(pending.size).toBe(0);
  });

  it('a storage error keeps everything pending; a write that can never succeed is dropped, not retried forever', () => {
    const db = new Database(':memory:');
    const pending = new PendingWrites();
    const full = Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    pending.set('running:a', () => {
      throw full;
    });
    expect(() => pending.flush(db, isStorageError)).toThrow(full);
    expect(pending.size).toBe(1);
    pending.set('running:a', () => {
      throw new Error('a bug');
    });
    pending.flush(db, isStorageError);
    expect(pending.size).toBe(0);
  });

  it('are bounded: past MAX_PENDING_KEYS the oldest console scrollback goes first', () => {
    const pending = new PendingWrites();
    pending.set('running:a', () => {});
    for (let i = 0; i < MAX_PENDING_KEYS; i++) pending.set(`console:a:${i}`, () => {});
    expect(pending.size).toBe(MAX_PENDING_KEYS);
    expect(pending.has('running:a')).toBe(true);
    expect(pending.has('console:a:0')).toBe(false);
    expect(pending.has(`console:a:${MAX_PENDING_KEYS - 1}`)).toBe(true);
    pending.dropLab('a');
    expect(pending.size).toBe(0);
  });
});
