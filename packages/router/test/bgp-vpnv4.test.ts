import { describe, expect, it } from 'vitest';
import { SAFI, mplsLabelEntry } from '@bmp-lab/codec';
import type { BmpMessage, PathAttribute } from '@bmp-lab/codec';
import type { NeighborSpec } from '@bmp-lab/router';
import { PE_VPN_MONITOR_LINES, PE_VPNV4_LINES } from '@bmp-lab/test-support';
import { until } from './loopback-lab.js';
import { oneNeighborLabPerTest } from './one-neighbor-lab.js';

/**
 * VPNv4 / VPNv6 (SAFI 128) from a PE: the lab neighbor 10.2.2.2 announces
 * VPN routes with RDs, labels and route targets once the router enables it
 * in `ipv4-family vpnv4` / `ipv6-family vpnv6`; `policy vpn-target` keeps
 * those whose target a local instance imports; vpna (import 100:1) takes
 * the matching VPNv4 routes into its own IPv4 unicast.
 */

const PE: NeighborSpec = {
  address: '10.2.2.2',
  asn: 200,
  expectAs: 100,
  routes: [{ prefix: '203.0.113.0/24' }],
  vpnRoutes: [
    { rd: '200:1', prefix: '10.20.1.0/24', label: 1024, routeTargets: ['100:1'] },
    { rd: '200:1', prefix: '10.20.2.0/24', label: 1025, routeTargets: ['100:1'], asPath: [65020] },
    { rd: '200:2', prefix: '10.30.1.0/24', label: 1026, routeTargets: ['200:99'] },
    { rd: '200:1', prefix: '2001:db8:20::/48', label: 1027, routeTargets: ['100:1'] },
  ],
};

const VPN_LINES = [...PE_VPNV4_LINES];

const BMP_LINES = ['bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', ...PE_VPN_MONITOR_LINES, 'quit', 'quit', 'quit'];

const labs = oneNeighborLabPerTest();
/** The PE reachable in the public network; BMP goes to a recorded connection. */
const peLab = (lines: string[]) => labs.start({ neighbor: PE, vpnInstance: null, lines });

type MpReach = Extract<PathAttribute, { type: 'mpReachNlri' }>;
const vpnReach = (m: BmpMessage, afi: number): MpReach[] =>
  m.type === 'route-monitoring' ? m.update.pathAttributes.filter((a): a is MpReach => a.type === 'mpReachNlri' && a.safi === SAFI.MPLS_VPN && a.afi === afi) : [];

describe('VPNv4 and VPNv6 from a PE', () => {
  it('receives VPN routes, keeps those an instance imports, imports the VPNv4 ones into vpna, and shows them', async () => {
    const { device, out } = await peLab(VPN_LINES);
    const bgp = () => device.bgp();
    await until(() => bgp().vpn!('vpna').routes('loc-rib', null).length === 2, 'the imported routes in vpna Loc-RIB');
    await until(() => bgp().routes('adj-rib-in', '10.2.2.2', 'post-policy', 'ipv6-vpnv6').length === 1, 'the VPNv6 route');
    const vpnv4 = bgp().routes('adj-rib-in', '10.2.2.2', 'post-policy', 'ipv4-vpnv4');
    // policy vpn-target: RT 200:99 is imported by no instance, so 200:2:10.30.1.0/24 is dropped.
    expect(vpnv4.map((r) => r.prefix).sort()).toEqual(['200:1:10.20.1.0/24', '200:1:10.20.2.0/24']);
    expect(vpnv4.find((r) => r.prefix === '200:1:10.20.1.0/24')?.labels).toEqual([mplsLabelEntry(1024)]);
    const imported = bgp().vpn!('vpna').routes('loc-rib', null);
    expect(imported.map((r) => r.prefix).sort()).toEqual(['10.20.1.0/24', '10.20.2.0/24']);
    expect(imported[0]!.attributes).toContainEqual({ type: 'nextHop', value: '10.2.2.2' });
    // The public IPv4 unicast table keeps its own route only.
    expect(
      bgp()
        .routes('loc-rib', null)
        .map((r) => r.prefix),
    ).toEqual(['203.0.113.0/24']);

    const all = out('display bgp vpnv4 all routing-table');
    expect(all).toContain('Total number of routes from all PE: 2');
    expect(all).toContain('Route Distinguisher: 200:1');
    expect(all).toMatch(/\*>\s+10\.20\.1\.0\/24\s+10\.2\.2\.2\s+0\s+200i/);
    expect(all).toMatch(/\*>\s+10\.20\.2\.0\/24\s+10\.2\.2\.2\s+0\s+200 65020i/);
    expect(all).not.toContain('10.30.1.0');
    expect(all).toContain('VPN-Instance vpna, Router ID 1.1.1.1:');
    expect(out('display bgp vpnv4 route-distinguisher 200:1 routing-table')).toContain('Route Distinguisher: 200:1');
    expect(out('display bgp vpnv4 route-distinguisher 200:2 routing-table')).not.toContain('Route Distinguisher');
    expect(out('display bgp vpnv4 vpn-instance vpna routing-table')).toMatch(/\*>\s+10\.20\.1\.0\/24\s+10\.2\.2\.2/);

    const config = out('display current-configuration configuration bgp');
    expect(config).toMatch(
      / ipv4-family vpnv4\n  policy vpn-target\n  peer 10\.2\.2\.2 enable\n #\n ipv6-family vpnv6\n  policy vpn-target\n  peer 10\.2\.2\.2 enable\n #\n ipv4-family vpn-instance vpna/,
    );
  });

  it('withdraws imported routes when the instance stops importing their target', async () => {
    const { device, out } = await peLab(VPN_LINES);
    const bgp = () => device.bgp();
    await until(() => bgp().vpn!('vpna').routes('loc-rib', null).length === 2, 'the imported routes in vpna Loc-RIB');
    for (const l of ['system-view', 'ip vpn-instance vpna', 'ipv4-family', 'undo vpn-target 100:1 import-extcommunity', 'vpn-target 300:1 import-extcommunity', 'commit']) out(l);
    await until(() => bgp().vpn!('vpna').routes('loc-rib', null).length === 0, 'vpna imports nothing');
    // policy vpn-target runs again (ROUTE-REFRESH, the routes not being kept): no instance imports 100:1 now.
    await until(() => bgp().routes('adj-rib-in', '10.2.2.2', 'post-policy', 'ipv4-vpnv4').length === 0, 'VPNv4 routes dropped by policy vpn-target');
    expect(out('display bgp vpnv4 all routing-table')).toContain('Total number of routes from all PE: 0');
  });

  it('reports the VPN routes to BMP with their RDs and labels (SAFI 128), and the imported ones with vpna Loc-RIB', async () => {
    const { messages, out } = await peLab([...VPN_LINES, ...BMP_LINES]);
    await until(() => messages().some((m) => vpnReach(m, 1).length > 0) && messages().some((m) => vpnReach(m, 2).length > 0), 'VPNv4 and VPNv6 Route Monitoring');
    // The session's verbose display lists the VPNv4 peer in a section of its own, as the CE page's sample does.
    expect(out('display bmp session 10.1.1.1 verbose')).toMatch(/ {2}BGP ipv4-family vpnv4 :\n {2}10\.2\.2\.2 \(in post-policy\)/);
    await until(() => messages().some((m) => m.type === 'route-monitoring' && m.peer.peerType === 3 && m.update.nlri.length > 0), 'vpna Loc-RIB Route Monitoring');
    const v4 = messages().flatMap((m) => vpnReach(m, 1));
    const v4Prefixes = v4.flatMap((a) => a.nlri).sort();
    expect(v4Prefixes).toEqual(['200:1:10.20.1.0/24', '200:1:10.20.2.0/24']);
    for (const a of v4) {
      expect(a.nextHops).toEqual(['10.2.2.2']);
      expect(a.labels).toHaveLength(a.nlri.length);
    }
    const label = (p: string) => v4.flatMap((a) => a.nlri.map((n, i) => [n, a.labels![i]] as const)).find(([n]) => n === p)?.[1];
    expect(label('200:1:10.20.1.0/24')).toEqual([mplsLabelEntry(1024)]);
    const v6 = messages().flatMap((m) => vpnReach(m, 2));
    expect(v6.flatMap((a) => a.nlri)).toEqual(['200:1:2001:db8:20::/48']);
    expect(v6[0]!.nextHops).toEqual(['::ffff:10.2.2.2']);
    // A VPN route from a global-instance peer: peer type 0 with a zero distinguisher, the RD in the NLRI.
    const rm = messages().find((m) => vpnReach(m, 1).length > 0);
    expect(rm?.type === 'route-monitoring' && rm.peer).toMatchObject({ peerType: 0, distinguisher: '0000000000000000', address: '10.2.2.2' });
    const loc = messages()
      .filter((m) => m.type === 'route-monitoring' && m.peer.peerType === 3)
      .flatMap((m) => (m.type === 'route-monitoring' ? m.update.nlri : []));
    expect(loc.sort()).toEqual(['10.20.1.0/24', '10.20.2.0/24']);
  });
});
