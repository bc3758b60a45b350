import { describe, expect, it } from 'vitest';
import { VPNA_CE_LINES } from '@bmp-lab/test-support';
import { eventually } from './lab-harness.js';
import { browserConsole, capturingServerPerTest, endBmpSession, pmbmpdLabPerTest, stationCapture, stationMessages } from './interop-harness.js';

/**
 * A VPN instance's BGP peer seen by independent readers: the default lab's CE
 * 10.5.5.5 (AS 65005) sits in VPN instance vpna; configured at the console,
 * the router peers with it inside the instance, and `monitor vpn-instance
 * vpna` reports it as an RD instance peer (RFC 7854 §4.2 peer type 1) with
 * RD 100:1, and the instance's Loc-RIB as peer type 3 with that RD and the
 * instance name as VRF/Table Name (RFC 9069). pmacct's pmbmpd logs it all and
 * discards nothing; Wireshark's tshark decodes every message.
 */

const CONFIG = (station: string, port: number) => [
  'system-view',
  ...VPNA_CE_LINES,
  'keep-all-routes',
  'quit',
  'quit',
  'bmp',
  'statistics-timer 15',
  `bmp-session ${station}`,
  `tcp connect port ${port}`,
  'monitor vpn-instance vpna',
  'route-mode ipv4-family unicast adj-rib-in pre-policy',
  'route-mode ipv4-family unicast adj-rib-in post-policy',
  'route-mode ipv4-family unicast local-rib',
  'commit',
  'return',
];
const CE_PREFIXES = ['192.168.10.0/24', '192.168.11.0/24'];

const pmbmpd = pmbmpdLabPerTest();
const capturing = capturingServerPerTest();

describe('a VPN instance peer over BMP', () => {
  it('pmbmpd logs the CE as a peer of type 1 with RD 100:1, its routes before and after policy, and the instance Loc-RIB, discarding nothing', async () => {
    const { pm, type } = await pmbmpd.start();
    type(...CONFIG('127.0.0.1', pm.port));
    const log = () => pm.messages();
    // pmbmpd's route records carry no peer type: the CE's are under its address, the Loc-RIB's under is_loc.
    const routes = (which: 'pre' | 'post' | 'loc') =>
      log()
        .filter((r) => r['bmp_msg_type'] === 'route_monitor' && r['log_type'] === 'update')
        .filter((r) => (which === 'loc' ? r['is_loc'] === 1 : r['peer_ip'] === '10.5.5.5' && r['is_post'] === (which === 'post' ? 1 : 0)))
        .map((r) => String(r['ip_prefix']))
        .sort();
    await eventually(() => routes('post').length === 2 && routes('pre').length === 2 && routes('loc').length === 2, 10_000);

    const ups = log().filter((r) => r['bmp_msg_type'] === 'peer_up');
    const ce = ups.find((r) => r['peer_type'] === 1);
    expect(ce).toMatchObject({ peer_ip: '10.5.5.5', peer_asn: 65005, bgp_id: '10.5.5.5', rd: '0:100:1' });
    const loc = ups.find((r) => r['peer_type'] === 3);
    // The VRF/Table Name TLV (type 3) as pmbmpd prints it: the bytes of "vpna".
    expect(loc).toMatchObject({ peer_ip: '0.0.0.0', is_loc: 1, rd: '0:100:1', bmp_peer_up_info_3: '76-70-6E-61' });
    expect(routes('post')).toEqual(CE_PREFIXES);
    expect(routes('pre')).toEqual(CE_PREFIXES);
    expect(routes('loc')).toEqual(CE_PREFIXES);
    for (const r of log().filter((x) => x['bmp_msg_type'] === 'route_monitor')) expect(r['rd']).toBe('0:100:1');
    const route = log().find((r) => r['bmp_msg_type'] === 'route_monitor' && r['peer_ip'] === '10.5.5.5' && r['ip_prefix'] === '192.168.10.0/24');
    expect(route).toMatchObject({ as_path: '65005', bgp_nexthop: '10.5.5.5', comms: '65005:1' });
    // Nothing of the public network: the CE is the only peer, in the instance only.
    expect(log().filter((r) => 'peer_type' in r && r['peer_type'] === 0)).toEqual([]);

    // The peer leaves the instance: one Peer Down for it, with its RD.
    type('system-view', 'bgp 100', 'ipv4-family vpn-instance vpna', 'undo peer 10.5.5.5', 'commit', 'return');
    await eventually(() => log().some((r) => r['bmp_msg_type'] === 'peer_down' && r['peer_ip'] === '10.5.5.5'), 10_000);
    expect(log().find((r) => r['bmp_msg_type'] === 'peer_down')).toMatchObject({ peer_type: 1, rd: '0:100:1' });
    type('system-view', 'bmp', 'undo bmp-session 127.0.0.1', 'commit', 'return');
    await eventually(() => log().some((r) => r['bmp_msg_type'] === 'term'), 10_000);
    expect(pm.problems()).toEqual([]);
  });

  it('tshark decodes every message of the instance monitoring: type 1 and 3 headers with the RD, none malformed', async () => {
    const server = await capturing.start();
    const { c, id } = await browserConsole(server);
    c.type(id, ...CONFIG('10.1.1.1', 1790));
    await eventually(() => stationMessages(c).some((m) => m.type === 'statistics-report'), 15_000);
    await endBmpSession(c, id, '10.1.1.1');
    expect(c.received.filter((m) => m.type === 'station.error')).toEqual([]);

    const { fields, problems } = await stationCapture(server, '10.1.1.1', 1790);

    // Nothing malformed but what Wireshark 4.0 misreads (WIRESHARK_PROBLEMS, test-support).
    expect(problems()).toBe('');
    // Every message with a per-peer header is of the instance: type 1 (the CE) or 3 (its Loc-RIB), RD 100:1 (type 0, 100, 1).
    const headers = fields('bmp.peer.type', 'bmp.type', 'bmp.peer.type', 'bmp.peer.distinguisher', 'bmp.peer.ip.addr');
    expect(headers.length).toBeGreaterThan(0);
    for (const h of headers) expect(h).toMatch(/^\d+\t[13]\t(00:00:00:64:00:00:00:01|0000006400000001)\t/);
    expect(headers.some((h) => /^3\t1\t.*\t10\.5\.5\.5$/.test(h))).toBe(true);
    expect(fields('bmp.peer.type == 1 && bgp.nlri_prefix', 'bgp.nlri_prefix').join(',').split(',').sort()).toEqual(expect.arrayContaining(['192.168.10.0', '192.168.11.0']));
    c.ws.close();
  });
});
