import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';
import { startPmbmpd } from '@bmp-lab/test-support';
import type { Pmbmpd } from '@bmp-lab/test-support';

/**
 * The neighbor REST API seen by an independent collector: a route POSTed on
 * the lab neighbor 10.2.2.2 reaches pmacct's pmbmpd, on the router's BMP
 * session, as Route Monitoring with the attributes given, and its DELETE as
 * a withdrawal.
 */
let server: RunningServer | null = null;
let pm: Pmbmpd | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
  await pm?.stop();
  pm = null;
});

describe('pmbmpd reads routes injected over REST', () => {
  it('a POSTed route is a Route Monitoring, its DELETE a withdrawal', async () => {
    pm = await startPmbmpd();
    server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off' }));
    const url = server.url;
    const cli = await fetch(`${url}/api/labs/default/cli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        lines: [
          'system-view',
          'bgp 100',
          'peer 10.2.2.2 as-number 200',
          'keep-all-routes',
          'quit',
          'bmp',
          'bmp-session 127.0.0.1',
          `tcp connect port ${pm.port}`,
          'monitor public',
          'route-mode ipv4-family unicast adj-rib-in pre-policy',
          'commit',
          'return',
        ],
      }),
    });
    expect(await cli.text()).not.toContain('Error');
    const records = (prefix: string) => pm!.messages().filter((r) => r['bmp_msg_type'] === 'route_monitor' && r['peer_ip'] === '10.2.2.2' && r['ip_prefix'] === prefix);
    // The neighbor's own table first, so the session is up and reporting.
    await eventually(() => records('203.0.113.0/24').length > 0, 10_000);

    const posted = await fetch(`${url}/api/labs/default/neighbors/10.2.2.2/routes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ prefix: '198.51.100.0/25', 'as-path': [64666], med: 66, communities: ['200:666'] }),
    });
    expect(posted.status).toBe(200);
    await eventually(() => records('198.51.100.0/25').length === 1, 10_000);
    expect(records('198.51.100.0/25')[0]).toMatchObject({ log_type: 'update', as_path: '200 64666', bgp_nexthop: '10.2.2.2', med: 66, comms: '200:666', origin: 'i', is_post: 0 });

    const deleted = await fetch(`${url}/api/labs/default/neighbors/10.2.2.2/routes/198.51.100.0%2F25`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    await eventually(() => records('198.51.100.0/25').length === 2, 10_000);
    expect(records('198.51.100.0/25')[1]).toMatchObject({ log_type: 'withdraw' });
    expect(pm.problems()).toEqual([]);
  }, 30_000);
});
