import { describe, expect, it } from 'vitest';
import { decodeBmpMessage, encodeBmpMessage, endOfRib, formatIpv4Prefix, type UpdateMessage } from '@bmp-lab/codec';
import { basicIpv4Attributes, peerHeader } from '@bmp-lab/test-support';
import { Ipv4RouteTable, Ipv6RouteTable, PREPARE_MIN_SLOTS, StationRib, type TableMemory } from '../src/index.js';

// A route table about to double asks its memory for the next array early
// (at 3/8 full, once it has PREPARE_MIN_SLOTS slots) and grows into it if it
// is ready by then; otherwise it allocates as before. Either way it holds the
// same routes. A table whose dump ended (End-of-RIB) lets go of what it asked for.

/** A memory that records what the tables ask for, and hands over its prepared arrays only when told they are ready. */
function recordingMemory() {
  const log: string[] = [];
  const prepared: Uint32Array[] = [];
  let ready = true;
  const memory: TableMemory = {
    allocate(words) {
      log.push(`allocate ${words}`);
      return new Uint32Array(words);
    },
    prepare(words) {
      log.push(`prepare ${words}`);
      const array = new Uint32Array(words);
      return {
        take: () => {
          log.push(`take ${words} ${ready ? 'ready' : 'not ready'}`);
          if (!ready) return null;
          prepared.push(array);
          return array;
        },
      };
    },
  };
  return { memory, log, prepared, setReady: (r: boolean) => (ready = r) };
}

/** Ipv4 keys 10.0.0.0/24, 10.0.1.0/24, …: a dump in prefix order. */
const v4 = (i: number) => (0x0a000000 + i * 256) >>> 0;

/** Fill `table` with the first `n` keys, return the log entries that came with the key at which each appeared. */
function fillIpv4(table: Ipv4RouteTable, n: number, log: string[]): Map<string, number> {
  const at = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const before = log.length;
    table.set(v4(i), 24, 1 + (i % 1000));
    for (const line of log.slice(before)) at.set(line, i);
  }
  return at;
}

/** The keys among the first `n` whose value is not `value(i)`. */
function missing(table: Ipv4RouteTable, n: number, value: (i: number) => number): number[] {
  const wrong: number[] = [];
  for (let i = 0; i < n; i++) if (table.get(v4(i), 24) !== value(i)) wrong.push(i);
  return wrong;
}

describe('route tables and their memory', () => {
  const slots = PREPARE_MIN_SLOTS;
  // An IPv4 table has 2 words a slot and doubles when it would pass half full.
  const nextWords = slots * 2 * 2;

  it('asks for the next array at 3/8 full and grows into it when it is ready', () => {
    const { memory, log, prepared } = recordingMemory();
    const table = new Ipv4RouteTable(16, memory);
    const at = fillIpv4(table, slots / 2 + 10, log);
    // Small tables never ask: their first request is the array after the one of PREPARE_MIN_SLOTS slots.
    expect(log.filter((l) => l.startsWith('prepare'))).toEqual([`prepare ${nextWords}`]);
    expect(at.get(`prepare ${nextWords}`)).toBe((slots * 3) / 8);
    expect(at.get(`take ${nextWords} ready`)).toBe(slots / 2);
    expect(log).not.toContain(`allocate ${nextWords}`);
    expect(prepared).toHaveLength(1);
    // The prepared array now holds the routes (its words are no longer all zero) and every route is still found.
    expect(prepared[0]!.some((w) => w !== 0)).toBe(true);
    expect(missing(table, slots / 2 + 10, (i) => 1 + (i % 1000))).toEqual([]);
    expect(table.size).toBe(slots / 2 + 10);
  });

  it('allocates as before when the prepared array is not ready, and loses nothing', () => {
    const { memory, log, prepared, setReady } = recordingMemory();
    setReady(false);
    const table = new Ipv4RouteTable(16, memory);
    fillIpv4(table, slots / 2 + 10, log);
    expect(log).toContain(`take ${nextWords} not ready`);
    expect(log).toContain(`allocate ${nextWords}`);
    expect(prepared).toHaveLength(0);
    expect(missing(table, slots / 2 + 10, (i) => 1 + (i % 1000))).toEqual([]);
  });

  it('lets go of what it asked for once settled, and asks again after the next growth', () => {
    const { memory, log } = recordingMemory();
    const table = new Ipv4RouteTable(16, memory);
    fillIpv4(table, (slots * 3) / 8 + 1, log);
    expect(log).toContain(`prepare ${nextWords}`);
    table.settle();
    for (let i = (slots * 3) / 8 + 1; i < slots * 2; i++) table.set(v4(i), 24, 7);
    expect(log).not.toContain(`take ${nextWords} ready`);
    expect(log).toContain(`allocate ${nextWords}`);
    // Grown to 2 × PREPARE_MIN_SLOTS and past 3/8 of that: it asked for the array after.
    expect(log).toContain(`prepare ${nextWords * 2}`);
    expect(missing(table, slots * 2, (i) => (i <= (slots * 3) / 8 ? 1 + (i % 1000) : 7))).toEqual([]);
  });

  it('does the same for IPv6 (three words a slot up to /64)', () => {
    const { memory, log, prepared } = recordingMemory();
    const table = new Ipv6RouteTable(16, memory);
    const words = new Uint32Array(4);
    const n = slots / 2 + 10;
    for (let i = 0; i < n; i++) {
      words.set([0x20010db8, i, 0, 0]);
      table.set(words, 64, 1 + (i % 1000));
    }
    expect(log.filter((l) => l.startsWith('prepare'))).toEqual([`prepare ${slots * 2 * 3}`]);
    expect(prepared).toHaveLength(1);
    const wrong: number[] = [];
    for (let i = 0; i < n; i++) {
      words.set([0x20010db8, i, 0, 0]);
      if (table.get(words, 64) !== 1 + (i % 1000)) wrong.push(i);
    }
    expect(wrong).toEqual([]);
  });

  it('settles a view’s tables on its End-of-RIB', () => {
    const { memory, log } = recordingMemory();
    const rib = new StationRib(memory);
    const peer = peerHeader('192.0.2.1', 65001);
    const apply = (update: UpdateMessage) => {
      const bytes = encodeBmpMessage({ type: 'route-monitoring', peer, update });
      const m = decodeBmpMessage(bytes, { prefixRuns: true });
      if (!m.ok) throw new Error(m.error.message);
      rib.apply(m.value, bytes);
    };
    const announce = (from: number, to: number) => {
      for (let i = from; i < to; i += 1000) {
        const nlri = [];
        for (let j = i; j < Math.min(to, i + 1000); j++) nlri.push(formatIpv4Prefix(v4(j), 24));
        apply({ type: 'update', withdrawnRoutes: [], pathAttributes: basicIpv4Attributes('192.0.2.1'), nlri });
      }
    };
    announce(0, (slots * 3) / 8 + 1);
    expect(log).toContain(`prepare ${nextWords}`);
    apply(endOfRib());
    announce((slots * 3) / 8 + 1, slots / 2 + 10);
    expect(log.some((l) => l.startsWith(`take ${nextWords}`))).toBe(false);
    expect(log).toContain(`allocate ${nextWords}`);
    expect(rib.prefixes).toBe(slots / 2 + 10);
  });
});
