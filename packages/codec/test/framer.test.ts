import { describe, expect, it } from 'vitest';
import { createBmpFramer, decodeBmpMessage, encodeBmpMessage, type FramedItem } from '../src/index.js';
import { concat } from './helpers.js';
import { allBmpMessages } from './samples.js';

const encoded = allBmpMessages.map((m) => encodeBmpMessage(m));
const stream = concat(...encoded);
const starts = encoded.reduce<number[]>((acc, e, i) => [...acc, i === 0 ? 0 : (acc[i - 1] as number) + (encoded[i - 1] as Uint8Array).length], []);

function okItems(items: FramedItem[]): { bytes: Uint8Array; offset: number }[] {
  return items.map((it) => {
    if (!it.ok) throw new Error(JSON.stringify(it.error));
    return it;
  });
}

describe('createBmpFramer', () => {
  it('one byte at a time yields every message, with stream offsets, decodable', () => {
    const f = createBmpFramer();
    const out: FramedItem[] = [];
    for (let i = 0; i < stream.length; i++) {
      out.push(...f.push(stream.subarray(i, i + 1)));
      expect(f.buffered).toBeLessThanOrEqual(4096);
    }
    const items = okItems(out);
    expect(items.map((i) => i.offset)).toEqual(starts);
    expect(items.map((i) => i.bytes)).toEqual(encoded);
    expect(items.map((i) => decodeBmpMessage(i.bytes))).toEqual(allBmpMessages.map((m) => ({ ok: true, value: m })));
    expect(f.buffered).toBe(0);
    expect(f.failed).toBeNull();
  });

  it('all messages in one chunk', () => {
    const f = createBmpFramer();
    const items = okItems(f.push(stream));
    expect(items.map((i) => i.bytes)).toEqual(encoded);
    expect(items.map((i) => i.offset)).toEqual(starts);
  });

  it('random chunk sizes, including boundaries inside the common header', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    for (let round = 0; round < 200; round++) {
      const f = createBmpFramer();
      const out: FramedItem[] = [];
      for (let p = 0; p < stream.length;) {
        const n = 1 + rand(round % 2 ? 9 : 300);
        out.push(...f.push(stream.subarray(p, p + n)));
        p += n;
      }
      expect(okItems(out).map((i) => i.bytes)).toEqual(encoded);
    }
  });

  it('emits copies: reusing the input buffer does not change emitted messages', () => {
    const f = createBmpFramer();
    const chunk = stream.slice();
    const items = okItems(f.push(chunk));
    chunk.fill(0);
    expect(items.map((i) => i.bytes)).toEqual(encoded);
  });

  it('an empty chunk and a header-only message (length 6)', () => {
    const f = createBmpFramer();
    expect(f.push(new Uint8Array(0))).toEqual([]);
    const items = okItems([...f.push(Uint8Array.of(3, 0, 0)), ...f.push(Uint8Array.of(0, 6, 4))]);
    expect(items).toEqual([{ ok: true, bytes: Uint8Array.of(3, 0, 0, 0, 6, 4), offset: 0 }]);
  });

  it('wrong version: one error at its stream offset, then failed and deaf', () => {
    const f = createBmpFramer();
    const first = encoded[0] as Uint8Array;
    const bad = concat(first, Uint8Array.of(2, 0, 0, 0, 6, 4), first);
    const out = f.push(bad);
    expect(out).toHaveLength(2);
    expect(out[0]?.ok).toBe(true);
    expect(out[1]).toEqual({ ok: false, error: expect.objectContaining({ code: 'BMP_BAD_VERSION', offset: first.length, field: 'common header.version' }) });
    expect(f.failed?.code).toBe('BMP_BAD_VERSION');
    expect(f.buffered).toBe(0);
    expect(f.push(first)).toEqual([]);
    expect(f.buffered).toBe(0);
  });

  it('wrong version detected from the first byte alone', () => {
    const f = createBmpFramer();
    expect(f.push(Uint8Array.of(0x47))).toEqual([{ ok: false, error: expect.objectContaining({ code: 'BMP_BAD_VERSION', offset: 0 }) }]);
  });

  it('length below 6, split across chunks', () => {
    const f = createBmpFramer();
    expect(f.push(Uint8Array.of(3, 0, 0))).toEqual([]);
    expect(f.push(Uint8Array.of(0, 5))).toEqual([{ ok: false, error: expect.objectContaining({ code: 'BMP_BAD_LENGTH', offset: 1, field: 'common header.length' }) }]);
    expect(f.failed).not.toBeNull();
  });

  it('length above the maximum is refused before buffering it', () => {
    const f = createBmpFramer({ maxMessageLength: 100 });
    const out = f.push(Uint8Array.of(3, 0, 0, 0, 101, 0, 1, 2, 3));
    expect(out).toEqual([{ ok: false, error: expect.objectContaining({ code: 'BMP_TOO_LONG', offset: 1 }) }]);
    expect(f.buffered).toBe(0);
    const big = createBmpFramer();
    expect(big.push(Uint8Array.of(3, 0xff, 0xff, 0xff, 0xff))[0]).toMatchObject({ ok: false, error: { code: 'BMP_TOO_LONG' } });
  });

  it('a message of exactly the maximum length passes', () => {
    const f = createBmpFramer({ maxMessageLength: 10 });
    const m = Uint8Array.of(3, 0, 0, 0, 10, 4, 0, 0, 0, 0);
    expect(okItems(f.push(m))).toHaveLength(1);
  });

  it('buffered reports a partial message', () => {
    const f = createBmpFramer();
    const first = encoded[1] as Uint8Array;
    f.push(first.subarray(0, 4));
    expect(f.buffered).toBe(4);
    f.push(first.subarray(4, 20));
    expect(f.buffered).toBe(20);
    expect(okItems(f.push(first.subarray(20)))).toHaveLength(1);
    expect(f.buffered).toBe(0);
  });
});
