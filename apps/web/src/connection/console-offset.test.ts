import { describe, expect, it } from 'vitest';
import { takeUnseen } from './console-offset.js';
import { historyTail, parsePersistedConsoles } from './console-storage.js';

describe('takeUnseen', () => {
  it('writes new output whole', () => {
    expect(takeUnseen(0, 0, 'abc')).toEqual({ text: 'abc', seen: 3, gap: 0 });
    expect(takeUnseen(3, 3, 'de')).toEqual({ text: 'de', seen: 5, gap: 0 });
  });

  it('skips what the terminal already has', () => {
    expect(takeUnseen(5, 0, 'abc')).toEqual({ text: '', seen: 5, gap: 0 });
    expect(takeUnseen(5, 0, 'abcde')).toEqual({ text: '', seen: 5, gap: 0 });
    expect(takeUnseen(5, 3, 'defgh')).toEqual({ text: 'fgh', seen: 8, gap: 0 });
  });

  it('reports output the server no longer had', () => {
    expect(takeUnseen(5, 9, 'xy')).toEqual({ text: 'xy', seen: 11, gap: 4 });
  });
});

describe('console storage', () => {
  it('parses what it wrote and rejects anything else', () => {
    const v = {
      version: 1,
      next: 3,
      active: 'a',
      consoles: [{ localId: 'a', title: 'R2 · 1', number: 1, router: 'R2', consoleId: 'k', seen: 9, history: 'x', closed: false, reason: null }],
    };
    expect(parsePersistedConsoles(JSON.stringify(v))).toEqual(v);
    expect(parsePersistedConsoles(null)).toBeNull();
    expect(parsePersistedConsoles('{')).toBeNull();
    expect(parsePersistedConsoles('{"version":2}')).toBeNull();
    expect(parsePersistedConsoles(JSON.stringify({ ...v, consoles: [{ localId: 1 }, { localId: 'b', title: 'T', seen: -4 }] }))?.consoles).toEqual([
      { localId: 'b', title: 'T', router: null, consoleId: null, seen: 0, history: '', closed: false, reason: null },
    ]);
  });

  it('reads what an older page saved: the number from the title, no router', () => {
    const old = { version: 1, next: 4, active: 'a', consoles: [{ localId: 'a', title: 'Console 3', consoleId: 'k', seen: 0, history: '', closed: false, reason: null }] };
    expect(parsePersistedConsoles(JSON.stringify(old))?.consoles[0]).toMatchObject({ number: 3, router: null, title: 'Console 3' });
  });

  it('keeps the history tail from a line start', () => {
    expect(historyTail('abc\r\ndef\r\nghi', 8)).toBe('ghi');
    expect(historyTail('short', 8)).toBe('short');
  });
});
