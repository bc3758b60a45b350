import { describe, expect, it } from 'vitest';
import { Ipv4RouteTable } from '../src/index.js';
import { seededRandom } from '@bmp-lab/test-support';

describe('Ipv4RouteTable', () => {
  it('behaves like a Map keyed by address/length through 200,000 random sets, replaces and deletes', () => {
    const next = seededRandom(4271);
    const table = new Ipv4RouteTable(16);
    const model = new Map<string, number>();
    // A narrow key space (1,024 addresses × 3 lengths) so replaces, deletes of
    // present keys and long probe runs across the wrap-around all happen.
    for (let i = 0; i < 200_000; i++) {
      const address = (Math.floor(next() * 1024) * 0x01000000 + Math.floor(next() * 4) * 256) >>> 0;
      const length = [8, 24, 32][Math.floor(next() * 3)]!;
      const key = `${address}/${length}`;
      if (next() < 0.4) {
        const got = table.delete(address, length);
        if (got !== (model.get(key) ?? 0)) expect.fail(`op ${i}: delete ${key} returned ${got}, expected ${model.get(key) ?? 0}`);
        model.delete(key);
      } else {
        const value = 1 + Math.floor(next() * 1000);
        const got = table.set(address, length, value);
        if (got !== (model.get(key) ?? 0)) expect.fail(`op ${i}: set ${key} returned ${got}, expected ${model.get(key) ?? 0}`);
        model.set(key, value);
      }
      if (i % 10_000 === 0) {
        expect(table.size).toBe(model.size);
        for (const [k, v] of model) {
          const [a, l] = k.split('/').map(Number) as [number, number];
          if (table.get(a, l) !== v) expect.fail(`after op ${i}: ${k} holds ${table.get(a, l)}, expected ${v}`);
        }
      }
    }
    const seen = new Map<string, number>();
    table.forEach((a, l, v) => seen.set(`${a}/${l}`, v));
    expect(seen).toEqual(model);
  });

  it('keeps prefixes of one address apart by length, grows to a million entries, and empties', () => {
    const table = new Ipv4RouteTable();
    expect(table.set(0x10000000, 8, 1)).toBe(0);
    expect(table.set(0x10000000, 24, 2)).toBe(0);
    expect(table.get(0x10000000, 8)).toBe(1);
    expect(table.get(0x10000000, 24)).toBe(2);
    expect(table.get(0x10000000, 16)).toBe(0);
    for (let i = 0; i < 1_000_000; i++) table.set((0x10000000 + i * 256) >>> 0, 24, 3);
    expect(table.size).toBe(1_000_001);
    expect(table.get(0x10000000 + 999_999 * 256, 24)).toBe(3);
    for (let i = 0; i < 1_000_000; i++) table.delete((0x10000000 + i * 256) >>> 0, 24);
    expect(table.size).toBe(1);
    expect(table.get(0x10000000, 8)).toBe(1);
    table.clear();
    expect(table.size).toBe(0);
    expect(table.get(0x10000000, 8)).toBe(0);
    expect(() => table.set(1, 32, 0)).toThrow(RangeError);
  });

  it('behaves like a Map for consecutive networks of one length (a table dump in prefix order), across deletes that close gaps', () => {
    const next = seededRandom(7854);
    const table = new Ipv4RouteTable(16);
    const model = new Map<string, number>();
    // Consecutive /32s, /24s and /20s: neighbours share a home area, so runs are long and deletes shift entries back.
    const keys: [number, number][] = [];
    for (const [base, length] of [
      [0x0a000000, 32],
      [0x10000000, 24],
      [0x20000000, 20],
    ] as const)
      for (let i = 0; i < 3000; i++) keys.push([(base + i * 2 ** (32 - length)) >>> 0, length]);
    for (let i = 0; i < 60_000; i++) {
      const [address, length] = keys[Math.floor(next() * keys.length)]!;
      const key = `${address}/${length}`;
      if (next() < 0.3) {
        if (table.delete(address, length) !== (model.get(key) ?? 0)) expect.fail(`op ${i}: delete ${key}`);
        model.delete(key);
      } else {
        if (table.set(address, length, 1 + (i % 1000)) !== (model.get(key) ?? 0)) expect.fail(`op ${i}: set ${key}`);
        model.set(key, 1 + (i % 1000));
      }
    }
    expect(table.size).toBe(model.size);
    for (const [address, length] of keys) expect(table.get(address, length)).toBe(model.get(`${address}/${length}`) ?? 0);
  });
});
