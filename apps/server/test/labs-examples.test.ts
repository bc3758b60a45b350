import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';

/** The example labs of several routers come up pre-configured (their `config:` lines) and do what labs/README.md says. */

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off' }));
});
afterAll(async () => {
  await server?.close();
});

async function createFrom(file: string): Promise<string> {
  const res = await fetch(`${server.url}/api/labs`, {
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body: readFileSync(new URL(`../labs/${file}`, import.meta.url), 'utf8'),
  });
  const body = (await res.json()) as { id: string; error?: string };
  expect(res.status, body.error).toBe(201);
  return body.id;
}

/** Which routers (by sysName) the station has a Loc-RIB route of `prefix` from. */
async function locRibRouters(id: string, prefix: string): Promise<string[]> {
  const lab = server.labs.get(id)!;
  const names = new Map(lab.station.routers().map((r) => [r.id, r.sysName]));
  const res = await fetch(`${server.url}/api/labs/${id}/station/routes?view=loc-rib&prefix=${encodeURIComponent(prefix)}`);
  const page = (await res.json()) as { routes: { router: string }[] };
  return [...new Set(page.routes.map((r) => names.get(r.router) ?? '?'))].sort();
}

/** Poll an asynchronous probe until it holds (at most `ms`). */
async function until(probe: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('example labs', () => {
  it('two-routers-ibgp.yaml: R1–R2 iBGP Established, both report 10.2.2.2’s route in their Loc-RIB', async () => {
    const id = await createFrom('two-routers-ibgp.yaml');
    const lab = server.labs.get(id)!;
    await eventually(
      () =>
        lab
          .router('R2')!
          .device.bgpPeers()
          .find((p) => p.address === '10.0.0.1')?.state === 'Established',
      15_000,
    );
    await until(async () => (await locRibRouters(id, '203.0.113.0/24')).length === 2, 15_000);
    expect(await locRibRouters(id, '203.0.113.0/24')).toEqual(['R1', 'R2']);
  }, 30_000);

  it('route-reflector.yaml: RR reflects C1’s eBGP route to C2; all three report it', async () => {
    const id = await createFrom('route-reflector.yaml');
    await until(async () => (await locRibRouters(id, '203.0.113.0/24')).length === 3, 20_000);
    expect(await locRibRouters(id, '203.0.113.0/24')).toEqual(['C1', 'C2', 'RR']);
  }, 30_000);
});
