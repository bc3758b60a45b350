import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPmbmpd } from '@bmp-lab/test-support';
import type { Pmbmpd } from '@bmp-lab/test-support';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually, startLab } from './lab-harness.js';
import { STAGED_POLICY_LINES } from './policy-lab.js';
import { stationMessagesIn, wsClient } from './ws-client.js';

/**
 * Every family the router reports, configured in one go on the default lab
 * and reported by one BMP session: IPv4 unicast with an import policy and a
 * traced prefix, the IPv6 peer 2001:db8:2::2 (BGP4+), the VPN instance vpna
 * with its CE 10.5.5.5 (RD instance peer, RFC 7854 §4.2 type 1), and VPNv4
 * (SAFI 128) from the PE 10.2.2.2 imported into vpna by route target.
 * pmacct's pmbmpd logs each of them, and discards nothing; tshark decodes
 * every message but Huawei's route trace (BMP type 100, unknown to Wireshark
 * 4.0's dissector, which shows it as an unknown type, not as malformed).
 */
const CONFIG = (station: string, port: number) => [
  'system-view',
  // IPv4: from-200 (import on 10.2.2.2) adds community 100:200 to 198.18.0.0/24, the traced prefix.
  ...STAGED_POLICY_LINES,
  'ip vpn-instance vpna',
  'ipv4-family',
  'route-distinguisher 100:1',
  'vpn-target 100:1 import-extcommunity',
  'quit',
  'quit',
  'bgp 100',
  'peer 2001:db8:2::2 as-number 200',
  'ipv6-family unicast',
  'peer 2001:db8:2::2 enable',
  'quit',
  'ipv4-family vpnv4',
  'peer 10.2.2.2 enable',
  'quit',
  'ipv4-family vpn-instance vpna',
  'peer 10.5.5.5 as-number 65005',
  'quit',
  'quit',
  'bmp',
  'statistics-timer 15',
  `bmp-session ${station}`,
  `tcp connect port ${port}`,
  'monitor public',
  'route-mode ipv4-family unicast adj-rib-in post-policy',
  'route-mode ipv6-family unicast adj-rib-in pre-policy',
  'route-mode ipv6-family unicast local-rib',
  'route-mode ipv4-family vpnv4 adj-rib-in post-policy',
  'quit',
  'monitor vpn-instance vpna',
  'route-mode ipv4-family unicast adj-rib-in post-policy',
  'route-mode ipv4-family unicast local-rib',
  'quit',
  'ipv4 unicast',
  'trace-prefix 198.18.0.0 24',
  'quit',
  'quit',
  'quit',
  'commit',
  'return',
];

type Rec = Record<string, unknown>;

let pm: Pmbmpd | null = null;
let server: RunningServer | null = null;
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup.length = 0;
  await pm?.stop();
  pm = null;
  await server?.close();
  server = null;
});

describe('all families over one BMP session', () => {
  it('pmbmpd logs the IPv6 peer and Loc-RIB, the RD instance peer, VPNv4 with RD, and the trace of a prefix import policy changed, discarding nothing', async () => {
    pm = await startPmbmpd();
    const { lab, type } = await startLab();
    cleanup.push(() => lab.stop());
    const out = type(...CONFIG('127.0.0.1', pm.port));
    expect(out).not.toContain('Error');
    const log = (): Rec[] => pm!.messages();
    const ups = (peer: string) => log().filter((r) => r['bmp_msg_type'] === 'peer_up' && r['peer_ip'] === peer);
    const updates = () => log().filter((r) => r['bmp_msg_type'] === 'route_monitor' && r['log_type'] === 'update');
    const prefixes = (rs: Rec[]) => [...new Set(rs.map((r) => String(r['ip_prefix'])))].sort();
    const v6 = () => updates().filter((r) => r['peer_ip'] === '2001:db8:2::2' && r['afi'] === 2 && r['safi'] === 1);
    const v6Loc = () => updates().filter((r) => r['is_loc'] === 1 && r['afi'] === 2);
    const ce = () => updates().filter((r) => r['peer_ip'] === '10.5.5.5');
    const vpnLoc = () => updates().filter((r) => r['is_loc'] === 1 && r['rd'] === '0:100:1');
    const vpnv4 = () => updates().filter((r) => r['peer_ip'] === '10.2.2.2' && r['safi'] === 128);
    const traces = () => log().filter((r) => r['bmp_msg_type'] === 'rpat');
    const traceOf = (cls: string) => traces().filter((r) => r['policy_class'] === cls);

    await eventually(
      () =>
        prefixes(v6()).length === 3 &&
        prefixes(v6Loc()).length === 3 &&
        prefixes(ce()).length === 2 &&
        prefixes(vpnv4()).length === 2 &&
        prefixes(vpnLoc()).length === 4 &&
        traceOf('Inbound policy').some((r) => r['peer_ip'] === '10.2.2.2'),
      15_000,
    );

    // IPv6: Peer Up with the V flag (an IPv6 peer_ip and local_ip), routes in AFI 2, the IPv6 Loc-RIB.
    expect(ups('2001:db8:2::2')[0]).toMatchObject({ peer_type: 0, peer_asn: 200, bgp_id: '10.2.2.2', local_ip: '2001:db8:2::1' });
    expect(prefixes(v6())).toEqual(['2001:db8:1000::/48', '2001:db8:200::/48', '2001:db8:201::/48']);
    expect(v6().find((r) => r['ip_prefix'] === '2001:db8:200::/48')).toMatchObject({ is_post: 0, bgp_nexthop: '2001:db8:2::2', as_path: '200' });
    expect(prefixes(v6Loc())).toEqual(['2001:db8:1000::/48', '2001:db8:200::/48', '2001:db8:201::/48']);

    // The CE in vpna: Peer Up of type 1 with RD 100:1, its routes under that RD.
    expect(ups('10.5.5.5')[0]).toMatchObject({ peer_type: 1, peer_asn: 65005, rd: '0:100:1' });
    expect(prefixes(ce())).toEqual(['192.168.10.0/24', '192.168.11.0/24']);
    for (const r of ce()) expect(r['rd']).toBe('0:100:1');

    // VPNv4 from the PE 10.2.2.2: SAFI 128 with its RD and label; vpna's Loc-RIB holds them beside the CE's.
    expect(
      vpnv4()
        .map((r) => [r['ip_prefix'], r['afi'], r['rd'], r['label']])
        .sort(),
    ).toEqual([
      ['10.20.1.0/24', 1, '0:200:1', '1024'],
      ['10.20.2.0/24', 1, '0:200:1', '1025'],
    ]);
    expect(prefixes(vpnLoc())).toEqual(['10.20.1.0/24', '10.20.2.0/24', '192.168.10.0/24', '192.168.11.0/24']);

    // The trace of 198.18.0.0/24: from-200 changed it (community added) on the way in from 10.2.2.2.
    for (const r of traces()) expect(r).toMatchObject({ prefix: '198.18.0.0', prefix_len: 24, afi: 1, safi: 1 });
    expect(traceOf('Inbound policy').find((r) => r['peer_ip'] === '10.2.2.2')).toMatchObject({
      peer_asn: 200,
      policy_is_match: 1,
      policy_is_permit: 1,
      policy_is_diff: 1,
      policy_name: ['from-200'],
    });
    // And the IPv4 public routes themselves: the import policy's community on 198.18.0.0/24 after policy.
    expect(updates().find((r) => r['peer_ip'] === '10.2.2.2' && r['safi'] === 1 && r['ip_prefix'] === '198.18.0.0/24')).toMatchObject({
      is_post: 1,
      comms: '100:200 200:1',
    });

    type('system-view', 'bmp', 'undo bmp-session 127.0.0.1', 'commit', 'return');
    await eventually(() => log().some((r) => r['bmp_msg_type'] === 'term'), 10_000);
    expect(pm.log()).not.toMatch(/discarded|ERROR|WARN/);
  });

  it('tshark decodes every message but the route trace (type 100): IPv6, RD instance peer, VPNv4 NLRI, none malformed', async () => {
    expect(existsSync('/usr/bin/tshark'), 'tshark not found: apt-get install -y tshark').toBe(true);
    server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off' }));
    const c = await wsClient(server.url);
    await c.hello();
    const id = await c.open();
    c.type(id, ...CONFIG('10.1.1.1', 1790));
    const stationMessages = () => stationMessagesIn(c.received);
    await eventually(() => stationMessages().some((m) => m.type === 'statistics-report'), 20_000);
    c.type(id, 'system-view', 'bmp', 'undo bmp-session 10.1.1.1', 'commit', 'return');
    await eventually(() => stationMessages().some((m) => m.type === 'termination'), 10_000);
    expect(c.received.filter((m) => m.type === 'station.error')).toEqual([]);

    const routers = (await (await fetch(server.url + '/api/station/routers')).json()) as { id: string; station: string }[];
    const conn = routers.find((r) => r.station === '10.1.1.1:1790')!;
    const res = await fetch(`${server.url}/api/pcap?connection=${encodeURIComponent(conn.id)}`);
    expect(res.status).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), 'bmplab-all-families-pcap-')), 'session.pcap');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const tshark = (...args: string[]) => execFileSync('tshark', ['-r', file, '-d', 'tcp.port==1790,bmp', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const fields = (filter: string, ...names: string[]) =>
      tshark('-Y', filter, '-T', 'fields', ...names.flatMap((n) => ['-e', n]))
        .trim()
        .split('\n')
        .filter(Boolean);

    // As in interop-vpn-instance.test.ts: Wireshark 4.0 flags the Loc-RIB Peer Up's information TLVs. Its type 100
    // dissector also reads a flags octet after every policy of a Policy TLV, where the encoder (and pmbmpd) put one
    // only between policies, so it calls type 100 malformed: pmbmpd is the oracle for those. All else must be clean.
    expect(tshark('-Y', '(_ws.malformed || _ws.expert.severity >= "Warning") && !(bmp.type == 3 && bmp.peer.type == 3) && bmp.type != 100')).toBe('');
    const types = new Set(fields('bmp.type', 'bmp.type').flatMap((t) => t.split(',')));
    // Initiation, Peer Up, Route Monitoring, Statistics, Termination, and the route trace (type 100, decoded no further).
    for (const t of ['4', '3', '0', '1', '5', '100']) expect(types.has(t), `BMP type ${t}`).toBe(true);
    // The IPv6 peer (V flag) and the RD instance peer (type 1, RD 100:1) in per-peer headers.
    expect(fields('bmp.peer.flags.ipv6 == 1 && bmp.peer.ipv6.addr == 2001:db8:2::2', 'bmp.peer.type').length).toBeGreaterThan(0);
    expect(fields('bmp.peer.type == 1', 'bmp.peer.ip.addr').every((a) => a === '10.5.5.5')).toBe(true);
    expect(fields('bmp.peer.type == 1', 'bmp.peer.ip.addr').length).toBeGreaterThan(0);
    // IPv6 unicast and VPNv4 NLRI in MP_REACH_NLRI.
    const mp = fields('bgp.update.path_attribute.mp_reach_nlri.afi', 'bgp.update.path_attribute.mp_reach_nlri.afi', 'bgp.update.path_attribute.mp_reach_nlri.safi');
    expect(mp.some((l) => /^2(,2)*\t1/.test(l))).toBe(true);
    expect(mp.some((l) => /^1(,1)*\t128/.test(l))).toBe(true);
    expect(tshark('-Y', 'bgp.update.path_attribute.mp_reach_nlri.safi == 128', '-V')).toMatch(/Route Distinguisher: 200:1/);
    c.ws.close();
  });
});
