import { afterEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';
import { stationMessagesIn, wsClient } from './ws-client.js';

/** Many labs on one server: REST, isolation, sockets freed, the bound. */

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(env: Record<string, string> = {}): Promise<RunningServer> {
  const s = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off', ...env }));
  servers.push(s);
  return s;
}

async function api(server: RunningServer, method: string, path: string, body?: unknown) {
  const res = await fetch(server.url + path, {
    method,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.text();
  // An empty body reads as {} so that tests index it without null checks.
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> & unknown[] };
}

const SESSION = (addr: string, port: number) => ['system-view', 'bmp', `bmp-session ${addr}`, `tcp connect port ${port}`, 'commit'];

describe('labs over REST', () => {
  it('creates, lists, describes and deletes labs; the default lab stays', async () => {
    const server = await serve({ BMPLAB_INSTRUCTOR_TOKEN: 'sesame' });
    const created = await api(server, 'POST', '/api/labs');
    expect(created.status).toBe(201);
    const id = created.body['id'] as string;
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/); // 128 random bits, base64url
    expect(created.headers.get('location')).toBe(`/api/labs/${id}`);
    expect(created.body).toMatchObject({ url: `/labs/${id}`, router: 'HUAWEI', sessions: 0, consoles: 0 });
    expect((created.body['stations'] as { name: string }[]).map((s) => s.name)).toEqual(['10.1.1.1:1790', '10.1.1.1:1791']);

    // The whole list takes the instructor token (http-guards.test.ts covers the creator's cookie).
    const list = await api(server, 'GET', '/api/labs?token=sesame');
    expect((list.body as unknown as { id: string }[]).map((l) => l.id)).toEqual(['default', id]);
    expect((await api(server, 'GET', `/api/labs/${id}`)).body).toMatchObject({ id });
    expect((await api(server, 'GET', `/api/labs/${id}/sessions`)).body).toEqual([]);
    expect((await api(server, 'GET', `/api/labs/${id}/station/messages`)).body).toEqual([]);
    expect((await api(server, 'GET', `/api/labs/${id}/station/routers`)).body).toEqual([]);
    expect((await api(server, 'GET', `/api/labs/${id}/configuration`)).body).toEqual({ running: expect.stringContaining('sysname HUAWEI'), saved: null });
    expect((await api(server, 'GET', `/api/labs/${id}/topology`)).body).toMatchObject({ router: { sysname: 'HUAWEI' } });
    expect((await api(server, 'GET', `/api/labs/${id}/pcap?connection=nope`)).status).toBe(404);
    expect((await fetch(`${server.url}/labs/${id}`)).status).not.toBe(404);

    expect((await api(server, 'DELETE', `/api/labs/${id}`)).status).toBe(204);
    expect((await api(server, 'GET', `/api/labs/${id}`)).status).toBe(404);
    expect((await api(server, 'DELETE', `/api/labs/${id}`)).status).toBe(404);
    expect((await fetch(`${server.url}/labs/${id}`)).status).toBe(404);
    expect((await api(server, 'DELETE', '/api/labs/default')).status).toBe(409);
    expect((await api(server, 'GET', '/api/health')).body).toMatchObject({ status: 'ok', lab: 'default', labs: 1 });
  });

  it('takes a topology as YAML text or as an object, and names what is wrong with one', async () => {
    const server = await serve();
    const yaml = 'router: { sysname: EDGE }\nstations: [{ address: 10.9.9.9, ports: [5000] }]\n';
    const a = await api(server, 'POST', '/api/labs', { topology: yaml });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ router: 'EDGE', stations: [{ name: '10.9.9.9:5000' }], neighbors: [] });
    const b = await api(server, 'POST', '/api/labs', { topology: { router: { sysname: 'CORE' }, neighbors: [{ address: '10.2.2.2', as: 200, 'expect-as': 100 }] } });
    expect(b.body).toMatchObject({ router: 'CORE', stations: [], neighbors: [{ address: '10.2.2.2', asn: 200 }] });

    const bad = await api(server, 'POST', '/api/labs', { topology: 'router: {}\nstations: [{ address: 10.9.9.999, ports: [5000] }]' });
    expect(bad).toMatchObject({ status: 400, body: { error: 'topology:2:23: stations[0].address: not an IPv4 address in dotted decimal, such as 10.2.2.2' } });
    expect((await api(server, 'POST', '/api/labs', { topology: { router: {}, network: [{ address: '10.0.0.1', port: 1, to: '192.0.2.1:1' }] } })).body['error']).toMatch(
      /^topology: network\[0\]\.to: must be a loopback endpoint/,
    );
    expect((await api(server, 'POST', '/api/labs', '{nope')).status).toBe(400);
    expect((await api(server, 'POST', '/api/labs', { topo: 1 })).body).toEqual({ error: 'unknown field "topo" (only "topology" and "name")' });
    expect((await api(server, 'POST', '/api/labs', { topology: 'x'.repeat(300 * 1024) })).status).toBe(413);
    expect((await api(server, 'PUT', '/api/labs')).status).toBe(405);
    expect((await api(server, 'GET', '/api/nothing')).status).toBe(404);
    expect(server.labs.size).toBe(3);
  });

  it('bounds the number of labs with a clear 503', async () => {
    const server = await serve({ BMPLAB_MAX_LABS: '3' });
    const made = await Promise.all([1, 2, 3].map(() => api(server, 'POST', '/api/labs')));
    expect(made.map((m) => m.status).sort()).toEqual([201, 201, 503]);
    expect(made.find((m) => m.status === 503)!.body['error']).toMatch(/maximum of 3 labs \(BMPLAB_MAX_LABS\); delete one/);
  });
});

describe('lab isolation', () => {
  it("one lab's sessions, messages and console never reach another's clients", async () => {
    const server = await serve();
    const idA = (await api(server, 'POST', '/api/labs')).body['id'] as string;
    const idB = (await api(server, 'POST', '/api/labs')).body['id'] as string;
    const a = await wsClient(server.url, idA);
    const b = await wsClient(server.url, idB);
    const d = await wsClient(server.url);
    await Promise.all([a.hello(), b.hello(), d.hello()]);
    expect(a.received[0]).toMatchObject({ type: 'welcome', labId: idA });
    expect(b.received[0]).toMatchObject({ type: 'welcome', labId: idB });
    expect(d.received[0]).toMatchObject({ type: 'welcome', labId: 'default' });
    const ca = await a.open();
    const cb = await b.open();
    a.type(ca, ...SESSION('10.1.1.1', 1790));
    b.type(cb, 'system-view', 'sysname LAB-B', 'commit', 'bmp', 'bmp-session 10.1.1.1 alias bee', 'tcp connect port 1791', 'commit');
    await eventually(() => stationMessagesIn(a.received).some((m) => m.type === 'initiation'));
    await eventually(() => stationMessagesIn(b.received).some((m) => m.type === 'initiation'));
    await new Promise((r) => setTimeout(r, 200));

    const sessionsOf = (c: typeof a) => new Set(c.received.flatMap((m) => (m.type === 'session.updated' ? [m.session.key] : [])));
    expect([...sessionsOf(a)]).toEqual(['_public_|10.1.1.1|']);
    expect([...sessionsOf(b)]).toEqual(['_public_|10.1.1.1|bee']);
    expect([...sessionsOf(d)]).toEqual([]);
    const stationsOf = (c: typeof a) => new Set(stationMessagesIn(c.received).map((m) => m.station));
    expect([...stationsOf(a)]).toEqual(['10.1.1.1:1790']);
    expect([...stationsOf(b)]).toEqual(['10.1.1.1:1791']);
    expect(d.received.some((m) => m.type === 'station.message' || m.type === 'station.messages' || m.type === 'station.router')).toBe(false);
    // Consoles: B's sysname is B's; a console id of A is unknown in B.
    expect(a.terminal(ca)).not.toContain('LAB-B');
    expect(b.terminal(cb)).toContain('[~LAB-B-bmp-session-10.1.1.1-bee]');
    b.send({ type: 'console.open', consoleId: ca, seen: 0 });
    await eventually(() => b.received.filter((m) => m.type === 'console.opened').length === 2);
    expect(b.received.filter((m) => m.type === 'console.opened')[1]).toMatchObject({ resumed: false });
    expect(b.terminal(ca)).toBe('');
    // REST agrees.
    expect(((await api(server, 'GET', `/api/labs/${idA}/sessions`)).body as unknown as { alias: string | null }[]).map((s) => s.alias)).toEqual([null]);
    expect(((await api(server, 'GET', `/api/labs/${idB}/sessions`)).body as unknown as { alias: string | null }[]).map((s) => s.alias)).toEqual(['bee']);
    expect((await api(server, 'GET', '/api/sessions')).body).toEqual([]);
    for (const c of [a, b, d]) expect(c.invalid).toEqual([]);
    for (const c of [a, b, d]) c.ws.close();
  });

  it('DELETE closes the lab’s sockets (WebSocket 4404, listeners gone); an unknown lab refuses the upgrade', async () => {
    const server = await serve();
    const id = (await api(server, 'POST', '/api/labs')).body['id'] as string;
    const lab = server.labs.get(id)!;
    const ports = [...lab.stationEndpoints().map((s) => s.port), ...lab.neighborEndpoints().map((n) => n.port)];
    // Two station ports, two IPv4 and two IPv6 neighbors, and the CE in VPN instance vpna.
    expect(ports).toHaveLength(7);
    const c = await wsClient(server.url, id);
    await c.hello();
    const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
    expect((await api(server, 'DELETE', `/api/labs/${id}`)).status).toBe(204);
    expect(await closed).toBe(4404);
    for (const port of ports) {
      const refused = await new Promise<boolean>((r) => {
        const s = connect(port, '127.0.0.1');
        s.once('connect', () => (s.destroy(), r(false)));
        s.once('error', () => r(true));
      });
      expect(refused, `port ${port} still open`).toBe(true);
    }
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws?lab=${id}`);
    const status = await new Promise<number>((r) => ws.once('unexpected-response', (_req, res) => r(res.statusCode ?? 0)));
    expect(status).toBe(404);
  });
});

describe('flapping neighbors', () => {
  it('a neighbor with flap goes down and comes back on the lab clock (BMPLAB_TIME_SCALE)', async () => {
    const server = await serve({ BMPLAB_TIME_SCALE: '100' });
    const topology = 'router: {}\nneighbors: [{ address: 10.2.2.2, as: 200, expect-as: 100, routes: [{ prefix: 203.0.113.0/24 }], flap: { every: 60, down: 20 } }]';
    const id = (await api(server, 'POST', '/api/labs', { topology })).body['id'] as string;
    const lab = server.labs.get(id)!;
    const t = lab.device.openTerminal();
    t.open();
    t.input('system-view\rbgp 100\rpeer 10.2.2.2 as-number 200\rcommit\r');
    const states: string[] = [];
    await eventually(() => {
      const s = lab.device.bgpPeers()[0]?.state ?? 'none';
      if (states.at(-1) !== s) states.push(s);
      const ups = states.filter((x) => x === 'Established').length;
      return ups >= 2;
    }, 8000);
    const firstUp = states.indexOf('Established');
    expect(states.slice(firstUp + 1)).toContain('Idle');
  });
});
