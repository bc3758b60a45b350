/**
 * IPv4 prefixes → a positive number (an attribute-set id), in an
 * open-addressing hash table over typed arrays: address (u32), length (u8)
 * and value (i32) per slot, linear probing, at most half full.
 *
 * Why not a `Map<string, …>`: a station holding a million routes would keep
 * a million `a.b.c.d/len` strings and a million map entries alive, and the
 * garbage collector copies them over and over while they are young; this
 * keeps 9 bytes per slot in three flat arrays, which the collector never
 * walks (about 18 MiB for 1,000,000 routes).
 */
export class Ipv4RouteTable {
  private addresses: Uint32Array;
  private lengths: Uint8Array;
  /** 0 marks an empty slot, so stored values are > 0. */
  private values: Int32Array;
  /** 32 - log2(capacity): the hash's top bits pick the slot (the low bits of a multiplicative hash are weak). */
  private shift: number;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = 2 ** Math.max(4, Math.ceil(Math.log2(initialCapacity)));
    this.addresses = new Uint32Array(capacity);
    this.lengths = new Uint8Array(capacity);
    this.values = new Int32Array(capacity);
    this.shift = 32 - Math.log2(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The value stored for address/length, or 0. */
  get(address: number, length: number): number {
    const i = this.find(address >>> 0, length);
    return i < 0 ? 0 : (this.values[i] as number);
  }

  /** Stores `value` (> 0) for address/length; returns the value it replaced, or 0. */
  set(address: number, length: number, value: number): number {
    if (!(value > 0)) throw new RangeError(`Ipv4RouteTable.set: value ${value} must be a positive integer`);
    if ((this.count + 1) * 2 > this.values.length) this.grow();
    address >>>= 0;
    const mask = this.values.length - 1;
    for (let i = this.home(address, length); ; i = (i + 1) & mask) {
      const v = this.values[i] as number;
      if (v === 0) {
        this.addresses[i] = address;
        this.lengths[i] = length;
        this.values[i] = value;
        this.count++;
        return 0;
      }
      if (this.addresses[i] === address && this.lengths[i] === length) {
        this.values[i] = value;
        return v;
      }
    }
  }

  /** Removes address/length; returns the value it held, or 0 if absent. */
  delete(address: number, length: number): number {
    let hole = this.find(address >>> 0, length);
    if (hole < 0) return 0;
    const removed = this.values[hole] as number;
    this.values[hole] = 0;
    this.count--;
    // Backward-shift deletion: move later entries of the probe run into the
    // hole when their home slot allows it, so lookups never stop early.
    const mask = this.values.length - 1;
    for (let j = (hole + 1) & mask; this.values[j] !== 0; j = (j + 1) & mask) {
      const home = this.home(this.addresses[j] as number, this.lengths[j] as number);
      const fromHoleToJ = (j - hole) & mask;
      const fromHomeToJ = (j - home) & mask;
      if (fromHomeToJ >= fromHoleToJ) {
        this.addresses[hole] = this.addresses[j] as number;
        this.lengths[hole] = this.lengths[j] as number;
        this.values[hole] = this.values[j] as number;
        this.values[j] = 0;
        hole = j;
      }
    }
    return removed;
  }

  /** Every entry, in no particular order. */
  forEach(visit: (address: number, length: number, value: number) => void): void {
    const { addresses, lengths, values } = this;
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) visit(addresses[i] as number, lengths[i] as number, values[i] as number);
  }

  clear(): void {
    this.values.fill(0);
    this.count = 0;
  }

  private find(address: number, length: number): number {
    const mask = this.values.length - 1;
    for (let i = this.home(address, length); this.values[i] !== 0; i = (i + 1) & mask) {
      if (this.addresses[i] === address && this.lengths[i] === length) return i;
    }
    return -1;
  }

  private home(address: number, length: number): number {
    let h = Math.imul(address, 0x9e3779b1) ^ Math.imul(length + 1, 0x85ebca77);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    return (h >>> this.shift) & (this.values.length - 1);
  }

  private grow(): void {
    const { addresses, lengths, values } = this;
    const capacity = values.length * 2;
    this.addresses = new Uint32Array(capacity);
    this.lengths = new Uint8Array(capacity);
    this.values = new Int32Array(capacity);
    this.shift--;
    // Every key is distinct and the new table is at most a quarter full: place each in its first free slot.
    const mask = capacity - 1;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v === 0) continue;
      const a = addresses[i] as number;
      const l = lengths[i] as number;
      let j = this.home(a, l);
      while (this.values[j] !== 0) j = (j + 1) & mask;
      this.addresses[j] = a;
      this.lengths[j] = l;
      this.values[j] = v;
    }
  }
}
