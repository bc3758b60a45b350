import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PrefixRun, createBmpFramer, decodeBmpMessage } from '@bmp-lab/codec';
import type { BmpFramer, BmpMessage, BmpMessageTypeName, PrefixList } from '@bmp-lab/codec';
import type { BmpSessionView } from '@bmp-lab/protocol';
import { eventually, freePort } from './lab-harness.js';
import { startServerProcess, stopProcess } from './server-process.js';
import type { ServerProcess } from './server-process.js';
import { wsClient } from './ws-client.js';

/**
 * Faults: the server is SIGKILLed in the middle of a table dump to a
 * station that has stopped reading. The built server (`apps/server/dist/main.js`,
 * which `npm test` builds before the unit step) runs as a child process with
 * its own port and data directory; the station is this test's own TCP
 * listener on 127.0.0.1 (dialled directly by the lab network).
 *
 * The truth at each moment: the station sees the dead router's connection end,
 * with what the kernel had already accepted and no End-of-RIB; the restarted
 * server brings the session back by itself from the persisted configuration
 * and dumps the whole table again; its counters match what the station
 * decoded; it holds no more sockets after a `reset bmp session` than before;
 * a graceful stop sends Termination.
 */

/** A full table: 1,000,000 /24s from 16.0.0.0/24 (bulk-routes), reported in three feeds. */
const N = 1_000_000;
const FIRST = 16 * 2 ** 24;
const STEP = 256;
/**
 * Adj-RIB-In pre- and post-policy of 10.2.2.2, and the Loc-RIB: about 12.5 MB of
 * BMP, well beyond what the kernel's socket buffers and the router's 1 MiB
 * high-water mark hold for a station that stopped reading (about 5 MB), so
 * the dump is truly stalled mid-way when the server dies.
 */
const FEEDS = ['10.2.2.2 in pre', '10.2.2.2 in post', 'loc-rib'] as const;

const LAB_YAML = `# sigkill-mid-dump.test.ts: one neighbor with a full table, no stations of the lab's own.
router: { sysname: HUAWEI }
neighbors:
  - address: 10.2.2.2
    as: 200
    expect-as: 100
    bulk-routes: { first: 16.0.0.0/24, count: ${N}, communities: ["200:1"] }
`;

const CONFIG_BGP = ['system-view', 'bgp 100', 'peer 10.2.2.2 as-number 200', 'keep-all-routes', 'commit', 'return'];
const configBmp = (port: number) => [
  'system-view',
  'bmp',
  'bmp-session 127.0.0.1',
  `tcp connect port ${port}`,
  'monitor public',
  'route-mode ipv4-family unicast adj-rib-in pre-policy',
  'route-mode ipv4-family unicast adj-rib-in post-policy',
  'route-mode ipv4-family unicast local-rib',
  'commit',
  'return',
];

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

// ---- the server, a child process of this test ------------------------------

const startServer = (port: number, dataDir: string, labFile: string): Promise<ServerProcess> =>
  startServerProcess({ port, dataDir, labFile, onCleanup: (stop) => cleanup.push(stop) });
const stop = stopProcess;

async function sessions(url: string): Promise<BmpSessionView[]> {
  const r = await fetch(`${url}/api/sessions`, { signal: AbortSignal.timeout(5000) });
  expect(r.status).toBe(200);
  return (await r.json()) as BmpSessionView[];
}

/** Poll an async probe until it returns a value (bounded). */
async function until<T>(probe: () => Promise<T | undefined | null | false>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The server's TCP sockets, from /proc: each socket fd of the process, looked
 * up in /proc/PID/net/tcp. HTTP and WebSocket connections (to or from the
 * HTTP port) depend on this test's own fetches and are left out.
 */
/** How many of the process's file descriptors are sockets of any kind (HTTP and WebSocket included). */
function socketFds(pid: number): number {
  let n = 0;
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

function tcpSockets(pid: number, httpPort: number): { local: number; remote: number; state: string }[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  const out: { local: number; remote: number; state: string }[] = [];
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.trim().split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (!inodes.has(f[9]!)) continue;
      const port = (a: string) => parseInt(a.slice(a.lastIndexOf(':') + 1), 16);
      const s = { local: port(f[1]!), remote: port(f[2]!), state: f[3] === '0A' ? 'listen' : f[3] === '01' ? 'established' : `state-${f[3]}` };
      if (s.local !== httpPort && s.remote !== httpPort) out.push(s);
    }
  }
  return out;
}

// ---- the station, this test's own ------------------------------------------

interface FeedCount {
  /** One bit per expected prefix: which ones arrived. */
  seen: Uint8Array;
  prefixes: number;
  distinct: number;
  unexpected: number;
  withdrawn: number;
  eor: number;
  /** Distinct prefixes of the feed when its (last) End-of-RIB arrived. */
  distinctAtEor: number;
}

interface Connection {
  socket: Socket;
  framer: BmpFramer;
  bytes: number;
  counts: Record<string, number>;
  /** Every message but Route Monitoring, in order (the table stays counted, not kept). */
  others: BmpMessage<PrefixList>[];
  feeds: Map<string, FeedCount>;
  errors: string[];
  /** The order of the first message of each kind. */
  firsts: string[];
  ended: 'fin' | 'reset' | null;
  closedAt: number | null;
  /** Stop reading once Route Monitoring has started arriving. */
  stallOnRouteMonitoring: boolean;
}

function feedOf(m: BmpMessage<PrefixList> & { type: 'route-monitoring' | 'peer-up' | 'peer-down' }): string {
  const p = m.peer;
  return p.peerType === 3 ? 'loc-rib' : `${p.address} ${p.flags.adjRibOut ? 'out' : 'in'} ${p.flags.postPolicy ? 'post' : 'pre'}`;
}

async function station() {
  const connections: Connection[] = [];
  let stallNext = false;
  const server: Server = createServer((socket) => {
    const c: Connection = {
      socket,
      framer: createBmpFramer(),
      bytes: 0,
      counts: {},
      others: [],
      feeds: new Map(),
      errors: [],
      firsts: [],
      ended: null,
      closedAt: null,
      stallOnRouteMonitoring: stallNext,
    };
    stallNext = false;
    connections.push(c);
    socket.on('data', (chunk: Buffer) => receive(c, new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    socket.on('end', () => (c.ended ??= 'fin'));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNRESET') c.ended ??= 'reset';
      else c.errors.push(e.message);
    });
    socket.on('close', () => (c.closedAt = Date.now()));
  });
  const receive = (c: Connection, chunk: Uint8Array) => {
    c.bytes += chunk.length;
    for (const item of c.framer.push(chunk)) {
      if (!item.ok) {
        c.errors.push(item.error.message);
        continue;
      }
      const decoded = decodeBmpMessage(item.bytes, { prefixRuns: true });
      if (!decoded.ok) {
        c.errors.push(decoded.error.message);
        continue;
      }
      const m = decoded.value;
      c.counts[m.type] = (c.counts[m.type] ?? 0) + 1;
      if (!c.firsts.includes(m.type)) c.firsts.push(m.type);
      if (m.type !== 'route-monitoring') {
        c.others.push(m);
        continue;
      }
      const key = feedOf(m);
      let f = c.feeds.get(key);
      if (!f) c.feeds.set(key, (f = { seen: new Uint8Array(N), prefixes: 0, distinct: 0, unexpected: 0, withdrawn: 0, eor: 0, distinctAtEor: 0 }));
      const feed = f;
      if (m.update.nlri.length === 0 && m.update.withdrawnRoutes.length === 0 && m.update.pathAttributes.length === 0) {
        feed.eor++;
        feed.distinctAtEor = feed.distinct;
        continue;
      }
      const { withdrawnRoutes, nlri } = m.update;
      if (withdrawnRoutes instanceof PrefixRun) withdrawnRoutes.forEachIpv4(() => feed.withdrawn++);
      if (nlri instanceof PrefixRun)
        nlri.forEachIpv4((address, length) => {
          feed.prefixes++;
          const i = (address - FIRST) / STEP;
          if (length !== 24 || !Number.isInteger(i) || i < 0 || i >= N) {
            feed.unexpected++;
            return;
          }
          if (feed.seen[i] === 0) {
            feed.seen[i] = 1;
            feed.distinct++;
          }
        });
      if (c.stallOnRouteMonitoring && !c.socket.isPaused()) c.socket.pause();
    }
  };
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanup.push(
    () =>
      new Promise<void>((r) => {
        for (const c of connections) c.socket.destroy();
        server.close(() => r());
      }),
  );
  return {
    port: (server.address() as { port: number }).port,
    connections,
    /** The next connection stops reading at its first Route Monitoring. */
    stallNext: () => (stallNext = true),
  };
}

/** A connection's whole dump arrived: every feed has every prefix once, and its End-of-RIB. */
function complete(c: Connection): boolean {
  return FEEDS.every((k) => {
    const f = c.feeds.get(k);
    return f !== undefined && f.distinct === N && f.eor > 0;
  });
}

function expectFullDump(c: Connection, label: string): void {
  expect(c.errors, label).toEqual([]);
  expect(c.firsts[0], label).toBe('initiation');
  expect(c.counts['initiation'], label).toBe(1);
  const peerUps = c.others
    .filter((m): m is BmpMessage & { type: 'peer-up' } => m.type === 'peer-up')
    .map(feedOf)
    .sort();
  expect(peerUps, label).toEqual([...FEEDS].sort());
  expect([...c.feeds.keys()].sort(), label).toEqual([...FEEDS].sort());
  for (const k of FEEDS) {
    const f = c.feeds.get(k)!;
    // All N prefixes, each exactly once, nothing else, nothing withdrawn, one End-of-RIB.
    expect({ feed: k, prefixes: f.prefixes, distinct: f.distinct, unexpected: f.unexpected, withdrawn: f.withdrawn, eor: f.eor }, label).toEqual({
      feed: k,
      prefixes: N,
      distinct: N,
      unexpected: 0,
      withdrawn: 0,
      eor: 1,
    });
  }
  // Adj-RIB-In: End-of-RIB follows the whole table (the Loc-RIB's may come first, while the table was still empty).
  expect(c.feeds.get('10.2.2.2 in pre')!.distinctAtEor, label).toBe(N);
  expect(c.feeds.get('10.2.2.2 in post')!.distinctAtEor, label).toBe(N);
  expect(c.framer.buffered, label).toBe(0);
}

/** The router's per-type counters equal what the station decoded (on these connections). */
function expectCountersMatch(s: BmpSessionView, connections: Connection[], label: string): void {
  const sum = (type: BmpMessageTypeName) => connections.reduce((n, c) => n + (c.counts[type] ?? 0), 0);
  for (const type of Object.keys(s.sent) as BmpMessageTypeName[]) expect({ type, sent: s.sent[type] }, label).toEqual({ type, sent: sum(type) });
  expect(s.bytesSent, label).toBe(connections.reduce((n, c) => n + c.bytes, 0));
}

// ---- the test ----------------------------------------------------------------

describe('server SIGKILLed mid-dump', () => {
  it(
    'the station sees the connection end without End-of-RIB; the restarted server re-establishes by itself, dumps all of it, and leaks no sockets',
    { timeout: 90_000 },
    async () => {
      const t0 = Date.now();
      const phases: Record<string, number> = {};
      let mark = t0;
      const phase = (name: string) => {
        phases[name] = Date.now() - mark;
        mark = Date.now();
      };
      const dir = mkdtempSync(path.join(tmpdir(), 'bmplab-sigkill-'));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      const labFile = path.join(dir, 'lab.yaml');
      writeFileSync(labFile, LAB_YAML);
      const dataDir = path.join(dir, 'data');
      const st = await station();
      const httpPort = await freePort();

      // 1. BGP first: the router takes the neighbor's million routes.
      let server = await startServer(httpPort, dataDir, labFile);
      phase('start');
      const ws = await wsClient(server.url);
      cleanup.push(() => ws.ws.terminate());
      await ws.hello();
      const con = await ws.open();
      ws.type(con, ...CONFIG_BGP);
      await eventually(() => ws.terminal(con).endsWith('<HUAWEI>') && ws.terminal(con).includes('keep-all-routes'));
      await until(
        async () => {
          const from = ws.terminal(con).length;
          ws.type(con, 'display bgp peer');
          // The router is taking a million routes meanwhile: on a loaded 2-core machine its console answers late.
          await eventually(() => ws.terminal(con).length > from && ws.terminal(con).endsWith('<HUAWEI>'), 20_000);
          return /^ {2}10\.2\.2\.2 .*Established +1000000$/m.test(ws.terminal(con).slice(from));
        },
        45_000,
        'the router holds the neighbor’s 1,000,000 routes',
      );
      phase('bgp');

      // 2. BMP: the station stops reading once Route Monitoring arrives; the dump stalls on back-pressure.
      st.stallNext();
      ws.type(con, ...configBmp(st.port));
      const first = await eventually(() => st.connections[0], 10_000);
      await eventually(() => first.socket.isPaused(), 10_000);
      let stalled: BmpSessionView | undefined;
      await until(
        async () => {
          const a = (await sessions(server.url))[0];
          await new Promise((r) => setTimeout(r, 300));
          const b = (await sessions(server.url))[0];
          // Up, bytes waiting in the router, nothing more written for 300 ms.
          if (a?.state === 'up' && b?.state === 'up' && b.pendingBytes > 0 && a.bytesSent === b.bytesSent) stalled = b;
          return stalled;
        },
        15_000,
        'the dump stalls',
      );
      const atKill = stalled!;
      phase('stall');

      // 3. SIGKILL, mid-dump.
      const killedAt = Date.now();
      expect(await stop(server.child, 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
      // The station reads again: what the kernel had accepted arrives, then the end of the connection.
      first.stallOnRouteMonitoring = false;
      first.socket.resume();
      await eventually(() => first.closedAt, 10_000);
      const endAfter = first.closedAt! - killedAt;
      phase('kill');
      expect(first.ended).not.toBeNull();
      expect(first.errors).toEqual([]);
      // Everything the dead router had handed to its kernel, nothing it still held itself.
      expect(first.bytes).toBeGreaterThanOrEqual(atKill.bytesSent - atKill.pendingBytes);
      expect(first.bytes).toBeLessThan(atKill.bytesSent);
      // Mid-dump: the table is not all there and its last End-of-RIB never came; no Termination from a killed router.
      const firstPrefixes = FEEDS.reduce((n, k) => n + (first.feeds.get(k)?.distinct ?? 0), 0);
      expect(firstPrefixes).toBeGreaterThan(0);
      expect(firstPrefixes).toBeLessThan(FEEDS.length * N);
      expect(FEEDS.every((k) => (first.feeds.get(k)?.eor ?? 0) > 0)).toBe(false);
      expect(first.feeds.get('loc-rib')?.eor ?? 0).toBe(0);
      expect(first.counts['termination'] ?? 0).toBe(0);
      expect(st.connections).toHaveLength(1);

      // 4. Restart on the same data directory: the persisted configuration brings everything back, no console needed.
      server = await startServer(httpPort, dataDir, labFile);
      const second = await eventually(() => st.connections[1], 10_000);
      await eventually(() => complete(second), 40_000);
      phase('restart+dump');
      expectFullDump(second, 'after the restart');
      expect(second.ended).toBeNull();
      const up = await until(
        async () => {
          const s = (await sessions(server.url))[0];
          return s?.state === 'up' && s.pendingBytes === 0 && s.bytesSent === second.bytes ? s : null;
        },
        10_000,
        'the router’s counters settle',
      );
      expect(up).toMatchObject({ address: '127.0.0.1', port: st.port, state: 'up', downReason: null, connects: 1 });
      expect(up.feeds.map((f) => f.up)).toEqual([true, true, true]);
      expectCountersMatch(up, [second], 'after the restart');
      expect(st.connections).toHaveLength(2);

      // 5. Sockets: few, one to the station, and the same after a reset cycle.
      const pid = server.child.pid!;
      const before = tcpSockets(pid, httpPort);
      expect(before.filter((s) => s.remote === st.port)).toEqual([{ local: expect.any(Number), remote: st.port, state: 'established' }]);
      expect(before.length).toBeLessThanOrEqual(8);
      const fdsBefore = socketFds(pid);
      expect(fdsBefore).toBeLessThanOrEqual(24);
      const rssBefore = rssMb(pid);
      const ws2 = await wsClient(server.url);
      cleanup.push(() => ws2.ws.terminate());
      await ws2.hello();
      const con2 = await ws2.open();
      ws2.type(con2, 'reset bmp session 127.0.0.1');
      const third = await eventually(() => st.connections[2], 10_000);
      await eventually(() => second.closedAt, 10_000);
      await eventually(() => complete(third), 30_000);
      phase('reset+dump');
      // The old connection ended with a Termination (administratively closed), the new one carries the whole dump again.
      expect(second.others.at(-1)?.type).toBe('termination');
      expect(second.ended).toBe('fin');
      expectFullDump(third, 'after reset bmp session');
      const reset = await until(
        async () => {
          const s = (await sessions(server.url))[0];
          return s?.state === 'up' && s.pendingBytes === 0 && s.bytesSent === second.bytes + third.bytes ? s : null;
        },
        10_000,
        'the router’s counters settle after the reset',
      );
      expect(reset.connects).toBe(2);
      expectCountersMatch(reset, [second, third], 'after the reset');
      const sig = (list: { local: number; remote: number; state: string }[]) =>
        list.map((s) => `${s.state} ${s.remote === st.port ? 'station' : s.state === 'listen' ? 'listener' : 'lab'}`).sort();
      const after = await eventually(() => {
        const now = tcpSockets(pid, httpPort);
        return now.length === before.length ? now : null;
      }, 10_000).catch(() => tcpSockets(pid, httpPort));
      expect(sig(after)).toEqual(sig(before));
      const fdsAfter = socketFds(pid);
      expect(fdsAfter).toBeLessThanOrEqual(24);
      const rssAfter = rssMb(pid);
      expect(after.find((s) => s.remote === st.port)!.local).not.toBe(before.find((s) => s.remote === st.port)!.local);

      // 6. A graceful stop: Termination, then the connection closes, and the server exits 0.
      ws.ws.terminate();
      ws2.ws.terminate();
      const stoppedAt = Date.now();
      expect(await stop(server.child, 'SIGTERM')).toEqual({ code: 0, signal: null });
      await eventually(() => third.closedAt, 10_000);
      phase('sigterm');
      // Termination is the last word: BMP stops before BGP, so the station hears no withdrawals or Peer Down.
      expect(third.others.at(-1)?.type).toBe('termination');
      expect(third.counts['termination']).toBe(1);
      expect(third.counts['peer-down'] ?? 0).toBe(0);
      expect(FEEDS.map((k) => third.feeds.get(k)!.withdrawn)).toEqual([0, 0, 0]);
      expect(third.ended).toBe('fin');
      expect(third.errors).toEqual([]);
      expect(st.connections).toHaveLength(3);

      console.log(
        `sigkill-mid-dump: ${N} prefixes × ${FEEDS.length} feeds; dump ${second.bytes} bytes of BMP; ` +
          `stalled at ${atKill.sent['route-monitoring']} Route Monitoring (${atKill.bytesSent} bytes written, ${atKill.pendingBytes} held by the router), ` +
          `station got ${first.bytes} bytes (${firstPrefixes} prefixes) before the end (${first.ended}, ${endAfter} ms after SIGKILL); ` +
          `Termination and close ${third.closedAt! - stoppedAt} ms after SIGTERM; TCP sockets ${before.length} → ${after.length}, socket fds ${fdsBefore} → ${fdsAfter}, RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MB; ` +
          `phases ${JSON.stringify(phases)} ms; total ${Date.now() - t0} ms`,
      );
    },
  );
});
