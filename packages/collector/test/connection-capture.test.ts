import { describe, expect, it } from 'vitest';
import { ConnectionCapture } from '../src/index.js';

const CLIENT = { address: '10.0.0.1', port: 50000 };
const SERVER = { address: '10.1.1.1', port: 1790 };

describe('ConnectionCapture', () => {
  it('keeps messages that arrived together in one read as one entry, and separate reads apart', () => {
    const capture = new ConnectionCapture(CLIENT, SERVER, 1000);
    const read = Uint8Array.from({ length: 30 }, (_, i) => i);
    capture.add(1, read.subarray(0, 10));
    capture.add(2, read.subarray(10, 25));
    capture.add(3, read.subarray(25, 30));
    // Another read's buffer, and a gap in the same buffer: new entries.
    const next = Uint8Array.of(100, 101, 102, 103);
    capture.add(4, next.subarray(0, 2));
    capture.add(5, read.subarray(0, 5));
    expect(capture.stream.chunks.map((c) => ({ at: c.at, bytes: [...c.bytes] }))).toEqual([
      { at: 1, bytes: [...read] },
      { at: 4, bytes: [100, 101] },
      { at: 5, bytes: [0, 1, 2, 3, 4] },
    ]);
  });

  it('keeps within its limit: a message that does not fit is left out whole, and one after it is not merged across the gap', () => {
    const capture = new ConnectionCapture(CLIENT, SERVER, 12);
    const read = Uint8Array.from({ length: 20 }, (_, i) => i);
    capture.add(1, read.subarray(0, 8));
    capture.add(2, read.subarray(8, 16));
    capture.add(3, read.subarray(16, 20));
    expect(capture.stream.chunks.map((c) => [...c.bytes])).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7],
      [16, 17, 18, 19],
    ]);
  });
});
