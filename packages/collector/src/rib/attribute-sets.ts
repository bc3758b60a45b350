import type { PathAttribute } from '@bmp-lab/codec';
import { routeAttributes, type RouteAttributes } from './route-attributes.js';

/**
 * The path attributes routes point at, by id (> 0), interned and counted:
 * one entry per distinct attribute set (by its bytes as sent, without the
 * prefixes), however many UPDATEs and prefixes carry it, dropped when the
 * last route using it is withdrawn or replaced. Ids are reused, so a
 * long-running station does not grow an ever-longer list.
 */
export class AttributeSets {
  private readonly sets: (readonly PathAttribute[] | undefined)[] = [undefined];
  private readonly keys: (string | undefined)[] = [undefined];
  private readonly views: (RouteAttributes | undefined)[] = [undefined];
  private readonly counts: number[] = [0];
  private readonly free: number[] = [];
  private readonly byKey = new Map<string, number>();

  /**
   * The id of the set whose key is `key`, adding it (`make()`'s attributes)
   * if no route holds it: `retain` it per route, then `dropIfUnused`.
   */
  intern(key: string, make: () => readonly PathAttribute[]): number {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    const id = this.free.pop() ?? this.sets.length;
    this.sets[id] = make();
    this.keys[id] = key;
    this.views[id] = undefined;
    this.counts[id] = 0;
    this.byKey.set(key, id);
    return id;
  }

  get(id: number): readonly PathAttribute[] | undefined {
    return this.sets[id];
  }

  /** The looking-glass shape of a set, computed on first use. */
  view(id: number): RouteAttributes | undefined {
    const set = this.sets[id];
    if (set === undefined) return undefined;
    return (this.views[id] ??= routeAttributes(set));
  }

  retain(id: number): void {
    this.counts[id] = (this.counts[id] as number) + 1;
  }

  release(id: number): void {
    const n = (this.counts[id] as number) - 1;
    this.counts[id] = n;
    if (n === 0) this.drop(id);
  }

  /** Frees an id `intern` returned if no route took it (an UPDATE that only withdrew, or repeated itself). */
  dropIfUnused(id: number): void {
    if (this.counts[id] === 0 && this.sets[id] !== undefined) this.drop(id);
  }

  /** Routes holding set `id`. */
  uses(id: number): number {
    return this.counts[id] ?? 0;
  }

  /** Attribute sets in use. */
  get size(): number {
    return this.sets.length - 1 - this.free.length;
  }

  private drop(id: number): void {
    this.byKey.delete(this.keys[id] as string);
    this.sets[id] = undefined;
    this.keys[id] = undefined;
    this.views[id] = undefined;
    this.free.push(id);
  }
}
