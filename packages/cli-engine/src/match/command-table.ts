import { expandSyntax, keywordFirstWords, parseSyntax } from '../grammar/syntax.js';
import type { SyntaxElement, SyntaxWord } from '../grammar/syntax.js';
import { lexLine } from '../grammar/lexer.js';
import { INTERFACE_TYPES, paramHelpToken, parseParamValue } from '../grammar/param-types.js';
import type { LexToken, ParamValue } from '../grammar/param-types.js';
import type { CommandArgs, CommandDef, Level, OutputFilter, ParamDef } from '../grammar/command-def.js';
import type { ParseErrorKind } from './parse-error.js';

/** One linear path of one command. */
interface Path<Ctx> {
  /** Position in the table, to tell cursors of different paths apart. */
  id: number;
  command: CommandDef<Ctx>;
  elements: readonly SyntaxElement[];
  /** How many repeated parts its syntax line has (the length of `CommandArgs.repeats`). */
  repeatCount: number;
}

/** Where a repeated word was matched: which `&<…>` part, which repetition of it. */
interface RepeatPlace {
  index: number;
  repetition: number;
}

/** The words matched so far, newest first (shared between cursors). */
interface Trail {
  word: SyntaxWord;
  place: RepeatPlace | null;
  prev: Trail | null;
}

/**
 * A position in one path after some words. Outside a repeated part only `pos`
 * matters; at a repeated part `count` repetitions are complete and, inside
 * one, `alt` is the alternative being typed and `at` the next word of it
 * (`alt` is -1 between repetitions).
 */
interface Cursor<Ctx> {
  path: Path<Ctx>;
  pos: number;
  count: number;
  alt: number;
  at: number;
  trail: Trail | null;
}

/** A word a cursor may take next, and the cursor after it. */
interface Step<Ctx> {
  word: SyntaxWord;
  next: Cursor<Ctx>;
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

export type HelpResult = { kind: 'rows'; rows: HelpRow[]; header?: string } | { kind: 'words'; words: string[] } | { kind: 'error'; error: ParseErrorKind; offset: number };

/** VRP's limit on the length of one command line (docs/vrp-behaviour.md §3.7). */
export const MAX_COMMAND_LENGTH = 3100;

/**
 * The header of `?` on an empty line (docs/vrp-behaviour.md §3.6, VRP8; VRP5's
 * `User view commands:` is not used).
 */
export const HELP_HEADER = 'Current view commands:';

/** The output-filter words every display command accepts (docs/vrp-behaviour.md §3.5). */
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
      const keywordFirst = keywordFirstWords(command.syntax, names);
      for (const line of command.syntax) {
        const tree = parseSyntax(line, names, keywordFirst);
        const repeatCount = countRepeats(tree);
        const add = (elements: SyntaxElement[]) => this.paths.push({ id: this.paths.length, command, elements, repeatCount });
        for (const elements of expandSyntax(tree)) {
          for (const w of elements.flatMap(wordsOf)) {
            if (w.kind === 'param') used.add(w.name);
            else if (!command.keywords[w.word]) {
              throw new Error(`command ${command.id}: keyword "${w.word}" has no help text`);
            }
          }
          add(elements);
          if (command.outputFilter) {
            for (const kind of ['begin', 'exclude', 'include']) {
              add([...elements, { kind: 'keyword', word: '|' }, { kind: 'keyword', word: kind }, { kind: 'param', name: FILTER_PARAM }]);
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
    const complete = walk.alive.filter(canEnd);
    const chosen = complete.find((c) => c.path.command.level <= level) ?? complete[0];
    if (!chosen) return { kind: 'error', error: 'incomplete', offset: incompleteOffset(line) };
    if (chosen.path.command.level > level) return { kind: 'no-permission', command: chosen.path.command };
    return { kind: 'ok', command: chosen.path.command, args: argsOf(chosen, tokens, line) };
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
    if (partial) {
      const prefix = partial.value.toLowerCase();
      const words = unique(walk.alive.flatMap(keywordsNext).filter((w) => w.startsWith(prefix)));
      if (words.length > 0) return { kind: 'words', words: words.sort() };
      // ⚠ INFERRED: a partial word where a value is expected shows that value's
      // row, as full help would (VRP prints the parameter's type token).
      const values = walk.alive.flatMap(stepsOf).filter((st) => st.word.kind === 'param');
      if (values.length > 0) return { kind: 'rows', rows: this.rowsOf(values, false).rows };
      return { kind: 'error', error: 'unrecognized', offset: partial.start };
    }
    const { rows, canEnd: ends } = this.rowsOf(walk.alive.flatMap(stepsOf), walk.alive.some(canEnd));
    if (ends) rows.push({ token: '<cr>', help: '' });
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
    return unique(walk.alive.flatMap(keywordsNext).filter((w) => w.startsWith(prefix))).sort();
  }

  /** Full-help rows for the words that may come next: keywords first, alphabetically, then value tokens (VRP's order). */
  private rowsOf(steps: readonly Step<Ctx>[], canEnd: boolean): { rows: HelpRow[]; canEnd: boolean } {
    const keywords: HelpRow[] = [];
    const values: HelpRow[] = [];
    const seen = new Set<string>();
    const add = (list: HelpRow[], row: HelpRow) => {
      if (seen.has(row.token)) return;
      seen.add(row.token);
      list.push(row);
    };
    for (const { word: e, next } of steps) {
      const command = next.path.command;
      if (e.kind === 'keyword') {
        add(keywords, { token: e.word, help: keywordHelp(command, e.word) });
        continue;
      }
      const def = paramDef(command, e.name);
      if (def?.type.kind === 'interface-type') {
        // The types are listed like keywords (`LoopBack  LoopBack interface`).
        for (const t of INTERFACE_TYPES) add(keywords, { token: t, help: `${t} interface` });
      } else add(values, paramRow(def));
    }
    keywords.sort((a, b) => compareWords(a.token, b.token));
    // `|` ends the list, after the values and before `<cr>` (docs/vrp-behaviour.md §3.6).
    const pipe = keywords.filter((r) => r.token === '|');
    return { rows: [...keywords.filter((r) => r.token !== '|'), ...values, ...pipe], canEnd };
  }

  private pathsIn(view: string, level: Level | null): Path<Ctx>[] {
    const all = this.byView.get(view) ?? [];
    return level === null ? all : all.filter((p) => p.command.level <= level);
  }

  /**
   * Advance through the words, keeping the cursors that still fit. Precedence
   * at each position (as FRR and VRP do it): an exact keyword, then a unique
   * keyword abbreviation, then a valid parameter value.
   */
  private walk(start: Path<Ctx>[], tokens: readonly LexToken[]): { kind: 'alive'; alive: Cursor<Ctx>[] } | { kind: 'error'; error: ParseErrorKind; offset: number } {
    let alive: Cursor<Ctx>[] = start.map((path) => ({ path, pos: 0, count: 0, alt: -1, at: 0, trail: null }));
    for (const tok of tokens) {
      const word = tok.value.toLowerCase();
      const exact: Step<Ctx>[] = [];
      const prefixed: Step<Ctx>[] = [];
      const values: Step<Ctx>[] = [];
      let ended = 0;
      let expectsValue = false;
      let overflow = false;
      for (const c of alive) {
        const steps = stepsOf(c);
        if (steps.length === 0) ended++;
        if (!overflow) overflow = pastMax(c, tok);
        for (const st of steps) {
          const e = st.word;
          if (e.kind === 'keyword') {
            if (tok.quoted) continue;
            if (e.word === word) exact.push(st);
            else if (e.word.startsWith(word)) prefixed.push(st);
          } else {
            expectsValue = true;
            const def = paramDef(c.path.command, e.name);
            if (def && parseParamValue(def.type, tok) !== undefined) values.push(st);
          }
        }
      }
      let taken: Step<Ctx>[];
      if (exact.length > 0) taken = exact;
      else if (prefixed.length > 0) {
        if (unique(prefixed.map((st) => (st.word as { word: string }).word)).length > 1) {
          return { kind: 'error', error: 'ambiguous', offset: tok.start };
        }
        taken = prefixed;
      } else if (values.length > 0) taken = values;
      else {
        // ⚠ INFERRED precedence of the error kinds: a word past the end of
        // every remaining path, or one more value than a repeated part takes,
        // is "too many parameters"; a word where a value was expected but does
        // not fit its rule is a "wrong parameter"; anything else is an
        // unknown keyword.
        const error: ParseErrorKind = (alive.length > 0 && ended === alive.length) || overflow ? 'too-many-parameters' : expectsValue ? 'wrong-parameter' : 'unrecognized';
        return { kind: 'error', error, offset: tok.start };
      }
      // Two ways into the same place of a path lead on identically: keep one,
      // so repeated alternatives that accept the same word cannot multiply.
      const seen = new Set<string>();
      alive = [];
      for (const { next } of taken) {
        const key = `${next.path.id}:${next.pos}:${next.count}:${next.alt}:${next.at}`;
        if (seen.has(key)) continue;
        seen.add(key);
        alive.push(next);
      }
    }
    return { kind: 'alive', alive };
  }
}

/** The words of an element (a repeated part has those of all its alternatives). */
function wordsOf(e: SyntaxElement): SyntaxWord[] {
  return e.kind === 'repeat' ? e.alternatives.flat() : [e];
}

function countRepeats(node: ReturnType<typeof parseSyntax>): number {
  switch (node.kind) {
    case 'keyword':
    case 'param':
      return 0;
    case 'repeat':
      return 1 + countRepeats(node.body);
    case 'seq':
      return node.items.reduce((n, i) => n + countRepeats(i), 0);
    case 'choice':
      return node.options.reduce((n, i) => n + countRepeats(i), 0);
  }
}

/** The cursor at the start of element `pos`. */
function at<Ctx>(c: Cursor<Ctx>, pos: number, trail: Trail | null): Cursor<Ctx> {
  return { path: c.path, pos, count: 0, alt: -1, at: 0, trail };
}

/** Every word the cursor may take next, with the cursor after it. */
function stepsOf<Ctx>(c: Cursor<Ctx>): Step<Ctx>[] {
  const e = c.path.elements[c.pos];
  if (!e) return [];
  if (e.kind !== 'repeat') return [{ word: e, next: at(c, c.pos + 1, { word: e, place: null, prev: c.trail }) }];
  const place: RepeatPlace = { index: e.index, repetition: c.count };
  const take = (alt: number, i: number): Step<Ctx> => {
    const word = e.alternatives[alt]![i]!;
    const trail: Trail = { word, place, prev: c.trail };
    const done = i + 1 === e.alternatives[alt]!.length;
    const next: Cursor<Ctx> = done ? { path: c.path, pos: c.pos, count: c.count + 1, alt: -1, at: 0, trail } : { path: c.path, pos: c.pos, count: c.count, alt, at: i + 1, trail };
    return { word, next };
  };
  // Inside a repetition: the rest of its alternative.
  if (c.alt >= 0) return [take(c.alt, c.at)];
  const steps: Step<Ctx>[] = [];
  // Between repetitions: another one (any alternative) while below max,
  // or, from min on, whatever follows the repeated part.
  if (c.count < e.max) e.alternatives.forEach((_, alt) => steps.push(take(alt, 0)));
  if (c.count >= e.min) steps.push(...stepsOf(at(c, c.pos + 1, c.trail)));
  return steps;
}

/** Whether the line may end here. */
function canEnd<Ctx>(c: Cursor<Ctx>): boolean {
  const e = c.path.elements[c.pos];
  if (!e) return true;
  return e.kind === 'repeat' && c.alt < 0 && c.count >= e.min && canEnd(at(c, c.pos + 1, c.trail));
}

/** The cursor has taken a repeated part `max` times and the word would have started one more repetition. */
function pastMax<Ctx>(c: Cursor<Ctx>, tok: LexToken): boolean {
  const e = c.path.elements[c.pos];
  if (!e || e.kind !== 'repeat' || c.alt >= 0 || c.count < e.max) return false;
  const word = tok.value.toLowerCase();
  return e.alternatives.some(([first]) => {
    if (first!.kind === 'keyword') return !tok.quoted && first!.word.startsWith(word);
    const def = paramDef(c.path.command, first!.name);
    return def !== undefined && parseParamValue(def.type, tok) !== undefined;
  });
}

function keywordsNext<Ctx>(c: Cursor<Ctx>): string[] {
  return stepsOf(c).flatMap((st) => (st.word.kind === 'keyword' ? [st.word.word] : []));
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

/** Alphabetical, ignoring case; `|` sorts after the words (docs/vrp-behaviour.md §3.6: `|` then `<cr>` end the list). */
function compareWords(a: string, b: string): number {
  if (a === '|' || b === '|') return a === b ? 0 : a === '|' ? 1 : -1;
  return a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0;
}

function paramRow(def: ParamDef | undefined): HelpRow {
  return def ? { token: paramHelpToken(def.type), help: def.help } : { token: 'STRING', help: '' };
}

/**
 * The caret of "Incomplete command" sits one column past the last word, or at
 * the end of the input when trailing spaces reach further (docs/vrp-behaviour.md §3.8).
 */
function incompleteOffset(line: string): number {
  return Math.max(line.trimEnd().length + 1, line.length);
}

function argsOf<Ctx>(c: Cursor<Ctx>, tokens: readonly LexToken[], line: string): CommandArgs {
  const words: { word: SyntaxWord; place: RepeatPlace | null }[] = [];
  for (let t = c.trail; t; t = t.prev) words.push(t);
  words.reverse();
  const command = c.path.command;
  const params: Record<string, ParamValue> = {};
  const keywords: string[] = [];
  const repeats: { params: Record<string, ParamValue>; keywords: string[] }[][] = Array.from({ length: c.path.repeatCount }, () => []);
  let filter: OutputFilter | undefined;
  const pipe = words.findIndex((w) => w.word.kind === 'keyword' && w.word.word === '|');
  words.forEach(({ word: e, place }, i) => {
    if (pipe >= 0 && i >= pipe) return;
    let into: { params: Record<string, ParamValue>; keywords: string[] } = { params, keywords };
    if (place) {
      const list = repeats[place.index]!;
      into = list[place.repetition] ??= { params: {}, keywords: [] };
    }
    if (e.kind === 'keyword') into.keywords.push(e.word);
    else {
      const def = paramDef(command, e.name);
      const v = def ? parseParamValue(def.type, tokens[i]!) : undefined;
      if (v !== undefined) into.params[e.name] = v;
    }
  });
  if (pipe >= 0) {
    const kind = (words[pipe + 1]!.word as { word: OutputFilter['kind'] }).word;
    filter = { kind, pattern: tokens[pipe + 2]!.value };
  }
  const args: CommandArgs = { params, keywords, repeats: repeats, undo: keywords[0] === 'undo', line };
  return filter ? { ...args, filter } : args;
}
