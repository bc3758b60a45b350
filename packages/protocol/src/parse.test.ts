import { describe, expect, it, vi } from 'vitest';
import { clientMessageSchema, parseClientMessage, parseServerMessage, serverMessageSchema, MAX_FRAME_BYTES } from '@bmp-lab/protocol';

describe('parseClientMessage', () => {
  it('accepts keystrokes for a console', () => {
    expect(parseClientMessage('{"type":"console.input","consoleId":"c1","data":"sys\\r"}')).toEqual({
      ok: true,
      value: { type: 'console.input', consoleId: 'c1', data: 'sys\r' },
    });
  });
  it('names what is wrong with a bad frame', () => {
    expect(parseClientMessage('nope')).toEqual({ ok: false, error: 'frame is not JSON' });
    const r = parseClientMessage('{"type":"console.resize","consoleId":"c1","cols":0,"rows":24}');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^invalid message: cols: /);
    expect(parseClientMessage('{"type":"launch-missiles"}').ok).toBe(false);
    expect(parseClientMessage('{"type":"console.input","data":"x"}').ok).toBe(false);
  });
  it('refuses oversized frames before parsing them', () => {
    const r = parseClientMessage('x'.repeat(MAX_FRAME_BYTES + 1));
    expect(r).toEqual({ ok: false, error: `frame of ${MAX_FRAME_BYTES + 1} bytes exceeds ${MAX_FRAME_BYTES}` });
  });
});

describe('parseServerMessage', () => {
  const session = {
    key: '_public_|10.1.1.1|',
    address: '10.1.1.1',
    alias: null,
    vpnInstance: null,
    port: 1790,
    state: 'up',
    downReason: null,
    since: 1,
    localAddress: '127.0.0.1',
    localPort: 50000,
    sent: { 'route-monitoring': 0, 'statistics-report': 0, 'peer-down': 0, 'peer-up': 0, initiation: 1, termination: 0, 'route-mirroring': 0, 'route-policy-trace': 0 },
    bytesSent: 100,
    connects: 1,
    connectRetryAt: null,
    statisticsTimer: 3600,
    statisticsAt: 2,
    feeds: [{ peer: '10.2.2.2', rib: 'adj-rib-in', postPolicy: true, up: true }],
    pendingBytes: 0,
  };
  it('accepts a session update with every counter', () => {
    expect(parseServerMessage(JSON.stringify({ type: 'session.updated', session })).ok).toBe(true);
    expect(parseServerMessage(JSON.stringify({ type: 'session.updated', session: { ...session, state: 'Up' } })).ok).toBe(false);
  });
  it('accepts a nested dissection tree', () => {
    const tree = [{ name: 'common header', offset: 0, length: 6, children: [{ name: 'version', offset: 0, length: 1, value: '3' }] }];
    expect(parseServerMessage(JSON.stringify({ type: 'station.detail', seq: 4, hex: '03', tree })).ok).toBe(true);
  });
});

/**
 * The console frames' quick checks (parse.ts) against their schemas: on every
 * frame below the answer is the schema's, and the frames of ordinary typing
 * never reach the schema.
 */
describe('console frames, checked without the schema', () => {
  /** A small seeded generator, so a failure names a frame that comes back. */
  function random(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
      return s / 2 ** 32;
    };
  }
  const strings = ['', 'c', 'c1', 'x'.repeat(64), 'x'.repeat(65), '😀'.repeat(32), '😀'.repeat(33), '😀'.repeat(64), '😀'.repeat(65), '\ud800', 'sys\r', '\x1b[A'];
  const values = [...strings, 0, -0, 1, -1, 1.5, 2 ** 53 - 1, 2 ** 53, Number.MAX_VALUE, null, true, [], {}, 'x'.repeat(65536), 'x'.repeat(65537)];
  const types = ['console.input', 'console.output', 'console.resize', 'hello', 'Console.input', 1];

  function frames(count: number, seed: number): Record<string, unknown>[] {
    const next = random(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
    const out: Record<string, unknown>[] = [];
    for (let i = 0; i < count; i++) {
      const frame: Record<string, unknown> = { type: pick(types) };
      for (const key of ['consoleId', 'data', 'offset', 'extra']) if (next() < 0.8) frame[key] = pick(values);
      out.push(frame);
    }
    return out;
  }

  /** Every frame parsed as the schema alone answers it: accepted or not alike, and the same value. */
  function expectTheSchemasAnswer(
    seed: number,
    schema: { safeParse: (v: unknown) => { success: boolean; data?: unknown } },
    parse: (text: string) => { ok: boolean; value?: unknown },
  ) {
    for (const frame of frames(5000, seed)) {
      const text = JSON.stringify(frame);
      const expected = schema.safeParse(JSON.parse(text));
      const parsed = parse(text);
      expect(parsed.ok, text.slice(0, 200)).toBe(expected.success);
      if (parsed.ok) expect(parsed.value).toEqual(expected.data);
    }
  }

  it('gives the schema’s answer for every frame, valid or not (5,000 frames each way)', () => {
    expectTheSchemasAnswer(1, clientMessageSchema, parseClientMessage);
    expectTheSchemasAnswer(2, serverMessageSchema, parseServerMessage);
  });

  it('takes a keystroke and its echo without the schema, unknown keys dropped', () => {
    const client = vi.spyOn(clientMessageSchema, 'safeParse');
    const server = vi.spyOn(serverMessageSchema, 'safeParse');
    try {
      expect(parseClientMessage('{"type":"console.input","consoleId":"6f87e699-7179-46a7-9aaf-01455a2189e9","data":"a","extra":1}')).toEqual({
        ok: true,
        value: { type: 'console.input', consoleId: '6f87e699-7179-46a7-9aaf-01455a2189e9', data: 'a' },
      });
      expect(parseServerMessage('{"type":"console.output","consoleId":"c1","data":"a","offset":196}')).toEqual({
        ok: true,
        value: { type: 'console.output', consoleId: 'c1', data: 'a', offset: 196 },
      });
      expect(client).not.toHaveBeenCalled();
      expect(server).not.toHaveBeenCalled();
      // A frame the quick check is unsure of goes to the schema, which decides and names the fault.
      const r = parseServerMessage('{"type":"console.output","consoleId":"c1","data":"a","offset":-1}');
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/^invalid message: offset: /);
      expect(server).toHaveBeenCalledTimes(1);
    } finally {
      client.mockRestore();
      server.mockRestore();
    }
  });
});
