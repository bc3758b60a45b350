import { describe, expect, it } from 'vitest';
import { CommandTable, defineCommand, expandSyntax, parseSyntax, renderHelp } from '@bmp-lab/cli-engine';
import type { CommandArgs, MatchResult } from '@bmp-lab/cli-engine';

// VRP's repetition notation `&<min-max>`: a parameter or a group typed
// min to max times, any alternative each time.

type Ctx = Record<string, never>;
const none = () => {};

const AS = { type: { kind: 'as-number' }, help: 'AS number' } as const;
const table = new CommandTable<Ctx>([
  defineCommand<Ctx>({
    id: 'apply-community',
    summary: '',
    syntax: [
      'apply community { community-number | aa:nn | internet | no-advertise | no-export | no-export-subconfed } &<1-32> [ additive ]',
      'apply community none',
      'undo apply community',
    ],
    params: {
      'community-number': { type: { kind: 'integer', min: 0, max: 4294967295 }, help: 'Community number' },
      'aa:nn': { type: { kind: 'community' }, help: 'Community aa:nn' },
    },
    keywords: {
      apply: 'Apply',
      community: 'Community',
      internet: 'Internet',
      'no-advertise': 'No advertise',
      'no-export': 'No export',
      'no-export-subconfed': 'No export subconfed',
      additive: 'Additive',
      none: 'None',
      undo: 'Undo',
    },
    views: ['rp'],
    level: 2,
    run: none,
  }),
  defineCommand<Ctx>({
    id: 'apply-as-path',
    summary: '',
    syntax: ['apply as-path as-number &<1-3> { additive | overwrite }'],
    params: { 'as-number': AS },
    keywords: { apply: 'Apply', 'as-path': 'AS path', additive: 'Additive', overwrite: 'Overwrite' },
    views: ['rp'],
    level: 2,
    run: none,
  }),
  defineCommand<Ctx>({
    id: 'if-match-community-filter',
    summary: '',
    syntax: ['if-match community-filter { filter-number [ whole-match ] } &<1-16>', 'undo if-match community-filter [ filter-number ] &<1-16>'],
    params: { 'filter-number': { type: { kind: 'integer', min: 1, max: 99 }, help: 'Filter number' } },
    keywords: { 'if-match': 'Match', 'community-filter': 'Community filter', 'whole-match': 'Whole match', undo: 'Undo' },
    views: ['rp'],
    level: 2,
    run: none,
  }),
  defineCommand<Ctx>({
    id: 'names',
    summary: '',
    // Two string alternatives that accept the same words: the walk must not double its cursors per word.
    syntax: ['names { first-name | second-name } &<1-40>'],
    params: {
      'first-name': { type: { kind: 'string', min: 1, max: 10, caseSensitive: true }, help: 'A name' },
      'second-name': { type: { kind: 'string', min: 1, max: 10, caseSensitive: true }, help: 'Another name' },
    },
    keywords: { names: 'Names' },
    views: ['rp'],
    level: 2,
    run: none,
  }),
]);

function ok(line: string): CommandArgs {
  const r: MatchResult<Ctx> = table.match('rp', 3, line);
  if (r.kind !== 'ok') throw new Error(`expected a match for "${line}", got ${JSON.stringify(r)}`);
  return r.args;
}

describe('the &<min-max> notation', () => {
  it('keeps a repeated part as one element of its path (no expansion per count)', () => {
    const tree = parseSyntax('apply community { community-number | aa:nn | internet } &<1-32> [ additive ]', new Set(['community-number', 'aa:nn']));
    const paths = expandSyntax(tree);
    expect(paths).toHaveLength(2);
    expect(paths[0]![2]).toEqual({
      kind: 'repeat',
      min: 1,
      max: 32,
      index: 0,
      alternatives: [[{ kind: 'param', name: 'community-number' }], [{ kind: 'param', name: 'aa:nn' }], [{ kind: 'keyword', word: 'internet' }]],
    });
    // After `[ … ]` the repetition as a whole is optional.
    expect(expandSyntax(parseSyntax('x [ a | b ] &<1-20>', new Set()))).toHaveLength(2);
  });
  it('refuses a repetition of nothing, a bad range and a nested repetition', () => {
    expect(() => parseSyntax('&<1-2> x', new Set())).toThrow(/repeats nothing/);
    expect(() => parseSyntax('x y &<3-2>', new Set())).toThrow(/bad repetition/);
    expect(() => expandSyntax(parseSyntax('x { y &<1-2> } &<1-2>', new Set()))).toThrow(/another one/);
  });
});

describe('a keyword named like a parameter', () => {
  it('is a keyword where the parameter follows later, and at its first place in every line of the command', () => {
    const t = new CommandTable<Ctx>([
      defineCommand<Ctx>({
        id: 'apply-cost',
        summary: '',
        syntax: ['apply cost [ + | - ] cost', 'undo apply cost'],
        params: { cost: { type: { kind: 'integer', min: 0, max: 4294967295 }, help: 'Cost' } },
        keywords: { apply: 'Apply', cost: 'Cost', '+': 'Increase', '-': 'Decrease', undo: 'Undo' },
        views: ['rp'],
        level: 2,
        run: none,
      }),
    ]);
    const m = t.match('rp', 3, 'apply cost + 20');
    expect(m.kind === 'ok' && m.args).toMatchObject({ keywords: ['apply', 'cost', '+'], params: { cost: 20 } });
    const u = t.match('rp', 3, 'undo apply cost');
    expect(u.kind === 'ok' && u.args).toMatchObject({ keywords: ['undo', 'apply', 'cost'], params: {} });
    // The same parameter in two alternatives stays a parameter in both.
    expect(expandSyntax(parseSyntax('x { name | name other }', new Set(['name', 'other'])))).toEqual([
      [
        { kind: 'keyword', word: 'x' },
        { kind: 'param', name: 'name' },
      ],
      [
        { kind: 'keyword', word: 'x' },
        { kind: 'param', name: 'name' },
        { kind: 'param', name: 'other' },
      ],
    ]);
  });
});

describe('matching repetitions', () => {
  it('hands the repetitions to the handler in order, each with its own params and keywords', () => {
    const a = ok('apply community 100 1:2 no-export internet additive');
    expect(a.keywords).toEqual(['apply', 'community', 'additive']);
    expect(a.params).toEqual({});
    expect(a.repeats).toEqual([
      [
        { params: { 'community-number': 100 }, keywords: [] },
        { params: { 'aa:nn': '1:2' }, keywords: [] },
        { params: {}, keywords: ['no-export'] },
        { params: {}, keywords: ['internet'] },
      ],
    ]);
    expect(ok('apply community none').repeats).toEqual([]);
    expect(ok('apply as-path 200 1.10 overwrite').repeats).toEqual([
      [
        { params: { 'as-number': 200 }, keywords: [] },
        { params: { 'as-number': 65546 }, keywords: [] },
      ],
    ]);
  });
  it('takes alternatives of several words (`filter [ whole-match ]`)', () => {
    expect(ok('if-match community-filter 1 whole-match 2 3 w').repeats).toEqual([
      [
        { params: { 'filter-number': 1 }, keywords: ['whole-match'] },
        { params: { 'filter-number': 2 }, keywords: [] },
        { params: { 'filter-number': 3 }, keywords: ['whole-match'] },
      ],
    ]);
    // An optional repetition left out is an empty list.
    expect(ok('undo if-match community-filter').repeats).toEqual([[]]);
    expect(ok('undo if-match community-filter 5 6').repeats).toEqual([
      [
        { params: { 'filter-number': 5 }, keywords: [] },
        { params: { 'filter-number': 6 }, keywords: [] },
      ],
    ]);
  });
  it('abbreviates repeated keywords, and reports an ambiguous one', () => {
    expect(ok('apply community no-a').repeats[0]).toEqual([{ params: {}, keywords: ['no-advertise'] }]);
    // `no-export` is exact even though `no-export-subconfed` starts with it.
    expect(ok('apply community no-export').repeats[0]).toEqual([{ params: {}, keywords: ['no-export'] }]);
    expect(table.match('rp', 3, 'apply community no-e')).toEqual({ kind: 'error', error: 'ambiguous', offset: 16 });
  });
  it.each([
    ['apply community', 'incomplete', 16],
    ['apply as-path additive', 'wrong-parameter', 14],
    ['apply as-path 1 2', 'incomplete', 18],
    ['apply as-path 1 2 3 4 additive', 'too-many-parameters', 20],
    ['apply as-path 1 2 3 additive 4', 'too-many-parameters', 29],
    ['apply community 1:65536', 'wrong-parameter', 16],
    ['apply community 100 additive additive', 'too-many-parameters', 29],
    ['if-match community-filter whole-match', 'wrong-parameter', 26],
  ])('"%s" is %s at offset %i', (line, error, offset) => {
    expect(table.match('rp', 3, line)).toEqual({ kind: 'error', error, offset });
  });
  it('enforces max: 32 communities match, 33 do not', () => {
    const values = Array.from({ length: 33 }, (_, i) => String(i));
    expect(ok(`apply community ${values.slice(0, 32).join(' ')}`).repeats[0]).toHaveLength(32);
    const line = `apply community ${values.join(' ')}`;
    expect(table.match('rp', 3, line)).toEqual({ kind: 'error', error: 'too-many-parameters', offset: line.lastIndexOf(' 32') + 1 });
  });
  it('stays linear when alternatives accept the same words', () => {
    const words = Array.from({ length: 40 }, (_, i) => `n${i}`).join(' ');
    const started = Date.now();
    expect(ok(`names ${words}`).repeats[0]).toHaveLength(40);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('? help and Tab inside repetitions', () => {
  const help = (text: string) => renderHelp(table.help('rp', 3, text), 0);
  it('offers the alternatives, then again the alternatives plus what follows', () => {
    expect(help('apply community ')).toEqual([
      '  internet               Internet',
      '  no-advertise           No advertise',
      '  no-export              No export',
      '  no-export-subconfed    No export subconfed',
      '  none                   None',
      '  INTEGER<0-4294967295>  Community number',
      '  STRING<3-11>           Community aa:nn',
    ]);
  });
  it('after a value: the alternatives again, additive and <cr>', () => {
    const rows = help('apply community 100 ');
    expect(rows).toContain(' <cr>');
    expect(rows.some((r) => r.startsWith('  additive'))).toBe(true);
    expect(rows.some((r) => r.startsWith('  no-export '))).toBe(true);
    expect(rows.some((r) => r.startsWith('  none'))).toBe(false);
  });
  it('below min, no <cr> and nothing that follows', () => {
    expect(help('apply as-path ')).toEqual(['  INTEGER<1-4294967295>|STRING<3-11>  AS number']);
    const after = help('apply as-path 1 ');
    expect(after).toEqual(['  additive                            Additive', '  overwrite                           Overwrite', '  INTEGER<1-4294967295>|STRING<3-11>  AS number']);
    // At max, only what follows.
    expect(help('apply as-path 1 2 3 ')).toEqual(['  additive   Additive', '  overwrite  Overwrite']);
  });
  it('inside a multi-word alternative, what may follow the value', () => {
    const rows = help('if-match community-filter 1 ');
    expect(rows).toEqual(['  whole-match    Whole match', '  INTEGER<1-99>  Filter number', ' <cr>']);
  });
  it('completes repeated keywords with Tab', () => {
    expect(table.completions('rp', 3, 'apply community 100 no-export-s')).toEqual(['no-export-subconfed']);
    expect(table.completions('rp', 3, 'apply community 100 a')).toEqual(['additive']);
    expect(table.completions('rp', 3, 'apply community no-e')).toEqual(['no-export', 'no-export-subconfed']);
    expect(table.completions('rp', 3, 'apply as-path 1 2 3 ov')).toEqual(['overwrite']);
  });
});
