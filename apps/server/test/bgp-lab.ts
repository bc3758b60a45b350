import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { createBmpFramer, decodeBmpMessage } from '@bmp-lab/codec';
import type { BmpMessage } from '@bmp-lab/codec';
import { systemClock } from '@bmp-lab/router/node';
import { emptyConfig } from '@bmp-lab/router';
import type { DeviceConfig } from '@bmp-lab/router';
import { Lab } from '../src/lab/lab.js';
import { DEFAULT_TOPOLOGY } from '../src/lab/topology.js';

/** A station that decodes what it receives with our codec (itself checked against tshark and pmbmpd). */
export async function rawStation(cleanup: (() => Promise<void>)[]): Promise<{ port: number; messages: BmpMessage[]; sockets: Socket[]; server: Server }> {
  const messages: BmpMessage[] = [];
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    const framer = createBmpFramer();
    s.on('data', (chunk) => {
      for (const item of framer.push(new Uint8Array(chunk))) {
        if (!item.ok) throw new Error(item.error.message);
        const m = decodeBmpMessage(item.bytes);
        if (!m.ok) throw new Error(m.error.message);
        messages.push(m.value);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanup.push(() => new Promise((r) => server.close(() => r())));
  return { port: (server.address() as { port: number }).port, messages, sockets, server };
}

/** BGP with both lab neighbors, one `network`, and a BMP session monitoring everything IPv4 unicast. */
export function labConfig(stationPort: number): DeviceConfig {
  const c = emptyConfig();
  c.bgp = {
    asNumber: 100,
    routerId: '1.1.1.1',
    keepAllRoutes: true,
    peers: [
      { address: '10.2.2.2', asNumber: 200 },
      { address: '10.3.3.3', asNumber: 300 },
    ],
    ipv4Unicast: { enabledPeers: ['10.2.2.2', '10.3.3.3'], networks: ['172.16.0.0/16'], importRoutes: [] },
  };
  c.bmp = {
    statisticsTimer: 15,
    sessions: [
      {
        address: '127.0.0.1',
        vpnInstance: null,
        alias: null,
        port: stationPort,
        monitors: [
          {
            target: { kind: 'public' },
            routeModes: [
              { family: 'ipv4-unicast', rib: 'adj-rib-in', policy: 'pre-policy' },
              { family: 'ipv4-unicast', rib: 'adj-rib-in', policy: 'post-policy' },
              { family: 'ipv4-unicast', rib: 'adj-rib-out', policy: 'post-policy' },
              { family: 'ipv4-unicast', rib: 'local-rib' },
            ],
          },
        ],
      },
    ],
  };
  return c;
}

export async function startBgpLab(config: DeviceConfig, cleanup: (() => Promise<void>)[]) {
  const lab = await Lab.start({
    id: 'bgp-test',
    topology: DEFAULT_TOPOLOGY,
    clock: systemClock(50),
    allowConnect: [],
    externalStation: null,
    initialConfig: config,
  });
  cleanup.push(() => lab.stop());
  return lab;
}
