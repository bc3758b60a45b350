import { HEAP_TABLE_MEMORY, type TableMemory } from './table-memory.js';
import { MAX_WIDE_KEY_VALUE, WideKeyTable } from './wide-key-table.js';

/**
 * IPv6 prefixes → a positive number (an attribute-set id): the IPv6 twin of
 * Ipv4RouteTable. Two open-addressing tables (WideKeyTable): prefixes of /64
 * and shorter, nearly every route in practice (RFC 4291 §2.5.4 gives a
 * subnet 64 bits), keyed by their first two words (12 bytes a slot); longer
 * ones by all four (20 bytes a slot). Keeping every route in 20-byte slots
 * made growing the table of a million-route dump cost several times what it
 * costs for IPv4; no strings or objects either way.
 *
 * Addresses are passed as four 32-bit words, most significant first, with
 * the bits past the length zeroed by the caller.
 */
export class Ipv6RouteTable {
  /** /0 to /64. */
  private readonly short: WideKeyTable;
  /** /65 to /128. */
  private readonly long: WideKeyTable;
  /** The four words a short entry's key stands for, handed to scan's visitor. */
  private readonly shortKey = new Uint32Array(4);

  constructor(initialCapacity = 64, memory: TableMemory = HEAP_TABLE_MEMORY) {
    this.short = new WideKeyTable(2, initialCapacity, memory);
    // Longer prefixes are rare (host routes, point-to-point links): start small.
    this.long = new WideKeyTable(4, 16, memory);
  }

  get size(): number {
    return this.short.size + this.long.size;
  }

  /** Slots in the table (a listing's positions run 0 .. capacity − 1: the short table's, then the long one's). */
  get capacity(): number {
    return this.short.capacity + this.long.capacity;
  }

  /** The value stored for the prefix, or 0. */
  get(a: Uint32Array, length: number): number {
    return (length <= 64 ? this.short : this.long).get(a, length);
  }

  /** Stores `value` (1 .. 2^24-1) for the prefix; returns the value it replaced, or 0. */
  set(a: Uint32Array, length: number, value: number): number {
    if (!(value > 0 && value <= MAX_WIDE_KEY_VALUE)) throw new RangeError(`Ipv6RouteTable.set: value ${value} must be an integer in 1..${MAX_WIDE_KEY_VALUE}`);
    return (length <= 64 ? this.short : this.long).set(a, length, value);
  }

  /** Removes the prefix; returns the value it held, or 0 if absent. */
  delete(a: Uint32Array, length: number): number {
    return (length <= 64 ? this.short : this.long).delete(a, length);
  }

  /**
   * Entries from slot `from` on, in slot order, until `visit` returns false;
   * `address` is a view valid during the call (copy it to keep it).
   */
  scan(from: number, visit: (slot: number, address: Uint32Array, length: number, value: number) => boolean): void {
    const key = this.shortKey;
    const offset = this.short.capacity;
    const going = this.short.scan(from, (slot, words, length, value) => {
      key[0] = words[0] as number;
      key[1] = words[1] as number;
      key[2] = 0;
      key[3] = 0;
      return visit(slot, key, length, value);
    });
    if (going) this.long.scan(from - offset, (slot, words, length, value) => visit(offset + slot, words, length, value));
  }

  clear(): void {
    this.short.clear();
    this.long.clear();
  }

  /** No growth is coming soon (a dump ended): what was prepared for it is let go. */
  settle(): void {
    this.short.settle();
    this.long.settle();
  }
}
