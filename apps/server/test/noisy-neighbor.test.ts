import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '@bmp-lab/protocol';
import { startGobgpd, type Gobgpd } from '@bmp-lab/test-support';
import type { LabSummary, StationRouterView } from '@bmp-lab/protocol';
import { rssBytes, startServerProcess } from './server-process.js';
import { wsClient } from './ws-client.js';

/**
 * A class shares one server. While one lab is abused in every way a careless
 * or hostile trainee can from a browser or the station port at once — a long
 * paste, sockets that never read fed `?` help, a storm of `console.open`,
 * slow-drip connections holding the station port — another lab's console
 * keeps answering within a second, the server's memory stays bounded, and a
 * real router (GoBGP) can still report to the abused station.
 *
 * NOISY_SECONDS (default 8 in `npm test`; `npm run soak` runs 120) sets how
 * long the abuse lasts; the figures are printed as one line.
 */
const SECONDS = Number(process.env['NOISY_SECONDS'] ?? 8);
const PASTE_LINES = Number(process.env['NOISY_PASTE_LINES'] ?? 5000);
const SILENT_SOCKETS = 4;
const OPEN_STORM = 500;
const DRIPS = 80;
const PROBE_BOUND_MS = 1000;
const RSS_BOUND = 400 * 1024 * 1024;

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function json<T>(r: Response): Promise<T> {
  if (!r.ok) throw new Error(`${r.url}: ${r.status} ${await r.text()}`);
  return (await r.json()) as T;
}

/**
 * A WebSocket on a lab that says hello, opens a console, learns its id and
 * then stops reading: its TCP receive side is paused, so whatever the server
 * sends it piles up in the kernel and then in the server.
 */
async function silentSocket(url: string, lab: string): Promise<{ ws: WebSocket; consoleId: string }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws?lab=${lab}`, { headers: { origin: url } });
  ws.on('error', () => {});
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  const opened = new Promise<string>((resolve) => {
    ws.on('message', (data) => {
      const m = JSON.parse((data as Buffer).toString()) as { type: string; consoleId?: string };
      if (m.type === 'console.opened' && m.consoleId) resolve(m.consoleId);
    });
  });
  ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION }));
  ws.send(JSON.stringify({ type: 'console.open' }));
  const consoleId = await opened;
  (ws as unknown as { _socket: Socket })._socket.pause();
  return { ws, consoleId };
}

/** Poll an async probe until it returns a value, or undefined after `ms`. */
async function within<T>(ms: number, probe: () => Promise<T | undefined | null | false>): Promise<T | undefined> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) return undefined;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A TCP connection to a station port that sends the start of a BMP message a byte at a time and never finishes it. */
function drip(port: number): { socket: Socket; timer: NodeJS.Timeout } {
  // Common header: version 3, length 100,000, type Initiation — then nothing that completes it.
  const header = Buffer.from([3, 0, 1, 0x86, 0xa0, 4, 0, 1, 0, 4]);
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => {});
  let i = 0;
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer);
    socket.write(header.subarray(i % header.length, (i % header.length) + 1));
    i++;
  }, 500);
  return { socket, timer };
}

describe('a noisy neighbor', () => {
  it(
    `one lab abused for ${SECONDS} s: another lab answers every probe within 1 s, RSS grows < 400 MiB, a real router still reports`,
    { timeout: (SECONDS + 90) * 1000 },
    async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'bmplab-noisy-'));
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
      const server = await startServerProcess({ dataDir: path.join(dir, 'data'), onCleanup: (s) => cleanup.push(s) });
      const pid = server.child.pid!;
      const post = (p: string, body: unknown) =>
        fetch(server.url + p, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify(body) });

      // The abused lab, with its router already reporting to its own station (configured before the abuse).
      const noisy = await json<LabSummary>(await post('/api/labs', {}));
      const stationPort = noisy.stations.find((s) => s.name === '10.1.1.1:1790')!.port;
      const cli = await post(`/api/labs/${noisy.id}/cli`, {
        lines: ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit', 'return'],
      });
      expect(cli.status, await cli.text()).toBe(200);
      // A probe: a server too busy to answer within 5 s has, for this moment, no routers to show.
      const routers = async (): Promise<StationRouterView[]> => {
        const r = await fetch(`${server.url}/api/labs/${noisy.id}/station/routers`, { signal: AbortSignal.timeout(5000) }).catch(() => null);
        return r?.ok ? ((await r.json()) as StationRouterView[]) : [];
      };
      expect(await within(10_000, async () => (await routers()).some((r) => r.sessionKey !== null)), 'the lab router reports to its station').toBe(true);

      // The quiet lab: the default lab's console, probed all along.
      const quiet = await wsClient(server.url);
      cleanup.push(() => quiet.ws.close());
      await quiet.hello();
      const consoleId = await quiet.open();
      const rss0 = rssBytes(pid);

      // ---- the abuse -------------------------------------------------------
      const sockets: WebSocket[] = [];
      cleanup.push(() => sockets.forEach((s) => s.terminate()));
      // 1. A long paste into a console of the noisy lab.
      const paster = await wsClient(server.url, noisy.id);
      sockets.push(paster.ws);
      await paster.hello();
      const pasteConsole = await paster.open();
      const lines = ['system-view', 'bgp 100'];
      for (let i = 0; i < PASTE_LINES; i++) lines.push(`peer 10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255} as-number ${65000 + (i % 500)}`);
      const paste = lines.join('\r') + '\r';
      for (let at = 0; at < paste.length; at += 60_000) paster.send({ type: 'console.input', consoleId: pasteConsole, data: paste.slice(at, at + 60_000) });
      // 2. Sockets that never read, fed `?` help (each `d?` lists every command starting with d).
      const silent: { ws: WebSocket; consoleId: string }[] = [];
      for (let i = 0; i < SILENT_SOCKETS; i++) silent.push(await silentSocket(server.url, noisy.id));
      sockets.push(...silent.map((s) => s.ws));
      // 3. A storm of console.open on one socket.
      const stormer = await wsClient(server.url, noisy.id);
      sockets.push(stormer.ws);
      stormer.ws.on('error', () => {});
      await stormer.hello();
      for (let i = 0; i < OPEN_STORM; i++) stormer.send({ type: 'console.open' });
      // 4. Slow-drip connections holding the station port.
      const drips = Array.from({ length: DRIPS }, () => drip(stationPort));
      cleanup.push(() =>
        drips.forEach((d) => {
          clearInterval(d.timer);
          d.socket.destroy();
        }),
      );

      const helpChunk = 'd?'.repeat(8 * 1024);
      const feed = setInterval(() => {
        for (const { ws, consoleId } of silent) {
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'console.input', consoleId, data: helpChunk }));
        }
      }, 50);
      cleanup.push(() => clearInterval(feed));

      // ---- the probes, while the abuse goes on ----------------------------
      let gobgp: Gobgpd | null = null;
      cleanup.push(async () => {
        await gobgp?.stop();
      });
      const probes: number[] = [];
      let maxRss = rss0;
      const until = Date.now() + SECONDS * 1000;
      let round = 0;
      while (Date.now() < until) {
        // A real router comes to the dripped-on station port a second into the abuse.
        if (round === 4) gobgp = startGobgpd({ as: 64999, routerId: '192.0.2.99', bmpPort: stationPort, routeMonitoringPolicy: 'pre-policy' });
        const before = quiet.terminal(consoleId).length;
        const t0 = performance.now();
        quiet.type(consoleId, '');
        // A probe that gets no prompt within 5 s counts as 5 s and the run goes on, so the figures are always printed.
        await within(5000, () => {
          const t = quiet.terminal(consoleId);
          return Promise.resolve(t.length > before && /<HUAWEI>$/.test(t));
        });
        probes.push(performance.now() - t0);
        maxRss = Math.max(maxRss, rssBytes(pid));
        round++;
        await new Promise((r) => setTimeout(r, 200));
      }

      const gobgpSeen = await within(15_000, async () => (await routers()).find((r) => r.sysName === 'GoBGP'));
      maxRss = Math.max(maxRss, rssBytes(pid));
      const sorted = [...probes].sort((a, b) => a - b);
      const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? NaN;
      console.log(
        `noisy neighbor: ${SECONDS} s, ${PASTE_LINES}-line paste, ${SILENT_SOCKETS} silent sockets fed ?, ${OPEN_STORM} console.open, ${DRIPS} drips; ` +
          `quiet console ${probes.length} probes, p95 ${p95.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms; ` +
          `server RSS ${(rss0 / 2 ** 20).toFixed(0)} → max ${(maxRss / 2 ** 20).toFixed(0)} MiB (+${((maxRss - rss0) / 2 ** 20).toFixed(0)}); ` +
          `GoBGP reporting: ${gobgpSeen ? 'yes' : 'no'}`,
      );
      expect(sorted.at(-1)!, 'slowest probe of the quiet console (ms)').toBeLessThan(PROBE_BOUND_MS);
      expect(maxRss - rss0, 'server RSS growth (bytes)').toBeLessThan(RSS_BOUND);
      expect(gobgpSeen, 'GoBGP reports to the dripped-on station').toBeTruthy();
      // The noisy lab still works for its own user once the abuse stops.
      const lab = await json<LabSummary>(await fetch(`${server.url}/api/labs/${noisy.id}`));
      expect(lab.id).toBe(noisy.id);
    },
  );
});
