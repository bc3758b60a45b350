import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import type { BmpMessage } from '@bmp-lab/codec';
import { systemClock } from '@bmp-lab/router/node';
import { Lab } from '../src/lab/lab.js';
import { DEFAULT_TOPOLOGY } from '../src/lab/topology.js';
import { eventually } from './lab-harness.js';
import { labConfig, rawStation } from './bgp-lab.js';

/**
 * Faults, bounded in time: a station killed and restarted, a
 * station that resets every connection, a flapping BGP neighbor. The router
 * shows the truth at each moment, reconnects on ConnectRetry, and leaks
 * neither sockets nor memory.
 */
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup.length = 0;
});

async function lab(scale: number, topology = DEFAULT_TOPOLOGY) {
  const l = await Lab.start({ id: 'faults', topology, clock: systemClock(scale), allowConnect: [], externalStation: null });
  cleanup.push(() => l.stop());
  const t = l.device.openTerminal();
  t.open();
  return { lab: l, type: (...lines: string[]) => t.input(lines.join('\r') + '\r') };
}

/** A station we can kill (close every socket and the listener) and restart on the same port. */
async function killableStation() {
  const sockets = new Set<Socket>();
  let accepted = 0;
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((s) => {
        accepted++;
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {});
        s.resume();
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  const kill = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = null;
  };
  await listen();
  cleanup.push(kill);
  return { port: () => port, open: () => sockets.size, accepted: () => accepted, kill, restart: listen };
}

const tcpHandles = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

describe('faults', () => {
  it('station killed and restarted mid-session: Down with a reason, Up again on ConnectRetry, no leaked sockets', async () => {
    const st = await killableStation();
    const { lab: l, type } = await lab(100);
    type('system-view', 'bmp', 'bmp-session 127.0.0.1', `tcp connect port ${st.port()}`, 'commit');
    const session = () => l.device.bmpSessions()[0]!;
    await eventually(() => session().state === 'up');
    const handlesUp = tcpHandles();
    for (let round = 0; round < 5; round++) {
      await st.kill();
      const down = await eventually(() => (session().state !== 'up' ? session() : null));
      expect(down.downReason, `round ${round}`).toBeTruthy();
      await st.restart();
      await eventually(() => session().state === 'up' && st.open() === 1, 10_000);
    }
    expect(session().connects).toBe(6);
    // One live connection at the station, and no more TCP handles in this process than after the first Up.
    expect(st.open()).toBe(1);
    expect(tcpHandles()).toBeLessThanOrEqual(handlesUp);
  }, 30_000);

  it('station resetting every connection right after accept: the router keeps retrying on ConnectRetry, memory flat', async () => {
    let accepted = 0;
    const resets = createServer((s) => {
      accepted++;
      s.on('error', () => {});
      s.resetAndDestroy();
    });
    await new Promise<void>((r) => resets.listen(0, '127.0.0.1', () => r()));
    cleanup.push(() => new Promise((r) => resets.close(() => r())));
    const port = (resets.address() as { port: number }).port;
    // ConnectRetry 30 s at 500x: a retry every 60 ms.
    const { lab: l, type } = await lab(500);
    type('system-view', 'bmp', 'bmp-session 127.0.0.1', `tcp connect port ${port}`, 'commit');
    await eventually(() => accepted >= 10, 10_000);
    const heap0 = process.memoryUsage().heapUsed;
    const handles0 = tcpHandles();
    const from = accepted;
    const t0 = Date.now();
    await eventually(() => accepted >= from + 40, 15_000);
    const perSecond = ((accepted - from) / (Date.now() - t0)) * 1000;
    // Paced by ConnectRetry (about 16/s here), not a busy loop.
    expect(perSecond).toBeLessThan(60);
    const s = l.device.bmpSessions()[0]!;
    expect(s.state).not.toBe('up');
    expect(tcpHandles()).toBeLessThanOrEqual(handles0 + 2);
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(32 * 1024 * 1024);
  }, 30_000);

  it('a flapping BGP neighbor: BMP Peer Up (every feed) / Peer Down pairs, in order', async () => {
    const st = await rawStation(cleanup);
    const topology = {
      ...DEFAULT_TOPOLOGY,
      neighbors: DEFAULT_TOPOLOGY.neighbors.map((n) => (n.address === '10.2.2.2' ? { ...n, flap: { every: 20, down: 5 } } : n)),
    };
    const l = await Lab.start({ id: 'flap', topology, clock: systemClock(50), allowConnect: [], externalStation: null, initialConfig: labConfig(st.port) });
    cleanup.push(() => l.stop());
    const of = (m: BmpMessage) => (m.type === 'peer-up' || m.type === 'peer-down') && m.peer.peerType === 0 && m.peer.address === '10.2.2.2';
    await eventually(() => st.messages.filter((m) => of(m) && m.type === 'peer-down').length >= 3, 15_000);
    // The peer alternates: Peer Up (one per monitored feed: in/pre, in/post, out/post), then one Peer Down, and so on.
    const seq: string[] = [];
    for (const m of st.messages.filter(of)) {
      const t = m.type === 'peer-up' ? 'up' : 'down';
      if (t === 'up' && seq.at(-1) === 'up') continue;
      seq.push(t);
    }
    expect(seq.length).toBeGreaterThanOrEqual(6);
    seq.forEach((t, i) => expect(t, `#${i}`).toBe(i % 2 === 0 ? 'up' : 'down'));
    // Every Up phase reports all three feeds.
    const feeds = (phase: BmpMessage[]) =>
      new Set(
        phase.map((m) => {
          const f = m.type === 'peer-up' ? (m.peer.flags as { adjRibOut?: boolean; postPolicy?: boolean }) : null;
          return f ? `${f.adjRibOut ? 'out' : 'in'}/${f.postPolicy ? 'post' : 'pre'}` : '';
        }),
      );
    let phase: BmpMessage[] = [];
    for (const m of st.messages.filter(of)) {
      if (m.type === 'peer-down') {
        expect([...feeds(phase)].sort()).toEqual(['in/post', 'in/pre', 'out/post']);
        phase = [];
      } else phase.push(m);
    }
    // The other neighbor never went down.
    expect(st.messages.some((m) => m.type === 'peer-down' && m.peer.address === '10.3.3.3')).toBe(false);
  }, 30_000);
});
