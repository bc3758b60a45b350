import { afterEach, describe, expect, it } from 'vitest';
import type { BmpMessage } from '@bmp-lab/codec';
import { systemClock } from '@bmp-lab/router/node';
import { Lab } from '../src/lab/lab.js';
import { DEFAULT_TOPOLOGY } from '../src/lab/topology.js';
import { labConfig, rawStation } from './bgp-lab.js';

/**
 * A flapping neighbor for SOAK_FLAP_SECONDS (2 s in `npm test`, 600 s in
 * `npm run soak`): Peer Up/Down keep alternating, and TCP handles and heap
 * stay flat from the first flap to the last.
 */
const SECONDS = Number(process.env['SOAK_FLAP_SECONDS'] ?? 2);
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup.length = 0;
});
const tcpHandles = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

describe('flap loop', () => {
  it(
    `a neighbor flapping for ${SECONDS} s: Peer Up/Down alternate; handles and memory flat`,
    async () => {
      const st = await rawStation(cleanup);
      const topology = {
        ...DEFAULT_TOPOLOGY,
        neighbors: DEFAULT_TOPOLOGY.neighbors.map((n) => (n.address === '10.2.2.2' ? { ...n, flap: { every: 20, down: 5 } } : n)),
      };
      const lab = await Lab.start({ id: 'soak', topology, clock: systemClock(50), allowConnect: [], externalStation: null, initialConfig: labConfig(st.port) });
      cleanup.push(() => lab.stop());
      const of = (m: BmpMessage) => (m.type === 'peer-up' || m.type === 'peer-down') && m.peer.peerType === 0 && m.peer.address === '10.2.2.2';
      await new Promise((r) => setTimeout(r, 1000));
      const handles0 = tcpHandles();
      const heap0 = process.memoryUsage().heapUsed;
      let maxHandles = handles0;
      const until = Date.now() + SECONDS * 1000;
      while (Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
        maxHandles = Math.max(maxHandles, tcpHandles());
        // Keep the station's memory bounded on long runs: only the flap messages matter here.
        if (st.messages.length > 100_000) {
          const keep = st.messages.filter(of).slice(-1000);
          st.messages.length = 0;
          st.messages.push(...keep);
        }
      }
      const seq: string[] = [];
      for (const m of st.messages.filter(of)) {
        const t = m.type === 'peer-up' ? 'up' : 'down';
        if (t === 'up' && seq.at(-1) === 'up') continue;
        seq.push(t);
      }
      const downs = seq.filter((t) => t === 'down').length;
      console.log(
        `flap loop: ${SECONDS} s, ${downs} Peer Down, TCP handles ${handles0} → max ${maxHandles}, heap +${((process.memoryUsage().heapUsed - heap0) / 1e6).toFixed(1)} MB`,
      );
      expect(downs).toBeGreaterThanOrEqual(Math.max(1, Math.floor(SECONDS / 2)));
      for (let i = 1; i < seq.length; i++) expect(seq[i], `#${i}`).not.toBe(seq[i - 1]);
      expect(maxHandles).toBeLessThanOrEqual(handles0 + 4);
      expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(64 * 1024 * 1024);
    },
    (SECONDS + 30) * 1000,
  );
});
