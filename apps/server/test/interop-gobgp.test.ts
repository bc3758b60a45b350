import { afterEach, describe, expect, it } from 'vitest';
import { startGobgpd, type Gobgpd } from '@bmp-lab/test-support';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually, freePort } from './lab-harness.js';
import { stationMessagesIn, wsClient } from './ws-client.js';

/**
 * A real GoBGP (independent BGP speaker and BMP client) against the lab:
 * it peers over BGP with the lab's neighbor 10.2.2.2 (our BGP emulation) and
 * reports by BMP to the embedded station's external port; the browser
 * protocol shows the router connection and its messages.
 */
let server: RunningServer | null = null;
let gobgp: Gobgpd | null = null;
afterEach(async () => {
  await gobgp?.stop();
  gobgp = null;
  await server?.close();
  server = null;
});

describe('GoBGP reporting to the embedded station', () => {
  it('shows GoBGP as a router reporting, with its Peer Up and the routes it learned from our neighbor', { timeout: 40_000 }, async () => {
    const stationPort = await freePort();
    server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '10', BMPLAB_COLLECTOR_LISTEN: `127.0.0.1:${stationPort}` }));
    const neighbor = server.lab.neighborEndpoints().find((n) => n.address === '10.2.2.2')!;
    gobgp = startGobgpd({
      as: 100,
      routerId: '192.0.2.100',
      bmpPort: stationPort,
      routeMonitoringPolicy: 'pre-policy',
      statisticsTimeout: 15,
      neighbors: [{ address: '127.0.0.1', peerAs: 200, remotePort: neighbor.port, localAddress: '127.0.0.1' }],
      apiPort: await freePort(),
    });

    const c = await wsClient(server.url);
    await c.hello();
    // The welcome names the external listener, so the header can show it apart from the lab's stations.
    expect(c.received[0]).toMatchObject({ type: 'welcome', externalStation: `127.0.0.1:${stationPort}` });
    const router = await eventually(() => c.received.find((m) => m.type === 'station.router' && m.router.sysName === 'GoBGP' && m.router.peersUp.includes('127.0.0.1')), 15_000);
    expect(router).toMatchObject({ router: { station: `127.0.0.1:${stationPort}`, sessionKey: null, sysDescr: expect.stringMatching(/^3\./) } });
    // GoBGP learned the neighbor's routes over BGP from our emulation and reports them, one prefix per message.
    const announced = () =>
      stationMessagesIn(c.received).reduce((n, m) => {
        if (m.type !== 'route-monitoring' || m.peer !== '127.0.0.1') return n;
        return n + Number(/(\d+) announced/.exec(m.summary)?.[1] ?? 0);
      }, 0);
    // 10.2.2.2 announces five prefixes.
    await eventually(() => announced() === 5, 10_000);
    expect(stationMessagesIn(c.received).find((m) => m.type === 'peer-up')).toMatchObject({ peer: '127.0.0.1', peerView: 'adj-rib-in pre-policy' });
    c.ws.close();
  });
});
