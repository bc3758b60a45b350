import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerMessage, TopologyView } from '@bmp-lab/protocol';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';
import { stationMessagesIn, wsClient } from './ws-client.js';
import { sshExec } from './vty-harness.js';

/** Labs of several routers: R1 and R2 peer over the lab network, both report to one station. */

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function serve(dir: string, env: Record<string, string> = {}): Promise<RunningServer> {
  const s = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_DATA_DIR: dir, ...env }));
  cleanup.push(() => s.close());
  return s;
}

async function api(server: RunningServer, method: string, path: string, body?: unknown) {
  const res = await fetch(server.url + path, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> & unknown[] };
}

const TOPOLOGY = [
  'routers:',
  '  - { sysname: R1, address: 10.0.0.1 }',
  '  - { sysname: R2, address: 10.0.0.2 }',
  'stations: [{ address: 10.1.1.1, ports: [1790] }]',
  'neighbors:',
  '  - address: 10.2.2.2',
  '    as: 200',
  '    expect-as: 100',
  '    routes: [{ prefix: 203.0.113.0/24 }]',
].join('\n');

const BMP_LOC_RIB = ['bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'monitor public', 'route-mode ipv4-family unicast local-rib', 'quit'];
const R1_LINES = ['system-view', 'bgp 100', 'router-id 1.1.1.1', 'peer 10.2.2.2 as-number 200', 'peer 10.0.0.2 as-number 100', 'quit', ...BMP_LOC_RIB, 'commit', 'return'];
const R2_LINES = ['system-view', 'bgp 100', 'router-id 2.2.2.2', 'peer 10.0.0.1 as-number 100', 'quit', ...BMP_LOC_RIB, 'commit', 'return'];

async function cli(server: RunningServer, lab: string, lines: string[], router?: string) {
  const res = await fetch(`${server.url}/api/labs/${lab}/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ lines, ...(router ? { router } : {}) }),
  });
  return { status: res.status, text: await res.text() };
}

/** Poll an asynchronous probe until it gives a value (at most `ms`). */
async function until<T>(probe: () => Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The newest topology.state a client received. */
function lastTopology(received: ServerMessage[]): TopologyView | undefined {
  for (let i = received.length - 1; i >= 0; i--) {
    const m = received[i]!;
    if (m.type === 'topology.state') return m.topology;
  }
  return undefined;
}

async function createLab(server: RunningServer): Promise<string> {
  const created = await api(server, 'POST', '/api/labs', { topology: TOPOLOGY });
  expect(created.status).toBe(201);
  expect(created.body['routers']).toEqual([
    { sysname: 'R1', address: '10.0.0.1' },
    { sysname: 'R2', address: '10.0.0.2' },
  ]);
  return created.body['id'] as string;
}

describe('a lab of two routers', () => {
  it('R1 and R2 peer over the lab network (iBGP), and the station has the neighbor route in the Loc-RIB of both', async () => {
    const server = await serve(mkdtempSync(join(tmpdir(), 'bmplab-multi-')));
    const id = await createLab(server);
    expect((await cli(server, id, R1_LINES)).status).toBe(200);
    expect((await cli(server, id, R2_LINES, 'R2')).status).toBe(200);

    const lab = server.labs.get(id)!;
    const r2 = lab.router('R2')!;
    await eventually(() => r2.device.bgpPeers().find((p) => p.address === '10.0.0.1')?.state === 'Established', 15_000);
    const display = await cli(server, id, ['display bgp peer'], 'R2');
    expect(display.text).toMatch(/10\.0\.0\.1 +4 +100 .*Established/);

    // Both routers' Loc-RIB reach the station: one station connection each (sysName tells them apart).
    const routes = await until(async () => {
      const r = await api(server, 'GET', `/api/labs/${id}/station/routes?prefix=203.0.113.0/24&view=loc-rib`);
      const list = (r.body as unknown as { routes: { router: string; prefix: string }[] }).routes;
      return new Set(list.map((x) => x.router)).size === 2 ? list : undefined;
    }, 15_000);
    expect(routes.every((r) => r.prefix === '203.0.113.0/24')).toBe(true);
    const connections = (await api(server, 'GET', `/api/labs/${id}/station/routers`)).body as unknown as { sysName: string | null; sessionKey: string | null }[];
    expect(connections.map((c) => c.sessionKey).sort()).toEqual(['R2@_public_|10.1.1.1|', '_public_|10.1.1.1|']);

    // Every router's sessions, each naming its router.
    const sessions = (await api(server, 'GET', `/api/labs/${id}/sessions`)).body as unknown as { key: string; router: string; localAddress: string }[];
    expect(sessions.map((s) => [s.key, s.router, s.localAddress]).sort()).toEqual([
      ['R2@_public_|10.1.1.1|', 'R2', '10.0.0.2'],
      ['_public_|10.1.1.1|', 'R1', '10.0.0.1'],
    ]);
    // The configuration of one router, by name; an unknown one names the lab's routers.
    expect((await api(server, 'GET', `/api/labs/${id}/configuration?router=R2`)).body['running'] as string).toContain('peer 10.0.0.1 as-number 100');
    expect(await api(server, 'GET', `/api/labs/${id}/configuration?router=R9`)).toMatchObject({ status: 400, body: { error: expect.stringContaining('R1, R2') } });
    expect((await cli(server, id, ['display version'], 'R9')).status).toBe(400);
  }, 40_000);

  it('console.open {router} opens on that router; an unknown router is an error; SSH <lab>.R2 logs in to R2', async () => {
    const server = await serve(mkdtempSync(join(tmpdir(), 'bmplab-multi-')), { BMPLAB_SSH_LISTEN: '127.0.0.1:0', BMPLAB_TELNET_LISTEN: 'off' });
    const id = await createLab(server);
    const c = await wsClient(server.url, id);
    cleanup.push(() => c.ws.close());
    await c.hello();
    const welcome = c.received.find((m) => m.type === 'welcome');
    expect(welcome?.type === 'welcome' && welcome.routers).toEqual([
      { sysname: 'R1', address: '10.0.0.1' },
      { sysname: 'R2', address: '10.0.0.2' },
    ]);
    c.send({ type: 'console.open', router: 'R2' });
    const opened = await eventually(() => c.received.find((m) => m.type === 'console.opened'));
    expect(opened.type === 'console.opened' && opened.router).toBe('R2');
    const consoleId = opened.type === 'console.opened' ? opened.consoleId : '';
    await eventually(() => c.terminal(consoleId).endsWith('<R2>'));

    c.send({ type: 'console.open', router: 'R7' });
    const error = await eventually(() => c.received.find((m) => m.type === 'error'));
    expect(error).toMatchObject({ code: 'unknown-router' });

    const exec = await sshExec(server.ssh!.port, `${id}.R2`, 'display current-configuration | include sysname');
    expect(exec.output).toContain('sysname R2');
    const first = await sshExec(server.ssh!.port, id, 'display current-configuration | include sysname');
    expect(first.output).toContain('sysname R1');
  }, 30_000);

  it('keeps R2 running configuration, its consoles and the topology positions across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmplab-multi-'));
    let server = await serve(dir);
    const id = await createLab(server);
    expect((await cli(server, id, ['system-view', 'bgp 100', 'peer 10.0.0.1 as-number 100', 'commit', 'return'], 'R2')).status).toBe(200);
    const c = await wsClient(server.url, id);
    await c.hello();
    c.send({ type: 'console.open', router: 'R2' });
    const opened = await eventually(() => c.received.find((m) => m.type === 'console.opened'));
    const consoleId = opened.type === 'console.opened' ? opened.consoleId : '';
    await eventually(() => c.terminal(consoleId).endsWith('<R2>'));
    c.send({ type: 'topology.move', node: 'router:R2', x: 120, y: -40 });
    await eventually(() => lastTopology(c.received)?.nodes.find((n) => n.id === 'router:R2')?.position?.x === 120);
    c.ws.close();
    await server.close();
    cleanup.length = 0;

    server = await serve(dir);
    const lab = server.labs.get(id)!;
    expect(lab.router('R2')!.device.running.bgp?.peers.map((p: { address: string }) => p.address)).toEqual(['10.0.0.1']);
    expect(lab.router('R1')!.device.running.bgp ?? null).toBeNull();
    expect(lab.router('R2')!.consoles.get(consoleId)).toBeDefined();
    expect(lab.topologyView().nodes.find((n) => n.id === 'router:R2')?.position).toEqual({ x: 120, y: -40 });
  }, 30_000);

  it('topology.state shows routers, neighbors and stations, a BGP link going down after undo peer; moves are refused for unknown nodes and read-only sockets', async () => {
    const server = await serve(mkdtempSync(join(tmpdir(), 'bmplab-multi-')));
    const id = await createLab(server);
    const c = await wsClient(server.url, id);
    cleanup.push(() => c.ws.close());
    await c.hello();
    const initial = await eventually(() => lastTopology(c.received));
    expect(initial.nodes.map((n) => n.id).sort()).toEqual(['neighbor:10.2.2.2', 'router:R1', 'router:R2', 'station:10.1.1.1:1790']);
    expect(initial.links).toEqual([]);

    await cli(server, id, R1_LINES);
    await cli(server, id, R2_LINES, 'R2');
    const up = await eventually(() => {
      const t = lastTopology(c.received);
      const bgp = t?.links.filter((l) => l.kind === 'bgp') ?? [];
      return bgp.length === 2 && bgp.every((l) => l.state === 'up') && t!.links.filter((l) => l.kind === 'bmp' && l.state === 'up').length === 2 ? t : undefined;
    }, 15_000);
    const ibgp = up.links.find((l) => l.id === 'bgp:router:R1|router:R2')!;
    expect(ibgp).toMatchObject({ from: 'router:R1', to: 'router:R2', state: 'up', detail: 'iBGP, Established' });

    // Statistics Reports change a session's counters, not its link: no new topology.state for them.
    await cli(server, id, ['system-view', 'bmp', 'statistics-timer 15', 'commit', 'return']);
    await eventually(() => lastTopology(c.received));
    const states = () => c.received.filter((m) => m.type === 'topology.state').length;
    const sentBefore = states();
    const mark = c.received.length;
    const reports = () => stationMessagesIn(c.received.slice(mark)).filter((m) => m.type === 'statistics-report').length;
    await eventually(() => reports() >= 3, 15_000);
    expect(states()).toBe(sentBefore);

    await cli(server, id, ['system-view', 'bgp 100', 'undo peer 10.0.0.1', 'commit', 'return'], 'R2');
    await eventually(() => lastTopology(c.received)?.links.find((l) => l.id === ibgp.id)?.state === 'down', 15_000);

    c.send({ type: 'topology.move', node: 'router:R9', x: 1, y: 1 });
    expect(await eventually(() => c.received.find((m) => m.type === 'error'))).toMatchObject({ code: 'unknown-router' });

    const watcher = await wsClient(server.url, id, { readOnly: true });
    cleanup.push(() => watcher.ws.close());
    await watcher.hello();
    watcher.send({ type: 'topology.move', node: 'router:R1', x: 1, y: 1 });
    expect(await eventually(() => watcher.received.find((m) => m.type === 'error'))).toMatchObject({ code: 'read-only' });
  }, 40_000);

  it('refuses a topology whose config: a router refuses, naming the line and VRP error; applies a good one', async () => {
    const server = await serve(mkdtempSync(join(tmpdir(), 'bmplab-multi-')));
    const bad = await api(server, 'POST', '/api/labs', {
      topology: {
        routers: [
          { sysname: 'R1', address: '10.0.0.1', config: ['system-view', 'bgp 100', 'peer 10.0.0.2 bogus', 'commit'] },
          { sysname: 'R2', address: '10.0.0.2' },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body['error']).toMatch(/^topology: routers\[0\]\.config\[2\]: "peer 10\.0\.0\.2 bogus": Error: /);
    const good = await api(server, 'POST', '/api/labs', {
      topology: {
        routers: [
          { sysname: 'R1', address: '10.0.0.1', config: ['system-view', 'bgp 100', 'peer 10.0.0.2 as-number 100', 'commit', 'return'] },
          { sysname: 'R2', address: '10.0.0.2' },
        ],
      },
    });
    expect(good.status).toBe(201);
    expect(server.labs.get(good.body['id'] as string)!.device.running.bgp?.asNumber).toBe(100);
  }, 20_000);
});
