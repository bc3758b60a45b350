import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBmpMessage, type BmpMessage, type PathAttribute, type PerPeerHeader } from '@bmp-lab/codec';
import { locRibHeader } from '@bmp-lab/test-support';
import type { StationRoutesPage, StationRouteView } from '@bmp-lab/protocol';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';

/**
 * `station/routes` (the looking glass) and `station/export?format=pmacct`
 * on a codec-built stream: IPv4 and IPv6 (MP_REACH_NLRI / MP_UNREACH_NLRI)
 * in every view, with their attributes.
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off' }));
});
afterAll(async () => {
  await server?.close();
});

const peer = (address: string, flags: { postPolicy?: boolean; adjRibOut?: boolean } = {}): PerPeerHeader => ({
  peerType: 0,
  flags: { ipv6: address.includes(':'), postPolicy: flags.postPolicy ?? false, legacyAsPath: false, adjRibOut: flags.adjRibOut ?? false },
  distinguisher: '0000000000000000',
  address,
  asn: 200,
  bgpId: '10.2.2.2',
  timestampSeconds: 1_700_000_000,
  timestampMicroseconds: 0,
});
const locRib: PerPeerHeader = locRibHeader(100, '1.1.1.1', { timestampSeconds: 1_700_000_000 });
const open = (asn: number, bgpId: string) => ({
  type: 'open' as const,
  version: 4,
  myAsn: asn,
  holdTime: 180,
  bgpId,
  parameters: [
    {
      type: 'capabilities' as const,
      capabilities: [
        { type: 'multiprotocol' as const, afi: 1, safi: 1 },
        { type: 'multiprotocol' as const, afi: 2, safi: 1 },
        { type: 'fourOctetAs' as const, asn },
      ],
    },
  ],
});
const peerUp = (p: PerPeerHeader): BmpMessage => ({
  type: 'peer-up',
  peer: p,
  localAddress: p.address.includes(':') ? '2001:db8:2::1' : '10.2.2.1',
  localPort: 179,
  remotePort: 50000,
  sentOpen: open(100, '1.1.1.1'),
  receivedOpen: open(200, '10.2.2.2'),
  tlvs: [],
});
const full: PathAttribute[] = [
  { type: 'origin', value: 'igp' },
  {
    type: 'asPath',
    segments: [
      { type: 'sequence', asns: [200, 64510] },
      { type: 'set', asns: [1, 2] },
    ],
  },
  { type: 'nextHop', value: '10.2.2.2' },
  { type: 'multiExitDisc', value: 5 },
  { type: 'localPref', value: 150 },
  { type: 'communities', values: ['200:1', '100:200'] },
  { type: 'largeCommunities', values: ['200:1:2'] },
  { type: 'originatorId', value: '1.1.1.1' },
  { type: 'clusterList', values: ['2.2.2.2'] },
];
const rm = (p: PerPeerHeader, pathAttributes: PathAttribute[], nlri: string[], withdrawnRoutes: string[] = []): BmpMessage => ({
  type: 'route-monitoring',
  peer: p,
  update: { type: 'update', withdrawnRoutes, pathAttributes, nlri },
});
const v6 = (nlri: string[]): PathAttribute[] => [
  { type: 'origin', value: 'igp' },
  { type: 'asPath', segments: [{ type: 'sequence', asns: [200] }] },
  { type: 'mpReachNlri', afi: 2, safi: 1, nextHops: ['2001:db8:2::2', 'fe80::2'], nlri },
];

const stream: BmpMessage[] = [
  { type: 'initiation', tlvs: [{ type: 'sysName', value: 'codec-built' }] },
  peerUp(peer('10.2.2.2')),
  peerUp(peer('2001:db8:2::2')),
  peerUp(locRib),
  rm(peer('10.2.2.2'), full, ['203.0.113.0/24', '198.18.0.0/24', '198.18.1.0/24']),
  rm(peer('10.2.2.2', { postPolicy: true }), full.slice(0, 3), ['203.0.113.0/24', '198.18.0.0/24']),
  rm(peer('10.2.2.2', { adjRibOut: true }), full.slice(0, 3), ['203.0.113.0/24']),
  rm(peer('10.2.2.2', { adjRibOut: true, postPolicy: true }), full.slice(0, 3), ['203.0.113.0/24']),
  rm(peer('10.2.2.2', { adjRibOut: true, postPolicy: true }), [], [], ['203.0.113.0/24']),
  rm(locRib, full.slice(0, 5), ['203.0.113.0/24']),
  rm(peer('2001:db8:2::2'), v6(['2001:db8:1000::/48', '2001:db8:2000::/48', '2001:db8:3000::/48']), []),
  rm(peer('2001:db8:2::2'), [{ type: 'mpUnreachNlri', afi: 2, safi: 1, withdrawnRoutes: ['2001:db8:3000::/48'] }], []),
  rm(peer('2001:db8:2::2', { postPolicy: true }), v6(['2001:db8:1000::/48']), []),
];

async function send(messages: BmpMessage[]): Promise<void> {
  const { host, port } = server.lab.stationEndpoints()[0]!;
  const socket = connect({ host, port });
  await new Promise((r) => socket.once('connect', r));
  socket.write(Buffer.concat(messages.map((m) => encodeBmpMessage(m))));
  // The connection stays open: a closed connection holds no routes.
}

const get = (path: string) => fetch(`${server.url}${path}`);
const routes = async (query: string): Promise<StationRoutesPage> => {
  const res = await get(`/api/labs/default/station/routes${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as StationRoutesPage;
};

describe('station/routes', () => {
  it('answers every view of every peer, IPv4 and IPv6, with attributes; pages; rejects bad queries', async () => {
    await send(stream);
    await eventually(() => server.lab.station.routers().some((r) => r.routes.reduce((n, v) => n + v.prefixes, 0) === 10), 5000);
    const router = server.lab.station.routers().find((r) => r.sysName === 'codec-built')!.id;

    // One prefix, no view: every view that holds it.
    const one = await routes('?prefix=203.0.113.0/24');
    expect(one.next).toBeNull();
    expect(one.routes.map((r) => `${r.peer} ${r.view}`).sort()).toEqual([
      '0.0.0.0 loc-rib',
      '10.2.2.2 adj-rib-in post-policy',
      '10.2.2.2 adj-rib-in pre-policy',
      '10.2.2.2 adj-rib-out pre-policy',
    ]);
    const pre = one.routes.find((r) => r.view === 'adj-rib-in pre-policy')!;
    expect(pre).toEqual({
      router,
      peer: '10.2.2.2',
      distinguisher: '0000000000000000',
      view: 'adj-rib-in pre-policy',
      prefix: '203.0.113.0/24',
      origin: 'igp',
      asPath: [200, 64510, [1, 2]],
      nextHop: '10.2.2.2',
      med: 5,
      localPref: 150,
      communities: ['200:1', '100:200'],
      largeCommunities: ['200:1:2'],
      originatorId: '1.1.1.1',
      clusterList: ['2.2.2.2'],
      extendedCommunities: null,
      atomicAggregate: false,
      aggregator: null,
      as4Path: null,
      otherAttributes: [],
    } satisfies StationRouteView);
    expect(one.routes.find((r) => r.view === 'adj-rib-in post-policy')).toMatchObject({ med: null, localPref: null, communities: null });

    // IPv6 from MP_REACH_NLRI, any spelling of the prefix; withdrawn by MP_UNREACH_NLRI.
    const six = await routes(`?prefix=${encodeURIComponent('2001:0db8:1000:0::/48')}&peer=${encodeURIComponent('2001:DB8:2::2')}`);
    expect(six.routes.map((r) => [r.view, r.prefix, r.nextHop, r.asPath])).toEqual([
      ['adj-rib-in pre-policy', '2001:db8:1000::/48', '2001:db8:2::2', [200]],
      ['adj-rib-in post-policy', '2001:db8:1000::/48', '2001:db8:2::2', [200]],
    ]);
    expect((await routes(`?prefix=${encodeURIComponent('2001:db8:3000::/48')}`)).routes).toEqual([]);
    expect((await routes(`?view=adj-rib-out+post-policy&router=${encodeURIComponent(router)}`)).routes).toEqual([]);

    // Filters and paging: every route once, in pages of 2.
    const all = (await routes(`?router=${encodeURIComponent(router)}`)).routes;
    expect(all).toHaveLength(10);
    const paged: StationRouteView[] = [];
    let next: string | null = null;
    do {
      const page: StationRoutesPage = await routes(`?router=${encodeURIComponent(router)}&limit=2${next ? `&after=${encodeURIComponent(next)}` : ''}`);
      expect(page.routes.length).toBeLessThanOrEqual(2);
      paged.push(...page.routes);
      next = page.next;
    } while (next !== null);
    expect(paged).toEqual(all);
    expect((await routes('?peer=10.2.2.2&view=adj-rib-in+pre-policy')).routes.map((r) => r.prefix).sort()).toEqual(['198.18.0.0/24', '198.18.1.0/24', '203.0.113.0/24']);
    // The default lab's alias answers the same.
    expect(await (await get('/api/station/routes?prefix=203.0.113.0/24')).json()).toEqual(one);

    for (const [query, reason] of [
      ['?view=adj-rib-in', 'view must be one of'],
      ['?limit=0', 'limit must be an integer 1..10000'],
      ['?limit=10001', 'limit must be an integer 1..10000'],
      ['?prefix=203.0.113.1/24', 'host bits set; the prefix is 203.0.113.0/24'],
      ['?prefix=203.0.113.0', 'not a prefix in CIDR form'],
      ['?peer=nobody', 'not an IPv4 or IPv6 address'],
      ['?after=xyz', 'not a cursor'],
      ['?colour=red', 'unknown query parameter "colour"'],
      ['?view=loc-rib&view=loc-rib', 'given more than once'],
    ] as const) {
      const res = await get(`/api/labs/default/station/routes${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: string }).error, query).toContain(reason);
    }
    expect((await get('/api/labs/default/station/routes?router=nowhere')).status).toBe(404);
  });

  it('exports the log as pmacct message-log NDJSON, streamed', async () => {
    await eventually(() => server.lab.station.routers().some((r) => r.sysName === 'codec-built'), 5000);
    const res = await get('/api/labs/default/station/export?format=pmacct');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="bmp-default-pmacct\.ndjson"$/);
    const records = (await res.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const monitors = records.filter((r) => r['bmp_msg_type'] === 'route_monitor');
    expect(monitors.find((r) => r['ip_prefix'] === '203.0.113.0/24' && r['is_in'] === 1 && r['is_post'] === 0)).toMatchObject({
      event_type: 'log',
      log_type: 'update',
      afi: 1,
      safi: 1,
      bgp_nexthop: '10.2.2.2',
      as_path: '200 64510 {1,2}',
      comms: '100:200 200:1',
      lcomms: '200:1:2',
      origin: 'i',
      local_pref: 150,
      med: 5,
      peer_ip: '10.2.2.2',
      timestamp: '2023-11-14 22:13:20.000000',
    });
    expect(monitors.find((r) => r['log_type'] === 'withdraw' && r['afi'] === 2)).toMatchObject({ ip_prefix: '2001:db8:3000::/48', is_in: 1, is_post: 0 });
    expect(monitors.find((r) => r['is_loc'] === 1)).toMatchObject({ ip_prefix: '203.0.113.0/24', is_filtered: 0, peer_ip: '0.0.0.0' });
    expect(records.find((r) => r['bmp_msg_type'] === 'init')).toMatchObject({ bmp_init_info_sysname: 'codec-built' });
    expect(await (await get('/api/labs/default/station/export')).json()).toEqual({ error: 'format is required: format=pmacct' });
  });
});
