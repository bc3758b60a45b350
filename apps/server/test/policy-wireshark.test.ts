import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

/**
 * A session monitoring every IPv4 stage while import and export policies
 * change, captured by the embedded station and read by Wireshark's BMP
 * dissector (tshark): every message decodes, none is malformed, and the
 * views carry the L and O flags each stage needs.
 */
let server: RunningServer;
beforeEach(async () => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off' }));
});
afterEach(async () => {
  await server.close();
});

describe('routing policy on the wire, read by tshark', () => {
  it('decodes every message of a policy change in every view, none malformed', async () => {
    expect(existsSync('/usr/bin/tshark'), 'tshark not found: apt-get install -y tshark').toBe(true);
    const c = await wsClient(server.url);
    await c.hello();
    const id = await c.open();
    c.type(
      id,
      'system-view',
      'ip ip-prefix no-198-18-1 index 10 deny 198.18.1.0 24',
      'ip ip-prefix no-198-18-1 index 20 permit 0.0.0.0 0 less-equal 32',
      'route-policy in-300 permit node 10',
      'apply local-preference 300',
      'apply community 100:300 no-export additive',
      'quit',
      'route-policy out-200 permit node 10',
      'apply as-path 100 100 additive',
      'apply cost 5',
      'quit',
      'bgp 100',
      'peer 10.2.2.2 as-number 200',
      'peer 10.3.3.3 as-number 300',
      'keep-all-routes',
      'peer 10.2.2.2 ip-prefix no-198-18-1 import',
      'peer 10.3.3.3 route-policy in-300 import',
      'peer 10.2.2.2 route-policy out-200 export',
      'quit',
      'bmp',
      'statistics-timer 15',
      'bmp-session 10.1.1.1',
      'tcp connect port 1790',
      'monitor public',
      'route-mode ipv4-family unicast adj-rib-in pre-policy',
      'route-mode ipv4-family unicast adj-rib-in post-policy',
      'route-mode ipv4-family unicast adj-rib-out pre-policy',
      'route-mode ipv4-family unicast adj-rib-out post-policy',
      'route-mode ipv4-family unicast local-rib',
      'commit',
      'return',
    );
    const rms = () => c.received.filter((m) => m.type === 'station.message' && m.message.type === 'route-monitoring').length;
    await eventually(() => c.received.some((m) => m.type === 'station.message' && m.message.type === 'statistics-report'), 15_000);
    const settled = rms();
    // A policy change while the session is up: live Route Monitoring in the views it touches.
    c.type(id, 'system-view', 'bgp 100', 'undo peer 10.2.2.2 ip-prefix no-198-18-1 import', 'undo peer 10.3.3.3 route-policy in-300 import', 'commit', 'quit', 'quit');
    await eventually(() => rms() > settled, 10_000);
    c.type(id, 'system-view', 'bmp', 'undo bmp-session 10.1.1.1', 'commit');
    await eventually(() => c.received.some((m) => m.type === 'station.message' && m.message.type === 'termination'), 10_000);

    const routers = (await (await fetch(server.url + '/api/station/routers')).json()) as { id: string; station: string }[];
    const conn = routers.find((r) => r.station === '10.1.1.1:1790')!;
    const res = await fetch(`${server.url}/api/pcap?connection=${encodeURIComponent(conn.id)}`);
    expect(res.status).toBe(200);
    const file = join(mkdtempSync(join(tmpdir(), 'bmplab-policy-pcap-')), 'session.pcap');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    const tshark = (...args: string[]) => execFileSync('tshark', ['-r', file, '-d', 'tcp.port==1790,bmp', ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });

    // Wireshark 4.0's BMP dissector reads the information TLVs a Peer Up may end with (RFC 7854 §4.10; the
    // Loc-RIB's VRF/Table Name, RFC 9069 §5.1) as one more BGP message and flags it malformed; pmbmpd reads
    // them (interop-pmbmpd-policy.test.ts). Every other message must decode cleanly.
    const problems = '(_ws.malformed || _ws.expert.severity >= "Warning") && !(bmp.type == 3 && bmp.peer.type == 3)';
    expect(tshark('-Y', problems)).toBe('');
    // And the Loc-RIB's Peer Up decodes up to its TLVs: both OPENs are there.
    expect(tshark('-Y', 'bmp.type == 3 && bmp.peer.type == 3 && bgp.type == 1', '-T', 'fields', '-e', 'frame.number').trim()).not.toBe('');
    // Every view appeared in Route Monitoring: peer type 0 with each L/O combination, and peer type 3.
    const views = new Set(
      tshark('-Y', 'bmp.type == 0', '-T', 'fields', '-e', 'bmp.peer.type', '-e', 'bmp.peer.flags.post_policy', '-e', 'bmp.peer.flags.adj_rib_out')
        .trim()
        .split('\n')
        .map((l) => l.replace(/\t/g, ' ').trim()),
    );
    for (const v of ['0 0 0', '0 1 0', '0 0 1', '0 1 1'])
      expect(
        [...views].some((x) => x.startsWith(v)),
        `view ${v} in ${[...views].join(', ')}`,
      ).toBe(true);
    expect([...views].some((x) => x.startsWith('3'))).toBe(true);
    // The communities the import policy added reached the wire as the dissector reads them.
    expect(tshark('-Y', 'bgp.update.path_attribute.community_as == 100 && bgp.update.path_attribute.community_value == 300', '-T', 'fields', '-e', 'frame.number').trim()).not.toBe(
      '',
    );
    c.ws.close();
  });
});
