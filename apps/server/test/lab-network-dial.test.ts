import { describe, expect, it } from 'vitest';
import { Station, type RouterCard } from '@bmp-lab/collector';
import { listenStation, systemStationClock } from '@bmp-lab/collector/node';
import { LabNetwork, type DialedConnection } from '../src/lab/lab-network.js';
import { eventually } from './lab-harness.js';

/**
 * The lab network records, as it dials, which BMP session opened which
 * connection (both real ends of the socket); the station names that session
 * on the connection it accepted. Other dials (BGP) record nothing.
 */
describe('lab network dial records', () => {
  it('tells the station which session opened each of its connections, and nothing for other dials', async () => {
    const network = new LabNetwork([]);
    const station = new Station({ clock: systemStationClock() });
    const dialed: DialedConnection[] = [];
    network.onDialed((d) => {
      dialed.push(d);
      station.linkSession({ router: d.router, station: d.station }, { sessionKey: d.session, inLab: d.inLab });
    });
    const cards = new Map<string, RouterCard>();
    station.subscribe((u) => {
      if (u.kind === 'router') cards.set(u.router.id, structuredClone(u.router));
    });
    const address = { vpnInstance: null, address: '10.1.1.1', port: 1790 };
    const listener = await listenStation({ host: '127.0.0.1', port: 0, accept: (tcp) => station.accept(address, tcp) });
    network.attach('10.1.1.1', 1790, { host: listener.host, port: listener.port });
    try {
      const target = { address: '10.1.1.1', port: 1790, vpnInstance: null };
      const a = await network.dial(target, { bmpSession: '_public_|10.1.1.1|' });
      const b = await network.dial(target);
      if (!a.ok || !b.ok) throw new Error('dial failed');
      expect(dialed).toEqual([
        {
          session: '_public_|10.1.1.1|',
          router: { address: '127.0.0.1', port: a.connection.localPort },
          station: { address: '127.0.0.1', port: listener.port },
          inLab: { address: '10.0.0.1', port: a.connection.localPort },
        },
      ]);
      const card = (c: { localPort: number }) => cards.get(`10.1.1.1:1790<-127.0.0.1:${c.localPort}`);
      await eventually(() => card(a.connection) && card(b.connection));
      expect(card(a.connection)!.sessionKey).toBe('_public_|10.1.1.1|');
      expect(card(b.connection)!.sessionKey).toBeNull();
      // The session's connection: the station names the router by its lab address; the other by its socket.
      expect(card(a.connection)).toMatchObject({ router: `10.0.0.1:${a.connection.localPort}`, socket: `127.0.0.1:${a.connection.localPort}` });
      expect(card(b.connection)).toMatchObject({ router: `127.0.0.1:${b.connection.localPort}`, socket: `127.0.0.1:${b.connection.localPort}` });
      a.connection.destroy();
      b.connection.destroy();
    } finally {
      station.stop();
      await listener.close();
    }
  });
});
