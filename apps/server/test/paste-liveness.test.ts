import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually } from './lab-harness.js';
import { wsClient } from './ws-client.js';

/**
 * A 30,000-line paste into one lab's console, over the WebSocket as a
 * browser sends it, while REST keeps answering: one event loop serves every
 * lab, so the paste must cost about the same per line at the end as at the
 * start and never hold the loop for long.
 */

const LINES = 30_000;
/** Lines per `console.input` message; their echo stays under the per-input output cap. */
const CHUNK = 500;

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off' }));
});
afterAll(async () => {
  await server?.close();
});

function peerLine(i: number): string {
  return `peer 10.${Math.floor(i / 62500) + 1}.${Math.floor(i / 250) % 250}.${(i % 250) + 1} as-number ${65000 + (i % 500)}`;
}

describe('a long paste in one lab', () => {
  // Each chunk is awaited before the next is sent, so the gaps measure the console's work per chunk.
  it('leaves REST answering within 1 s throughout, and configures every line', async () => {
    const newLab = async () => ((await (await fetch(`${server.url}/api/labs`, { method: 'POST' })).json()) as { id: string }).id;
    const labId = await newLab();
    const otherLab = await newLab();
    const client = await wsClient(server.url, labId);
    await client.hello();
    const consoleId = await client.open();
    client.type(consoleId, 'system-view', 'bgp 100');
    await eventually(() => client.terminal(consoleId).endsWith('[*HUAWEI-bgp]'));
    const candidatePeers = () => server.labs.get(labId)!.consoles.get(consoleId)!.terminal.session.candidate.bgp?.peers.length ?? 0;

    // The probe: another lab over REST, again and again; the gap between two answers bounds any stall of the event loop.
    let pasting = true;
    const gaps: number[] = [];
    const statuses = new Set<number>();
    const probe = (async () => {
      let last = Date.now();
      while (pasting) {
        const res = await fetch(`${server.url}/api/labs/${otherLab}`);
        statuses.add(res.status);
        await res.arrayBuffer();
        const now = Date.now();
        gaps.push(now - last);
        last = now;
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    // The paste, a chunk at a time as a terminal program sends it once the previous chunk is echoed.
    const started = Date.now();
    try {
      for (let from = 0; from < LINES; from += CHUNK) {
        const data = Array.from({ length: CHUNK }, (_, k) => peerLine(from + k) + '\r').join('');
        client.send({ type: 'console.input', consoleId, data });
        await eventually(() => candidatePeers() === from + CHUNK, 20_000);
        // Fail as soon as one stall shows, not after a paste that could take hours.
        expect(Math.max(0, ...gaps), `REST answer gaps after ${from + CHUNK} lines`).toBeLessThan(1000);
      }
    } finally {
      pasting = false;
      await probe;
    }
    const pasteMs = Date.now() - started;

    expect([...statuses]).toEqual([200]);
    expect(gaps.length).toBeGreaterThan(5);
    expect(Math.max(...gaps), `REST answer gaps during a ${pasteMs} ms paste`).toBeLessThan(1000);
    expect(candidatePeers()).toBe(LINES);
    // The console shows the last line in the candidate, in the BGP view and enabled in IPv4 unicast.
    const last = peerLine(LINES - 1);
    const address = last.split(' ')[1]!;
    // The candidate holds every peer before the last chunk's echo has reached this client: wait for the echo's end.
    await eventually(() => client.terminal(consoleId).endsWith(`${last}\r\n[*HUAWEI-bgp]`), 20_000);
    const before = client.terminal(consoleId).length;
    client.type(consoleId, `display configuration candidate | include ${address} `);
    const shown = await eventually(() => {
      const out = client.terminal(consoleId).slice(before);
      return out.endsWith('\r\n[*HUAWEI-bgp]') ? out : false;
    }, 20_000);
    expect(shown).toContain(`\r\n ${last}\r\n`);
    expect(shown).toContain(`\r\n  peer ${address} enable\r\n`);
    client.ws.close();
  }, 60_000);
});
