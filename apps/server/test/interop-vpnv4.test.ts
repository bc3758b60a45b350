import { describe, expect, it } from 'vitest';
import { PE_VPN_MONITOR_LINES, PE_VPNV4_LINES } from '@bmp-lab/test-support';
import { eventually } from './lab-harness.js';
import { browserConsole, capturingServerPerTest, endBmpSession, pmbmpdLabPerTest, stationCapture, stationMessages } from './interop-harness.js';

/**
 * VPNv4 and VPNv6 (SAFI 128) seen by independent readers: the default lab's
 * neighbor 10.2.2.2 is also a PE announcing VPN routes (labs/default.yaml,
 * `vpn-routes`). Enabled in `ipv4-family vpnv4` / `ipv6-family vpnv6`, the
 * router keeps those whose route target vpna imports (`policy vpn-target`)
 * and imports the VPNv4 ones into vpna. `route-mode ipv4-family vpnv4 …` /
 * `ipv6-family vpnv6 …` report them with their RD and label in the NLRI
 * (RFC 4364 §4.3.4, RFC 4659), vpna's Loc-RIB the imported ones with RD
 * 100:1. pmacct's pmbmpd logs it all, discarding nothing; tshark decodes
 * every message.
 */

const CONFIG = (station: string, port: number) => [
  'system-view',
  ...PE_VPNV4_LINES,
  'bmp',
  'statistics-timer 15',
  `bmp-session ${station}`,
  `tcp connect port ${port}`,
  ...PE_VPN_MONITOR_LINES,
  'commit',
  'return',
];

const pmbmpd = pmbmpdLabPerTest();
const capturing = capturingServerPerTest();

describe('VPNv4 / VPNv6 over BMP', () => {
  it('pmbmpd logs the VPN routes of 10.2.2.2 with RD and label (SAFI 128) and the routes vpna imported, discarding nothing', async () => {
    const { pm, type } = await pmbmpd.start();
    type(...CONFIG('127.0.0.1', pm.port));
    const log = () => pm.messages();
    const updates = () => log().filter((r) => r['bmp_msg_type'] === 'route_monitor' && r['log_type'] === 'update');
    const vpn = (afi: number) => updates().filter((r) => r['peer_ip'] === '10.2.2.2' && r['afi'] === afi && r['safi'] === 128);
    const loc = () => updates().filter((r) => r['is_loc'] === 1);
    await eventually(() => vpn(1).length === 2 && vpn(2).length === 1 && loc().length === 2, 10_000);

    expect(log().find((r) => r['bmp_msg_type'] === 'peer_up' && r['peer_ip'] === '10.2.2.2')).toMatchObject({ peer_type: 0, peer_asn: 200 });
    const v4 = vpn(1).sort((a, b) => String(a['ip_prefix']).localeCompare(String(b['ip_prefix'])));
    expect(v4).toMatchObject([
      { ip_prefix: '10.20.1.0/24', rd: '0:200:1', rd_origin: 'bgp', label: '1024', bgp_nexthop: '10.2.2.2', as_path: '200', ecomms: 'RT:100:1', is_post: 1 },
      { ip_prefix: '10.20.2.0/24', rd: '0:200:1', rd_origin: 'bgp', label: '1025', bgp_nexthop: '10.2.2.2', as_path: '200 65020', ecomms: 'RT:100:1' },
    ]);
    expect(vpn(2)).toMatchObject([{ ip_prefix: '2001:db8:20::/48', rd: '0:200:1', label: '1027', ecomms: 'RT:100:1' }]);
    // RT 200:99 is imported by no instance: `policy vpn-target` dropped 200:2:10.30.1.0/24 before post-policy.
    expect(updates().some((r) => r['ip_prefix'] === '10.30.1.0/24')).toBe(false);
    // vpna's Loc-RIB (peer type 3, RD 100:1) holds the imported routes as IPv4 unicast.
    expect(
      loc()
        .map((r) => [r['ip_prefix'], r['afi'], r['safi'], r['rd'], r['bgp_nexthop']])
        .sort(),
    ).toEqual([
      ['10.20.1.0/24', 1, 1, '0:100:1', '10.2.2.2'],
      ['10.20.2.0/24', 1, 1, '0:100:1', '10.2.2.2'],
    ]);

    // vpna stops importing 100:1: the VPN routes are dropped (withdrawn) and vpna's Loc-RIB withdraws what it imported.
    type('system-view', 'ip vpn-instance vpna', 'ipv4-family', 'undo vpn-target 100:1 import-extcommunity', 'commit', 'return');
    const withdrawn = () => log().filter((r) => r['bmp_msg_type'] === 'route_monitor' && r['log_type'] === 'withdraw');
    await eventually(() => withdrawn().filter((r) => r['safi'] === 128).length === 2 && withdrawn().filter((r) => r['is_loc'] === 1).length === 2, 10_000);
    expect(
      withdrawn()
        .filter((r) => r['safi'] === 128)
        .map((r) => r['rd']),
    ).toEqual(['0:200:1', '0:200:1']);
    type('system-view', 'bmp', 'undo bmp-session 127.0.0.1', 'commit', 'return');
    await eventually(() => log().some((r) => r['bmp_msg_type'] === 'term'), 10_000);
    expect(pm.problems()).toEqual([]);
  });

  it('tshark decodes every message: VPNv4/VPNv6 NLRI with RD and label, none malformed; the station lists VPN routes by RD', async () => {
    const server = await capturing.start();
    const { c, id } = await browserConsole(server);
    c.type(id, ...CONFIG('10.1.1.1', 1790));
    await eventually(() => stationMessages(c).some((m) => m.type === 'statistics-report'), 15_000);

    const routes = (await (await fetch(`${server.url}/api/labs/default/station/routes?peer=10.2.2.2&view=adj-rib-in+post-policy`)).json()) as {
      routes: { prefix: string; nextHop: string | null; extendedCommunities: string[] | null }[];
    };
    expect(routes.routes.map((r) => r.prefix).sort()).toEqual(['1/128 200:1:10.20.1.0/24', '1/128 200:1:10.20.2.0/24', '2/128 200:1:2001:db8:20::/48']);
    expect(routes.routes.find((r) => r.prefix === '1/128 200:1:10.20.1.0/24')).toMatchObject({ nextHop: '10.2.2.2', extendedCommunities: ['0002006400000001'] });

    await endBmpSession(c, id, '10.1.1.1');
    expect(c.received.filter((m) => m.type === 'station.error')).toEqual([]);

    const { tshark, fields, problems } = await stationCapture(server, '10.1.1.1', 1790);

    // Nothing malformed but what Wireshark 4.0 misreads (WIRESHARK_PROBLEMS, test-support).
    expect(problems()).toBe('');
    const safis = fields('bgp.update.path_attribute.mp_reach_nlri.safi == 128', 'bgp.update.path_attribute.mp_reach_nlri.afi');
    expect(safis.flatMap((s) => s.split(',')).sort()).toEqual(expect.arrayContaining(['1', '2']));
    const nlri = tshark('-Y', 'bgp.update.path_attribute.mp_reach_nlri.safi == 128', '-V');
    expect(nlri).toMatch(/Route Distinguisher: 200:1/);
    expect(nlri).toMatch(/Label Stack: 1024 \(bottom\)/);
    expect(nlri).toMatch(/10\.20\.1\.0/);
    expect(nlri).toMatch(/2001:db8:20::/);
    c.ws.close();
  });
});
