/** Values are kept in 24 bits beside the 8-bit prefix length. */
const MAX_VALUE = 2 ** 24 - 1;
/** 32-bit words per slot: the address in four, then value << 8 | length. */
const STRIDE = 5;

/**
 * IPv6 prefixes → a positive number (an attribute-set id): the IPv6 twin of
 * Ipv4RouteTable, one open-addressing hash table over one Uint32Array (five
 * words per slot: the 128-bit address, then the value shifted left 8 bits
 * with the prefix length in the low 8), linear probing, at most half full,
 * a random multiplier per table. A route costs 20 bytes per slot and no
 * strings or objects; a lookup touches one or two cache lines.
 *
 * Addresses are passed as four 32-bit words, most significant first, with
 * the bits past the length zeroed by the caller.
 */
export class Ipv6RouteTable {
  private slots: Uint32Array;
  /** Slots − 1 (a power of two). */
  private mask: number;
  private shift: number;
  private count = 0;
  private readonly multiplier = (Math.floor(Math.random() * 2 ** 31) * 2 + 1) >>> 0;

  constructor(initialCapacity = 64) {
    const capacity = 2 ** Math.max(4, Math.ceil(Math.log2(initialCapacity)));
    this.slots = new Uint32Array(capacity * STRIDE);
    this.mask = capacity - 1;
    this.shift = 32 - Math.log2(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Slots in the table (a listing's positions run 0 .. capacity − 1). */
  get capacity(): number {
    return this.mask + 1;
  }

  /** The value stored for the prefix, or 0. */
  get(a: Uint32Array, length: number): number {
    const i = this.find(a, length);
    return i < 0 ? 0 : (this.slots[i * STRIDE + 4] as number) >>> 8;
  }

  /** Stores `value` (1 .. 2^24-1) for the prefix; returns the value it replaced, or 0. */
  set(a: Uint32Array, length: number, value: number): number {
    if (!(value > 0 && value <= MAX_VALUE)) throw new RangeError(`Ipv6RouteTable.set: value ${value} must be an integer in 1..${MAX_VALUE}`);
    if ((this.count + 1) * 2 > this.mask + 1) this.grow();
    const slots = this.slots;
    const word = ((value << 8) | length) >>> 0;
    for (let i = this.home(a, 0, length); ; i = (i + 1) & this.mask) {
      const at = i * STRIDE;
      const w = slots[at + 4] as number;
      if (w === 0) {
        slots.set(a.subarray(0, 4), at);
        slots[at + 4] = word;
        this.count++;
        return 0;
      }
      if ((w & 255) === length && this.same(at, a)) {
        slots[at + 4] = word;
        return w >>> 8;
      }
    }
  }

  /** Removes the prefix; returns the value it held, or 0 if absent. */
  delete(a: Uint32Array, length: number): number {
    let hole = this.find(a, length);
    if (hole < 0) return 0;
    const slots = this.slots;
    const removed = (slots[hole * STRIDE + 4] as number) >>> 8;
    slots[hole * STRIDE + 4] = 0;
    this.count--;
    // Backward-shift deletion, as in Ipv4RouteTable.
    const mask = this.mask;
    for (let j = (hole + 1) & mask; slots[j * STRIDE + 4] !== 0; j = (j + 1) & mask) {
      const at = j * STRIDE;
      const home = this.home(slots, at, (slots[at + 4] as number) & 255);
      if (((j - home) & mask) >= ((j - hole) & mask)) {
        slots.copyWithin(hole * STRIDE, at, at + STRIDE);
        slots[at + 4] = 0;
        hole = j;
      }
    }
    return removed;
  }

  /**
   * Entries from slot `from` on, in slot order, until `visit` returns false;
   * `address` is a view of the slot (copy it to keep it).
   */
  scan(from: number, visit: (slot: number, address: Uint32Array, length: number, value: number) => boolean): void {
    const slots = this.slots;
    for (let i = Math.max(0, from); i <= this.mask; i++) {
      const w = slots[i * STRIDE + 4] as number;
      if (w !== 0 && !visit(i, slots.subarray(i * STRIDE, i * STRIDE + 4), w & 255, w >>> 8)) return;
    }
  }

  clear(): void {
    this.slots.fill(0);
    this.count = 0;
  }

  private same(at: number, a: Uint32Array): boolean {
    const s = this.slots;
    return s[at] === a[0] && s[at + 1] === a[1] && s[at + 2] === a[2] && s[at + 3] === a[3];
  }

  private find(a: Uint32Array, length: number): number {
    const slots = this.slots;
    for (let i = this.home(a, 0, length); ; i = (i + 1) & this.mask) {
      const w = slots[i * STRIDE + 4] as number;
      if (w === 0) return -1;
      if ((w & 255) === length && this.same(i * STRIDE, a)) return i;
    }
  }

  /** The first slot of the key whose address is `a[at..at+4)` (an offset, not a subarray: growing rehashes every entry). */
  private home(a: Uint32Array, at: number, length: number): number {
    let h = Math.imul((a[at] as number) ^ Math.imul(length + 1, 0x85ebca77), this.multiplier);
    h = Math.imul(h ^ (h >>> 15) ^ (a[at + 1] as number), 0x2c1b3c6d);
    h = Math.imul(h ^ (h >>> 13) ^ (a[at + 2] as number), 0x297a2d39);
    h = Math.imul(h ^ (h >>> 16) ^ (a[at + 3] as number), this.multiplier);
    h ^= h >>> 15;
    return h >>> this.shift;
  }

  private grow(): void {
    const old = this.slots;
    const oldCapacity = this.mask + 1;
    this.slots = new Uint32Array(oldCapacity * 2 * STRIDE);
    this.mask = oldCapacity * 2 - 1;
    this.shift--;
    const slots = this.slots;
    for (let i = 0; i < oldCapacity; i++) {
      const at = i * STRIDE;
      const w = old[at + 4] as number;
      if (w === 0) continue;
      let j = this.home(old, at, w & 255);
      while (slots[j * STRIDE + 4] !== 0) j = (j + 1) & this.mask;
      for (let k = 0; k < STRIDE; k++) slots[j * STRIDE + k] = old[at + k] as number;
    }
  }
}
