/**
 * Where a route table gets the zeroed words it grows into.
 *
 * Why a table asks ahead: a million-route dump doubles a table up to tens of
 * megabytes, and the first write to each fresh page of it is a page fault
 * the kernel serves with a zeroed page. On the two-core VMs this lab runs
 * on, those faults cost more than moving the entries into the new table. A
 * provider that gets told early (`prepare`) can have the pages faulted in by
 * another thread while the table keeps filling the old array.
 */
export interface TableMemory {
  /** `words` zeroed words, now. */
  allocate(words: number): Uint32Array;
  /** The table will soon need `words` zeroed words: the provider may get them ready meanwhile. Null: it will not. */
  prepare(words: number): PreparedWords | null;
}

/** Words a provider is getting ready. */
export interface PreparedWords {
  /**
   * The words, or null if the provider could not get them (the table
   * allocates as usual). Zeroed, except that the provider may still be
   * working on them: it then never changes a word the table wrote. Called once.
   */
  take(): Uint32Array | null;
}

/** Plain arrays, nothing prepared: the default, and what a pure use of the tables gets. */
export const HEAP_TABLE_MEMORY: TableMemory = {
  allocate: (words) => new Uint32Array(words),
  prepare: () => null,
};

/**
 * Tables of fewer slots grow without asking ahead: their pages cost little.
 * Small enough that the first table to ask (at 6,144 routes) does so well
 * before the arrays whose pages cost (a table of 131,072 slots and up).
 */
export const PREPARE_MIN_SLOTS = 1 << 14;

/**
 * One table's next array: asked for when the table is 3/8 full (it doubles
 * at 1/2, so 1/8 of its slots' inserts are left for the provider to work in),
 * taken when it grows, and given up if the table stops growing (a table that
 * settled below half full would otherwise keep an array twice its size).
 */
export class TableGrowth {
  /** The table asks for its next array when its count reaches this. */
  prepareAt = Infinity;
  private prepared: PreparedWords | null = null;

  constructor(private readonly memory: TableMemory) {}

  /** The table has `slots` slots now (it was made, grew or was cleared): nothing prepared yet, and when to ask. */
  resized(slots: number): void {
    this.prepared = null;
    this.prepareAt = slots >= PREPARE_MIN_SLOTS ? (slots * 3) / 8 : Infinity;
  }

  /** The count reached `prepareAt`: ask for the array of the next size. */
  prepare(words: number): void {
    this.prepareAt = Infinity;
    this.prepared = this.memory.prepare(words);
  }

  /** `words` zeroed words for the grown table: the prepared ones if the provider has them. */
  next(words: number): Uint32Array {
    const prepared = this.prepared;
    this.prepared = null;
    const ready = prepared?.take() ?? null;
    return ready !== null && ready.length === words ? ready : this.memory.allocate(words);
  }

  /** The table stopped growing (its dump ended, or it was cleared): let go of what was prepared. */
  settle(): void {
    this.prepared = null;
  }
}
