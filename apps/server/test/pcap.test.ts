import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';
import { stationMessagesIn, wsClient } from './ws-client.js';
import type { StationRouterView } from '@bmp-lab/protocol';

/** The station's capture of a session, downloaded as pcap, read by Wireshark's BMP dissector (tshark). */
let server: RunningServer;
beforeEach(async () => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off' }));
});
afterEach(async () => {
  await server.close();
});

describe('pcap export', () => {
  it('downloads a stream that tshark decodes as BMP with no malformed packets', async () => {
    expect(existsSync('/usr/bin/tshark'), 'tshark not found: apt-get install -y tshark').toBe(true);
    const c = await wsClient(server.url);
    await c.hello();
    const id = await c.open();
    c.type(id, 'system-view', 'bgp 100', 'peer 10.2.2.2 as-number 200', 'quit', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'monitor public', 'commit');
    await eventually(() => stationMessagesIn(c.received).some((m) => m.type === 'route-monitoring' && m.peer === '10.2.2.2'), 10_000);
    c.type(id, 'quit', 'quit', 'undo bmp-session 10.1.1.1', 'commit');
    await eventually(() => stationMessagesIn(c.received).some((m) => m.type === 'termination'));
    const routers = (await (await fetch(server.url + '/api/station/routers')).json()) as StationRouterView[];
    const conn = routers.find((r) => r.station === '10.1.1.1:1790')!;

    const res = await fetch(`${server.url}/api/pcap?connection=${encodeURIComponent(conn.id)}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.tcpdump.pcap');
    const file = join(mkdtempSync(join(tmpdir(), 'bmplab-pcap-')), 'session.pcap');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));

    const types = execFileSync('tshark', ['-r', file, '-d', 'tcp.port==1790,bmp', '-Y', 'bmp', '-T', 'fields', '-E', 'occurrence=a', '-E', 'aggregator=,', '-e', 'bmp.type'], {
      encoding: 'utf8',
    })
      .split(/[\n,]/)
      .filter(Boolean)
      .map(Number);
    expect(types[0]).toBe(4); // Initiation
    expect(types).toContain(3); // Peer Up
    expect(types).toContain(0); // Route Monitoring
    expect(types.at(-1)).toBe(5); // Termination
    // Both ends as the lab names them: the router's lab address, the station's; the real loopback socket stays out.
    expect(conn.router).toMatch(/^10\.0\.0\.1:\d+$/);
    expect(conn.socket).toMatch(/^(::ffff:)?127\.0\.0\.1:\d+$/);
    // Each packet's addresses and ports: the first from the router's lab end, and only those two hosts throughout.
    const packets = execFileSync('tshark', ['-r', file, '-T', 'fields', '-e', 'ip.src', '-e', 'tcp.srcport', '-e', 'ip.dst', '-e', 'tcp.dstport'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(packets[0]).toEqual(['10.0.0.1', conn.router.split(':')[1], '10.1.1.1', '1790']);
    expect(new Set(packets.map(([src, , dst]) => [src, dst].sort().join(' ')))).toEqual(new Set(['10.0.0.1 10.1.1.1']));
    const bad = execFileSync('tshark', ['-r', file, '-d', 'tcp.port==1790,bmp', '-Y', '_ws.malformed || _ws.expert.severity >= "Warning"'], { encoding: 'utf8' });
    expect(bad).toBe('');
    c.ws.close();
  });
});
