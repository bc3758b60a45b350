import { afterEach, describe, expect, it } from 'vitest';
import { createBgpFramer, decodeBgpMessage } from '@bmp-lab/codec';
import type { StreamConnection } from '@bmp-lab/router';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { captureLog } from '../src/log.js';
import { eventually } from './lab-harness.js';

/**
 * A router of a lab of several takes BGP connections from as many peers as a
 * lab has routers: a route reflector with 20 clients holds 20 accepted
 * connections at once (more while collisions resolve), not a neighbor's 16.
 */

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const PEERS = 20;
const peerAddress = (i: number) => `10.0.1.${i + 1}`;

/** R1 (10.0.0.1) is configured with 20 iBGP peers at 10.0.1.1-20, addresses no router of the lab has (so R1's own dials fail). */
const TOPOLOGY = [
  'routers:',
  '  - sysname: R1',
  '    address: 10.0.0.1',
  '    config:',
  '      - system-view',
  '      - bgp 100',
  '      - router-id 10.0.0.1',
  ...Array.from({ length: PEERS }, (_, i) => `      - peer ${peerAddress(i)} as-number 100`),
  '      - commit',
  '      - return',
  '  - { sysname: R2, address: 10.0.9.9 }',
].join('\n');

async function serve(): Promise<RunningServer> {
  // R1's own dials to its 20 peers are refused (one log line each): kept out of the test output.
  const quiet = captureLog();
  cleanup.push(() => quiet.restore());
  const s = await startServer(readConfig({ PORT: '0', BMPLAB_DATA_DIR: 'off', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_SSH_LISTEN: 'off' }));
  cleanup.push(() => s.close());
  return s;
}

/** What arrives on a dialled connection: whether R1 answered with OPEN, whether it closed. */
function watch(c: StreamConnection): { opened: boolean; closed: boolean } {
  const seen = { opened: false, closed: false };
  const framer = createBgpFramer();
  c.onData((bytes) => {
    for (const item of framer.push(bytes)) {
      const m = item.ok ? decodeBgpMessage(item.bytes) : null;
      if (m?.ok && m.value.type === 'open') seen.opened = true;
    }
  });
  c.onClose(() => void (seen.closed = true));
  return seen;
}

describe("a lab router's BGP listener", () => {
  it('takes 20 peers dialling it at once: each connection reaches the BGP session, which answers with OPEN', async () => {
    const server = await serve();
    const res = await fetch(`${server.url}/api/labs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ topology: TOPOLOGY }) });
    expect(res.status).toBe(201);
    const lab = server.labs.get(((await res.json()) as { id: string }).id)!;

    // Each peer dials R1 through the lab network, as a lab router would (its source recorded), and keeps the connection open.
    const dials = await Promise.all(
      Array.from({ length: PEERS }, (_, i) => lab.network.forRouter({ address: peerAddress(i), keyPrefix: '' }).dial({ address: '10.0.0.1', port: 179, vpnInstance: null })),
    );
    const seen = dials.map((d) => {
      if (!d.ok) throw new Error(`dial to 10.0.0.1:179 failed: ${d.error}`);
      cleanup.push(() => d.connection.destroy());
      return watch(d.connection);
    });
    // Every connection gets R1's OPEN; none is closed unanswered.
    await eventually(() => seen.every((s) => s.opened) || seen.some((s) => s.closed && !s.opened), 10_000);
    expect(seen.filter((s) => s.closed && !s.opened).length).toBe(0);
    expect(seen.filter((s) => s.opened).length).toBe(PEERS);
    expect(lab.routers[0]!.device.bgpPeers().filter((p) => p.state === 'OpenSent').length).toBe(PEERS);
  });
});
