import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBmpMessage, type PerPeerHeader } from '@bmp-lab/codec';
import WebSocket from 'ws';
import { PROTOCOL_VERSION, type ServerMessage } from '@bmp-lab/protocol';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { dialStation, eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

/**
 * The station's port under a flood, on the real server over loopback: a
 * router announcing 20,000 peers, one announcing more prefixes than allowed,
 * and 80 connections that drip bytes and never send their Initiation ahead
 * of a real router.
 */
const PEERS = Number(process.env['STATION_FLOOD_PEERS'] ?? 20_000);
let server: RunningServer;
beforeAll(async () => {
  server = await startServer(
    readConfig({ PORT: '0', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_DATA_DIR: 'off', BMPLAB_STATION_MAX_PEERS: String(PEERS + 1000), BMPLAB_STATION_MAX_PREFIXES: '1000' }),
  );
});
afterAll(async () => {
  await server?.close();
});

const peer = (n: number): PerPeerHeader => ({
  peerType: 0,
  flags: { ipv6: false, postPolicy: false, legacyAsPath: false, adjRibOut: false },
  distinguisher: '0000000000000000',
  address: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
  asn: 65001,
  bgpId: '10.2.2.2',
  timestampSeconds: 1_700_000_000,
  timestampMicroseconds: 0,
});
const open = (asn: number) => ({ type: 'open' as const, version: 4, myAsn: asn, holdTime: 180, bgpId: '10.2.2.2', parameters: [] });
const initiation = (name: string) => encodeBmpMessage({ type: 'initiation', tlvs: [{ type: 'sysName', value: name }] });

const dial = (): Promise<Socket> => dialStation(server.lab);

/**
 * A browser that only counts what it receives, by message type (read from
 * the frame's start: parsing megabytes of cards in the server's own process
 * would slow the server the test measures), and keeps the station's cards.
 */
async function countingBrowser() {
  const ws = new WebSocket(server.url.replace('http', 'ws') + '/ws');
  const bytes = new Map<string, number>();
  const frames = new Map<string, number>();
  const cards: string[] = [];
  ws.on('message', (data: Buffer) => {
    const type = /^\{"type":"([a-z.]+)"/.exec(data.toString('latin1', 0, 64))?.[1] ?? '?';
    bytes.set(type, (bytes.get(type) ?? 0) + data.length);
    frames.set(type, (frames.get(type) ?? 0) + 1);
    if (type === 'station.router') cards.push(data.toString());
  });
  await new Promise((r, j) => ws.once('open', r).once('error', j));
  ws.send(JSON.stringify({ type: 'hello', protocol: PROTOCOL_VERSION }));
  await eventually(() => frames.has('station.snapshot'));
  return { ws, bytes, frames, cards };
}

describe('the station port under a flood', () => {
  it('reads its bounds from the environment, refusing a value that is not a whole number from 1', () => {
    expect(readConfig({ BMPLAB_STATION_MAX_PEERS: '20', BMPLAB_STATION_MAX_PREFIXES: '300', BMPLAB_STATION_MAX_LAB_PREFIXES: '400' }).stationBounds).toEqual({
      maxPeers: 20,
      maxPrefixes: 300,
      maxStationPrefixes: 400,
    });
    expect(readConfig({}).stationBounds).toEqual({ maxPeers: 500, maxPrefixes: 4_000_000, maxStationPrefixes: 8_000_000 });
    for (const [name, value] of [
      ['BMPLAB_STATION_MAX_PEERS', '0'],
      ['BMPLAB_STATION_MAX_PREFIXES', '1e6'],
      ['BMPLAB_STATION_MAX_LAB_PREFIXES', '-5'],
    ] as const) {
      expect(() => readConfig({ [name]: value })).toThrow(`${name}=${value}: must be a whole number from 1 to 9999999999`);
    }
  });

  it('closes a connection that announces more prefixes than allowed, says why, and frees its routes', async () => {
    const browser = await wsClient(server.url);
    await browser.hello();
    const socket = await dial();
    const closed = new Promise((r) => socket.once('close', r));
    const attrs = [
      { type: 'origin' as const, value: 'igp' as const },
      { type: 'asPath' as const, segments: [{ type: 'sequence' as const, asns: [65001] }] },
      { type: 'nextHop' as const, value: '10.2.2.2' },
    ];
    const rm = (first: number) =>
      encodeBmpMessage({
        type: 'route-monitoring',
        peer: peer(1),
        update: { type: 'update', withdrawnRoutes: [], pathAttributes: attrs, nlri: Array.from({ length: 100 }, (_, i) => `198.${(first + i) >> 8}.${(first + i) & 255}.0/24`) },
      });
    socket.write(Buffer.concat([initiation('greedy'), ...Array.from({ length: 15 }, (_, k) => rm(k * 100))]));
    await closed;
    const error = await eventually(() => browser.received.find((m) => m.type === 'station.error' && m.error.code === 'STATION_REJECTED' && m.error.message.includes('prefixes')));
    expect(error.type === 'station.error' && error.error.message).toBe('more than 1000 prefixes on one connection; closing the connection');
    expect(server.lab.station.prefixes).toBe(0);
    const res = await fetch(`${server.url}/api/labs/default/station/routes?limit=10`);
    expect(((await res.json()) as { routes: unknown[] }).routes).toEqual([]);
    browser.ws.close();
  });

  it('admits a real router while 80 connections drip bytes and never send their Initiation', async () => {
    const drips: Socket[] = [];
    const dripClosed: Promise<unknown>[] = [];
    for (let i = 0; i < 80; i++) {
      const s = await dial();
      dripClosed.push(new Promise((r) => s.once('close', r)));
      s.write(Buffer.from([3])); // the first byte of a common header, and nothing more
      drips.push(s);
    }
    // The station has seen each (accepted, or dropped to make room).
    await eventually(() => server.lab.station.routers().filter((c) => c.sysName === null).length >= 50, 10_000);
    const router = await dial();
    let routerClosed = false;
    router.once('close', () => (routerClosed = true));
    router.write(initiation('real-router'));
    const card = await eventually(() => server.lab.station.routers().find((c) => c.sysName === 'real-router' && c.closedAt === null), 10_000);
    expect(card.received.initiation).toBe(1);
    // More drips after it cannot push it out: it sent its Initiation.
    for (let i = 0; i < 20; i++) {
      const s = await dial();
      s.write(Buffer.from([3]));
      drips.push(s);
    }
    await eventually(() => server.lab.station.routers().filter((c) => c.sysName === null && c.closedAt !== null).length >= 40, 10_000);
    expect(routerClosed).toBe(false);
    expect(server.lab.station.router(card.id)?.closedAt).toBeNull();
    // At most the pending bound of drips is held at once; the others were dropped with a reason.
    await eventually(() => server.lab.station.routers().filter((c) => c.sysName === null && c.closedAt === null).length <= 16);
    for (const s of drips) s.destroy();
    router.destroy();
    await Promise.all(dripClosed);
  });

  it(`keeps answering REST and sends a bounded number of cards while a router announces ${PEERS} peers`, async () => {
    const browser = await countingBrowser();
    let held = 0;
    const unsubscribe = server.lab.station.subscribe((u) => {
      if (u.kind === 'router' && u.router.sysName === 'flood') held = u.router.peersUp.length;
    });
    const stream = Buffer.concat([
      initiation('flood'),
      ...Array.from({ length: PEERS }, (_, i) =>
        encodeBmpMessage({ type: 'peer-up', peer: peer(i), localAddress: '10.2.2.1', localPort: 179, remotePort: 50000, sentOpen: open(100), receivedOpen: open(65001), tlvs: [] }),
      ),
    ]);
    const socket = await dial();
    socket.write(stream);
    // REST answers within a second all along (one request at a time, until the station holds every peer).
    let slowest = 0;
    const deadline = Date.now() + 20_000;
    while (held < PEERS && Date.now() < deadline) {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/api/health`);
      await res.arrayBuffer();
      slowest = Math.max(slowest, performance.now() - t0);
      expect(res.status).toBe(200);
    }
    unsubscribe();
    expect(held).toBe(PEERS);
    expect(slowest).toBeLessThan(1000);
    // The browser gets the full card (after at most one refresh interval), a few times over, not once per Peer Up.
    const full = (text: string) => {
      const m = JSON.parse(text) as ServerMessage;
      return m.type === 'station.router' && m.router.sysName === 'flood' && m.router.peersUp.length === PEERS;
    };
    await eventually(() => browser.cards.length > 0 && full(browser.cards.at(-1)!), 10_000);
    const cards = browser.frames.get('station.router') ?? 0;
    const cardBytes = browser.bytes.get('station.router') ?? 0;
    console.log(`station-flood: ${PEERS} Peer Ups: ${cards} cards, ${(cardBytes / 1e6).toFixed(1)} MB of cards, slowest REST answer ${slowest.toFixed(0)} ms`);
    expect(cards).toBeLessThan(200);
    expect(cardBytes).toBeLessThan(100 * 1024 * 1024);
    socket.destroy();
    browser.ws.close();
    await eventually(() => server.lab.station.routers().find((c) => c.sysName === 'flood')?.closedAt !== null);
  });
});
