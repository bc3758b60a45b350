import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { listenStream } from '@bmp-lab/router/node';
import type { StreamConnection } from '@bmp-lab/router';
import { TopologyError, labRouters, loadTopologyFile, parseTopology, topologyToData, validateTopology } from '../src/lab/topology.js';
import { LabNetwork } from '../src/lab/lab-network.js';
import { budgetProblems } from '../src/lab/budgets.js';
import { topologyView } from '../src/lab/topology-view.js';
import { eventually, startLab } from './lab-harness.js';

/** Topology `routers:`: validation, the lab network between routers, the topology view. */

function problems(text: string): string[] {
  try {
    parseTopology(text, 'lab.yaml');
  } catch (e) {
    if (e instanceof TopologyError) return e.message.split('\n');
    throw e;
  }
  return [];
}

const LABS_DIR = fileURLToPath(new URL('../labs/', import.meta.url));

describe('topology routers:', () => {
  it('reads a list of routers; router: stays a list of one', () => {
    const t = parseTopology('routers:\n  - { sysname: R1, address: 10.0.0.1, config: [system-view, commit] }\n  - { sysname: R2, address: 10.0.0.2 }\n', 'lab.yaml');
    expect(t.router).toEqual({ sysname: 'R1', address: '10.0.0.1' });
    expect(labRouters(t)).toEqual([
      { sysname: 'R1', address: '10.0.0.1', config: ['system-view', 'commit'] },
      { sysname: 'R2', address: '10.0.0.2' },
    ]);
    expect(validateTopology(topologyToData(t), 'again')).toEqual(t);
    const one = parseTopology('router: { sysname: EDGE }\n', 'lab.yaml');
    expect(labRouters(one)).toEqual([{ sysname: 'EDGE', address: '10.0.0.1' }]);
    expect(topologyToData(one)).toMatchObject({ router: { sysname: 'EDGE', address: '10.0.0.1' } });
    expect(topologyToData(one)).not.toHaveProperty('routers');
  });

  it('refuses both keys, repeated sysnames and addresses, a router address used by a neighbor or station, and too many routers', () => {
    expect(problems('router: { sysname: A }\nrouters: [{ sysname: B, address: 10.0.0.2 }]')).toEqual([
      'lab.yaml:2:10: routers: give router: (one router) or routers: (a list), not both',
    ]);
    expect(problems('routers:\n  - { sysname: R1, address: 10.0.0.1 }\n  - { sysname: R1, address: 10.0.0.1 }')).toEqual([
      'lab.yaml:3:16: routers[1].sysname: R1 is already the sysname of routers[0]',
      'lab.yaml:3:29: routers[1].address: 10.0.0.1 is already the address of routers[0]',
    ]);
    expect(
      problems(
        'routers:\n  - { sysname: R1, address: 10.0.0.1 }\n  - { sysname: R2, address: 10.0.0.2 }\nneighbors: [{ address: 10.0.0.2, as: 1, expect-as: 2 }]\nstations: [{ address: 10.0.0.1, ports: [1] }]',
      ),
    ).toEqual([
      "lab.yaml: stations[0].address: 10.0.0.1 is the router's own address (routers[0].address); give it another one",
      "lab.yaml: neighbors[0].address: 10.0.0.2 is the router's own address (routers[1].address); give it another one",
    ]);
    expect(problems('routers: [{ sysname: R1, address: 127.0.0.5 }]')[0]).toMatch(/routers\[0\]\.address: 127\.0\.0\.5 is in 127\.0\.0\.0\/8/);
    expect(problems('routers: [{ sysname: "R 1", address: 10.0.0.1 }]')[0]).toMatch(/routers\[0\]\.sysname: a router of routers: is named without blanks/);
    const many = Array.from({ length: 33 }, (_, i) => `  - { sysname: R${i}, address: 10.0.1.${i + 1} }`).join('\n');
    expect(problems(`routers:\n${many}`)).toEqual(['lab.yaml:2:3: routers: a lab has at most 32 routers']);
    expect(problems('routers: []')).toEqual(['lab.yaml:1:10: routers: routers lists at least one router']);
  });

  it('counts one BGP listener per router in a lab of several (none for a lone router)', () => {
    const routers = Array.from({ length: 12 }, (_, i) => ({ sysname: `R${i}`, address: `10.0.1.${i + 1}` }));
    const stations = [{ address: '10.1.1.1', ports: [1, 2, 3, 4, 5] }];
    expect(budgetProblems({ stations, neighbors: [], routers }, { maxRoutesPerLab: 10, maxListenersPerLab: 16 })).toEqual([
      {
        path: 'stations',
        message: 'the lab would listen on 17 sockets (one per station port, one per neighbor, one per router), more than the 16 one lab may have (BMPLAB_MAX_LISTENERS_PER_LAB)',
      },
    ]);
    expect(budgetProblems({ stations, neighbors: [], routers: routers.slice(0, 1) }, { maxRoutesPerLab: 10, maxListenersPerLab: 5 })).toEqual([]);
  });

  it('loads every lab file shipped in labs/', () => {
    const files = readdirSync(LABS_DIR).filter((f) => f.endsWith('.yaml'));
    expect(files).toEqual(expect.arrayContaining(['default.yaml', 'two-routers-ibgp.yaml', 'route-reflector.yaml', 'vpn-station.yaml']));
    for (const f of files) expect(() => loadTopologyFile(join(LABS_DIR, f)), f).not.toThrow();
    expect(labRouters(loadTopologyFile(join(LABS_DIR, 'route-reflector.yaml'))).map((r) => r.sysname)).toEqual(['RR', 'C1', 'C2']);
  });
});

describe('the lab network between routers', () => {
  const closers: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });

  it('tells a router listener which router dialled (whichever of accept and connect comes first); an unknown dialler gets null', async () => {
    const network = new LabNetwork([]);
    const accepted: { c: StreamConnection; source: string | null }[] = [];
    const listener = await listenStream('127.0.0.1', 0, (c) => void network.sourceOf(c.remotePort).then((source) => accepted.push({ c, source })));
    closers.push(() => listener.close());
    network.attachRouter('10.0.0.2', { host: listener.host, port: listener.port });

    const r1 = network.forRouter({ address: '10.0.0.1', keyPrefix: '' });
    const dialled = await r1.dial({ address: '10.0.0.2', port: 179, vpnInstance: null });
    expect(dialled.ok).toBe(true);
    if (!dialled.ok) return;
    closers.push(() => dialled.connection.destroy());
    expect([dialled.connection.localAddress, dialled.connection.remoteAddress]).toEqual(['10.0.0.1', '10.0.0.2']);
    const first = await eventually(() => accepted[0]);
    expect(first.source).toBe('10.0.0.1');
    expect(first.c.remotePort).toBe(dialled.connection.localPort);

    // connect-interface: the source address is the one the dial names.
    const r3 = network.forRouter({ address: '10.0.0.3', keyPrefix: 'R3@' });
    const sourced = await r3.dial({ address: '10.0.0.2', port: 179, vpnInstance: null, sourceAddress: '10.3.3.3' });
    if (sourced.ok) closers.push(() => sourced.connection.destroy());
    expect((await eventually(() => accepted[1])).source).toBe('10.3.3.3');

    // A socket that reached the listener without a lab dial: nobody records it, so after the bounded wait, null.
    const { tcpDial } = await import('@bmp-lab/router/node');
    const stray = await tcpDial(listener.host, listener.port);
    if (stray.ok) closers.push(() => stray.connection.destroy());
    expect((await eventually(() => accepted[2], 3000)).source).toBeNull();
  });
});

describe('topologyView', () => {
  it('one bgp link per pair of routers, up when either side is Established; peers outside the topology become nodes', () => {
    const view = topologyView({
      routers: [
        {
          sysname: 'R1',
          address: '10.0.0.1',
          asn: 100,
          peers: [
            { address: '10.0.0.2', asn: 100, state: 'Established' },
            { address: '10.2.2.2', asn: 200, state: 'Active' },
          ],
          sessions: [],
        },
        {
          sysname: 'R2',
          address: '10.0.0.2',
          asn: 100,
          peers: [
            { address: '10.0.0.1', asn: 100, state: 'OpenConfirm' },
            { address: '2001:DB8::9', asn: 900, state: 'Idle' },
          ],
          sessions: [{ key: 'R2@k', address: '10.1.1.1', port: 1790, vpnInstance: null, up: false, downReason: 'connect refused' }],
        },
      ],
      neighbors: [{ address: '10.2.2.2', asn: 200 }],
      stations: [{ address: '10.1.1.1', port: 1790, vpnInstance: null }],
      positions: new Map([['router:R2', { x: 5, y: 6 }]]),
    });
    expect(view.nodes.map((n) => [n.id, n.asn, n.position])).toEqual([
      ['router:R1', 100, null],
      ['router:R2', 100, { x: 5, y: 6 }],
      ['neighbor:10.2.2.2', 200, null],
      ['station:10.1.1.1:1790', null, null],
      ['neighbor:2001:db8::9', 900, null],
    ]);
    expect(view.links).toEqual([
      { id: 'bgp:router:R1|router:R2', kind: 'bgp', from: 'router:R1', to: 'router:R2', state: 'up', detail: 'iBGP, Established' },
      { id: 'bgp:neighbor:10.2.2.2|router:R1', kind: 'bgp', from: 'neighbor:10.2.2.2', to: 'router:R1', state: 'down', detail: 'eBGP, Active' },
      { id: 'bgp:neighbor:2001:db8::9|router:R2', kind: 'bgp', from: 'neighbor:2001:db8::9', to: 'router:R2', state: 'down', detail: 'eBGP, Idle' },
      { id: 'bmp:R2@k', kind: 'bmp', from: 'router:R2', to: 'station:10.1.1.1:1790', state: 'down', detail: 'Down (connect refused)' },
    ]);
  });
});

describe('topologyView: VPN-instance peers', () => {
  it('links a VPN instance peer (the CE) to its neighbor node, never to a router, and names the instance', () => {
    const view = topologyView({
      routers: [
        {
          sysname: 'HUAWEI',
          address: '10.0.0.1',
          asn: 100,
          peers: [
            { address: '10.2.2.2', asn: 200, state: 'Established', vpnInstance: null },
            { address: '10.5.5.5', asn: 65005, state: 'Established', vpnInstance: 'vpna' },
            // Inside vpnb an address that is also a router's public one stays a neighbor.
            { address: '10.0.0.2', asn: 65006, state: 'Active', vpnInstance: 'vpnb' },
          ],
          sessions: [],
        },
        { sysname: 'R2', address: '10.0.0.2', asn: 100, peers: [], sessions: [] },
      ],
      neighbors: [
        { address: '10.2.2.2', asn: 200 },
        { address: '10.5.5.5', asn: 65005 },
      ],
      stations: [],
      positions: new Map(),
    });
    expect(view.links).toEqual([
      { id: 'bgp:neighbor:10.2.2.2|router:HUAWEI', kind: 'bgp', from: 'neighbor:10.2.2.2', to: 'router:HUAWEI', state: 'up', detail: 'eBGP, Established' },
      { id: 'bgp:neighbor:10.5.5.5|router:HUAWEI|vpn:vpna', kind: 'bgp', from: 'neighbor:10.5.5.5', to: 'router:HUAWEI', state: 'up', detail: 'eBGP in vpna, Established' },
      { id: 'bgp:neighbor:10.0.0.2|router:HUAWEI|vpn:vpnb', kind: 'bgp', from: 'neighbor:10.0.0.2', to: 'router:HUAWEI', state: 'down', detail: 'eBGP in vpnb, Active' },
    ]);
  });
});

describe('topology view of a running lab: the CE in vpna', () => {
  it('shows the VPN instance peer 10.5.5.5 linked, Established, in vpna', async () => {
    const { lab, type } = await startLab();
    try {
      type(
        'system-view',
        'ip vpn-instance vpna',
        'ipv4-family',
        'route-distinguisher 100:1',
        'quit',
        'quit',
        'bgp 100',
        'ipv4-family vpn-instance vpna',
        'peer 10.5.5.5 as-number 65005',
        'commit',
        'return',
      );
      const link = await eventually(() => lab.topologyView().links.find((l) => l.id === 'bgp:neighbor:10.5.5.5|router:HUAWEI|vpn:vpna' && l.state === 'up'));
      expect(link).toMatchObject({ from: 'neighbor:10.5.5.5', to: 'router:HUAWEI', detail: 'eBGP in vpna, Established' });
    } finally {
      await lab.stop();
    }
  });
});
