import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { DEFAULT_TOPOLOGY } from '../src/lab/topology.js';
import { WsGateway } from '../src/transport/ws-gateway.js';
import { CLOSE_NOT_READING, DEFAULT_FLOW_LIMITS } from '../src/transport/socket-flow.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

/**
 * Browsers that never read their socket, typing `d?` (each `?` a help page)
 * as fast as the rate limits let them: the server must not buffer for them
 * without bound, must close them with a reason, and must keep answering a
 * browser of another lab meanwhile.
 */
let server: RunningServer;
let http: Server;
let gateway: WsGateway;
let url: string;

/** Heap and buffers of this process (server and clients): what unsent socket data would grow. */
const memory = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

beforeAll(async () => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_COLLECTOR_LISTEN: 'off' }));
  // The real gateway on its own HTTP server, with a short stall limit so that the test takes seconds.
  gateway = new WsGateway((id) => server.labs.get(id), { flow: { ...DEFAULT_FLOW_LIMITS, stallMs: 1500, closeGraceMs: 8000 } });
  http = createServer((_req, res) => res.writeHead(404).end());
  http.on('upgrade', (req, socket, head) => gateway.handleUpgrade(req, socket, head));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  gateway.close();
  http.closeAllConnections();
  await new Promise((r) => http.close(r));
  await server.close();
});

describe('WebSocket back-pressure', () => {
  it('bounds what four non-reading sockets cost, closes them with a reason, and another lab keeps answering', async () => {
    const other = await server.labs.create(DEFAULT_TOPOLOGY);
    const watcher = await wsClient(url, other.id);
    await watcher.hello();
    const probeConsole = await watcher.open();

    const floods = await Promise.all(
      [0, 1, 2, 3].map(async () => {
        const c = await wsClient(url);
        await c.hello();
        const id = await c.open();
        const tcp = (c.ws as unknown as { _socket: Socket })._socket;
        tcp.pause();
        const closed = new Promise<{ code: number; reason: string }>((r) => c.ws.once('close', (code, reason) => r({ code, reason: reason.toString() })));
        return { c, id, tcp, closed };
      }),
    );
    const before = memory();
    let peak = before;
    const chunk = 'd?'.repeat(8000);
    let flooding = true;
    const feed = setInterval(() => {
      if (!flooding) return;
      peak = Math.max(peak, memory());
      for (const f of floods) {
        // The client side stays bounded too: send only what its socket has taken.
        if (f.c.ws.readyState === f.c.ws.OPEN && f.c.ws.bufferedAmount < 256 * 1024) {
          f.c.send({ type: 'console.input', consoleId: f.id, data: chunk });
        }
      }
    }, 10);

    // Another lab's browser gets its prompt back within a second, again and again, while the flood goes on.
    const latencies: number[] = [];
    const stalled = () => floods.every((f) => server.lab.consoles.get(f.id)?.detachedSince !== null);
    try {
      while (!stalled()) {
        const prompts = watcher.terminal(probeConsole).split('<HUAWEI>').length;
        const t0 = performance.now();
        watcher.type(probeConsole, '');
        await eventually(() => watcher.terminal(probeConsole).split('<HUAWEI>').length > prompts, 5000);
        latencies.push(performance.now() - t0);
        peak = Math.max(peak, memory());
        expect(peak - before).toBeLessThan(256 * 1024 * 1024);
        if (latencies.length > 200) throw new Error('the non-reading sockets were never closed');
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      flooding = false;
      clearInterval(feed);
    }
    expect(Math.max(...latencies)).toBeLessThan(1000);
    expect(peak - before).toBeLessThan(256 * 1024 * 1024);

    // The server gave up on them: reading now, each finds its output, then the close with its reason.
    for (const f of floods) f.tcp.resume();
    const closes = await Promise.all(floods.map((f) => f.closed));
    for (const close of closes) {
      expect(close.code).toBe(CLOSE_NOT_READING);
      expect(close.reason).toMatch(/^client not reading: \d+ bytes unsent/);
    }
    // What reached a flooding browser before the stall is bounded as well: output was cut per input.
    expect(floods[0]!.c.terminal(floods[0]!.id)).toContain('were not run');
    expect(gateway.viewers('default')).toBe(0);
    watcher.ws.close();
  }, 30_000);

  it('holds console output and lab events back while a socket is paused, then catches it up and resyncs', async () => {
    // A gateway that waits long for a slow reader, so that the socket resumes instead of being closed.
    const patient = new WsGateway((id) => server.labs.get(id), { flow: { ...DEFAULT_FLOW_LIMITS, stallMs: 20_000 } });
    const http2 = createServer((_req, res) => res.writeHead(404).end());
    http2.on('upgrade', (req, socket, head) => patient.handleUpgrade(req, socket, head));
    await new Promise<void>((r) => http2.listen(0, '127.0.0.1', r));
    try {
      const c = await wsClient(`http://127.0.0.1:${(http2.address() as AddressInfo).port}`);
      await c.hello();
      const id = await c.open();
      const tcp = (c.ws as unknown as { _socket: Socket })._socket;
      tcp.pause();
      const chunk = 'd?'.repeat(8000);
      const feed = setInterval(() => {
        if (c.ws.bufferedAmount < 256 * 1024) c.send({ type: 'console.input', consoleId: id, data: chunk });
      }, 10);
      try {
        await eventually(() => patient.pausedViewers('default') === 1, 15_000);
      } finally {
        clearInterval(feed);
      }
      // While it is paused, the lab changes: a BMP session comes and its events are not sent to this socket.
      const record = server.lab.consoles.get(id)!;
      const snapshotsBefore = c.received.filter((m) => m.type === 'sessions.snapshot').length;
      const terminal = server.lab.device.openTerminal();
      terminal.open();
      for (const line of ['system-view', 'bmp', 'bmp-session 10.9.9.9', 'tcp connect port 1790', 'commit']) terminal.input(line + '\r');
      terminal.close();
      tcp.resume();

      // Reading again: every character the console printed arrives in order, then fresh snapshots that hold the new session.
      await eventually(() => patient.pausedViewers('default') === 0, 15_000);
      await eventually(() => c.terminal(id).length === record.total, 15_000);
      const offsets = c.received.flatMap((m) => (m.type === 'console.output' && m.consoleId === id ? [[m.offset, m.data.length] as const] : []));
      for (let i = 1; i < offsets.length; i++) expect(offsets[i]![0]).toBe(offsets[i - 1]![0] + offsets[i - 1]![1]);
      const snapshot = await eventually(() => c.received.filter((m) => m.type === 'sessions.snapshot').slice(snapshotsBefore)[0], 5000);
      expect(snapshot.type === 'sessions.snapshot' && snapshot.sessions.map((x) => x.address)).toContain('10.9.9.9');
      c.ws.close();
    } finally {
      patient.close();
      http2.closeAllConnections();
      await new Promise((r) => http2.close(r));
    }
  }, 30_000);
});
