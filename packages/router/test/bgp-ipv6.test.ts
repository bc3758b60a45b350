import { afterEach, describe, expect, it } from 'vitest';
import { AFI, SAFI, decodeBgpMessage, encodeBgpMessage } from '@bmp-lab/codec';
import type { BmpMessage, OpenMessage, PathAttribute, UpdateMessage } from '@bmp-lab/codec';
import { BgpInstance, LabNeighbor, emptyConfig } from '@bmp-lab/router';
import type { DeviceConfig, RibChange } from '@bmp-lab/router';
import { listenStream, systemClock, tcpDial } from '@bmp-lab/router/node';
import { splitUpdate } from '../src/bgp/update-parts.js';
import { packUpdates } from '../src/bgp/pack-updates.js';
import { Advertiser } from '../src/bgp/advertise.js';
import { ipv6LocalAddressFor } from '../src/bgp/family.js';
import { negotiatedFamilies } from '../src/bgp/bgp-session.js';
import { SessionStream } from '../src/bmp-client/session-stream.js';
import type { MonitorView } from '../src/bmp-client/session-stream.js';
import { planFeeds } from '../src/bmp-client/feeds.js';
import type { Route } from '../src/bgp/route.js';

/**
 * BGP4+ in the router: UPDATEs split by family, IPv6 packing in
 * MP_REACH_NLRI, the next hops we give, the families an OPEN negotiates, the
 * BMP stream of several families, and a BGP instance with IPv4 and IPv6 lab
 * neighbors over real loopback TCP, each family in tables of its own.
 */

const mpReach = (nlri: string[], nextHop = '2001:db8:2::2'): PathAttribute => ({ type: 'mpReachNlri', afi: AFI.IPV6, safi: SAFI.UNICAST, nextHops: [nextHop], nlri });
const base: PathAttribute[] = [
  { type: 'origin', value: 'igp' },
  { type: 'asPath', segments: [{ type: 'sequence', asns: [200] }] },
];

describe('UPDATEs by address family', () => {
  it("splits IPv4 and IPv6 parts, keeping an IPv4 UPDATE's own attribute array and reading IPv6 End-of-RIB", () => {
    const v4: UpdateMessage = { type: 'update', withdrawnRoutes: ['10.0.0.0/8'], pathAttributes: [...base, { type: 'nextHop', value: '10.2.2.2' }], nlri: ['203.0.113.0/24'] };
    const [p4] = splitUpdate(v4);
    expect(p4).toMatchObject({ family: 'ipv4-unicast', withdrawn: ['10.0.0.0/8'], announced: ['203.0.113.0/24'], endOfRib: false });
    expect(p4!.attributes).toBe(v4.pathAttributes);

    const v6: UpdateMessage = { type: 'update', withdrawnRoutes: [], pathAttributes: [...base, mpReach(['2001:db8:200::/48', '2001:db8:201::/48'])], nlri: [] };
    const [p6] = splitUpdate(v6);
    expect(p6).toMatchObject({ family: 'ipv6-unicast', announced: ['2001:db8:200::/48', '2001:db8:201::/48'], withdrawn: [] });
    // The RIB keeps the next hop in the MP_REACH_NLRI, with no prefixes (they are its keys).
    expect(p6!.attributes.at(-1)).toEqual(mpReach([]));

    const eor = splitUpdate({ type: 'update', withdrawnRoutes: [], pathAttributes: [{ type: 'mpUnreachNlri', afi: 2, safi: 1, withdrawnRoutes: [] }], nlri: [] });
    expect(eor).toEqual([{ family: 'ipv6-unicast', withdrawn: [], announced: [], attributes: [], endOfRib: true }]);
    expect(splitUpdate({ type: 'update', withdrawnRoutes: [], pathAttributes: [], nlri: [] })[0]).toMatchObject({ family: 'ipv4-unicast', endOfRib: true });
  });

  it('packs IPv6 routes into MP_REACH_NLRI and withdrawals into MP_UNREACH_NLRI, every UPDATE within 4096 octets', () => {
    const attributes: PathAttribute[] = [...base, { type: 'communities', values: Array.from({ length: 40 }, (_, i) => `200:${i}`) }, mpReach([])];
    const prefixes = Array.from({ length: 1000 }, (_, i) => `2001:db8:0:${(i + 1).toString(16)}::1/128`);
    const updates = packUpdates(
      prefixes.map((prefix) => ({ prefix, attributes })),
      prefixes.slice(0, 450),
      'ipv6-unicast',
    );
    const seen = { announced: [] as string[], withdrawn: [] as string[] };
    for (const u of updates) {
      const bytes = encodeBgpMessage(u);
      expect(bytes.length).toBeLessThanOrEqual(4096);
      const d = decodeBgpMessage(bytes);
      if (!d.ok || d.value.type !== 'update') throw new Error('not an UPDATE');
      expect(d.value.nlri).toEqual([]);
      for (const a of d.value.pathAttributes) {
        if (a.type === 'mpReachNlri') {
          expect(a.nextHops).toEqual(['2001:db8:2::2']);
          seen.announced.push(...a.nlri);
        } else if (a.type === 'mpUnreachNlri') seen.withdrawn.push(...a.withdrawnRoutes);
      }
    }
    expect(seen.announced).toEqual(prefixes);
    expect(seen.withdrawn).toEqual(prefixes.slice(0, 450));
  });
});

describe('our IPv6 next hop', () => {
  it("is the ::1 of the peer's /64 (::2 when the peer is ::1)", () => {
    expect(ipv6LocalAddressFor('2001:DB8:2::2')).toBe('2001:db8:2::1');
    expect(ipv6LocalAddressFor('2001:db8:3:4:5:6:7:8')).toBe('2001:db8:3:4::1');
    expect(ipv6LocalAddressFor('2001:db8:9::1')).toBe('2001:db8:9::2');
  });

  it('replaces the MP_REACH_NLRI next hop toward eBGP, and our own :: toward iBGP with LOCAL_PREF added', () => {
    const ebgp = new Advertiser(100, '2001:db8:3::1', true);
    const out = ebgp.onWire([...base, { type: 'multiExitDisc', value: 5 }, mpReach([])]);
    expect(out).toEqual([
      { type: 'origin', value: 'igp' },
      { type: 'asPath', segments: [{ type: 'sequence', asns: [100, 200] }] },
      { type: 'multiExitDisc', value: 5 },
      mpReach([], '2001:db8:3::1'),
    ]);
    const ibgp = new Advertiser(100, '2001:db8:4::1', false);
    const local: PathAttribute[] = [{ type: 'origin', value: 'igp' }, { type: 'asPath', segments: [] }, mpReach([], '::')];
    expect(ibgp.onWire(local)).toEqual([{ type: 'origin', value: 'igp' }, { type: 'asPath', segments: [] }, { type: 'localPref', value: 100 }, mpReach([], '2001:db8:4::1')]);
  });
});

describe('OPEN families', () => {
  const open = (caps: { afi: number; safi: number }[]): OpenMessage => ({
    type: 'open',
    version: 4,
    myAsn: 200,
    holdTime: 180,
    bgpId: '10.2.2.2',
    parameters: [{ type: 'capabilities', capabilities: caps.map((c) => ({ type: 'multiprotocol' as const, ...c })) }],
  });
  const v4 = { afi: 1, safi: 1 };
  const v6 = { afi: 2, safi: 1 };
  it('are those both sides offer; no multiprotocol capability means IPv4 unicast', () => {
    expect(negotiatedFamilies([v4, v6], open([v6]))).toEqual([v6]);
    expect(negotiatedFamilies([v4, v6], open([]))).toEqual([v4]);
    expect(negotiatedFamilies([v6], open([v4]))).toEqual([]);
  });
});

describe('BMP of several families', () => {
  const route = (prefix: string): Route => ({ prefix, attributes: [...base, mpReach([])], source: { kind: 'local' }, at: 1_700_000_000_000 });
  const v6 = new Map([['2001:db8:ffff::/48', route('2001:db8:ffff::/48')]]);
  const v4 = new Map<string, Route>();
  const view: MonitorView = {
    sysName: () => 'HUAWEI',
    local: () => ({ asn: 100, bgpId: '1.1.1.1' }),
    peer: () => null,
    table: (_rib, _peer, _stage, family) => (family === 'ipv6-unicast' ? v6 : v4),
    counters: () => null,
    now: () => 1_700_000_000_000,
  };
  const config = emptyConfig();
  config.bgp = { asNumber: 100, peers: [] };
  const feeds = planFeeds(
    {
      address: '10.1.1.1',
      vpnInstance: null,
      alias: null,
      port: 1790,
      monitors: [
        {
          target: { kind: 'public' },
          routeModes: [
            { family: 'ipv4-unicast', rib: 'local-rib' },
            { family: 'ipv6-unicast', rib: 'local-rib' },
          ],
        },
      ],
    },
    config.bgp,
  );

  it('one Loc-RIB instance for both families: one Peer Up, each table with its own End-of-RIB, one Statistics Report with a gauge per family', () => {
    expect(feeds.map((f) => f.family)).toEqual(['ipv4-unicast', 'ipv6-unicast']);
    const stream = new SessionStream(view);
    const greeting: BmpMessage[] = [...stream.greeting(feeds)];
    expect(greeting.map((m) => m.type)).toEqual(['initiation', 'peer-up', 'route-monitoring', 'route-monitoring', 'route-monitoring']);
    const [eor4, rm6, eor6] = greeting.slice(2) as Extract<BmpMessage, { type: 'route-monitoring' }>[];
    expect(eor4!.update).toEqual({ type: 'update', withdrawnRoutes: [], pathAttributes: [], nlri: [] });
    expect(rm6!.update.pathAttributes.at(-1)).toEqual(mpReach(['2001:db8:ffff::/48']));
    expect(eor6!.update.pathAttributes).toEqual([{ type: 'mpUnreachNlri', afi: 2, safi: 1, withdrawnRoutes: [] }]);
    const [stats, ...more] = stream.statistics();
    expect(more).toEqual([]);
    expect(stats).toMatchObject({
      type: 'statistics-report',
      stats: [
        { kind: 'gauge', type: 8, value: 1n },
        { kind: 'afiSafiGauge', type: 10, afi: 1, safi: 1, value: 0n },
        { kind: 'afiSafiGauge', type: 10, afi: 2, safi: 1, value: 1n },
      ],
    });
  });
});

describe('a BGP instance with IPv4 and IPv6 neighbors over loopback TCP', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup.length = 0;
  });

  it('keeps each family in its own tables and sends each neighbor only its family', async () => {
    const clock = systemClock(50);
    const specs = [
      { address: '10.2.2.2', asn: 200, expectAs: 100, routes: [{ prefix: '203.0.113.0/24' }] },
      { address: '2001:db8:2::2', routerId: '10.2.2.2', asn: 200, expectAs: 100, routes: [{ prefix: '2001:db8:1000::/48' }, { prefix: '2001:db8:200::/48' }] },
      { address: '2001:db8:3::3', routerId: '10.3.3.3', asn: 300, expectAs: 100, routes: [{ prefix: '2001:db8:1000::/48', asPath: [64520] }] },
    ];
    const endpoints = new Map<string, number>();
    for (const spec of specs) {
      const neighbor = new LabNeighbor(spec, clock);
      const listener = await listenStream('127.0.0.1', 0, (c) => neighbor.accept(c));
      endpoints.set(spec.address.toUpperCase(), listener.port);
      cleanup.push(
        () => listener.close(),
        () => neighbor.stop(),
      );
    }
    const changes: RibChange[] = [];
    const ends: string[] = [];
    const bgp = new BgpInstance({
      dialer: { dial: (t) => tcpDial('127.0.0.1', endpoints.get(t.address.toUpperCase())!) },
      clock,
      events: {
        peerUp: () => {},
        peerDown: () => {},
        peerStateChanged: () => {},
        ribChanged: (c) => changes.push(c),
        ribEnd: (rib, peer, family) => ends.push(`${rib} ${peer} ${family}`),
      },
    });
    cleanup.push(() => bgp.stop());
    const config: DeviceConfig = {
      ...emptyConfig(),
      bgp: {
        asNumber: 100,
        peers: specs.map((s) => ({ address: s.address.toUpperCase(), asNumber: s.asn })),
        ipv4Unicast: { enabledPeers: ['10.2.2.2'], networks: ['172.16.0.0/16'], importRoutes: [] },
        ipv6Unicast: { enabledPeers: ['2001:DB8:2::2', '2001:DB8:3::3'], networks: ['2001:DB8:FFFF::/48'] },
      },
    };
    bgp.apply(config);
    const until = async (probe: () => boolean) => {
      for (let i = 0; i < 500 && !probe(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(probe()).toBe(true);
    };
    await until(() => ends.filter((e) => e.startsWith('adj-rib-in')).length === 3);
    expect(
      bgp
        .routes('loc-rib', null, 'post-policy', 'ipv4-unicast')
        .map((r) => r.prefix)
        .sort(),
    ).toEqual(['172.16.0.0/16', '203.0.113.0/24']);
    const v6 = bgp.routes('loc-rib', null, 'post-policy', 'ipv6-unicast');
    expect(v6.map((r) => r.prefix).sort()).toEqual(['2001:db8:1000::/48', '2001:db8:200::/48', '2001:db8:ffff::/48']);
    expect(v6.find((r) => r.prefix === '2001:db8:1000::/48')?.source).toMatchObject({ address: '2001:DB8:2::2', bgpId: '10.2.2.2' });
    // Each neighbor hears its own family only: the IPv4 one no IPv6 route, the IPv6 ones no IPv4 route.
    expect(bgp.routes('adj-rib-out', '10.2.2.2', 'post-policy', 'ipv6-unicast')).toEqual([]);
    expect(bgp.routes('adj-rib-out', '2001:db8:3::3', 'post-policy', 'ipv4-unicast')).toEqual([]);
    // The IPv6 Loc-RIB's three best paths go to AS 300 (2001:db8:1000::/48's best is via AS 200, so it is not its own).
    await until(() => bgp.routes('adj-rib-out', '2001:db8:3::3', 'post-policy', 'ipv6-unicast').length === 3);
    const out = bgp.routes('adj-rib-out', '2001:db8:3::3', 'post-policy', 'ipv6-unicast').find((r) => r.prefix === '2001:db8:200::/48')!;
    expect(out.attributes.find((a) => a.type === 'mpReachNlri')).toMatchObject({ nextHops: ['2001:db8:3::1'] });
    expect(ends).toContain('adj-rib-out 2001:DB8:3::3 ipv6-unicast');
    expect(changes.every((c) => (c.family === 'ipv6-unicast') === c.announced.every((r) => r.prefix.includes(':')))).toBe(true);
    // Peer status: families and counts; the local address of an IPv6 session is the lab's.
    const status = bgp.peerStatus('2001:db8:2::2')!;
    expect(status).toMatchObject({ state: 'Established', prefixesReceived: 2, families: [{ family: 'ipv6-unicast', prefixesReceived: 2 }] });
    expect(status.established).toMatchObject({ localAddress: '2001:db8:2::1', remoteAddress: '2001:db8:2::2', families: [{ afi: 2, safi: 1 }] });

    // An IPv6 prefix list on import from 2001:db8:2::2: its routes are not kept, so the router asks for them again (ROUTE-REFRESH, AFI 2).
    const deny200 = { index: 10, action: 'deny' as const, address: '2001:DB8:200::', maskLength: 48 };
    const rest = { index: 20, action: 'permit' as const, address: '::', maskLength: 0, lessEqual: 128 };
    bgp.apply({
      ...config,
      ipv6Prefixes: [{ name: 'NO-200', entries: [deny200, rest] }],
      bgp: { ...config.bgp!, ipv6Unicast: { ...config.bgp!.ipv6Unicast!, peerPolicies: [{ address: '2001:DB8:2::2', import: { ipPrefix: 'NO-200' } }] } },
    });
    await until(() => !bgp.routes('loc-rib', null, 'post-policy', 'ipv6-unicast').some((r) => r.prefix === '2001:db8:200::/48'));
    expect(bgp.routes('adj-rib-in', '2001:db8:2::2', 'post-policy', 'ipv6-unicast').map((r) => r.prefix)).toEqual(['2001:db8:1000::/48']);
    expect(bgp.peerStatus('2001:db8:2::2')!.counters.rejectedByPolicy).toBeGreaterThan(0);

    // Disabling the family restarts the session: the peer leaves the IPv6 tables and, enabled nowhere, stays Idle.
    bgp.apply({ ...config, bgp: { ...config.bgp!, ipv6Unicast: { enabledPeers: ['2001:DB8:3::3'], networks: ['2001:DB8:FFFF::/48'] } } });
    await until(() => bgp.peerStatus('2001:db8:2::2')?.state === 'Idle' && bgp.routes('loc-rib', null, 'post-policy', 'ipv6-unicast').length === 2);
    expect(bgp.routes('loc-rib', null, 'post-policy', 'ipv6-unicast').find((r) => r.prefix === '2001:db8:1000::/48')?.source).toMatchObject({ asn: 300 });
    expect(bgp.peerStatus('2001:db8:2::2')!.families).toEqual([]);
  });
});
