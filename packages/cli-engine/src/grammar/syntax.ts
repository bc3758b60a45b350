/**
 * VRP command-syntax notation, as Huawei's command pages write it:
 *
 *   bmp-session [ vpn-instance vrf-name ] ipv4-address [ alias alias-name ]
 *   route-mode { ipv4-family | ipv6-family } unicast { adj-rib-in | adj-rib-out } { pre-policy | post-policy }
 *
 * `[ … ]` is optional, `{ a | b }` is a choice, `[ a | b ]` an optional choice.
 * On the page keywords are bold and parameters italic; in plain text we tell
 * them apart by the declaration's parameter table: a word that names a declared
 * parameter is a parameter, every other word is a keyword. The command word
 * itself (the first word, or the one after `undo`) is always a keyword, as in
 * `screen-length screen-length temporary`, and so is a word the parameter of
 * the same name follows later in the same sequence (`peer ipv4-address
 * as-number as-number`, `apply cost [ + | - ] cost`); the same parameter in
 * two alternatives of a choice stays a parameter in both. Such a word is a
 * keyword at its first place in every syntax line of the command
 * (`undo apply cost`): pass them as `keywordFirst` (see `keywordFirstWords`).
 *
 * `&<min-max>` after a parameter or a `{ … }` / `[ … ]` group repeats it:
 * `apply as-path as-number &<1-128> { additive | overwrite }` takes 1 to 128
 * AS numbers, `apply community { community-number | aa:nn | internet } &<1-32>`
 * 1 to 32 communities, each any of the alternatives. After `[ … ]` the whole
 * repetition is optional (0, or min to max values).
 */

export type SyntaxNode =
  | { kind: 'keyword'; word: string }
  | { kind: 'param'; name: string }
  | { kind: 'seq'; items: SyntaxNode[] }
  | { kind: 'choice'; options: SyntaxNode[]; optional: boolean }
  /** `body &<min-max>`; `index` numbers the repetitions of one syntax line from 0, left to right. */
  | { kind: 'repeat'; body: SyntaxNode; min: number; max: number; index: number };

export class SyntaxError extends Error {
  constructor(
    readonly syntax: string,
    message: string,
  ) {
    super(`${message} in syntax "${syntax}"`);
    this.name = 'SyntaxError';
  }
}

function tokensOf(syntax: string): string[] {
  return syntax
    .trim()
    .split(/\s+/)
    .filter((t) => t.length > 0);
}

/** Whether the word at `at` comes again further on in its own sequence (groups in between skipped, not entered). */
function occursLater(tokens: readonly string[], at: number): boolean {
  let depth = 0;
  for (let k = at + 1; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t === '[' || t === '{') depth++;
    else if (t === ']' || t === '}') {
      if (depth === 0) return false;
      depth--;
    } else if (t === '|') {
      if (depth === 0) return false;
    } else if (depth === 0 && t === tokens[at]) return true;
  }
  return false;
}

/** The parameter names that some syntax line of a command uses as a keyword first (`cost [ + | - ] cost`). */
export function keywordFirstWords(lines: readonly string[], paramNames: ReadonlySet<string>): Set<string> {
  const words = new Set<string>();
  for (const line of lines) {
    const tokens = tokensOf(line);
    tokens.forEach((t, i) => {
      if (paramNames.has(t) && occursLater(tokens, i)) words.add(t);
    });
  }
  return words;
}

/** Parse one syntax line into a tree. Throws SyntaxError: a bad declaration is a programmer error. */
export function parseSyntax(syntax: string, paramNames: ReadonlySet<string>, keywordFirst: ReadonlySet<string> = new Set()): SyntaxNode {
  const tokens = tokensOf(syntax);
  let pos = 0;
  let repeats = 0;
  const seen = new Set<string>();

  function parseSeq(closers: readonly string[]): SyntaxNode {
    const items: SyntaxNode[] = [];
    while (pos < tokens.length && !closers.includes(tokens[pos]!)) {
      const t = tokens[pos]!;
      const rep = /^&<(\d+)-(\d+)>$/.exec(t);
      if (rep) {
        pos++;
        const last = items.pop();
        const min = Number(rep[1]);
        const max = Number(rep[2]);
        if (!last || last.kind === 'seq' || last.kind === 'repeat') throw new SyntaxError(syntax, `"${t}" repeats nothing`);
        if (min < 1 || max < min) throw new SyntaxError(syntax, `bad repetition "${t}"`);
        const index = repeats++;
        if (last.kind === 'choice' && last.optional) {
          // `[ a | b ] &<1-20>`: nothing, or 1 to 20 of a and b.
          const body: SyntaxNode = { kind: 'choice', options: last.options, optional: false };
          items.push({ kind: 'choice', options: [{ kind: 'repeat', body, min, max, index }], optional: true });
        } else items.push({ kind: 'repeat', body: last, min, max, index });
      } else if (t === '[' || t === '{') {
        pos++;
        items.push(parseGroup(t === '[' ? ']' : '}'));
      } else if (t === ']' || t === '}' || t === '|') {
        throw new SyntaxError(syntax, `unexpected "${t}"`);
      } else {
        // A keyword named like its parameter comes first: `as-number as-number`,
        // `route-distinguisher route-distinguisher`, `cost [ + | - ] cost`.
        const first = occursLater(tokens, pos) || (keywordFirst.has(t) && !seen.has(t));
        const commandWord = pos === 0 || (pos === 1 && tokens[0] === 'undo');
        seen.add(t);
        pos++;
        const param = paramNames.has(t) && !commandWord && !first;
        items.push(param ? { kind: 'param', name: t } : { kind: 'keyword', word: t.toLowerCase() });
      }
    }
    return items.length === 1 ? items[0]! : { kind: 'seq', items };
  }

  function parseGroup(closer: ']' | '}'): SyntaxNode {
    const options: SyntaxNode[] = [];
    for (;;) {
      options.push(parseSeq(['|', closer]));
      const t = tokens[pos];
      if (t === undefined) throw new SyntaxError(syntax, `missing "${closer}"`);
      pos++;
      if (t === closer) break;
    }
    return { kind: 'choice', options, optional: closer === ']' };
  }

  const root = parseSeq([]);
  if (pos !== tokens.length) throw new SyntaxError(syntax, `unexpected "${tokens[pos]}"`);
  return root;
}

/** One word of a path: a keyword or a parameter. */
export type SyntaxWord = { kind: 'keyword'; word: string } | { kind: 'param'; name: string };

/**
 * One element of a linear path: a word, or a repeated part whose body is
 * itself expanded into alternatives (each a non-empty run of words), taken
 * `min` to `max` times, any alternative each time.
 */
export type SyntaxElement = SyntaxWord | { kind: 'repeat'; alternatives: SyntaxWord[][]; min: number; max: number; index: number };

/**
 * Every linear path through the tree. VRP commands are short, so expanding the
 * optional parts and choices into paths (a handful, at most a few dozen per
 * command) keeps matching, help and completion one simple walk. A repeated
 * part stays one element of its path: expanding `{ 6 alternatives } &<1-32>`
 * would make 6^32 paths, so the matcher walks repetitions instead.
 */
export function expandSyntax(node: SyntaxNode): SyntaxElement[][] {
  switch (node.kind) {
    case 'keyword':
    case 'param':
      return [[node]];
    case 'repeat': {
      const alternatives = expandSyntax(node.body).map((path) =>
        path.map((e) => {
          if (e.kind === 'repeat') throw new Error('a repetition cannot contain another one');
          return e;
        }),
      );
      if (alternatives.some((a) => a.length === 0)) throw new Error('a repeated part cannot be empty');
      return [[{ kind: 'repeat', alternatives, min: node.min, max: node.max, index: node.index }]];
    }
    case 'seq':
      return node.items.reduce<SyntaxElement[][]>((paths, item) => paths.flatMap((p) => expandSyntax(item).map((tail) => [...p, ...tail])), [[]]);
    case 'choice': {
      const paths = node.options.flatMap(expandSyntax);
      return node.optional ? [[], ...paths] : paths;
    }
  }
}
