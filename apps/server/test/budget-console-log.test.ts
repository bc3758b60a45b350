import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import type { Lab } from '../src/lab/lab.js';
import { captureLog } from '../src/log.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

/**
 * A neighbor the route budget refuses (Cease / Out of Resources) is logged
 * where VRP shows its logs: the lab's consoles print the BGP/6/RECV_NOTIFY
 * line like a device's log line (the line being typed is kept), and the
 * server's log keeps its own line.
 */

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const topology = ['router: {}', 'neighbors:', '  - { address: 10.2.2.2, as: 200, expect-as: 100, bulk-routes: { first: 16.0.0.0/24, count: 80 } }'].join('\n');

async function createLab(server: RunningServer): Promise<Lab> {
  const res = await fetch(`${server.url}/api/labs`, { method: 'POST', body: JSON.stringify({ topology }), headers: { 'content-type': 'application/json' } });
  return server.labs.get(((await res.json()) as { id: string }).id)!;
}

function peerWith(lab: Lab, address: string): void {
  const c = lab.device.openConsole();
  for (const line of ['system-view', 'bgp 100', 'router-id 1.1.1.1', `peer ${address} as-number 200`, 'commit', 'return']) c.execute(line);
}

describe('a peer refused by the route budget', () => {
  it('prints the RECV_NOTIFY log line on the lab’s browser consoles, once, and keeps the server log line', async () => {
    const captured = captureLog();
    onTestFinished(() => captured.restore());
    const server = await startServer(
      readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_DATA_DIR: 'off', BMPLAB_MAX_ROUTES: '150', BMPLAB_MAX_ROUTES_PER_LAB: '100' }),
    );
    servers.push(server);
    const a = await createLab(server);
    const b = await createLab(server);
    peerWith(a, '10.2.2.2');
    await eventually(() => a.device.bgpPeers().find((p) => p.address === '10.2.2.2')?.prefixesReceived === 80, 10_000);

    const browser = await wsClient(server.url, b.id);
    await browser.hello();
    const id = await browser.open();
    const other = await wsClient(server.url, a.id);
    await other.hello();
    const otherId = await other.open();
    // The trainee is typing when the log line arrives.
    browser.send({ type: 'console.input', consoleId: id, data: 'display bgp' });
    await eventually(() => browser.terminal(id).endsWith('<HUAWEI>display bgp'));

    peerWith(b, '10.2.2.2');
    const line =
      /\x1b\[J\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\+00:00 HUAWEI %%01BGP\/6\/RECV_NOTIFY\(l\):The router received NOTIFICATION message from peer 10\.2\.2\.2\. \(ErrorCode=6, SubErrorCode=8, BgpAddressFamily=Public, ErrorData=NULL\) \[the lab neighbor refused the session: its 80 routes would take the server's live routes from 80 to 160, past BMPLAB_MAX_ROUTES=150; the router retries after ConnectRetry\]\r\n<HUAWEI>display bgp/;
    await eventually(() => line.test(browser.terminal(id)), 10_000).catch((e: unknown) => {
      throw new Error(`${String(e)}: ${JSON.stringify(browser.terminal(id).slice(-600))}`);
    });
    // The server's log line is still there.
    expect(captured.lines('warn').some((w) => w.includes(`lab ${b.id}:`) && w.includes('BGP/6/RECV_NOTIFY:The router received'))).toBe(true);
    // Logged once per refused neighbor, not at every retry (ConnectRetry is 0.64 s here).
    const budget = b.options.budget!;
    const before = budget.refusals;
    await eventually(() => budget.refusals >= before + 2, 10_000);
    expect(browser.terminal(id).match(/RECV_NOTIFY/g)).toHaveLength(1);
    // Only the refusing lab's consoles hear it.
    expect(other.terminal(otherId)).not.toContain('RECV_NOTIFY');
    browser.ws.close();
    other.ws.close();
  }, 20_000);
});
