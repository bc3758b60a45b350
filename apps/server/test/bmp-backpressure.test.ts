import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import type { Socket } from 'node:net';
import { createBmpFramer, decodeBmpMessage } from '@bmp-lab/codec';
import { systemClock } from '@bmp-lab/router/node';
import { cloneConfig, emptyConfig } from '@bmp-lab/router';
import type { NeighborRoute } from '@bmp-lab/router';
import { Lab } from '../src/lab/lab.js';
import { eventually } from './lab-harness.js';

/**
 * A station that stops reading must not make the router's memory grow
 * (docs/architecture.md "BMP on the wire"): the table dump waits on socket back-pressure and completes
 * when the station reads again. 100,000 routes with distinct attributes, so
 * each is its own Route Monitoring message (about 8 MB of BMP).
 */
const ROUTES = 100_000;

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

function routes(): NeighborRoute[] {
  return Array.from({ length: ROUTES }, (_, i) => ({
    prefix: `${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24`,
    med: i,
  }));
}

describe('a station that stops reading', () => {
  it('holds the dump at the high-water mark, then completes it when the station reads again', { timeout: 120_000 }, async () => {
    const lab = await Lab.start({
      id: 'backpressure',
      topology: {
        router: { sysname: 'HUAWEI' },
        stations: [],
        neighbors: [{ address: '10.2.2.2', asn: 200, expectAs: 100, routes: routes() }],
        network: [],
      },
      clock: systemClock(50),
      allowConnect: [],
      externalStation: null,
    });
    cleanup.push(() => lab.stop());

    // The station: accepts, then reads nothing until told to.
    let announced = 0;
    let eor = 0;
    let socket: Socket | null = null;
    const server = createServer((s) => {
      socket = s;
      s.pause();
      const framer = createBmpFramer();
      s.on('data', (chunk) => {
        for (const item of framer.push(new Uint8Array(chunk))) {
          if (!item.ok) throw new Error(item.error.message);
          const m = decodeBmpMessage(item.bytes);
          if (m.ok && m.value.type === 'route-monitoring') {
            announced += m.value.update.nlri.length;
            if (m.value.update.nlri.length === 0 && m.value.update.withdrawnRoutes.length === 0) eor++;
          }
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanup.push(
      () =>
        new Promise((r) => {
          socket?.destroy();
          server.close(() => r());
        }),
    );
    const port = (server.address() as { port: number }).port;

    const config = emptyConfig();
    config.bgp = {
      asNumber: 100,
      peers: [{ address: '10.2.2.2', asNumber: 200 }],
      ipv4Unicast: { enabledPeers: ['10.2.2.2'], networks: [], importRoutes: [] },
    };
    lab.device.commit(config);
    await eventually(() => lab.device.bgpPeers()[0]?.prefixesReceived === ROUTES, 60_000);

    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const withBmp = cloneConfig(config);
    withBmp.bmp = {
      sessions: [
        {
          address: '127.0.0.1',
          vpnInstance: null,
          alias: null,
          port,
          monitors: [{ target: { kind: 'public' }, routeModes: [{ family: 'ipv4-unicast', rib: 'adj-rib-in', policy: 'post-policy' }] }],
        },
      ],
    };
    lab.device.commit(withBmp);
    await eventually(() => lab.device.bmpSessions()[0]?.state === 'up');
    // Let the dump run into the stalled socket, then look at what is held.
    await new Promise((r) => setTimeout(r, 1500));
    const stalled = lab.device.bmpSessions()[0]!;
    const sentWhileStalled = stalled.sent['route-monitoring'];
    expect(sentWhileStalled).toBeLessThan(ROUTES / 2);
    expect(stalled.pendingBytes).toBeLessThan(2 * 1024 * 1024);
    global.gc?.();
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    // The whole dump would be ~8 MB of BMP; what is held stays at the high-water mark.
    expect(heapGrowth).toBeLessThan(32 * 1024 * 1024);

    (socket as Socket | null)?.resume();
    await eventually(() => announced === ROUTES && eor === 1, 60_000);
    expect(lab.device.bmpSessions()[0]!.sent['route-monitoring']).toBe(ROUTES + 1);
  });
});
