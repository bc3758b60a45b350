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
 * `screen-length screen-length temporary`, and so is a word followed by the
 * parameter of the same name (`peer ipv4-address as-number as-number`).
 */

export type SyntaxNode =
  | { kind: 'keyword'; word: string }
  | { kind: 'param'; name: string }
  | { kind: 'seq'; items: SyntaxNode[] }
  | { kind: 'choice'; options: SyntaxNode[]; optional: boolean };

export class SyntaxError extends Error {
  constructor(
    readonly syntax: string,
    message: string,
  ) {
    super(`${message} in syntax "${syntax}"`);
    this.name = 'SyntaxError';
  }
}

/** Parse one syntax line into a tree. Throws SyntaxError: a bad declaration is a programmer error. */
export function parseSyntax(syntax: string, paramNames: ReadonlySet<string>): SyntaxNode {
  const tokens = syntax.trim().split(/\s+/).filter((t) => t.length > 0);
  let pos = 0;

  function parseSeq(closers: readonly string[]): SyntaxNode {
    const items: SyntaxNode[] = [];
    while (pos < tokens.length && !closers.includes(tokens[pos]!)) {
      const t = tokens[pos]!;
      if (t === '[' || t === '{') {
        pos++;
        items.push(parseGroup(t === '[' ? ']' : '}'));
      } else if (t === ']' || t === '}' || t === '|') {
        throw new SyntaxError(syntax, `unexpected "${t}"`);
      } else {
        // A keyword named like its parameter comes first: `as-number as-number`,
        // `route-distinguisher route-distinguisher`.
        const keywordFirst = tokens[pos + 1] === t;
        const commandWord = pos === 0 || (pos === 1 && tokens[0] === 'undo');
        pos++;
        const param = paramNames.has(t) && !commandWord && !keywordFirst;
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

/** One linear path through a syntax tree: the words a complete command line has, in order. */
export type SyntaxElement = { kind: 'keyword'; word: string } | { kind: 'param'; name: string };

/**
 * Every linear path through the tree. VRP commands are short, so expanding the
 * optional parts and choices into paths (a handful, at most a few dozen per
 * command) keeps matching, help and completion one simple walk.
 */
export function expandSyntax(node: SyntaxNode): SyntaxElement[][] {
  switch (node.kind) {
    case 'keyword':
    case 'param':
      return [[node]];
    case 'seq':
      return node.items.reduce<SyntaxElement[][]>(
        (paths, item) => paths.flatMap((p) => expandSyntax(item).map((tail) => [...p, ...tail])),
        [[]],
      );
    case 'choice': {
      const paths = node.options.flatMap(expandSyntax);
      return node.optional ? [[], ...paths] : paths;
    }
  }
}
