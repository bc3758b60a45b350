import { describe, expect, it } from 'vitest';
import { watchMode } from './watch-mode.js';

describe('watch mode', () => {
  it('is off without ?watch=, and asks a read-only socket resuming the watched console', () => {
    expect(watchMode({ search: '' }, 'ws://h/ws')).toBeNull();
    const w = watchMode({ search: '?watch=c-1' }, 'ws://h/ws?lab=abc')!;
    expect(w.url).toBe('ws://h/ws?lab=abc&readonly=1');
    expect(watchMode({ search: '?watch=c-1' }, 'ws://h/ws')!.url).toBe('ws://h/ws?readonly=1');
    expect(w.consoleStorage.load()?.consoles).toEqual([expect.objectContaining({ consoleId: 'c-1', seen: 0, closed: false })]);
  });
});
