import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { prefaultedTableMemory, type PrefaultedWords } from '../src/node/index.js';
import { Ipv4RouteTable } from '../src/index.js';

// The prepared arrays' pages are faulted in by the helper thread: the thread
// that then writes into them takes no page fault for them, where it takes one
// per page of a fresh array. Linux reports minor faults per thread
// (/proc/thread-self/stat, field 10).

// Only where the kernel counts faults per thread and backs fresh arrays with small pages (transparent huge pages not `always`).
const hugePagesAlways = () => {
  try {
    return readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8').includes('[always]');
  } catch {
    return false;
  }
};
const perThread = existsSync('/proc/thread-self/stat') && !hugePagesAlways();
const minorFaults = () => Number(readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1]!.split(' ')[7]);
const PAGE_WORDS = 1024;

/** Write one word per page; returns the page faults this thread took meanwhile. */
function faultsWriting(words: Uint32Array): number {
  const before = minorFaults();
  for (let i = 0; i < words.length; i += PAGE_WORDS) words[i] = 1;
  return minorFaults() - before;
}

describe('prefaultedTableMemory', () => {
  const words = 16 << 20; // 64 MiB: 16,384 pages

  /** A prepared array, once the helper has been through every page of it. */
  async function faultedIn(): Promise<Uint32Array> {
    const prepared = prefaultedTableMemory().prepare(words) as PrefaultedWords;
    expect(prepared).not.toBeNull();
    await vi.waitFor(() => expect(prepared.faultedIn).toBe(true), { timeout: 10_000, interval: 5 });
    return prepared.take() as Uint32Array;
  }

  it('hands over zeroed arrays of the size asked for', async () => {
    const array = await faultedIn();
    expect(array.length).toBe(words);
    expect(array.every((w) => w === 0)).toBe(true);
  });

  it('lets the table take an array the helper is still working on, and keeps every word the table wrote', async () => {
    const prepared = prefaultedTableMemory().prepare(words) as PrefaultedWords;
    // Taken at once, as by a table that grows before the helper is through: the table writes the very words the
    // helper touches (the first of each page), each before or after the helper gets there.
    const array = prepared.take() as Uint32Array;
    expect(array.length).toBe(words);
    for (let i = 0; i < words; i += PAGE_WORDS) array[i] = 1 + (i % 65_521);
    await vi.waitFor(() => expect(prepared.faultedIn).toBe(true), { timeout: 10_000, interval: 5 });
    const lost: number[] = [];
    for (let i = 0; i < words; i += PAGE_WORDS) if (array[i] !== 1 + (i % 65_521)) lost.push(i);
    expect(lost).toEqual([]);
  });

  it.runIf(perThread)('spares the thread that uses them the page faults', async () => {
    const array = await faultedIn();
    const pages = words / PAGE_WORDS;
    const prefaulted = faultsWriting(array);
    const fresh = faultsWriting(new Uint32Array(words));
    // A fresh array faults on every page; a prepared one on none (a few stray faults of the thread allowed).
    expect(fresh).toBeGreaterThan(pages / 2);
    expect(prefaulted).toBeLessThan(pages / 100);
  });

  it('gives a route table that grows into its arrays the same routes', () => {
    const table = new Ipv4RouteTable(16, prefaultedTableMemory());
    for (let i = 0; i < 200_000; i++) table.set((0x0a000000 + i * 256) >>> 0, 24, 1 + (i % 5000));
    const wrong = [];
    for (let i = 0; i < 200_000; i++) if (table.get((0x0a000000 + i * 256) >>> 0, 24) !== 1 + (i % 5000)) wrong.push(i);
    expect(wrong).toEqual([]);
    expect(table.size).toBe(200_000);
  });
});
