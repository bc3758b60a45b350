import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_FRAME_BYTES, PROTOCOL_VERSION } from '@bmp-lab/protocol';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';
import { seededRandom } from '@bmp-lab/test-support';

/**
 * The WebSocket fed 10,000 malformed, oversized and out-of-order frames: each
 * is answered (one `error`, `station.detail` or `console.opened` per frame) or
 * taken as console input, a frame over the size limit is refused by closing
 * that socket, the server keeps serving a well-behaved client, and memory
 * comes back to where it was.
 */
const FRAMES = 10_000;
let server: RunningServer;
beforeAll(async () => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_WS_RATE_LIMIT: 'off' }));
});
afterAll(async () => {
  await server.close();
});

/** The message types that answer one client frame each. */
const ANSWERS = new Set(['error', 'station.detail', 'console.opened']);

/** A hostile frame; `answered` is false only for console input to the client's own console (its echo is not one per frame). */
function hostileFrame(r: () => number, consoleId: string): { frame: string | Buffer; answered: boolean } {
  const kind = Math.floor(r() * 8);
  return { frame: hostileFrameOf(kind, r, consoleId), answered: kind !== 6 };
}

function hostileFrameOf(kind: number, r: () => number, consoleId: string): string | Buffer {
  switch (kind) {
    case 0:
      return '{'.repeat(Math.floor(r() * 100));
    case 1:
      return JSON.stringify({ type: 'console.input', consoleId: 'x'.repeat(Math.floor(r() * 100)), data: 'a' });
    case 2:
      return JSON.stringify({ type: 'console.resize', consoleId, cols: -r(), rows: 1e9 });
    case 3:
      return JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION });
    case 4:
      return JSON.stringify({ type: 'station.detail', seq: Math.floor(r() * 1e9) });
    case 5:
      return Buffer.from(Array.from({ length: 32 }, () => Math.floor(r() * 256)));
    case 6:
      return JSON.stringify({ type: 'console.input', consoleId, data: String.fromCharCode(...Array.from({ length: 40 }, () => Math.floor(r() * 128))) });
    default:
      return JSON.stringify({ type: ['console.open', 'nope', 42, null][Math.floor(r() * 4)], extra: { deep: [1, 2, { x: r() }] } });
  }
}

describe('the WebSocket under hostile frames', () => {
  it('answers or refuses every frame and keeps serving', { timeout: 120_000 }, async () => {
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const good = await wsClient(server.url);
    await good.hello();
    const goodConsole = await good.open();

    const bad = await wsClient(server.url);
    await bad.hello();
    const badConsole = await bad.open();
    const r = seededRandom(7);
    let expectedAnswers = 0;
    let inputs = 0;
    for (let i = 0; i < FRAMES; i++) {
      const { frame, answered } = hostileFrame(r, badConsole);
      bad.ws.send(frame);
      if (answered) expectedAnswers++;
      else inputs++;
      if (i % 500 === 0) await new Promise((res) => setImmediate(res));
    }
    // Frames are handled in order: once this last one is answered, every earlier answer has arrived.
    const SENTINEL = 987_654_321;
    bad.ws.send(JSON.stringify({ type: 'station.detail', seq: SENTINEL }));
    // A frame over the limit closes that socket (1009), and only that one.
    const huge = await wsClient(server.url);
    const closed = new Promise<number>((res) => huge.ws.once('close', (code) => res(code)));
    huge.ws.send('x'.repeat(MAX_FRAME_BYTES + 10));
    expect(await closed).toBe(1009);

    // The well-behaved client is still served, promptly.
    good.type(goodConsole, 'display version');
    await eventually(() => good.terminal(goodConsole).includes('VRP (R) software'), 10_000);
    await eventually(() => bad.received.some((m) => m.type === 'station.detail' && m.seq === SENTINEL), 30_000);
    const answers = bad.received.slice(bad.received.findIndex((m) => m.type === 'console.opened' && m.consoleId === badConsole) + 1);
    // Exactly one answer per frame that asks for one (the sentinel's included), none of them an internal failure.
    expect(answers.filter((m) => ANSWERS.has(m.type))).toHaveLength(expectedAnswers + 1);
    expect(answers.filter((m) => m.type === 'error' && m.code === 'internal')).toEqual([]);
    expect(inputs).toBeGreaterThan(FRAMES / 10);
    expect(bad.invalid).toEqual([]);
    expect(bad.ws.readyState).toBe(WebSocket.OPEN);
    // Close both and wait for the closing handshakes, so the server has let go of the sockets before memory is read.
    const closes = [bad, good].map((c) => new Promise((res) => c.ws.once('close', res)));
    bad.ws.close();
    good.ws.close();
    await Promise.all(closes);
    global.gc?.();
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });
});
