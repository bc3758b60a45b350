import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import type { Lab } from '../src/lab/lab.js';
import { eventually } from './lab-harness.js';

/** Poll an async condition until it holds (or fail after `ms`). */
async function until<T>(probe: () => Promise<T | false>, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== false) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The neighbor REST API on a real server (real TCP on loopback, timers 50x):
 * a route POSTed on 10.2.2.2 reaches the router's Adj-RIB-In and Loc-RIB and
 * the embedded station as Route Monitoring with the attributes given; new
 * attributes are a new Route Monitoring; DELETE is a withdrawal; PUT state
 * brings the session down and up; bad requests are refused naming the field.
 */
const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(env: Record<string, string> = {}): Promise<RunningServer> {
  const s = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off', ...env }));
  servers.push(s);
  return s;
}

/** The router peers with 10.2.2.2 and 10.3.3.3 and reports Adj-RIB-In pre-policy and the Loc-RIB to the lab's station. */
function monitor(lab: Lab): void {
  const c = lab.device.openConsole();
  for (const line of [
    'system-view',
    'bgp 100',
    'router-id 1.1.1.1',
    'peer 10.2.2.2 as-number 200',
    'peer 10.3.3.3 as-number 300',
    // Adj-RIB-In pre-policy needs the routes kept as received.
    'keep-all-routes',
    'quit',
    'bmp',
    'bmp-session 10.1.1.1',
    'tcp connect port 1790',
    'monitor public',
    'route-mode ipv4-family unicast adj-rib-in pre-policy',
    'route-mode ipv4-family unicast local-rib',
    'commit',
    'return',
  ]) {
    const out = c.execute(line).lines.join('\n');
    if (/Error/.test(out)) throw new Error(`${line}: ${out}`);
  }
}

interface Answer {
  status: number;
  body: Record<string, unknown> | null;
}

async function call(server: RunningServer, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const init: RequestInit = { method, headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers } };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(`${server.url}${path}`, init);
  const text = await res.text();
  return { status: res.status, body: text === '' ? null : (JSON.parse(text) as Record<string, unknown>) };
}

/** The station's routes for `prefix` from 10.2.2.2 in `view`. */
async function stationRoutes(server: RunningServer, prefix: string, view: string): Promise<Record<string, unknown>[]> {
  const q = new URLSearchParams({ prefix, view });
  const res = await call(server, 'GET', `/api/labs/default/station/routes?${q}`);
  return (res.body!['routes'] as Record<string, unknown>[]).filter((r) => r['peer'] === '10.2.2.2' || view === 'loc-rib');
}

const NEIGHBORS = '/api/labs/default/neighbors';
const HIJACK = '203.0.113.128/25';

describe('the neighbor REST API', () => {
  it('announces, changes and withdraws a route of 10.2.2.2 within its live session, to the router and its station', async () => {
    const server = await serve();
    const lab = server.lab;
    monitor(lab);
    const listed = async () => ((await call(server, 'GET', NEIGHBORS)).body!['neighbors'] as Record<string, unknown>[]).find((n) => n['address'] === '10.2.2.2')!;
    await until(async () => (await listed())['state'] === 'Established' || false, 10_000);
    const before = await listed();
    expect(before).toMatchObject({ address: '10.2.2.2', asn: 200, up: true, state: 'Established', bulkRoutes: 0 });
    expect(before['routes']).toContainEqual({ prefix: '203.0.113.0/24', med: 10, communities: ['200:1'] });
    await until(async () => (await stationRoutes(server, '203.0.113.0/24', 'adj-rib-in pre-policy')).length === 1, 10_000);

    const posted = await call(server, 'POST', `${NEIGHBORS}/10.2.2.2/routes`, { prefix: HIJACK, 'as-path': [64666], med: 7, communities: ['200:66'] });
    expect(posted).toEqual({ status: 200, body: { announced: 1, routes: 6 } });
    // The router took it: Adj-RIB-In and Loc-RIB.
    await eventually(() => lab.device.bgpRoutes('adj-rib-in', '10.2.2.2', 'pre-policy').some((r) => r.prefix === HIJACK));
    await eventually(() => lab.device.bgpRoutes('loc-rib', null).some((r) => r.prefix === HIJACK));
    // The station got Route Monitoring with the attributes given.
    const [seen] = await until(async () => {
      const routes = await stationRoutes(server, HIJACK, 'adj-rib-in pre-policy');
      return routes.length === 1 && routes;
    });
    expect(seen).toMatchObject({ peer: '10.2.2.2', asPath: [200, 64666], nextHop: '10.2.2.2', med: 7, communities: ['200:66'], origin: 'igp' });
    await until(async () => (await stationRoutes(server, HIJACK, 'loc-rib')).length === 1);

    // New attributes: a new Route Monitoring with them.
    expect((await call(server, 'POST', `${NEIGHBORS}/10.2.2.2/routes`, { routes: [{ prefix: HIJACK, med: 8 }] })).body).toEqual({ announced: 1, routes: 6 });
    await until(async () => (await stationRoutes(server, HIJACK, 'adj-rib-in pre-policy'))[0]?.['med'] === 8);
    expect((await stationRoutes(server, HIJACK, 'adj-rib-in pre-policy'))[0]).toMatchObject({ asPath: [200], communities: null });
    expect((await listed())['routes']).toContainEqual({ prefix: HIJACK, med: 8 });

    // DELETE: a withdrawal, so the router and the station drop it.
    expect((await call(server, 'DELETE', `${NEIGHBORS}/10.2.2.2/routes/${encodeURIComponent(HIJACK)}`)).status).toBe(204);
    await until(async () => (await stationRoutes(server, HIJACK, 'adj-rib-in pre-policy')).length === 0);
    await eventually(() => !lab.device.bgpRoutes('loc-rib', null).some((r) => r.prefix === HIJACK));
    // Plain prefix as the last two segments; gone already: 404.
    const again = await call(server, 'DELETE', `${NEIGHBORS}/10.2.2.2/routes/${HIJACK}`);
    expect(again.status).toBe(404);
    expect(again.body!['error']).toMatch(/10\.2\.2\.2 does not announce 203\.0\.113\.128\/25/);
    // The other routes were not touched.
    expect(await stationRoutes(server, '203.0.113.0/24', 'adj-rib-in pre-policy')).toHaveLength(1);
  });

  it('withdraws many routes in one DELETE …/routes, all or nothing, and the station drops them', async () => {
    const server = await serve();
    monitor(server.lab);
    const added = ['198.51.100.0/25', '198.51.100.128/25', '192.0.2.0/26'];
    expect((await call(server, 'POST', `${NEIGHBORS}/10.2.2.2/routes`, { routes: added.map((prefix) => ({ prefix })) })).body).toEqual({ announced: 3, routes: 8 });
    await until(async () => (await stationRoutes(server, '192.0.2.0/26', 'adj-rib-in pre-policy')).length === 1, 10_000);
    // One prefix it does not announce: 404 naming it, and nothing withdrawn.
    const unknown = await call(server, 'DELETE', `${NEIGHBORS}/10.2.2.2/routes`, { prefixes: [...added, '10.99.0.0/16'] });
    expect(unknown.status).toBe(404);
    expect(unknown.body!['error']).toBe('10.2.2.2 does not announce 10.99.0.0/16');
    expect((await call(server, 'DELETE', `${NEIGHBORS}/10.2.2.2/routes`, { prefixes: [] })).body).toEqual({ error: 'prefixes: prefixes lists at least one prefix' });
    expect((await call(server, 'DELETE', `${NEIGHBORS}/10.2.2.2/routes`, { prefix: '192.0.2.0/26' })).status).toBe(400);
    expect((await call(server, 'DELETE', `${NEIGHBORS}/10.2.2.2/routes`, { prefixes: Array.from({ length: 10_001 }, () => '192.0.2.0/26') })).status).toBe(413);
    expect(await stationRoutes(server, '192.0.2.0/26', 'adj-rib-in pre-policy')).toHaveLength(1);

    expect(await call(server, 'DELETE', `${NEIGHBORS}/10.2.2.2/routes`, { prefixes: added })).toEqual({ status: 200, body: { withdrawn: 3, routes: 5 } });
    for (const prefix of added) await until(async () => (await stationRoutes(server, prefix, 'adj-rib-in pre-policy')).length === 0);
    expect(await stationRoutes(server, '203.0.113.0/24', 'adj-rib-in pre-policy')).toHaveLength(1);
  });

  it('brings a neighbor down (Cease) and up again with PUT state', async () => {
    const server = await serve();
    monitor(server.lab);
    const peerState = () => server.lab.device.bgpPeers().find((p) => p.address === '10.3.3.3')?.state;
    await eventually(() => peerState() === 'Established', 10_000);
    const down = await call(server, 'PUT', `${NEIGHBORS}/10.3.3.3/state`, { up: false });
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ address: '10.3.3.3', asn: 300, up: false });
    await eventually(() => peerState() !== 'Established');
    // While down, a route announced joins the table of the next session.
    expect((await call(server, 'POST', `${NEIGHBORS}/10.3.3.3/routes`, { prefix: '192.0.2.0/24' })).status).toBe(200);
    expect((await call(server, 'PUT', `${NEIGHBORS}/10.3.3.3/state`, { up: true })).body).toMatchObject({ up: true });
    await eventually(() => peerState() === 'Established', 10_000);
    await eventually(() => server.lab.device.bgpRoutes('adj-rib-in', '10.3.3.3', 'pre-policy').some((r) => r.prefix === '192.0.2.0/24'));
  });

  it('refuses bad requests with the field that is wrong', async () => {
    const server = await serve();
    const post = (body: unknown, address = '10.2.2.2') => call(server, 'POST', `${NEIGHBORS}/${address}/routes`, body);
    const error = (a: Answer) => [a.status, a.body?.['error']];
    expect(error(await post({ prefix: '203.0.113.1/24' }))).toEqual([400, 'prefix: not an IPv4 prefix with its host bits zero, such as 203.0.113.0/24']);
    expect(error(await post({ routes: [{ prefix: '198.51.100.0/24' }, { prefix: '198.51.100.0/24', med: -1 }] }))).toEqual([400, 'routes[1].med: MED is 0-4294967295']);
    expect(error(await post({ routes: [{ prefix: '198.51.100.0/24', communities: ['65536:1'] }] }))).toEqual([
      400,
      'routes[0].communities[0]: a community is AA:NN, each 0-65535, such as 200:1',
    ]);
    expect(error(await post({ prefix: '198.51.100.0/24', colour: 'red' }))).toEqual([400, 'body: unknown key "colour"']);
    expect(error(await post({ routes: [] }))).toEqual([400, 'routes: routes lists at least one route']);
    expect(error(await post({}))).toEqual([400, 'prefix: missing (expected string)']);
    expect(error(await post([1]))[0]).toBe(400);
    expect(error(await post('{"prefix": '))).toEqual([400, 'the body is not JSON; send {"prefix": "203.0.113.0/24"} or {"routes": [...]}']);
    // A route of the other family, for either neighbor.
    expect(error(await post({ prefix: '2001:db8:99::/48' }))).toEqual([
      400,
      '2001:db8:99::/48 is not an IPv4 prefix: the IPv4 neighbor 10.2.2.2 announces routes of its own family only',
    ]);
    expect(error(await post({ prefix: '198.51.100.0/24' }, '2001:DB8:2::2'))).toEqual([
      400,
      '198.51.100.0/24 is not an IPv6 prefix: the IPv6 neighbor 2001:db8:2::2 announces routes of its own family only',
    ]);
    // Too many at once.
    const many = Array.from({ length: 10_001 }, (_, i) => ({ prefix: `10.${i >> 8}.${i & 255}.0/24` }));
    expect(error(await post({ routes: many }))).toEqual([413, 'routes: 10001 routes, more than the 10000 one request may announce; send them in several']);
    // No such neighbor, no such lab.
    expect(error(await post({ prefix: '198.51.100.0/24' }, '10.9.9.9'))).toEqual([404, 'no neighbor 10.9.9.9 in lab "default"; see GET /api/labs/default/neighbors']);
    expect((await call(server, 'GET', '/api/labs/nope/neighbors')).status).toBe(404);
    // PUT state.
    expect(error(await call(server, 'PUT', `${NEIGHBORS}/10.2.2.2/state`, { up: 'no' }))).toEqual([400, 'up: up is true or false']);
    expect(error(await call(server, 'PUT', `${NEIGHBORS}/10.2.2.2/state`, {}))).toEqual([400, 'up: missing (expected boolean)']);
    // The write guards of every REST write: JSON only, no other site.
    expect((await call(server, 'POST', `${NEIGHBORS}/10.2.2.2/routes`, '{"prefix":"198.51.100.0/24"}', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await call(server, 'PUT', `${NEIGHBORS}/10.2.2.2/state`, { up: false }, { origin: 'https://evil.example' })).status).toBe(403);
    // Nothing was changed by any of them.
    const neighbors = (await call(server, 'GET', NEIGHBORS)).body!['neighbors'] as Record<string, unknown>[];
    expect(neighbors.map((n) => [n['address'], (n['routes'] as unknown[]).length, n['up']])).toEqual([
      ['10.2.2.2', 5, true],
      ['10.3.3.3', 5, true],
      ['2001:db8:2::2', 3, true],
      ['2001:db8:3::3', 3, true],
      ['10.5.5.5', 2, true],
    ]);
    // An IPv6 neighbor, named in any spelling; its prefix withdrawn written plainly.
    expect(await post({ prefix: '2001:DB8:99::/48', med: 1 }, '2001:DB8:2:0::2')).toEqual({ status: 200, body: { announced: 1, routes: 4 } });
    expect(neighbors.length).toBe(5);
    expect((await call(server, 'DELETE', `${NEIGHBORS}/2001:db8:2::2/routes/2001:db8:99::/48`)).status).toBe(204);
  });

  it('refuses routes past the lab’s route budget, and counts a withdrawal as room again', async () => {
    // The default lab announces 18 routes.
    const server = await serve({ BMPLAB_MAX_ROUTES_PER_LAB: '20' });
    const post = (routes: string[]) => call(server, 'POST', `${NEIGHBORS}/10.2.2.2/routes`, { routes: routes.map((prefix) => ({ prefix })) });
    expect((await post(['198.51.100.0/25', '198.51.100.128/25'])).status).toBe(200);
    const over = await post(['192.0.2.0/26']);
    expect(over.status).toBe(400);
    expect(over.body!['error']).toBe(
      "1 more routes would take the lab's neighbors from 20 routes (routes and bulk-routes) to 21, more than the 20 one lab may have (BMPLAB_MAX_ROUTES_PER_LAB); withdraw some first",
    );
    // New attributes on a route it announces are no growth.
    expect((await call(server, 'POST', `${NEIGHBORS}/10.2.2.2/routes`, { prefix: '198.51.100.0/25', med: 1 })).status).toBe(200);
    expect((await call(server, 'DELETE', `${NEIGHBORS}/10.2.2.2/routes/198.51.100.0/25`)).status).toBe(204);
    expect((await post(['192.0.2.0/26'])).status).toBe(200);
  });

  it('refuses new routes of a live session past the server’s live route budget with 503', async () => {
    // 10.2.2.2 and 10.3.3.3 hold 5 routes each once admitted: 10 of the server's 12.
    const server = await serve({ BMPLAB_MAX_ROUTES: '12' });
    monitor(server.lab);
    const admitted = () => server.lab.neighborList().filter((n) => n.spec.address.startsWith('10.') && n.stateValue === 'Established').length === 2;
    await eventually(admitted, 10_000);
    const over = await call(server, 'POST', `${NEIGHBORS}/10.2.2.2/routes`, { routes: [{ prefix: '192.0.2.0/26' }, { prefix: '192.0.2.64/26' }, { prefix: '192.0.2.128/26' }] });
    expect(over.status).toBe(503);
    expect(over.body!['error']).toBe("3 more routes would take the server's live routes from 10 to 13, past BMPLAB_MAX_ROUTES=12");
    expect(server.lab.neighbor('10.2.2.2')!.routes()).toHaveLength(5);
    // Room made by a withdrawal is room at once.
    expect((await call(server, 'DELETE', `${NEIGHBORS}/10.2.2.2/routes/203.0.113.0/24`)).status).toBe(204);
    expect(
      (await call(server, 'POST', `${NEIGHBORS}/10.2.2.2/routes`, { routes: [{ prefix: '192.0.2.0/26' }, { prefix: '192.0.2.64/26' }, { prefix: '192.0.2.128/26' }] })).status,
    ).toBe(200);
  });
});
