import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { captureLog } from '../src/log.js';
import { connect } from 'node:net';
import { createBgpFramer, decodeBgpMessage } from '@bmp-lab/codec';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import type { Lab } from '../src/lab/lab.js';
import { TopologyError } from '../src/lab/topology.js';
import { eventually } from './lab-harness.js';

/**
 * Route budgets: a topology over the per-lab budget is refused at
 * POST /api/labs; a peer whose table would take the server past its live
 * budget is refused at peer-up with Cease / Out of Resources and a
 * BGP/6/RECV_NOTIFY log line, and comes up on a later retry once there is room.
 */

const servers: RunningServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(env: Record<string, string> = {}): Promise<RunningServer> {
  // 50x: ConnectRetry (32 s) is 0.64 s.
  const s = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off', ...env }));
  servers.push(s);
  return s;
}

async function post(server: RunningServer, topology: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/api/labs`, { method: 'POST', body: JSON.stringify({ topology }), headers: { 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const neighbor = (address: string, first: string, count: number) => `  - { address: ${address}, as: 200, expect-as: 100, bulk-routes: { first: ${first}, count: ${count} } }`;

/** The router of `lab` peers with every address (IPv4 peers are enabled in IPv4 unicast by default). */
function peerWith(lab: Lab, ...addresses: string[]): void {
  const c = lab.device.openConsole();
  for (const line of ['system-view', 'bgp 100', 'router-id 1.1.1.1', ...addresses.map((a) => `peer ${a} as-number 200`), 'commit', 'return']) c.execute(line);
}

const peer = (lab: Lab, address: string) => lab.device.bgpPeers().find((p) => p.address === address);

describe('route budgets', () => {
  it('refuses a topology over the per-lab budget at POST /api/labs, naming the total and the limit', async () => {
    const server = await serve();
    // The attack: 24 neighbors of a million routes each.
    const bomb = ['router: {}', 'neighbors:', ...Array.from({ length: 24 }, (_, i) => neighbor(`10.2.2.${i + 1}`, '16.0.0.0/24', 1_000_000))].join('\n');
    const refused = await post(server, bomb);
    expect(refused.status).toBe(400);
    expect(String(refused.body['error']).split('\n')).toEqual([
      'topology: neighbors: the neighbors announce 24000000 routes in all (routes and bulk-routes), more than the 1100000 one lab may have (BMPLAB_MAX_ROUTES_PER_LAB)',
      // 24 neighbors are 24 listening sockets, too.
      'topology: stations: the lab would listen on 24 sockets (one per station port, one per neighbor), more than the 16 one lab may have (BMPLAB_MAX_LISTENERS_PER_LAB)',
    ]);
    expect(server.labs.size).toBe(1);
    // A full table (the 1M-route tests and benches) still fits the default budget.
    const full = await post(server, ['router: {}', 'neighbors:', neighbor('10.2.2.2', '16.0.0.0/24', 1_000_000)].join('\n'));
    expect(full.status).toBe(201);
  });

  it('the per-lab budget is configurable and counts routes of both families', async () => {
    // The default lab has 16 routes: it must fit too.
    const server = await serve({ BMPLAB_MAX_ROUTES_PER_LAB: '20' });
    const topology = (v6Routes: number) =>
      [
        'router: {}',
        'neighbors:',
        '  - { address: 10.2.2.2, as: 200, expect-as: 100, routes: [{ prefix: 203.0.113.0/24 }], bulk-routes: { first: 16.0.0.0/24, count: 1 } }',
        `  - { address: 2001:db8:2::2, router-id: 10.2.2.2, as: 200, expect-as: 100, routes: [${Array.from({ length: v6Routes }, (_, i) => `{ prefix: "2001:db8:${i + 1}::/48" }`).join(', ')}] }`,
      ].join('\n');
    expect((await post(server, topology(18))).status).toBe(201);
    const over = await post(server, topology(19));
    expect(over.status).toBe(400);
    expect(over.body['error']).toMatch(/announce 21 routes in all .*more than the 20 one lab may have \(BMPLAB_MAX_ROUTES_PER_LAB\)/);
  });

  it('refuses a peer whose table would take the server past its live budget (Cease / Out of Resources), and takes it once there is room', async () => {
    const captured = captureLog();
    onTestFinished(() => captured.restore());
    const server = await serve({ BMPLAB_MAX_ROUTES: '150', BMPLAB_MAX_ROUTES_PER_LAB: '100' });
    const one = ['router: {}', 'neighbors:', neighbor('10.2.2.2', '16.0.0.0/24', 80)].join('\n');
    const a = server.labs.get((await post(server, one)).body['id'] as string)!;
    const b = server.labs.get((await post(server, one)).body['id'] as string)!;

    peerWith(a, '10.2.2.2');
    await eventually(() => peer(a, '10.2.2.2')?.prefixesReceived === 80, 10_000);
    expect(server.labs.budget.liveRoutes).toBe(80);

    peerWith(b, '10.2.2.2');
    const logged = await eventually(() => captured.lines('warn').find((w) => w.includes(`lab ${b.id}:`) && w.includes('RECV_NOTIFY')), 10_000);
    expect(logged).toBe(
      `bmp-lab: lab ${b.id}: BGP/6/RECV_NOTIFY:The router received NOTIFICATION message from peer 10.2.2.2. (ErrorCode=6, SubErrorCode=8, BgpAddressFamily=Public, ErrorData=NULL) ` +
        "[the lab neighbor refused the session: its 80 routes would take the server's live routes from 80 to 160, past BMPLAB_MAX_ROUTES=150; the router retries after ConnectRetry]",
    );
    expect(peer(b, '10.2.2.2')!.state).not.toBe('Established');

    // What the neighbor says on the wire: NOTIFICATION Cease (6) / Out of Resources (8), then it closes.
    const endpoint = b.neighborEndpoints()[0]!;
    const notification = await new Promise<{ code: number; subcode: number }>((resolve, reject) => {
      const socket = connect(endpoint.port, endpoint.host);
      const framer = createBgpFramer();
      socket.on('data', (chunk) => {
        for (const item of framer.push(new Uint8Array(chunk))) {
          if (!item.ok) continue;
          const m = decodeBgpMessage(item.bytes);
          if (m.ok && m.value.type === 'notification') resolve({ code: m.value.code, subcode: m.value.subcode });
        }
      });
      socket.on('error', reject);
      socket.on('close', () => reject(new Error('closed without a NOTIFICATION')));
    });
    expect(notification).toEqual({ code: 6, subcode: 8 });

    // The router retries, every ConnectRetry (0.64 s here), not in a hot loop: two more refusals take more than one interval.
    const budget = b.options.budget!;
    const before = budget.refusals;
    const since = Date.now();
    await eventually(() => budget.refusals >= before + 2, 10_000);
    expect(Date.now() - since).toBeGreaterThan(500);
    // Logged once, not at every retry.
    expect(captured.lines('warn').filter((w) => w.includes(`lab ${b.id}:`) && w.includes('RECV_NOTIFY'))).toHaveLength(1);

    // Room again: lab a goes away, b's peer comes up at its next retry.
    expect((await fetch(`${server.url}/api/labs/${a.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(server.labs.budget.liveRoutes).toBe(0);
    await eventually(() => peer(b, '10.2.2.2')?.prefixesReceived === 80, 10_000);
    expect(server.labs.budget.liveRoutes).toBe(80);
  });

  it('the lab manager checks the per-lab budget too, not only POST /api/labs', async () => {
    const server = await serve({ BMPLAB_MAX_ROUTES_PER_LAB: '100' });
    // The manager checks, whoever calls it: POST's validation is not the only guard.
    const made = await server.labs
      .create({
        router: { sysname: 'HUAWEI' },
        stations: [],
        network: [],
        neighbors: [
          { address: '10.2.2.2', asn: 200, expectAs: 100, routes: [], bulkRoutes: { first: '16.0.0.0/24', count: 60 } },
          { address: '10.3.3.3', asn: 200, expectAs: 100, routes: [], bulkRoutes: { first: '17.0.0.0/24', count: 60 } },
        ],
      })
      .catch((e: unknown) => e);
    expect(made).toBeInstanceOf(TopologyError);
    expect((made as Error).message).toMatch(/announce 120 routes in all .*more than the 100 one lab may have/);
    expect(server.labs.size).toBe(1);
  });
});
