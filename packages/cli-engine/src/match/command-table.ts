import { expandSyntax, parseSyntax } from '../grammar/syntax.js';
import type { SyntaxElement } from '../grammar/syntax.js';
import { lexLine } from '../grammar/lexer.js';
import { paramHelpToken, parseParamValue } from '../grammar/param-types.js';
import type { LexToken, ParamValue } from '../grammar/param-types.js';
import type { CommandArgs, CommandDef, Level, ParamDef } from '../grammar/command-def.js';
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
  | { kind: 'rows'; rows: HelpRow[] }
  | { kind: 'words'; words: string[] }
  | { kind: 'error'; error: ParseErrorKind; offset: number };

/** VRP's limit on the length of one command line (reference §3.7). */
export const MAX_COMMAND_LENGTH = 3100;

/**
 * The compiled grammar of a device: every command's syntax lines expanded into
 * paths. Matching, `?` help and Tab completion walk the same paths, so they can
 * never disagree.
 */
export class CommandTable<Ctx> {
  private readonly paths: Path<Ctx>[] = [];
  private readonly keywordHelp = new Map<string, string>();

  constructor(commands: readonly CommandDef<Ctx>[]) {
    for (const command of commands) {
      const params = command.params ?? {};
      const names = new Set(Object.keys(params));
      const used = new Set<string>();
      for (const line of command.syntax) {
        for (const elements of expandSyntax(parseSyntax(line, names))) {
          for (const e of elements) if (e.kind === 'param') used.add(e.name);
          this.paths.push({ command, elements });
        }
      }
      for (const n of names) {
        if (!used.has(n)) throw new Error(`command ${command.id}: parameter ${n} appears in no syntax line`);
      }
      for (const [word, help] of Object.entries(command.keywords ?? {})) {
        if (!this.keywordHelp.has(word)) this.keywordHelp.set(word, help);
      }
    }
  }

  /** Every command, in declaration order (for generated documentation). */
  get commands(): CommandDef<Ctx>[] {
    return [...new Set(this.paths.map((p) => p.command))];
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
      if (words.length === 0) return { kind: 'error', error: 'unrecognized', offset: partial.start };
      return { kind: 'words', words: words.sort() };
    }
    const rows: HelpRow[] = [];
    const seen = new Set<string>();
    let canEnd = false;
    for (const p of walk.alive) {
      const e = p.elements[at];
      if (!e) {
        canEnd = true;
        continue;
      }
      const row =
        e.kind === 'keyword'
          ? { token: e.word, help: this.keywordHelp.get(e.word) ?? '' }
          : paramRow(p.command.params?.[e.name]);
      if (!seen.has(row.token)) {
        seen.add(row.token);
        rows.push(row);
      }
    }
    // Keywords first, alphabetically, then parameter tokens, then <cr> (VRP's order).
    rows.sort((a, b) => rank(a) - rank(b) || (rank(a) === 0 ? a.token.localeCompare(b.token) : 0));
    if (canEnd) rows.push({ token: '<cr>', help: '' });
    return { kind: 'rows', rows };
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

  private pathsIn(view: string, level: Level | null): Path<Ctx>[] {
    return this.paths.filter((p) => p.command.views.includes(view) && (level === null || p.command.level <= level));
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
          const def = p.command.params?.[e.name];
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

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function paramRow(def: ParamDef | undefined): HelpRow {
  return def ? { token: paramHelpToken(def.type), help: def.help } : { token: 'STRING', help: '' };
}

function rank(row: HelpRow): number {
  return /^[a-z]/.test(row.token) ? 0 : 1;
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
  path.elements.forEach((e, i) => {
    const tok = tokens[i]!;
    if (e.kind === 'keyword') keywords.push(e.word);
    else {
      const def = path.command.params?.[e.name];
      const v = def ? parseParamValue(def.type, tok) : undefined;
      if (v !== undefined) params[e.name] = v;
    }
  });
  return { params, keywords, undo: keywords[0] === 'undo', line };
}
