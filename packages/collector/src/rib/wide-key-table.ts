import { HEAP_TABLE_MEMORY, TableGrowth, type TableMemory } from './table-memory.js';

/** Values are kept in 24 bits beside the 8-bit prefix length. */
export const MAX_WIDE_KEY_VALUE = 2 ** 24 - 1;
/** log2 of how many consecutive networks of one length share a home area (WideKeyTable.home). */
const NEIGHBOUR_BITS = 4;

/**
 * Per prefix length L, where the group's bits (the last NEIGHBOUR_BITS bits of
 * the network, bits [L − NEIGHBOUR_BITS, L) from the top of the key) sit:
 * KEEP[L·4 + j] keeps everything of word j but them (the group's key), and
 * the bits themselves are the top END[L] bits' tail of word WORD[L] (mask
 * HIGH[L]) below the bits of word WORD[L] − 1 in LOW[L] when they straddle two
 * words. Tables, because the hash runs for every route stored and every route
 * moved when the table grows. A prefix shorter than NEIGHBOUR_BITS is a group
 * of its own.
 */
const KEEP = new Uint32Array(129 * 4).fill(0xffffffff);
const WORD = new Uint8Array(129);
const END = new Uint8Array(129);
const HIGH = new Uint32Array(129);
const LOW = new Uint32Array(129);
for (let length = NEIGHBOUR_BITS; length <= 128; length++) {
  const word = (length - 1) >>> 5;
  const end = length - word * 32;
  WORD[length] = word;
  END[length] = end;
  const highBits = Math.min(end, NEIGHBOUR_BITS);
  const high = (((1 << highBits) - 1) << (32 - end)) >>> 0;
  const low = end >= NEIGHBOUR_BITS ? 0 : (1 << (NEIGHBOUR_BITS - end)) - 1;
  HIGH[length] = high;
  LOW[length] = low;
  KEEP[length * 4 + word] = ~high >>> 0;
  if (low !== 0) KEEP[length * 4 + word - 1] = ~low >>> 0;
}

/**
 * Prefixes of `keyWords` 32-bit words → a positive number, in one
 * open-addressing hash table over one Uint32Array: per slot the key's words,
 * then the value shifted left 8 bits with the prefix length in the low 8 (a
 * zero word marks an empty slot); linear probing, at most half full, a random
 * multiplier per table (the keys come from routers the station does not
 * trust: with a public hash a hostile one could make every insert walk the
 * table). Keys are read from `a[0..keyWords)`, bits past the length zeroed
 * by the caller. Ipv6RouteTable keeps two: prefixes of /64 and shorter in two
 * words, longer ones in four.
 */
export class WideKeyTable {
  private slots: Uint32Array;
  /** Slots − 1 (a power of two). */
  private mask: number;
  /** 32 − log2(slots): the hash's top bits pick the slot. */
  private shift: number;
  private count = 0;
  private readonly stride: number;
  private readonly multiplier = (Math.floor(Math.random() * 2 ** 31) * 2 + 1) >>> 0;
  private readonly growth: TableGrowth;

  constructor(
    private readonly keyWords: 2 | 4,
    initialCapacity: number,
    memory: TableMemory = HEAP_TABLE_MEMORY,
  ) {
    const capacity = 2 ** Math.max(4, Math.ceil(Math.log2(initialCapacity)));
    this.stride = keyWords + 1;
    this.growth = new TableGrowth(memory);
    this.slots = memory.allocate(capacity * this.stride);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
    this.growth.resized(capacity);
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.mask + 1;
  }

  /** The value stored for the prefix, or 0. */
  get(a: Uint32Array, length: number): number {
    const at = this.find(a, length);
    return at < 0 ? 0 : (this.slots[at + this.keyWords] as number) >>> 8;
  }

  /** Stores `value` (1 .. MAX_WIDE_KEY_VALUE) for the prefix; returns the value it replaced, or 0. */
  set(a: Uint32Array, length: number, value: number): number {
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    else if (this.count >= this.growth.prepareAt) this.growth.prepare((this.mask + 1) * 2 * this.stride);
    const slots = this.slots;
    const k = this.keyWords;
    const stride = this.stride;
    const last = this.mask * stride;
    const word = ((value << 8) | length) >>> 0;
    for (let at = this.home(a, 0, length) * stride; ; at = at === last ? 0 : at + stride) {
      const w = slots[at + k] as number;
      if (w === 0) {
        for (let i = 0; i < k; i++) slots[at + i] = a[i] as number;
        slots[at + k] = word;
        this.count++;
        return 0;
      }
      if ((w & 255) === length && this.same(at, a)) {
        slots[at + k] = word;
        return w >>> 8;
      }
    }
  }

  /** Removes the prefix; returns the value it held, or 0 if absent. */
  delete(a: Uint32Array, length: number): number {
    let hole = this.find(a, length);
    if (hole < 0) return 0;
    const slots = this.slots;
    const k = this.keyWords;
    const stride = this.stride;
    const last = this.mask * stride;
    const removed = (slots[hole + k] as number) >>> 8;
    slots[hole + k] = 0;
    this.count--;
    // Backward-shift deletion: move later entries of the probe run into the hole when their home slot allows it,
    // so lookups never stop early (distances in slots, modulo the table).
    const mask = this.mask;
    for (let at = hole === last ? 0 : hole + stride; slots[at + k] !== 0; at = at === last ? 0 : at + stride) {
      const j = at / stride;
      const home = this.home(slots, at, (slots[at + k] as number) & 255);
      if (((j - home) & mask) >= ((j - hole / stride) & mask)) {
        slots.copyWithin(hole, at, at + stride);
        slots[at + k] = 0;
        hole = at;
      }
    }
    return removed;
  }

  /** Entries from slot `from` on, in slot order, until `visit` returns false; `key` is a view of the slot's words. */
  scan(from: number, visit: (slot: number, key: Uint32Array, length: number, value: number) => boolean): boolean {
    const slots = this.slots;
    const k = this.keyWords;
    const stride = this.stride;
    for (let i = Math.max(0, from); i <= this.mask; i++) {
      const w = slots[i * stride + k] as number;
      if (w !== 0 && !visit(i, slots.subarray(i * stride, i * stride + k), w & 255, w >>> 8)) return false;
    }
    return true;
  }

  clear(): void {
    this.slots.fill(0);
    this.count = 0;
    this.growth.resized(this.mask + 1);
  }

  /** No growth is coming soon (a dump ended): what was prepared for it is let go. */
  settle(): void {
    this.growth.settle();
  }

  private same(at: number, a: Uint32Array): boolean {
    const s = this.slots;
    if (s[at] !== a[0] || s[at + 1] !== a[1]) return false;
    return this.keyWords === 2 || (s[at + 2] === a[2] && s[at + 3] === a[3]);
  }

  /** The index of the prefix's slot in `slots`, or -1. */
  private find(a: Uint32Array, length: number): number {
    const slots = this.slots;
    const k = this.keyWords;
    const stride = this.stride;
    const last = this.mask * stride;
    for (let at = this.home(a, 0, length) * stride; ; at = at === last ? 0 : at + stride) {
      const w = slots[at + k] as number;
      if (w === 0) return -1;
      if ((w & 255) === length && this.same(at, a)) return at;
    }
  }

  /**
   * The first slot of the key whose words are `a[at..at+keyWords)` (an
   * offset, not a subarray: growing rehashes every entry). As in
   * Ipv4RouteTable, consecutive networks of one length (a table dump in
   * prefix order) land in neighbouring slots, 2^NEIGHBOUR_BITS per group: the
   * last NEIGHBOUR_BITS bits of the network pick the slot within the group,
   * and the keyed hash of the rest and the length picks where the group goes.
   */
  private home(a: Uint32Array, at: number, length: number): number {
    const word = WORD[length] as number;
    const end = END[length] as number;
    const low = word > 0 ? ((a[at + word - 1] as number) & (LOW[length] as number)) << end : 0;
    const neighbour = low | (((a[at + word] as number) & (HIGH[length] as number)) >>> (32 - end));
    const keep = length * 4;
    let h = Math.imul(((a[at] as number) & (KEEP[keep] as number)) ^ Math.imul(length + 1, 0x85ebca77), this.multiplier);
    h = Math.imul(h ^ (h >>> 15) ^ ((a[at + 1] as number) & (KEEP[keep + 1] as number)), 0x2c1b3c6d);
    if (this.keyWords === 4) {
      h = Math.imul(h ^ (h >>> 13) ^ ((a[at + 2] as number) & (KEEP[keep + 2] as number)), 0x297a2d39);
      h = Math.imul(h ^ (h >>> 16) ^ ((a[at + 3] as number) & (KEEP[keep + 3] as number)), this.multiplier);
    }
    h ^= h >>> 15;
    return ((h >>> this.shift) + neighbour) & this.mask;
  }

  private grow(): void {
    const old = this.slots;
    const k = this.keyWords;
    const stride = this.stride;
    const end = old.length;
    this.slots = this.growth.next(old.length * 2);
    this.mask = this.mask * 2 + 1;
    this.shift--;
    this.growth.resized(this.mask + 1);
    const slots = this.slots;
    const last = this.mask * stride;
    // Every key is distinct and the new table is at most a quarter full: place each in its first free slot.
    for (let from = 0; from < end; from += stride) {
      if (old[from + k] === 0) continue;
      let to = this.home(old, from, (old[from + k] as number) & 255) * stride;
      while (slots[to + k] !== 0) to = to === last ? 0 : to + stride;
      for (let i = 0; i <= k; i++) slots[to + i] = old[from + i] as number;
    }
  }
}
