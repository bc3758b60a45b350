import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { DEFAULT_FLOW_LIMITS, SocketFlow } from '../src/transport/socket-flow.js';
import { eventually } from './lab-harness.js';

/**
 * A browser socket's frames of one turn of the event loop leave in two writes
 * of the connection at most: a table dump's hundred `station.message` frames
 * per read of the router's socket cost two system calls, not a hundred, and a
 * turn's first frame (a keystroke's echo) is written at once. Real `ws` on a
 * loopback connection; the server side's writes are counted where Node hands
 * them to the socket (`_write` for one chunk, `_writev` for several).
 */
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

async function flowPair() {
  const http = createServer();
  const wss = new WebSocketServer({ noServer: true });
  const accepted = new Promise<{ flow: SocketFlow; writes: () => number }>((resolve) => {
    http.on('upgrade', (req, socket, head) =>
      wss.handleUpgrade(req, socket, head, (ws) => {
        // Node's own hooks of a stream: where its buffered writes reach the connection.
        const raw = socket as unknown as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
        let writes = 0;
        const write = raw._write.bind(raw);
        const writev = raw._writev.bind(raw);
        raw._write = (...a) => (writes++, write(...a));
        raw._writev = (...a) => (writes++, writev(...a));
        resolve({
          flow: new SocketFlow(
            ws,
            socket,
            DEFAULT_FLOW_LIMITS,
            () => {},
            () => {},
          ),
          writes: () => writes,
        });
      }),
    );
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  cleanup.push(() => (wss.close(), http.close(), http.closeAllConnections()));
  const port = (http.address() as { port: number }).port;
  const client = new WebSocket(`ws://127.0.0.1:${port}/`);
  const received: string[] = [];
  client.on('message', (d: Buffer) => received.push(d.toString()));
  cleanup.push(() => client.terminate());
  const { flow, writes } = await accepted;
  await new Promise((r) => (client.readyState === WebSocket.OPEN ? r(null) : client.once('open', r)));
  return { flow, writes, received };
}

describe('a browser socket’s writes', () => {
  it('sends the first frame of a turn at once and the rest of the turn in one write, in order', async () => {
    const { flow, writes, received } = await flowPair();
    const before = writes();
    for (let i = 0; i < 100; i++) {
      flow.send(JSON.stringify({ type: 'station.message', seq: i }));
      // The first is written as it is sent; the others wait for the end of the turn.
      if (i === 0) expect(writes() - before).toBe(1);
    }
    expect(writes() - before).toBe(1);
    await eventually(() => received.length === 100);
    expect(writes() - before).toBe(2);
    expect(received.map((m) => JSON.parse(m).seq)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    // A keystroke's echo, alone in its turn: written by the time send returns.
    flow.send('{"type":"console.output"}');
    expect(writes() - before).toBe(3);
    await eventually(() => received.length === 101);
    // The next turn starts afresh: its first frame goes at once again.
    await new Promise((r) => setTimeout(r, 0));
    flow.send('{"type":"console.output","n":2}');
    flow.send('{"type":"console.output","n":3}');
    expect(writes() - before).toBe(4);
    await eventually(() => received.length === 103);
    expect(writes() - before).toBe(5);
  });
});
