import { expandSyntax, parseSyntax } from '../grammar/syntax.js';
import type { SyntaxElement } from '../grammar/syntax.js';
import { lexLine } from '../grammar/lexer.js';
import { INTERFACE_TYPES, paramHelpToken, parseParamValue } from '../grammar/param-types.js';
import type { LexToken, ParamValue } from '../grammar/param-types.js';
import type { CommandArgs, CommandDef, Level, OutputFilter, ParamDef } from '../grammar/command-def.js';
import type { ParseErrorKind } from './parse-error.js';

/** One linear path of one command. */
interface Path<Ctx> {
  command: CommandDef<Ctx>;
  elements: readonly SyntaxElement[];
}

export type MatchResult<Ctx> =
  | { kind: 'empty' }
  | { kind: 'ok'; command: CommandDef<Ctx>; args: CommandArgs }
  | { kind: 'error'; error: ParseErrorKind; offset: number }
  | { kind: 'no-permission'; command: CommandDef<Ctx> };

export interface HelpRow {
  /** Keyword, type token (`X.X.X.X`, `INTEGER<1-65535>`) or `<cr>`. */
  token: string;
  help: string;
}

export type HelpResult =
  | { kind: 'rows'; rows: HelpRow[]; header?: string }
  | { kind: 'words'; words: string[] }
  | { kind: 'error'; error: ParseErrorKind; offset: number };

/** VRP's limit on the length of one command line (reference §3.7). */
export const MAX_COMMAND_LENGTH = 3100;

/**
 * The header of `?` on an empty line (reference §3.6, VRP8; VRP5's
 * `User view commands:` is not used).
 */
export const HELP_HEADER = 'Current view commands:';

/** The output-filter words every display command accepts (reference §3.5). */
const FILTER_KEYWORDS: Readonly<Record<string, string>> = {
  // ⚠ INFERRED help strings: the reference gives the filters, not their `?` text.
  '|': 'Matching output',
  begin: 'Begin with the line that matches',
  exclude: 'Match the lines that do not contain the regular expression',
  include: 'Match the lines that contain the regular expression',
};
const FILTER_PARAM = 'regular-expression';
const FILTER_PARAM_DEF: ParamDef = {
  type: { kind: 'string', min: 1, max: 255, caseSensitive: true },
  help: 'A regular expression',
};

/**
 * The compiled grammar of a device: every command's syntax lines expanded into
 * paths. Matching, `?` help and Tab completion walk the same paths, so they can
 * never disagree.
 */
export class CommandTable<Ctx> {
  private readonly paths: Path<Ctx>[] = [];
  private readonly byView = new Map<string, Path<Ctx>[]>();
  private readonly declared: CommandDef<Ctx>[] = [];

  constructor(commands: readonly CommandDef<Ctx>[]) {
    for (const command of commands) {
      this.declared.push(command);
      const params = command.params ?? {};
      const names = new Set(Object.keys(params));
      const used = new Set<string>();
      for (const line of command.syntax) {
        for (const elements of expandSyntax(parseSyntax(line, names))) {
          for (const e of elements) {
            if (e.kind === 'param') used.add(e.name);
            else if (!command.keywords[e.word]) {
              throw new Error(`command ${command.id}: keyword "${e.word}" has no help text`);
            }
          }
          this.paths.push({ command, elements });
          if (command.outputFilter) {
            for (const kind of ['begin', 'exclude', 'include']) {
              this.paths.push({
                command,
                elements: [...elements, { kind: 'keyword', word: '|' }, { kind: 'keyword', word: kind }, { kind: 'param', name: FILTER_PARAM }],
              });
            }
          }
        }
      }
      for (const n of names) {
        if (!used.has(n)) throw new Error(`command ${command.id}: parameter ${n} appears in no syntax line`);
      }
    }
    for (const p of this.paths) {
      for (const view of p.command.views) {
        let list = this.byView.get(view);
        if (!list) this.byView.set(view, (list = []));
        list.push(p);
      }
    }
  }

  /** Every command, in declaration order (for generated documentation). */
  get commands(): CommandDef<Ctx>[] {
    return [...this.declared];
  }

  /** Match a whole line typed in `view` by a user of `level`. */
  match(view: string, level: Level, line: string): MatchResult<Ctx> {
    const tokens = lexLine(line);
    if (tokens.length === 0) return { kind: 'empty' };
    const walk = this.walk(this.pathsIn(view, null), tokens);
    if (walk.kind === 'error') return walk;
    const complete = walk.alive.filter((p) => p.elements.length === tokens.length);
    const chosen = complete.find((p) => p.command.level <= level) ?? complete[0];
    if (!chosen) return { kind: 'error', error: 'incomplete', offset: incompleteOffset(line) };
    if (chosen.command.level > level) return { kind: 'no-permission', command: chosen.command };
    return { kind: 'ok', command: chosen.command, args: argsOf(chosen, tokens, line) };
  }

  /**
   * `?` help for the text before the cursor: after a space, what may come next
   * (full help); right after a word, the keywords that word may abbreviate
   * (partial help).
   */
  help(view: string, level: Level, text: string): HelpResult {
    const tokens = lexLine(text);
    const partial = text.length > 0 && !text.endsWith(' ') ? tokens.pop() : undefined;
    const walk = this.walk(this.pathsIn(view, level), tokens);
    if (walk.kind === 'error') return walk;
    const at = tokens.length;
    if (partial) {
      const prefix = partial.value.toLowerCase();
      const words = unique(walk.alive.flatMap((p) => keywordAt(p, at)).filter((w) => w.startsWith(prefix)));
      if (words.length > 0) return { kind: 'words', words: words.sort() };
      // ⚠ INFERRED: a partial word where a value is expected shows that value's
      // row, as full help would (VRP prints the parameter's type token).
      const values = walk.alive.filter((p) => p.elements[at]?.kind === 'param');
      if (values.length > 0) return { kind: 'rows', rows: this.rowsAt(values, at).rows };
      return { kind: 'error', error: 'unrecognized', offset: partial.start };
    }
    const { rows, canEnd } = this.rowsAt(walk.alive, at);
    if (canEnd) rows.push({ token: '<cr>', help: '' });
    return text.trim() === '' ? { kind: 'rows', rows, header: HELP_HEADER } : { kind: 'rows', rows };
  }

  /** Keywords that the last word of `text` may complete to (Tab); empty when none or after a space. */
  completions(view: string, level: Level, text: string): string[] {
    if (text.length === 0 || text.endsWith(' ')) return [];
    const tokens = lexLine(text);
    const partial = tokens.pop();
    if (!partial || partial.quoted) return [];
    const walk = this.walk(this.pathsIn(view, level), tokens);
    if (walk.kind === 'error') return [];
    const prefix = partial.value.toLowerCase();
    return unique(walk.alive.flatMap((p) => keywordAt(p, tokens.length)).filter((w) => w.startsWith(prefix))).sort();
  }

  /** Full-help rows for position `at`: keywords first, alphabetically, then value tokens (VRP's order). */
  private rowsAt(alive: readonly Path<Ctx>[], at: number): { rows: HelpRow[]; canEnd: boolean } {
    const keywords: HelpRow[] = [];
    const values: HelpRow[] = [];
    const seen = new Set<string>();
    let canEnd = false;
    const add = (list: HelpRow[], row: HelpRow) => {
      if (seen.has(row.token)) return;
      seen.add(row.token);
      list.push(row);
    };
    for (const p of alive) {
      const e = p.elements[at];
      if (!e) {
        canEnd = true;
        continue;
      }
      if (e.kind === 'keyword') {
        add(keywords, { token: e.word, help: keywordHelp(p.command, e.word) });
        continue;
      }
      const def = paramDef(p.command, e.name);
      if (def?.type.kind === 'interface-type') {
        // The types are listed like keywords (`LoopBack  LoopBack interface`).
        for (const t of INTERFACE_TYPES) add(keywords, { token: t, help: `${t} interface` });
      } else add(values, paramRow(def));
    }
    keywords.sort((a, b) => compareWords(a.token, b.token));
    // `|` ends the list, after the values and before `<cr>` (reference §3.6).
    const pipe = keywords.filter((r) => r.token === '|');
    return { rows: [...keywords.filter((r) => r.token !== '|'), ...values, ...pipe], canEnd };
  }

  private pathsIn(view: string, level: Level | null): Path<Ctx>[] {
    const all = this.byView.get(view) ?? [];
    return level === null ? all : all.filter((p) => p.command.level <= level);
  }

  /**
   * Advance through the words, keeping the paths that still fit. Precedence at
   * each position (as FRR and VRP do it): an exact keyword, then a unique
   * keyword abbreviation, then a valid parameter value.
   */
  private walk(
    start: Path<Ctx>[],
    tokens: readonly LexToken[],
  ): { kind: 'alive'; alive: Path<Ctx>[] } | { kind: 'error'; error: ParseErrorKind; offset: number } {
    let alive = start;
    for (const [i, tok] of tokens.entries()) {
      const word = tok.value.toLowerCase();
      const exact: Path<Ctx>[] = [];
      const prefixed: Path<Ctx>[] = [];
      const values: Path<Ctx>[] = [];
      let ended = 0;
      let expectsValue = false;
      for (const p of alive) {
        const e = p.elements[i];
        if (!e) ended++;
        else if (e.kind === 'keyword') {
          if (tok.quoted) continue;
          if (e.word === word) exact.push(p);
          else if (e.word.startsWith(word)) prefixed.push(p);
        } else {
          expectsValue = true;
          const def = paramDef(p.command, e.name);
          if (def && parseParamValue(def.type, tok) !== undefined) values.push(p);
        }
      }
      if (exact.length > 0) alive = exact;
      else if (prefixed.length > 0) {
        if (unique(prefixed.map((p) => keywordAt(p, i)).flat()).length > 1) {
          return { kind: 'error', error: 'ambiguous', offset: tok.start };
        }
        alive = prefixed;
      } else if (values.length > 0) alive = values;
      else {
        // ⚠ INFERRED precedence of the error kinds: a word past the end of
        // every remaining path is "too many parameters"; a word where a value
        // was expected but does not fit its rule is a "wrong parameter";
        // anything else is an unknown keyword.
        const error: ParseErrorKind =
          alive.length > 0 && ended === alive.length ? 'too-many-parameters' : expectsValue ? 'wrong-parameter' : 'unrecognized';
        return { kind: 'error', error, offset: tok.start };
      }
    }
    return { kind: 'alive', alive };
  }
}

function keywordAt<Ctx>(p: Path<Ctx>, i: number): string[] {
  const e = p.elements[i];
  return e && e.kind === 'keyword' ? [e.word] : [];
}

function keywordHelp<Ctx>(command: CommandDef<Ctx>, word: string): string {
  return command.keywords[word] ?? FILTER_KEYWORDS[word] ?? '';
}

function paramDef<Ctx>(command: CommandDef<Ctx>, name: string): ParamDef | undefined {
  return command.params?.[name] ?? (name === FILTER_PARAM ? FILTER_PARAM_DEF : undefined);
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

/** Alphabetical, ignoring case; `|` sorts after the words (reference §3.6: `|` then `<cr>` end the list). */
function compareWords(a: string, b: string): number {
  if (a === '|' || b === '|') return a === b ? 0 : a === '|' ? 1 : -1;
  return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
}

function paramRow(def: ParamDef | undefined): HelpRow {
  return def ? { token: paramHelpToken(def.type), help: def.help } : { token: 'STRING', help: '' };
}

/**
 * The caret of "Incomplete command" sits one column past the last word, or at
 * the end of the input when trailing spaces reach further (reference §3.8).
 */
function incompleteOffset(line: string): number {
  return Math.max(line.trimEnd().length + 1, line.length);
}

function argsOf<Ctx>(path: Path<Ctx>, tokens: readonly LexToken[], line: string): CommandArgs {
  const params: Record<string, ParamValue> = {};
  const keywords: string[] = [];
  let filter: OutputFilter | undefined;
  const pipe = path.elements.findIndex((e) => e.kind === 'keyword' && e.word === '|');
  path.elements.forEach((e, i) => {
    const tok = tokens[i]!;
    if (pipe >= 0 && i >= pipe) return;
    if (e.kind === 'keyword') keywords.push(e.word);
    else {
      const def = paramDef(path.command, e.name);
      const v = def ? parseParamValue(def.type, tok) : undefined;
      if (v !== undefined) params[e.name] = v;
    }
  });
  if (pipe >= 0) {
    const kind = (path.elements[pipe + 1] as { word: OutputFilter['kind'] }).word;
    filter = { kind, pattern: tokens[pipe + 2]!.value };
  }
  const args: CommandArgs = { params, keywords, undo: keywords[0] === 'undo', line };
  return filter ? { ...args, filter } : args;
}
