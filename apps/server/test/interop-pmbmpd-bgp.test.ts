import { describe, expect, it } from 'vitest';
import { eventually } from './lab-harness.js';
import { pmbmpdLabPerTest } from './interop-harness.js';

/**
 * The whole monitored-router story read by pmacct's pmbmpd, an independent
 * collector: Initiation, Peer Up for each peer, Route Monitoring with exactly
 * the neighbor's prefixes and attributes, Statistics Reports on schedule,
 * Peer Down with its reason when a peer is removed, Termination.
 */
const pmbmpd = pmbmpdLabPerTest();

describe('pmbmpd reads a monitored router', () => {
  it('sees peers come up, their routes, statistics, a Peer Down and the Termination', async () => {
    const { pm, type } = await pmbmpd.start();
    type(
      'system-view',
      'bgp 100',
      'peer 10.2.2.2 as-number 200',
      'peer 10.3.3.3 as-number 300',
      'keep-all-routes',
      'quit',
      'bmp',
      'statistics-timer 15',
      'bmp-session 127.0.0.1',
      `tcp connect port ${pm.port}`,
      'monitor public',
      'route-mode ipv4-family unicast adj-rib-in pre-policy',
      'route-mode ipv4-family unicast adj-rib-in post-policy',
      'commit',
      'return',
    );
    const log = () => pm.messages();
    const routesOf = (peer: string, isPost: number, isOut = 0) =>
      log()
        .filter((r) => r['bmp_msg_type'] === 'route_monitor' && r['peer_ip'] === peer && r['is_post'] === isPost && (r['is_out'] ?? 0) === isOut && r['log_type'] === 'update')
        .map((r) => r['ip_prefix'])
        .sort();

    await eventually(() => routesOf('10.2.2.2', 1).length === 5 && routesOf('10.3.3.3', 1).length === 5, 10_000);
    expect(log()[0]).toMatchObject({ bmp_msg_type: 'init', bmp_init_info_sysname: 'HUAWEI' });
    const ups = log().filter((r) => r['bmp_msg_type'] === 'peer_up' && r['peer_ip'] === '10.2.2.2');
    expect(ups.length).toBeGreaterThanOrEqual(2);
    expect(ups[0]).toMatchObject({ peer_asn: 200, bgp_id: '10.2.2.2', peer_type: 0 });
    expect(routesOf('10.2.2.2', 1)).toEqual(['192.0.2.128/25', '198.18.0.0/24', '198.18.1.0/24', '198.18.4.0/24', '203.0.113.0/24']);
    expect(routesOf('10.2.2.2', 0)).toEqual(['192.0.2.128/25', '198.18.0.0/24', '198.18.1.0/24', '198.18.4.0/24', '203.0.113.0/24']);
    const route = log().find((r) => r['bmp_msg_type'] === 'route_monitor' && r['peer_ip'] === '10.2.2.2' && r['ip_prefix'] === '203.0.113.0/24');
    expect(route).toMatchObject({ as_path: '200', bgp_nexthop: '10.2.2.2', comms: '200:1', med: 10, origin: 'i' });

    // Statistics every statistics-timer (15 s, 50x faster here): several reports, real counts.
    await eventually(() => log().filter((r) => r['bmp_msg_type'] === 'stats' && r['peer_ip'] === '10.2.2.2' && r['counter_type'] === 7).length >= 2, 5000);
    const gauge = log().find((r) => r['bmp_msg_type'] === 'stats' && r['peer_ip'] === '10.2.2.2' && r['counter_type'] === 7);
    expect(gauge).toMatchObject({ counter_value: 5 });

    type('system-view', 'bgp 100', 'undo peer 10.2.2.2', 'commit', 'return');
    await eventually(() => log().some((r) => r['bmp_msg_type'] === 'peer_down' && r['peer_ip'] === '10.2.2.2'));
    expect(log().find((r) => r['bmp_msg_type'] === 'peer_down')).toMatchObject({ reason_type: 1 });

    type('system-view', 'bmp', 'undo bmp-session 127.0.0.1', 'commit', 'return');
    await eventually(() => log().some((r) => r['bmp_msg_type'] === 'term'));
    expect(pm.problems()).toEqual([]);
  });
});
