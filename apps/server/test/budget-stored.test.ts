import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { captureLog } from '../src/log.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';

/**
 * A server restarted with smaller budgets than the ones its stored labs were
 * made under: every lab loads, nothing crashes; peers over the route budget
 * are refused (logged), listeners over the listener budget stay closed
 * (logged), and the rest of each lab works.
 */

const servers: RunningServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(dataDir: string, env: Record<string, string>): Promise<RunningServer> {
  const s = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_DATA_DIR: dataDir, ...env }));
  servers.push(s);
  return s;
}

async function post(server: RunningServer, topology: string): Promise<string> {
  const res = await fetch(`${server.url}/api/labs`, { method: 'POST', body: JSON.stringify({ topology }), headers: { 'content-type': 'application/json' } });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const ROUTES_LAB = [
  'router: {}',
  'neighbors:',
  '  - { address: 10.2.2.2, as: 200, expect-as: 100, bulk-routes: { first: 16.0.0.0/24, count: 60 } }',
  '  - { address: 10.3.3.3, as: 200, expect-as: 100, bulk-routes: { first: 17.0.0.0/24, count: 60 } }',
  '  - { address: 10.4.4.4, as: 200, expect-as: 100, bulk-routes: { first: 18.0.0.0/24, count: 60 } }',
].join('\n');

/** 20 station ports: over a budget of 16 listeners. */
const LISTENERS_LAB = `router: {}\nstations: [{ address: 10.1.1.1, ports: [${Array.from({ length: 20 }, (_, i) => 2000 + i).join(', ')}] }]`;

describe('stored labs over a lowered budget', () => {
  it('start without crashing: peers over budget are refused with a log line, extra listeners stay closed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bmplab-budget-'));
    // Yesterday: generous budgets; the router peers with all three neighbors (180 routes), stored as its running configuration.
    const before = await serve(dataDir, { BMPLAB_MAX_LISTENERS_PER_LAB: '64' });
    const routesId = await post(before, ROUTES_LAB);
    const listenersId = await post(before, LISTENERS_LAB);
    const c = before.labs.get(routesId)!.device.openConsole();
    for (const line of [
      'system-view',
      'bgp 100',
      'router-id 1.1.1.1',
      'peer 10.2.2.2 as-number 200',
      'peer 10.3.3.3 as-number 200',
      'peer 10.4.4.4 as-number 200',
      'commit',
      'return',
    ])
      c.execute(line);
    await before.close();

    // Today: 100 routes a lab, 16 listeners a lab.
    const captured = captureLog();
    onTestFinished(() => captured.restore());
    const server = await serve(dataDir, { BMPLAB_MAX_ROUTES_PER_LAB: '100', BMPLAB_MAX_LISTENERS_PER_LAB: '16' });
    expect(
      server.labs
        .list()
        .map((l) => l.id)
        .sort(),
    ).toEqual(['default', routesId, listenersId].sort());

    // One table fits the lab's 100 routes; the other two are refused, each logged once with the reason.
    const lab = server.labs.get(routesId)!;
    await eventually(() => lab.device.bgpPeers().some((p) => p.prefixesReceived === 60), 10_000);
    const refusedLines = await eventually(() => {
      const lines = captured.lines('warn').filter((w) => w.includes(`lab ${routesId}: BGP/6/RECV_NOTIFY`));
      return lines.length === 2 ? lines : null;
    }, 10_000);
    for (const line of refusedLines)
      expect(line).toMatch(/ErrorCode=6, SubErrorCode=8.*its 60 routes would take this lab's live routes from 60 to 120, past BMPLAB_MAX_ROUTES_PER_LAB=100/);
    // Still so after the router's retries (every 0.64 s at 50x): one peer up, the other two refused again.
    const budget = lab.options.budget!;
    const refusals = budget.refusals;
    await eventually(() => budget.refusals >= refusals + 2, 10_000);
    expect(lab.device.bgpPeers().filter((p) => p.state === 'Established')).toHaveLength(1);
    expect(server.labs.budget.liveRoutes).toBe(60);

    // The listener lab opens 16 of its 20 station ports and says why not the other 4.
    const listenersLab = server.labs.get(listenersId)!;
    expect(listenersLab.stationEndpoints()).toHaveLength(16);
    const notOpened = captured.lines('warn').filter((w) => w.startsWith(`bmp-lab: lab ${listenersId}: station `) && w.includes('not opened'));
    expect(notOpened).toHaveLength(4);
    expect(notOpened[0]).toBe(
      `bmp-lab: lab ${listenersId}: station 10.1.1.1:2016 not opened: the lab already listens on 16 sockets, its maximum (BMPLAB_MAX_LISTENERS_PER_LAB=16)`,
    );

    // And the server answers.
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
  });
});
