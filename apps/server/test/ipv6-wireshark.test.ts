import { describe, expect, it } from 'vitest';
import { eventually } from './lab-harness.js';
import { browserConsole, capturingServerPerTest, endBmpSession, stationCapture, stationMessages } from './interop-harness.js';

/**
 * BGP4+ monitoring captured by the embedded station (which must take IPv6
 * Route Monitoring in its stride) and read by Wireshark's BMP and BGP
 * dissectors (tshark): every message decodes, none is malformed, IPv6 peers
 * carry the V flag and their IPv6 addresses, routes travel in MP_REACH_NLRI /
 * MP_UNREACH_NLRI of AFI 2 with IPv6 next hops, and each view's table ends
 * with an IPv6 End-of-RIB.
 */
const capturing = capturingServerPerTest();

describe('BGP4+ on the wire, read by tshark', () => {
  it('decodes every message of IPv6 monitoring and a live best-path change, none malformed', async () => {
    const server = await capturing.start();
    const { c, id } = await browserConsole(server);
    c.type(
      id,
      'system-view',
      'route-policy PREFER-300 permit node 10',
      'apply local-preference 300',
      'quit',
      'bgp 100',
      'peer 2001:db8:2::2 as-number 200',
      'peer 2001:db8:3::3 as-number 300',
      'keep-all-routes',
      'ipv6-family unicast',
      'peer 2001:db8:2::2 enable',
      'peer 2001:db8:3::3 enable',
      'network 2001:db8:ffff:: 48',
      'quit',
      'quit',
      'bmp',
      'statistics-timer 15',
      'bmp-session 10.1.1.1',
      'tcp connect port 1790',
      'monitor public',
      'route-mode ipv6-family unicast adj-rib-in pre-policy',
      'route-mode ipv6-family unicast adj-rib-in post-policy',
      'route-mode ipv6-family unicast adj-rib-out pre-policy',
      'route-mode ipv6-family unicast adj-rib-out post-policy',
      'route-mode ipv6-family unicast local-rib',
      'commit',
      'return',
    );
    const rms = () => stationMessages(c).filter((m) => m.type === 'route-monitoring').length;
    await eventually(() => stationMessages(c).some((m) => m.type === 'statistics-report'), 15_000);
    const settled = rms();
    // A policy change while the session is up: 2001:db8:1000::/48's best path moves to AS 300, live.
    c.type(id, 'system-view', 'bgp 100', 'ipv6-family unicast', 'peer 2001:db8:3::3 route-policy PREFER-300 import', 'commit', 'return');
    await eventually(() => rms() > settled, 10_000);
    await endBmpSession(c, id, '10.1.1.1');
    // The station took every message: no decode error reached the viewers.
    expect(c.received.filter((m) => m.type === 'station.error')).toEqual([]);
    expect(stationMessages(c).filter((m) => m.type === 'peer-up' && m.peer === '2001:db8:2::2').length).toBeGreaterThan(0);

    const { fields, problems } = await stationCapture(server, '10.1.1.1', 1790);

    // Nothing malformed but what Wireshark 4.0 misreads (WIRESHARK_PROBLEMS, test-support).
    expect(problems()).toBe('');
    // Peer Up of an IPv6 peer: V flag, its IPv6 address, our IPv6 address toward it.
    expect(fields('bmp.type == 3 && bmp.peer.flags.ipv6 == 1', 'bmp.peer.ipv6.addr', 'bmp.peer.up.ipv6.addr')).toContain('2001:db8:2::2\t2001:db8:2::1');
    // Routes in MP_REACH_NLRI of AFI 2 with IPv6 next hops, in every view (peer type 0 with each L/O combination, and the Loc-RIB).
    const views = new Set(
      fields('bmp.type == 0 && bgp.update.path_attribute.mp_reach_nlri.afi == 2', 'bmp.peer.type', 'bmp.peer.flags.post_policy', 'bmp.peer.flags.adj_rib_out').map((l) =>
        l.replace(/\t/g, ' ').trim(),
      ),
    );
    for (const v of ['0 0 0', '0 1 0', '0 0 1', '0 1 1'])
      expect(
        [...views].some((x) => x.startsWith(v)),
        `view ${v} in ${[...views].join(', ')}`,
      ).toBe(true);
    expect([...views].some((x) => x.startsWith('3'))).toBe(true);
    expect(fields('bgp.mp_reach_nlri_ipv6_prefix == 2001:db8:1000::/48', 'bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6')).toEqual(
      expect.arrayContaining(['2001:db8:2::2', '2001:db8:3::3']),
    );
    // What we send to AS 300 has our address on its link as next hop.
    expect(fields('bmp.peer.flags.adj_rib_out == 1 && bmp.peer.ipv6.addr == 2001:db8:3::3', 'bgp.update.path_attribute.mp_reach_nlri.next_hop.ipv6').filter(Boolean)).toContain(
      '2001:db8:3::1',
    );
    // IPv6 End-of-RIB: an UPDATE whose only attribute is an empty MP_UNREACH_NLRI of AFI 2.
    expect(fields('bmp.type == 0 && bgp.update.path_attribute.mp_unreach_nlri.afi == 2 && !bgp.mp_unreach_nlri_ipv6_prefix', 'frame.number').length).toBeGreaterThan(0);
    // The policy change withdrew nothing but moved the best path: the Loc-RIB re-announced 2001:db8:1000::/48 via AS 300.
    expect(fields('bmp.peer.type == 3 && bgp.mp_reach_nlri_ipv6_prefix == 2001:db8:1000::/48', 'bgp.update.path_attribute.as_path_segment.as4').at(-1)).toMatch(/^300/);
    c.ws.close();
  });
});
