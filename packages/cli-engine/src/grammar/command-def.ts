import type { ParamType, ParamValue } from './param-types.js';

/** Privilege levels 0–3 of VRP's default scheme (visit, monitoring, configuration, management). */
export type Level = 0 | 1 | 2 | 3;

export interface ParamDef {
  type: ParamType;
  /** Description `?` shows beside the type token. */
  help: string;
}

/**
 * One VRP command, declared once, shaped like its Huawei command page. Parsing,
 * `?` help, Tab completion, `undo` and the generated command table all derive
 * from this declaration.
 */
export interface CommandDef<Ctx> {
  /** Stable id, named like the command (`bmp-session`). */
  id: string;
  /** "Function" of the command page: one sentence, used in generated docs. */
  summary: string;
  /**
   * The "Format" lines exactly as the page writes them, `undo` forms included
   * (`undo bmp-session [ vpn-instance vrf-name ] ipv4-address`).
   */
  syntax: readonly string[];
  /** The "Parameters" table: every italic word of the syntax. */
  params?: Readonly<Record<string, ParamDef>>;
  /**
   * Help text `?` shows for every keyword of the syntax lines (the table
   * refuses a declaration that leaves one out).
   */
  keywords: Readonly<Record<string, string>>;
  /** The "Views" of the page (ids of the view tree). */
  views: readonly string[];
  /** The "Default Level" of the page. */
  level: Level;
  /** A display command: its output may be filtered with `| begin|exclude|include regular-expression`. */
  outputFilter?: boolean;
  run(ctx: Ctx, args: CommandArgs): void;
}

/** One repetition of a repeated part (`&<min-max>`): what was typed for it. */
export interface Repetition {
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Its keywords, spelled out in full. */
  readonly keywords: readonly string[];
}

/** What a matched line gives a handler: parameter values and the keywords typed, in full. */
export interface CommandArgs {
  /** Parameters outside repeated parts. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Keywords of the matched path outside repeated parts, in order, spelled out in full (abbreviations expanded). */
  readonly keywords: readonly string[];
  /**
   * The repeated parts of the matched syntax line, in the order their
   * `&<min-max>` marks appear in it (`repeats[0]` is the first): each the
   * repetitions typed, in order. A repeated part left out (inside `[ ]`) is
   * an empty list. `apply as-path 200 300 additive` gives
   * `[[{ params: { 'as-number': 200 } }, { params: { 'as-number': 300 } }]]`.
   */
  readonly repeats: readonly (readonly Repetition[])[];
  /** True for an `undo` form. */
  readonly undo: boolean;
  /** The line as typed. */
  readonly line: string;
  /** The output filter typed after `|` (display commands). */
  readonly filter?: OutputFilter;
}

/** `| begin|exclude|include regular-expression` (docs/vrp-behaviour.md §3.5). */
export interface OutputFilter {
  kind: 'begin' | 'exclude' | 'include';
  pattern: string;
}

/** Identity helper that keeps the context type when declaring commands. */
export function defineCommand<Ctx>(def: CommandDef<Ctx>): CommandDef<Ctx> {
  return def;
}
