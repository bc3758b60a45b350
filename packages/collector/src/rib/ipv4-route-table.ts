import { HEAP_TABLE_MEMORY, TableGrowth, type TableMemory } from './table-memory.js';

/** Values are kept in 26 bits beside the 6-bit prefix length. */
const MAX_VALUE = 2 ** 26 - 1;
/** log2 of how many consecutive prefixes of one length share a home area (home). */
const NEIGHBOUR_BITS = 4;

/**
 * IPv4 prefixes → a positive number (an attribute-set id), in an
 * open-addressing hash table over one typed array: two 32-bit words per slot
 * (the address; the value shifted left 6 bits with the prefix length in the
 * low 6), linear probing, at most half full.
 *
 * Why not a `Map<string, …>`: a station holding a million routes would keep
 * a million `a.b.c.d/len` strings and a million map entries alive, and the
 * garbage collector copies them over and over while they are young. Here a
 * route costs 8 bytes per slot in one flat array the collector never walks
 * (16 MiB for 1,000,000 routes), and a lookup touches one cache line.
 */
export class Ipv4RouteTable {
  /** [address, value << 6 | length] per slot; a zero second word marks an empty slot (values are > 0). */
  private slots: Uint32Array;
  /** 32 - log2(capacity): the hash's top bits pick the slot (the low bits of a multiplicative hash are weak). */
  private shift: number;
  /** Slots − 1. */
  private slotMask: number;
  private count = 0;
  /**
   * A random odd multiplier per table: the routes come from routers the
   * station does not trust, and with a public hash a hostile one could send
   * prefixes that all collide and make every insert walk the whole table.
   */
  private readonly multiplier = (Math.floor(Math.random() * 2 ** 31) * 2 + 1) >>> 0;
  private readonly growth: TableGrowth;

  constructor(initialCapacity = 1024, memory: TableMemory = HEAP_TABLE_MEMORY) {
    const capacity = 2 ** Math.max(4, Math.ceil(Math.log2(initialCapacity)));
    this.growth = new TableGrowth(memory);
    this.slots = memory.allocate(capacity * 2);
    this.shift = 32 - Math.log2(capacity);
    this.slotMask = capacity - 1;
    this.growth.resized(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The value stored for address/length, or 0. */
  get(address: number, length: number): number {
    const i = this.find(address >>> 0, length);
    return i < 0 ? 0 : (this.slots[i + 1] as number) >>> 6;
  }

  /** Stores `value` (1 .. 2^26-1) for address/length; returns the value it replaced, or 0. */
  set(address: number, length: number, value: number): number {
    if (!(value > 0 && value <= MAX_VALUE)) throw new RangeError(`Ipv4RouteTable.set: value ${value} must be an integer in 1..${MAX_VALUE}`);
    if ((this.count + 1) * 4 > this.slots.length) this.grow();
    else if (this.count >= this.growth.prepareAt) this.growth.prepare(this.slots.length * 2);
    address >>>= 0;
    const slots = this.slots;
    const mask = slots.length - 1;
    const word = ((value << 6) | length) >>> 0;
    for (let i = this.home(address, length); ; i = (i + 2) & mask) {
      const w = slots[i + 1] as number;
      if (w === 0) {
        slots[i] = address;
        slots[i + 1] = word;
        this.count++;
        return 0;
      }
      if (slots[i] === address && (w & 63) === length) {
        slots[i + 1] = word;
        return w >>> 6;
      }
    }
  }

  /** Removes address/length; returns the value it held, or 0 if absent. */
  delete(address: number, length: number): number {
    let hole = this.find(address >>> 0, length);
    if (hole < 0) return 0;
    const slots = this.slots;
    const removed = (slots[hole + 1] as number) >>> 6;
    slots[hole + 1] = 0;
    this.count--;
    // Backward-shift deletion: move later entries of the probe run into the
    // hole when their home slot allows it, so lookups never stop early.
    const mask = slots.length - 1;
    for (let j = (hole + 2) & mask; slots[j + 1] !== 0; j = (j + 2) & mask) {
      const home = this.home(slots[j] as number, (slots[j + 1] as number) & 63);
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        slots[hole] = slots[j] as number;
        slots[hole + 1] = slots[j + 1] as number;
        slots[j + 1] = 0;
        hole = j;
      }
    }
    return removed;
  }

  /** Every entry, in no particular order. */
  forEach(visit: (address: number, length: number, value: number) => void): void {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i += 2) {
      const w = slots[i + 1] as number;
      if (w !== 0) visit(slots[i] as number, w & 63, w >>> 6);
    }
  }

  /** Slots in the table (a listing's positions run 0 .. capacity − 1). */
  get capacity(): number {
    return this.slots.length >> 1;
  }

  /** Entries from slot `from` on, in slot order, until `visit` returns false. */
  scan(from: number, visit: (slot: number, address: number, length: number, value: number) => boolean): void {
    const slots = this.slots;
    for (let i = Math.max(0, from) * 2; i < slots.length; i += 2) {
      const w = slots[i + 1] as number;
      if (w !== 0 && !visit(i >> 1, slots[i] as number, w & 63, w >>> 6)) return;
    }
  }

  clear(): void {
    this.slots.fill(0);
    this.count = 0;
    this.growth.resized(this.slotMask + 1);
  }

  /** No growth is coming soon (a dump ended): what was prepared for it is let go. */
  settle(): void {
    this.growth.settle();
  }

  private find(address: number, length: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    for (let i = this.home(address, length); slots[i + 1] !== 0; i = (i + 2) & mask) {
      if (slots[i] === address && ((slots[i + 1] as number) & 63) === length) return i;
    }
    return -1;
  }

  /**
   * The even index of the key's first slot. Routers send their tables in
   * prefix order, so neighbours of the same length (consecutive network
   * numbers) land in neighbouring slots, 2^NEIGHBOUR_BITS of them per group: a table
   * dump then touches memory in order instead of one cache miss per route.
   * Which group goes where is the keyed hash of the rest of the network
   * number and the length, so a router choosing its prefixes still cannot
   * pile more than 2^NEIGHBOUR_BITS of them onto one slot.
   */
  private home(address: number, length: number): number {
    const network = length === 0 ? 0 : address >>> (32 - length);
    let h = Math.imul(network >>> NEIGHBOUR_BITS, this.multiplier) ^ Math.imul(length + 1, 0x85ebca77);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    return (((h >>> this.shift) + (network & ((1 << NEIGHBOUR_BITS) - 1))) & this.slotMask) << 1;
  }

  private grow(): void {
    const old = this.slots;
    const slots = this.growth.next(old.length * 2);
    this.slots = slots;
    this.shift--;
    this.slotMask = (slots.length >> 1) - 1;
    this.growth.resized(this.slotMask + 1);
    // Every key is distinct and the new table is at most a quarter full: place each in its first free slot.
    const mask = slots.length - 1;
    for (let i = 0; i < old.length; i += 2) {
      const w = old[i + 1] as number;
      if (w === 0) continue;
      const a = old[i] as number;
      let j = this.home(a, w & 63);
      while (slots[j + 1] !== 0) j = (j + 2) & mask;
      slots[j] = a;
      slots[j + 1] = w;
    }
  }
}
