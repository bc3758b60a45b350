import type { PathAttribute } from '@bmp-lab/codec';

/**
 * The path attributes routes point at, by id (> 0), counted: an UPDATE's
 * attributes are stored once however many prefixes it carries, and dropped
 * when the last route using them is withdrawn or replaced. Ids are reused,
 * so a long-running station does not grow an ever-longer list.
 */
export class AttributeSets {
  private readonly sets: (readonly PathAttribute[] | undefined)[] = [undefined];
  private readonly counts: number[] = [0];
  private readonly free: number[] = [];

  /** A new id for `attributes`, used by no route yet: `retain` it per route, or `dropIfUnused` it. */
  add(attributes: readonly PathAttribute[]): number {
    const id = this.free.pop() ?? this.sets.length;
    this.sets[id] = attributes;
    this.counts[id] = 0;
    return id;
  }

  get(id: number): readonly PathAttribute[] | undefined {
    return this.sets[id];
  }

  retain(id: number): void {
    this.counts[id] = (this.counts[id] as number) + 1;
  }

  release(id: number): void {
    const n = (this.counts[id] as number) - 1;
    this.counts[id] = n;
    if (n === 0) this.drop(id);
  }

  /** Frees an id that `add` returned if no route took it (an UPDATE that only withdrew, or repeated itself). */
  dropIfUnused(id: number): void {
    if (this.counts[id] === 0 && this.sets[id] !== undefined) this.drop(id);
  }

  /** Attribute sets in use. */
  get size(): number {
    return this.sets.length - 1 - this.free.length;
  }

  private drop(id: number): void {
    this.sets[id] = undefined;
    this.free.push(id);
  }
}
