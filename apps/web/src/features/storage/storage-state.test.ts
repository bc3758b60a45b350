import { describe, expect, it } from 'vitest';
import { applyServerMessage, initialLabState, selectStorage } from '../../store/index.js';

describe('storage.state: what the banner shows', () => {
  it('holds the latest state the server sent; ok again clears the alarm', () => {
    let s = initialLabState();
    expect(selectStorage(s)).toBeNull();
    s = applyServerMessage(s, { type: 'storage.state', storage: { ok: false, path: '/data/bmp-lab.sqlite', error: 'SQLITE_FULL: database or disk is full', pending: 2 } });
    expect(selectStorage(s)).toEqual({ ok: false, path: '/data/bmp-lab.sqlite', error: 'SQLITE_FULL: database or disk is full', pending: 2 });
    s = applyServerMessage(s, { type: 'storage.state', storage: { ok: true, path: '/data/bmp-lab.sqlite', pending: 0 } });
    expect(selectStorage(s)?.ok).toBe(true);
  });
});
