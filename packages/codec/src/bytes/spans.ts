import { toHex } from './hex.js';

/**
 * Field spans recorded while decoding, for a Wireshark-like view (a tree
 * beside a hex dump). Values are strings, numbers or booleans, so a tree can
 * go over JSON to a browser that never imports the codec.
 */
export type DissectionValue = string | number | boolean;

export interface DissectionNode {
  /** Field name, e.g. `peer AS`, `ORIGIN`, `prefix`. */
  name: string;
  /** Byte offset in the dissected message. */
  offset: number;
  /** Bytes covered (0 for an empty structure, e.g. no withdrawn routes). */
  length: number;
  /** The decoded value, or a one-line summary for a structure. */
  value?: DissectionValue;
  /** Sub-fields, tiling [offset, offset + length); present (maybe empty) on every structure, absent on fields. */
  children?: DissectionNode[];
}

interface OpenStructure {
  node: DissectionNode;
  end: number;
  children: DissectionNode[];
}

/**
 * Builds the tree of the fields a decoder reads. A decoder reaches it as
 * `reader.spans` (sub-readers share it), which is `null` unless a dissection
 * asked for it; decoders call it only behind `spans?.` or `if (spans !==
 * null)`, so without a recorder no label or value is ever computed.
 *
 * Calls come in byte order, right after the reads they describe, and give
 * end offsets only: each node starts where the previous one ended, so the
 * children of every structure tile it by construction. Ends are clamped to
 * the enclosing structure and never move backwards, so no call can break
 * the tiling, whatever the input.
 */
export class SpanRecorder {
  private pos: number;
  private readonly stack: OpenStructure[];

  constructor(
    private readonly bytes: Uint8Array,
    root: DissectionNode,
  ) {
    this.pos = root.offset;
    this.stack = [{ node: root, end: root.offset + root.length, children: (root.children ??= []) }];
  }

  private get top(): OpenStructure {
    return this.stack[this.stack.length - 1] as OpenStructure;
  }

  /** Open structures, the root included: a mark for {@link abandon}. */
  get depth(): number {
    return this.stack.length;
  }

  /** A field from the end of the previous node to `end` (nothing if that is empty). */
  field(name: string, end: number, value?: DissectionValue): void {
    const e = Math.min(end, this.top.end);
    if (e <= this.pos) return;
    this.leaf(name, e, value);
  }

  /**
   * Opens a structure here that declares it ends at `end`. A structure that
   * runs past the enclosing one is cut to it and its value says so.
   */
  open(name: string, end: number, value?: DissectionValue): void {
    const top = this.top;
    let shown = value;
    if (end > top.end) shown = `${value === undefined ? '' : `${String(value)} `}(declares ${end - this.pos} bytes, ${top.end - this.pos} present)`;
    const e = Math.max(this.pos, Math.min(end, top.end));
    const children: DissectionNode[] = [];
    const node: DissectionNode =
      shown === undefined ? { name, offset: this.pos, length: e - this.pos, children } : { name, offset: this.pos, length: e - this.pos, value: shown, children };
    top.children.push(node);
    this.stack.push({ node, end: e, children });
  }

  /** Closes the innermost structure; bytes it holds that no field described become `trailing data`. */
  close(): void {
    if (this.stack.length <= 1) return;
    this.fill('trailing data');
    this.stack.pop();
  }

  /**
   * The decoder stopped inside the structures opened since `mark` (a
   * {@link depth}): a `malformed` leaf saying why takes the rest of the
   * innermost one (maybe 0 bytes), the rest of each enclosing one down to the
   * structure at `mark` is `not decoded`, and those above `mark` are closed.
   */
  abandon(mark: number, why: string): void {
    this.leaf('malformed', this.top.end, why, true);
    while (this.stack.length > Math.max(1, mark)) {
      this.stack.pop();
      this.fill('not decoded');
    }
  }

  private fill(name: string): void {
    const end = this.top.end;
    if (end <= this.pos) return;
    this.leaf(name, end, name === 'not decoded' ? `${end - this.pos} bytes after the error` : toHex(this.bytes.subarray(this.pos, end)));
  }

  private leaf(name: string, end: number, value: DissectionValue | undefined, evenEmpty = false): void {
    if (end < this.pos || (end === this.pos && !evenEmpty)) return;
    this.top.children.push(value === undefined ? { name, offset: this.pos, length: end - this.pos } : { name, offset: this.pos, length: end - this.pos, value });
    this.pos = end;
  }
}

/** `name (code)`, or `unknown (code)`: how the tree shows a registered code. */
export function codeLabel(name: string | undefined, code: number): string {
  return `${name ?? 'unknown'} (${code})`;
}

/** A 64-bit value as a JSON-safe tree value: a number up to 2^53, else decimal text. */
export function bigValue(v: bigint): DissectionValue {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** Code → the key of a constants table, e.g. `{ ORIGIN: 1 }` → `{ 1: 'ORIGIN' }`; `rename` reshapes the key. */
export function namesOf(table: Readonly<Record<string, number>>, rename: (key: string) => string = (k) => k): Readonly<Record<number, string>> {
  const out: Record<number, string> = {};
  for (const [k, v] of Object.entries(table)) out[v] = rename(k);
  return out;
}

/** `ROUTES_IN_LOC_RIB` → `routes in loc rib`. */
export const spaced = (key: string): string => key.toLowerCase().replace(/_/g, ' ');
