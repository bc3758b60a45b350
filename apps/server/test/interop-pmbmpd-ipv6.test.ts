import { describe, expect, it } from 'vitest';
import { eventually } from './lab-harness.js';
import { pmbmpdLabPerTest } from './interop-harness.js';

/**
 * BGP4+ read by pmacct's pmbmpd, an independent collector: both IPv6 lab
 * neighbors configured through the console and monitored in `ipv6-family
 * unicast` (Adj-RIB-In pre- and post-policy, Adj-RIB-Out, Loc-RIB) beside an
 * IPv4 peer. pmbmpd reads a per-peer address (and a Peer Up's local address)
 * as IPv6 only when the V flag says so, so an IPv6 `peer_ip` / `local_ip` in
 * its log is the V flag seen on the wire (its JSON has no flag field of its own).
 */
const pmbmpd = pmbmpdLabPerTest();

type Rec = Record<string, unknown>;

describe('pmbmpd reads BGP4+ (IPv6 unicast) monitoring', () => {
  it('sees IPv6 peers come up with the V flag, their routes in MP_REACH_NLRI (AFI 2), the IPv6 Loc-RIB and per-AFI statistics', async () => {
    const { pm, type } = await pmbmpd.start();
    const out = type(
      'system-view',
      // An IPv6 prefix list on import from 2001:db8:3::3: 2001:db8:301::/48 stays in pre-policy.
      'ip ipv6-prefix NO-301 index 10 deny 2001:db8:301:: 48',
      'ip ipv6-prefix NO-301 index 20 permit :: 0 less-equal 128',
      'bgp 100',
      'peer 10.2.2.2 as-number 200',
      'peer 2001:db8:2::2 as-number 200',
      'peer 2001:db8:3::3 as-number 300',
      'keep-all-routes',
      'ipv6-family unicast',
      'peer 2001:db8:2::2 enable',
      'peer 2001:db8:3::3 enable',
      'peer 2001:db8:3::3 ipv6-prefix NO-301 import',
      'quit',
      'quit',
      'bmp',
      'statistics-timer 15',
      'bmp-session 127.0.0.1',
      `tcp connect port ${pm.port}`,
      'monitor public',
      'route-mode ipv6-family unicast adj-rib-in pre-policy',
      'route-mode ipv6-family unicast adj-rib-in post-policy',
      'route-mode ipv6-family unicast adj-rib-out post-policy',
      'route-mode ipv6-family unicast local-rib',
      'route-mode ipv4-family unicast adj-rib-in post-policy',
      'route-mode ipv4-family unicast local-rib',
      'commit',
      'return',
    );
    expect(out).not.toContain('Error');
    const log = () => pm.messages();
    const of = (type: string, peer: string) => log().filter((r) => r['bmp_msg_type'] === type && r['peer_ip'] === peer);
    const routes = (peer: string, view: { post?: 0 | 1; out?: 0 | 1; loc?: 1 }, logType = 'update'): Rec[] =>
      of('route_monitor', peer).filter((r) => r['log_type'] === logType && (view.loc ? r['is_loc'] === 1 : r['is_post'] === view.post && (r['is_out'] ?? 0) === (view.out ?? 0)));
    const prefixes = (rs: Rec[]) => [...new Set(rs.map((r) => String(r['ip_prefix'])))].sort();

    // Each neighbor's three IPv6 routes before import policy; after it, all of 2001:db8:2::2's and two of 2001:db8:3::3's.
    await eventually(
      () =>
        ['2001:db8:2::2', '2001:db8:3::3'].every((p) => prefixes(routes(p, { post: 0 })).length === 3) &&
        prefixes(routes('2001:db8:2::2', { post: 1 })).length === 3 &&
        prefixes(routes('2001:db8:3::3', { post: 1 })).length === 2,
      10_000,
    );
    expect(prefixes(routes('2001:db8:2::2', { post: 1 }))).toEqual(['2001:db8:1000::/48', '2001:db8:200::/48', '2001:db8:201::/48']);
    expect(prefixes(routes('2001:db8:3::3', { post: 0 }))).toContain('2001:db8:301::/48');
    expect(prefixes(routes('2001:db8:3::3', { post: 1 }))).not.toContain('2001:db8:301::/48');

    // Peer Up of an IPv6 peer: V flag (IPv6 peer address), our IPv6 address toward it, its BGP identifier.
    const up = of('peer_up', '2001:db8:2::2');
    expect(up.length).toBeGreaterThanOrEqual(2);
    expect(up[0]).toMatchObject({ peer_asn: 200, bgp_id: '10.2.2.2', peer_type: 0, local_ip: '2001:db8:2::1' });
    expect(of('peer_up', '2001:db8:3::3')[0]).toMatchObject({ local_ip: '2001:db8:3::1' });

    // Route Monitoring in AFI 2 / SAFI 1 with the neighbor's attributes and its IPv6 next hop.
    const r200 = routes('2001:db8:2::2', { post: 1 }).find((r) => r['ip_prefix'] === '2001:db8:200::/48');
    expect(r200).toMatchObject({ afi: 2, safi: 1, bgp_nexthop: '2001:db8:2::2', as_path: '200', comms: '200:1', med: 10, origin: 'i' });

    // The Loc-RIB (one instance for both families, one Peer Up): 2001:db8:1000::/48 is heard from both, the shorter path via AS 200 wins.
    await eventually(() => prefixes(routes('0.0.0.0', { loc: 1 }).filter((r) => r['afi'] === 2)).length === 4, 10_000);
    expect(of('peer_up', '0.0.0.0')).toHaveLength(1);
    const best = routes('0.0.0.0', { loc: 1 }).filter((r) => r['ip_prefix'] === '2001:db8:1000::/48');
    expect(best.at(-1)).toMatchObject({ afi: 2, as_path: '200', bgp_nexthop: '2001:db8:2::2' });
    // The IPv4 family beside it is untouched: 10.2.2.2's five routes.
    await eventually(() => prefixes(routes('10.2.2.2', { post: 1 })).length === 5, 10_000);

    // What goes out to 2001:db8:3::3: our AS first, our own address on its link as next hop.
    await eventually(() => routes('2001:db8:3::3', { post: 1, out: 1 }).some((r) => r['ip_prefix'] === '2001:db8:200::/48'), 10_000);
    expect(routes('2001:db8:3::3', { post: 1, out: 1 }).find((r) => r['ip_prefix'] === '2001:db8:200::/48')).toMatchObject({
      afi: 2,
      as_path: '100 200',
      bgp_nexthop: '2001:db8:3::1',
    });

    // Statistics: per-AFI/SAFI gauges with AFI 2 (Adj-RIB-In type 9, Loc-RIB type 10), and the route the IPv6 list rejected (type 0).
    await eventually(() => of('stats', '2001:db8:3::3').some((r) => r['counter_type'] === 0 && Number(r['counter_value']) >= 1), 10_000);
    await eventually(() => of('stats', '2001:db8:2::2').some((r) => r['counter_type'] === 9), 10_000);
    expect(of('stats', '2001:db8:2::2').find((r) => r['counter_type'] === 9)).toMatchObject({ afi: 2, safi: 1, counter_value: 3 });
    await eventually(() => of('stats', '0.0.0.0').filter((r) => r['counter_type'] === 10).length >= 2, 10_000);
    const loc = of('stats', '0.0.0.0').filter((r) => r['counter_type'] === 10);
    expect(loc.find((r) => r['afi'] === 2)).toMatchObject({ safi: 1, counter_value: 4 });
    expect(loc.find((r) => r['afi'] === 1)).toMatchObject({ safi: 1, counter_value: 5 });

    // Disabling the family restarts the peer's session: a Peer Down for the IPv6 peer, its routes withdrawn from the Loc-RIB.
    type('system-view', 'bgp 100', 'ipv6-family unicast', 'undo peer 2001:db8:2::2 enable', 'commit', 'return');
    await eventually(() => of('peer_down', '2001:db8:2::2').length > 0, 10_000);
    await eventually(() => prefixes(routes('0.0.0.0', { loc: 1 }, 'withdraw')).includes('2001:db8:200::/48'), 10_000);

    type('system-view', 'bmp', 'undo bmp-session 127.0.0.1', 'commit', 'return');
    await eventually(() => log().some((r) => r['bmp_msg_type'] === 'term'), 10_000);
    expect(pm.problems()).toEqual([]);
  });
});
