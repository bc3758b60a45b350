import { describe, expect, it, onTestFinished } from 'vitest';
import { CONSOLE_BUFFER_CHARS } from '../src/console/console-hub.js';
import { startLab } from './lab-harness.js';

/** A console's replay buffer: what a reconnecting browser and the store get back, however much the console printed. */
describe('a console that printed more than its replay buffer keeps', () => {
  it('replays and stores exactly the newest CONSOLE_BUFFER_CHARS, at their offsets, through many cut-backs', async () => {
    const { lab } = await startLab();
    onTestFinished(() => lab.stop());
    const { record } = lab.consoles.open(undefined);
    let printed = record.since(0).data;
    const live: string[] = [];
    const attachedAt = record.total;
    record.attach({ output: (data) => live.push(data), takenOver: () => {} }, attachedAt);
    // Lines of varying length, then single keys typed into the router (its real echo), past the buffer several times.
    for (let i = 0; printed.length < 3 * CONSOLE_BUFFER_CHARS; i++) {
      const out = i % 50 === 49 ? record.terminal.input('x') : `line ${i} ${'-'.repeat(i % 97)}\r\n`;
      record.write(out);
      printed += out;
      if (i % 997 === 0) {
        const kept = record.since(0);
        expect(kept.data).toBe(printed.slice(-CONSOLE_BUFFER_CHARS));
        expect(kept.offset).toBe(printed.length - kept.data.length);
      }
    }
    expect(record.total).toBe(printed.length);
    const newest = printed.slice(-CONSOLE_BUFFER_CHARS);
    expect(record.since(0)).toEqual({ data: newest, offset: printed.length - CONSOLE_BUFFER_CHARS });
    expect(record.snapshot()).toEqual({ id: record.id, buffer: newest, bufferStart: printed.length - CONSOLE_BUFFER_CHARS });
    // A browser that saw up to some recent offset gets exactly what followed it.
    const seen = printed.length - 1000;
    expect(record.since(seen)).toEqual({ data: printed.slice(seen), offset: seen });
    // The watcher got every character as it was printed.
    expect(live.join('')).toBe(printed.slice(attachedAt));
  });
});
