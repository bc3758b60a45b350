/**
 * VRP AS_PATH regular expressions (`ip as-path-filter … REGEX`), matched
 * without backtracking.
 *
 * The pattern is parsed into a small program and run as a Thompson NFA that
 * keeps every live state at once (a Pike VM without captures), so the time is
 * proportional to path length × program size for ANY pattern: `(.*)*x` or
 * `(1|1)*2` cannot stall the router the way a backtracking engine would on a
 * long path. A pattern that does not parse, or whose program would exceed
 * {@link MAX_PROGRAM} instructions, compiles to `null`, and the caller treats
 * the entry as matching no route; nothing here throws past
 * {@link compileAsPathRegex}.
 *
 * Supported syntax (the metacharacters listed in Huawei's AS_Path filter
 * pages): `.` `*` `+` `?` `|` `^` `$` `(…)` `[…]` `[^…]` `[a-z]` `{n}`
 * `{n,}` `{n,m}` `\` (the next character is literal) and `_`. `_` matches one
 * delimiter character — space, comma, `{`, `}`, `(`, `)` — or the start or
 * the end of the text. Matching is a search: the pattern may match anywhere
 * unless anchored.
 *
 * ⚠ INFERRED: `{` that does not form a valid repeat count is a literal brace
 * (so `\{` and `{` both match an AS_SET opening); a repeat operator with
 * nothing before it (`*20`) is invalid; `\` before a letter or digit makes
 * it literal (there are no `\d`-style classes in Huawei's list).
 */

/** A compiled AS_PATH regular expression: true when it matches somewhere in the text. */
export type AsPathMatcher = (text: string) => boolean;

/** Upper bound on a compiled program; larger patterns are refused (they would only come from huge `{n,m}` counts). */
export const MAX_PROGRAM = 4096;
const MAX_REPEAT = 255;

const CHAR = 0;
const ANY = 1;
const CLASS = 2;
const SPLIT = 3;
const JMP = 4;
const AT_START = 5;
const AT_END = 6;
const MATCH = 7;

type Node =
  | { t: 'char'; c: number }
  | { t: 'any' }
  | { t: 'class'; set: Uint8Array }
  | { t: 'start' }
  | { t: 'end' }
  | { t: 'delim' }
  | { t: 'cat'; items: Node[] }
  | { t: 'alt'; items: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number };

class RegexSyntaxError extends Error {}

/** Characters `_` stands for (besides the start and the end of the text). */
const DELIMITERS = ' ,{}()';
const DELIMITER_SET = classOf(DELIMITERS);

function classOf(chars: string): Uint8Array {
  const set = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) set[chars.charCodeAt(i)] = 1;
  return set;
}

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.s.length) throw new RegexSyntaxError(`unexpected '${this.s[this.i]}'`);
    return node;
  }

  private alternation(): Node {
    const items = [this.concatenation()];
    while (this.s[this.i] === '|') {
      this.i++;
      items.push(this.concatenation());
    }
    return items.length === 1 ? items[0]! : { t: 'alt', items };
  }

  private concatenation(): Node {
    const items: Node[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      const ch = this.s[this.i]!;
      if (ch === '*' || ch === '+' || ch === '?') {
        const last = items.pop();
        if (!last) throw new RegexSyntaxError(`'${ch}' has nothing to repeat`);
        this.i++;
        items.push(ch === '*' ? rep(last, 0, Infinity) : ch === '+' ? rep(last, 1, Infinity) : rep(last, 0, 1));
        continue;
      }
      if (ch === '{') {
        const count = items.length > 0 ? this.repeatCount() : null;
        if (count) {
          items.push(rep(items.pop()!, count[0], count[1]));
          continue;
        }
        // Not a repeat count (or nothing to repeat): a literal brace.
        this.i++;
        items.push({ t: 'char', c: 123 });
        continue;
      }
      items.push(this.atom());
    }
    return items.length === 1 ? items[0]! : { t: 'cat', items };
  }

  /** `{n}`, `{n,}` or `{n,m}` at the cursor (consumed), else null (cursor unchanged). */
  private repeatCount(): [number, number] | null {
    const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(this.s.slice(this.i));
    if (!m) return null;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (min > MAX_REPEAT || (max !== Infinity && (max > MAX_REPEAT || max < min))) throw new RegexSyntaxError('repeat count out of range');
    this.i += m[0].length;
    return [min, max];
  }

  private atom(): Node {
    const ch = this.s[this.i++]!;
    switch (ch) {
      case '(': {
        const inner = this.s[this.i] === ')' ? ({ t: 'cat', items: [] } as Node) : this.alternation();
        if (this.s[this.i] !== ')') throw new RegexSyntaxError("missing ')'");
        this.i++;
        return inner;
      }
      case '[':
        return this.bracket();
      case '.':
        return { t: 'any' };
      case '^':
        return { t: 'start' };
      case '$':
        return { t: 'end' };
      case '_':
        return { t: 'delim' };
      case '\\': {
        if (this.i >= this.s.length) throw new RegexSyntaxError("trailing '\\'");
        return { t: 'char', c: this.s.charCodeAt(this.i++) };
      }
      default:
        return { t: 'char', c: ch.charCodeAt(0) };
    }
  }

  /** After `[`: a set of characters, ranges, optionally negated with a leading `^`. */
  private bracket(): Node {
    const set = new Uint8Array(128);
    let negate = false;
    if (this.s[this.i] === '^') {
      negate = true;
      this.i++;
    }
    let first = true;
    for (;;) {
      if (this.i >= this.s.length) throw new RegexSyntaxError("missing ']'");
      let c = this.s.charCodeAt(this.i++);
      if (c === 93 /* ] */ && !first) break;
      first = false;
      if (c === 92 /* \ */) {
        if (this.i >= this.s.length) throw new RegexSyntaxError("trailing '\\'");
        c = this.s.charCodeAt(this.i++);
      }
      let hi = c;
      if (this.s[this.i] === '-' && this.i + 1 < this.s.length && this.s[this.i + 1] !== ']') {
        this.i++;
        hi = this.s.charCodeAt(this.i++);
        if (hi === 92 && this.i < this.s.length) hi = this.s.charCodeAt(this.i++);
        if (hi < c) throw new RegexSyntaxError('reversed range');
      }
      for (let x = c; x <= hi && x < 128; x++) set[x] = 1;
    }
    if (negate) for (let x = 0; x < 128; x++) set[x] = set[x] ? 0 : x === 10 ? 0 : 1;
    return { t: 'class', set };
  }
}

function rep(node: Node, min: number, max: number): Node {
  return { t: 'rep', node, min, max };
}

/** The compiled program: parallel arrays of opcode and two operands. */
interface Program {
  op: Int32Array;
  a: Int32Array;
  b: Int32Array;
  classes: Uint8Array[];
}

class Emitter {
  readonly op: number[] = [];
  readonly a: number[] = [];
  readonly b: number[] = [];
  readonly classes: Uint8Array[] = [];

  emit(op: number, a = 0, b = 0): number {
    if (this.op.length >= MAX_PROGRAM) throw new RegexSyntaxError('pattern too large');
    this.op.push(op);
    this.a.push(a);
    this.b.push(b);
    return this.op.length - 1;
  }

  get pc(): number {
    return this.op.length;
  }

  node(n: Node): void {
    switch (n.t) {
      case 'char':
        this.emit(CHAR, n.c);
        return;
      case 'any':
        this.emit(ANY);
        return;
      case 'class':
        this.classes.push(n.set);
        this.emit(CLASS, this.classes.length - 1);
        return;
      case 'start':
        this.emit(AT_START);
        return;
      case 'end':
        this.emit(AT_END);
        return;
      case 'delim':
        this.node({ t: 'alt', items: [{ t: 'start' }, { t: 'end' }, { t: 'class', set: DELIMITER_SET }] });
        return;
      case 'cat':
        for (const item of n.items) this.node(item);
        return;
      case 'alt': {
        const jumps: number[] = [];
        for (let k = 0; k < n.items.length - 1; k++) {
          const split = this.emit(SPLIT);
          this.a[split] = this.pc;
          this.node(n.items[k]!);
          jumps.push(this.emit(JMP));
          this.b[split] = this.pc;
        }
        this.node(n.items[n.items.length - 1]!);
        for (const j of jumps) this.a[j] = this.pc;
        return;
      }
      case 'rep': {
        for (let k = 0; k < n.min; k++) this.node(n.node);
        if (n.max === Infinity) {
          const split = this.emit(SPLIT);
          this.a[split] = this.pc;
          this.node(n.node);
          this.emit(JMP, split);
          this.b[split] = this.pc;
          return;
        }
        // Each optional copy is `e?`; for a yes/no match `e?e?` equals `(e(e)?)?`.
        for (let k = n.min; k < n.max; k++) {
          const split = this.emit(SPLIT);
          this.a[split] = this.pc;
          this.node(n.node);
          this.b[split] = this.pc;
        }
        return;
      }
    }
  }
}

function compileProgram(source: string): Program {
  const tree = new Parser(source).parse();
  const e = new Emitter();
  e.node(tree);
  e.emit(MATCH);
  return { op: Int32Array.from(e.op), a: Int32Array.from(e.a), b: Int32Array.from(e.b), classes: e.classes };
}

/** Runs the program over `text`, unanchored; true as soon as any thread reaches MATCH. */
function run(p: Program, text: string): boolean {
  const size = p.op.length;
  const { op, a, b, classes } = p;
  const n = text.length;
  let clist = new Int32Array(size);
  let nlist = new Int32Array(size);
  let ccount = 0;
  let ncount: number;
  const mark = new Int32Array(size).fill(-1);
  // Each instruction is expanded at most once per position and pushes at most two: 2 × size + 1 bounds the stack.
  const stack = new Int32Array(2 * size + 1);
  let gen = 0;
  let matched = false;

  /** Follows the ε-edges from `start` at position `pos`, adding the consuming states to `list`. */
  const add = (list: Int32Array, count: number, start: number, pos: number): number => {
    let sp = 0;
    stack[sp++] = start;
    while (sp > 0) {
      const pc = stack[--sp]!;
      if (mark[pc] === gen) continue;
      mark[pc] = gen;
      switch (op[pc]) {
        case JMP:
          stack[sp++] = a[pc]!;
          break;
        case SPLIT:
          stack[sp++] = b[pc]!;
          stack[sp++] = a[pc]!;
          break;
        case AT_START:
          if (pos === 0) stack[sp++] = pc + 1;
          break;
        case AT_END:
          if (pos === n) stack[sp++] = pc + 1;
          break;
        case MATCH:
          matched = true;
          break;
        default:
          list[count++] = pc;
      }
    }
    return count;
  };

  for (let pos = 0; ; pos++) {
    ccount = add(clist, ccount, 0, pos);
    if (matched) return true;
    if (pos === n) break;
    const c = text.charCodeAt(pos);
    gen++;
    ncount = 0;
    for (let k = 0; k < ccount; k++) {
      const pc = clist[k]!;
      const o = op[pc];
      const ok = o === CHAR ? a[pc] === c : o === ANY ? c !== 10 : o === CLASS ? c < 128 && classes[a[pc]!]![c] === 1 : false;
      if (ok) ncount = add(nlist, ncount, pc + 1, pos + 1);
      if (matched) return true;
    }
    const t = clist;
    clist = nlist;
    nlist = t;
    ccount = ncount;
  }
  return false;
}

const compiled = new Map<string, AsPathMatcher | null>();
const MAX_CACHED = 1024;

/**
 * The matcher for a VRP AS_PATH regular expression, or null when the
 * pattern is invalid or too large (the entry then matches no route).
 * Compiled once per distinct pattern text.
 */
export function compileAsPathRegex(source: string): AsPathMatcher | null {
  const hit = compiled.get(source);
  if (hit !== undefined) return hit;
  let matcher: AsPathMatcher | null;
  try {
    const program = compileProgram(source);
    matcher = (text) => run(program, text);
  } catch {
    matcher = null;
  }
  if (compiled.size >= MAX_CACHED) compiled.clear();
  compiled.set(source, matcher);
  return matcher;
}
