import { describe, expect, it } from 'vitest';
import { createBgpFramer, decodeBgpMessage, encodeBgpMessage, type BgpMessage, type FramedItem } from '../src/index.js';
import { concat } from './helpers.js';
import { notification, open, updateV4, updateV6 } from './samples.js';

/** A session's worth of messages: OPEN, KEEPALIVE, UPDATEs, ROUTE-REFRESH, NOTIFICATION. */
const messages: BgpMessage[] = [open(65001, '192.0.2.1'), { type: 'keepalive' }, updateV4, updateV6, { type: 'route-refresh', afi: 1, subtype: 0, safi: 1 }, notification];
const encoded = messages.map((m) => encodeBgpMessage(m));
const stream = concat(...encoded);
const starts = encoded.map((_, i) => encoded.slice(0, i).reduce((n, e) => n + e.length, 0));

function okItems(items: FramedItem[]): { bytes: Uint8Array; offset: number }[] {
  return items.map((it) => {
    if (!it.ok) throw new Error(JSON.stringify(it.error));
    return it;
  });
}

describe('createBgpFramer', () => {
  it('cuts a stream fed one byte at a time, or in chunks of any size, into the messages, with stream offsets', () => {
    for (const size of [1, 2, 7, 19, 20, 64, stream.length]) {
      const f = createBgpFramer();
      const out: FramedItem[] = [];
      for (let p = 0; p < stream.length; p += size) {
        out.push(...f.push(stream.subarray(p, p + size)));
        expect(f.buffered).toBeLessThanOrEqual(4096);
      }
      const items = okItems(out);
      expect(items.map((i) => i.offset)).toEqual(starts);
      expect(items.map((i) => i.bytes)).toEqual(encoded);
      expect(items.map((i) => decodeBgpMessage(i.bytes))).toEqual(messages.map((m) => ({ ok: true, value: m })));
      expect(f.buffered).toBe(0);
      expect(f.failed).toBeNull();
    }
  });

  it('emits copies the caller owns', () => {
    const chunk = stream.slice();
    const items = okItems(createBgpFramer().push(chunk));
    chunk.fill(0);
    expect(items.map((i) => i.bytes)).toEqual(encoded);
  });

  it('a marker byte that is not 0xff is Connection Not Synchronized as soon as it arrives, after the messages before it', () => {
    const bad = concat(encoded[0]!, Uint8Array.of(0xff, 0xff, 0x00));
    const f = createBgpFramer();
    const items = f.push(bad);
    expect(okItems(items.slice(0, 1)).map((i) => i.bytes)).toEqual([encoded[0]]);
    expect(items[1]).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'BGP_BAD_MARKER', offset: encoded[0]!.length + 2, handling: 'session-reset', notification: { code: 1, subcode: 1 } }),
    });
    expect(items).toHaveLength(2);
    // The stream is lost: the buffer is released and later bytes are ignored.
    expect(f.buffered).toBe(0);
    expect(f.push(encoded[1]!)).toEqual([]);
    expect(f.failed?.code).toBe('BGP_BAD_MARKER');
  });

  it('a length below 19 or above the maximum is Bad Message Length, reported once with its stream offset', () => {
    for (const length of [0, 18, 4097, 65535]) {
      const header = concat(new Uint8Array(16).fill(0xff), Uint8Array.of(length >> 8, length & 0xff, 4));
      const f = createBgpFramer();
      const items = f.push(concat(encoded[1]!, header));
      expect(items.at(-1)).toEqual({ ok: false, error: expect.objectContaining({ code: 'BGP_BAD_LENGTH', offset: 19 + 16, notification: { code: 1, subcode: 2 } }) });
      expect(f.push(header)).toEqual([]);
    }
  });

  it('takes messages up to maxMessageLength (RFC 8654 Extended Message)', () => {
    const big = concat(new Uint8Array(16).fill(0xff), Uint8Array.of(0x20, 0x00, 3), Uint8Array.of(6, 2), new Uint8Array(8192 - 21));
    expect(createBgpFramer().push(big)[0]).toMatchObject({ ok: false, error: { code: 'BGP_BAD_LENGTH' } });
    const f = createBgpFramer({ maxMessageLength: 65535 });
    const items = okItems(f.push(big.subarray(0, 100)).concat(f.push(big.subarray(100))));
    expect(items.map((i) => i.bytes.length)).toEqual([8192]);
  });
});
