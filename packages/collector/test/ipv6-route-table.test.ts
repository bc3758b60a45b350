import { describe, expect, it } from 'vitest';
import { Ipv6RouteTable } from '../src/index.js';
import { seededRandom } from '@bmp-lab/test-support';

// Ipv6RouteTable keeps /64 and shorter in two-word slots and longer prefixes
// in four-word ones; either way it must behave like a Map keyed by prefix.

/** A masked prefix from a narrow key space, so replaces, deletes of present keys and long probe runs all happen. */
function randomKey(next: () => number): { words: Uint32Array; length: number; key: string } {
  const length = [0, 32, 48, 63, 64, 65, 96, 127, 128][Math.floor(next() * 9)]!;
  const words = Uint32Array.of(0x20010db8, Math.floor(next() * 64), Math.floor(next() * 4) << 30, Math.floor(next() * 4));
  for (let i = 0; i < 4; i++) {
    const bits = Math.max(0, Math.min(32, length - i * 32));
    words[i] = bits === 0 ? 0 : ((words[i] as number) & ((0xffffffff << (32 - bits)) >>> 0)) >>> 0;
  }
  return { words, length, key: `${[...words].join(':')}/${length}` };
}

describe('Ipv6RouteTable', () => {
  it('behaves like a Map keyed by prefix through 200,000 random sets, replaces and deletes, short and long prefixes alike', () => {
    const next = seededRandom(4291);
    const table = new Ipv6RouteTable(16);
    const model = new Map<string, number>();
    const keys = new Map<string, { words: Uint32Array; length: number }>();
    for (let i = 0; i < 200_000; i++) {
      const { words, length, key } = randomKey(next);
      keys.set(key, { words, length });
      if (next() < 0.4) {
        const got = table.delete(words, length);
        if (got !== (model.get(key) ?? 0)) expect.fail(`op ${i}: delete ${key} returned ${got}, expected ${model.get(key) ?? 0}`);
        model.delete(key);
      } else {
        const value = 1 + Math.floor(next() * 1000);
        const got = table.set(words, length, value);
        if (got !== (model.get(key) ?? 0)) expect.fail(`op ${i}: set ${key} returned ${got}, expected ${model.get(key) ?? 0}`);
        model.set(key, value);
      }
      if (i % 10_000 === 0) {
        expect(table.size).toBe(model.size);
        for (const [k, { words: w, length: l }] of keys) if (table.get(w, l) !== (model.get(k) ?? 0)) expect.fail(`after op ${i}: ${k} holds ${table.get(w, l)}`);
      }
    }
    // A scan gives every entry once, with its four words, at distinct slots below the capacity.
    const seen = new Map<string, number>();
    const slots = new Set<number>();
    table.scan(0, (slot, words, length, value) => {
      expect(slot).toBeLessThan(table.capacity);
      slots.add(slot);
      seen.set(`${[...words].join(':')}/${length}`, value);
      return true;
    });
    expect(seen).toEqual(model);
    expect(slots.size).toBe(model.size);
  });

  it('resumes a scan from a slot and stops when told, across the short and the long prefixes', () => {
    const table = new Ipv6RouteTable(16);
    for (let i = 0; i < 100; i++) table.set(Uint32Array.of(0x20010db8, i, 0, 0), 64, i + 1);
    for (let i = 0; i < 100; i++) table.set(Uint32Array.of(0x20010db8, i, 0, 1), 128, i + 101);
    const all: [number, number][] = [];
    table.scan(0, (slot, _w, _l, value) => (all.push([slot, value]), true));
    expect(all.map(([, v]) => v).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    // From the slot of the 150th entry on: exactly the entries at that slot and after, in the same order.
    const [from] = all[150]!;
    const rest: [number, number][] = [];
    table.scan(from, (slot, _w, _l, value) => (rest.push([slot, value]), true));
    expect(rest).toEqual(all.slice(150));
    let visited = 0;
    table.scan(0, () => ++visited < 3);
    expect(visited).toBe(3);
    table.clear();
    expect(table.size).toBe(0);
    expect(table.get(Uint32Array.of(0x20010db8, 1, 0, 0), 64)).toBe(0);
  });

  it('behaves like a Map for consecutive networks of one length (a table dump in prefix order), across word boundaries and deletes', () => {
    const next = seededRandom(7911);
    const table = new Ipv6RouteTable(16);
    const model = new Map<string, number>();
    const keys: { words: Uint32Array; length: number; key: string }[] = [];
    // The i-th network of a length: i in the last bits of the network part, so runs of neighbours cross word boundaries (/34, /66).
    for (const length of [34, 48, 64, 66, 128]) {
      for (let i = 0; i < 1500; i++) {
        const words = Uint32Array.of(0x20010db8, 0, 0, 0);
        for (let bit = 0; bit < 12; bit++) {
          if (((i >> bit) & 1) === 0) continue;
          const at = length - 1 - bit;
          words[at >>> 5] = ((words[at >>> 5] as number) | (1 << (31 - (at & 31)))) >>> 0;
        }
        keys.push({ words, length, key: `${[...words].join(':')}/${length}` });
      }
    }
    for (let i = 0; i < 40_000; i++) {
      const { words, length, key } = keys[Math.floor(next() * keys.length)]!;
      if (next() < 0.3) {
        if (table.delete(words, length) !== (model.get(key) ?? 0)) expect.fail(`op ${i}: delete ${key}`);
        model.delete(key);
      } else {
        if (table.set(words, length, 1 + (i % 1000)) !== (model.get(key) ?? 0)) expect.fail(`op ${i}: set ${key}`);
        model.set(key, 1 + (i % 1000));
      }
    }
    expect(table.size).toBe(model.size);
    for (const { words, length, key } of keys) expect(table.get(words, length)).toBe(model.get(key) ?? 0);
  });
});
