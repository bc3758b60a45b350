import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { ConfigError, readConfig } from '../src/config.js';
import { DEFAULT_BUDGETS } from '../src/lab/budgets.js';

/** Listener budgets: one lab, and all labs together, cannot take the server's file descriptors. */

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(env: Record<string, string> = {}): Promise<RunningServer> {
  const s = await startServer(readConfig({ PORT: '0', BMPLAB_COLLECTOR_LISTEN: 'off', ...env }));
  servers.push(s);
  return s;
}

async function post(server: RunningServer, topology: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/api/labs`, { method: 'POST', body: JSON.stringify({ topology }), headers: { 'content-type': 'application/json' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const ports = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i).join(', ');

describe('listener budgets', () => {
  it('refuses a lab over the per-lab budget at POST /api/labs (the 19,900-port station) and opens nothing', async () => {
    const server = await serve();
    const before = server.labs.budget.listeners;
    const huge = await post(server, `router: {}\nstations: [{ address: 10.1.1.1, ports: [${ports(1, 19_900)}] }]`);
    expect(huge.status).toBe(400);
    expect(huge.body['error']).toBe(
      'topology: stations: the lab would listen on 19900 sockets (one per station port, one per neighbor), more than the 16 one lab may have (BMPLAB_MAX_LISTENERS_PER_LAB)',
    );
    // Neighbors count: 15 ports and 2 neighbors are 17.
    const mixed = await post(
      server,
      `router: {}\nstations: [{ address: 10.1.1.1, ports: [${ports(2000, 15)}] }]\nneighbors: [{ address: 10.2.2.2, as: 200, expect-as: 100 }, { address: 10.3.3.3, as: 300, expect-as: 100 }]`,
    );
    expect(mixed.status).toBe(400);
    expect(mixed.body['error']).toMatch(/listen on 17 sockets/);
    expect(server.labs.budget.listeners).toBe(before);
    // 16 is fine.
    expect((await post(server, `router: {}\nstations: [{ address: 10.1.1.1, ports: [${ports(2000, 16)}] }]`)).status).toBe(201);
    expect(server.labs.budget.listeners).toBe(before + 16);
  });

  it('refuses a lab that would take the server past its budget with 503, and takes it once a lab is deleted', async () => {
    // The default lab listens on 7 (2 station ports, 5 neighbors).
    const server = await serve({ BMPLAB_MAX_LISTENERS: '21' });
    expect(server.labs.budget.listeners).toBe(7);
    const ten = `router: {}\nstations: [{ address: 10.1.1.1, ports: [${ports(2000, 10)}] }]`;
    const first = await post(server, ten);
    expect(first.status).toBe(201);
    const second = await post(server, ten);
    expect(second.status).toBe(503);
    expect(second.body['error']).toBe(
      "this lab would listen on 10 sockets, and the server's labs already listen on 17 of at most 21 (BMPLAB_MAX_LISTENERS); delete a lab with DELETE /api/labs/<id> first",
    );
    expect(server.labs.size).toBe(2);
    // Concurrent creations cannot both squeeze in.
    const four = `router: {}\nstations: [{ address: 10.1.1.1, ports: [${ports(2000, 4)}] }]`;
    const racing = await Promise.all([post(server, four), post(server, four)]);
    expect(racing.map((r) => r.status).sort()).toEqual([201, 503]);
    expect(server.labs.budget.listeners).toBe(21);

    expect((await fetch(`${server.url}/api/labs/${first.body['id'] as string}`, { method: 'DELETE' })).status).toBe(204);
    expect(server.labs.budget.listeners).toBe(11);
    expect((await post(server, ten)).status).toBe(201);
  });

  it('reads the four budgets from the environment; a bad value is a ConfigError naming the variable', () => {
    expect(readConfig({}).budgets).toEqual(DEFAULT_BUDGETS);
    expect(DEFAULT_BUDGETS).toEqual({ maxRoutesPerLab: 1_100_000, maxRoutes: 4_000_000, maxListenersPerLab: 16, maxListeners: 1000 });
    expect(readConfig({ BMPLAB_MAX_ROUTES_PER_LAB: '5', BMPLAB_MAX_ROUTES: '6', BMPLAB_MAX_LISTENERS_PER_LAB: '7', BMPLAB_MAX_LISTENERS: '8' }).budgets).toEqual({
      maxRoutesPerLab: 5,
      maxRoutes: 6,
      maxListenersPerLab: 7,
      maxListeners: 8,
    });
    for (const [name, value] of [
      ['BMPLAB_MAX_ROUTES', '0'],
      ['BMPLAB_MAX_ROUTES_PER_LAB', '1e6'],
      ['BMPLAB_MAX_LISTENERS', '-1'],
      ['BMPLAB_MAX_LISTENERS_PER_LAB', 'lots'],
    ] as const) {
      expect(() => readConfig({ [name]: value })).toThrow(ConfigError);
      expect(() => readConfig({ [name]: value })).toThrow(new RegExp(`^${name}=${value.replace('+', '\\+')}: must be a whole number from 1 to `));
    }
  });
});
