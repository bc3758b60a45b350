import { describe, expect, it } from 'vitest';
import { CommandTable, defineCommand, expandSyntax, parseSyntax, renderHelp, renderParseError } from '@bmp-lab/cli-engine';
import type { CommandArgs } from '@bmp-lab/cli-engine';

type Ctx = { ran: { id: string; args: CommandArgs }[] };
const record = (id: string) => (ctx: Ctx, args: CommandArgs) => void ctx.ran.push({ id, args });

const table = new CommandTable<Ctx>([
  defineCommand<Ctx>({
    id: 'bmp-session',
    summary: '',
    syntax: [
      'bmp-session [ vpn-instance vrf-name ] ipv4-address',
      'undo bmp-session [ vpn-instance vrf-name ] ipv4-address',
      'bmp-session [ vpn-instance vrf-name ] ipv4-address alias alias-name',
    ],
    params: {
      'vrf-name': { type: { kind: 'string', min: 1, max: 31, caseSensitive: true, forbidden: ['_public_'] }, help: 'VPN-Instance name' },
      'ipv4-address': { type: { kind: 'ipv4' }, help: 'IPv4 address' },
      'alias-name': { type: { kind: 'string', min: 1, max: 31, caseSensitive: true }, help: 'Alias name' },
    },
    keywords: { 'bmp-session': 'Set BMP session address', 'vpn-instance': 'VPN-Instance', alias: 'Alias', undo: 'Undo' },
    views: ['bmp'],
    level: 2,
    run: record('bmp-session'),
  }),
  defineCommand<Ctx>({
    id: 'bmp',
    summary: '',
    syntax: ['bmp'],
    keywords: { bmp: 'BMP' },
    views: ['bmp', 'system'],
    level: 2,
    run: record('bmp'),
  }),
  defineCommand<Ctx>({
    id: 'tcp',
    summary: '',
    syntax: ['tcp connect port port-number'],
    params: { 'port-number': { type: { kind: 'integer', min: 1, max: 65535 }, help: 'Port number' } },
    keywords: { tcp: 'TCP', connect: 'Connect', port: 'Port' },
    views: ['bmp'],
    level: 2,
    run: record('tcp'),
  }),
  defineCommand<Ctx>({
    id: 'display-cu',
    summary: '',
    syntax: ['display current-configuration', 'display configuration candidate'],
    keywords: { display: 'Display information', 'current-configuration': 'Current configuration', configuration: 'Configuration', candidate: 'Candidate' },
    views: ['bmp', 'system'],
    level: 3,
    outputFilter: true,
    run: record('display-cu'),
  }),
]);

describe('VRP syntax notation', () => {
  it('expands optional parts and choices into paths', () => {
    const names = new Set(['vrf-name', 'ipv4-address']);
    expect(expandSyntax(parseSyntax('bmp-session [ vpn-instance vrf-name ] ipv4-address', names))).toEqual([
      [
        { kind: 'keyword', word: 'bmp-session' },
        { kind: 'param', name: 'ipv4-address' },
      ],
      [
        { kind: 'keyword', word: 'bmp-session' },
        { kind: 'keyword', word: 'vpn-instance' },
        { kind: 'param', name: 'vrf-name' },
        { kind: 'param', name: 'ipv4-address' },
      ],
    ]);
    const routeMode = parseSyntax(
      'route-mode { { { ipv4-family | ipv6-family } unicast } | { ipv4-family labeled-unicast } } { adj-rib-in | adj-rib-out } { pre-policy | post-policy }',
      new Set(),
    );
    expect(expandSyntax(routeMode)).toHaveLength(12);
  });
  it('rejects unbalanced brackets in a declaration', () => {
    expect(() => parseSyntax('bmp-session [ vpn-instance', new Set())).toThrow(/missing "]"/);
    expect(() => parseSyntax('a ] b', new Set())).toThrow(/unexpected "]"/);
  });
});

describe('matching a line', () => {
  const ok = (line: string, level: 0 | 1 | 2 | 3 = 3) => {
    const r = table.match('bmp', level, line);
    if (r.kind !== 'ok') throw new Error(`expected a match for "${line}", got ${JSON.stringify(r)}`);
    return r;
  };
  it('takes parameters and unique keyword abbreviations, keywords in any case', () => {
    const r = ok('BMP-S vpn-i Red 10.1.1.1 al "two words"');
    expect(r.command.id).toBe('bmp-session');
    expect(r.args.params).toEqual({ 'vrf-name': 'Red', 'ipv4-address': '10.1.1.1', 'alias-name': 'two words' });
    expect(r.args.keywords).toEqual(['bmp-session', 'vpn-instance', 'alias']);
    expect(ok('undo bmp-session 10.1.1.1').args.undo).toBe(true);
    expect(ok('dis cu').command.id).toBe('display-cu');
  });
  it.each([
    ['bmp-session 10.1.1.256', 'wrong-parameter', 12],
    ['bmp-session vpn-instance _public_ 10.1.1.1', 'wrong-parameter', 25],
    ['bmp-session vpn-instance abcdefghijabcdefghijabcdefghijab 10.1.1.1', 'wrong-parameter', 25],
    ['tcp connect port 65536', 'wrong-parameter', 17],
    ['tcp connect port 0', 'wrong-parameter', 17],
    ['bmp-session', 'incomplete', 12],
    ['bmp-session   ', 'incomplete', 14],
    ['tcp connect', 'incomplete', 12],
    ['bmpx', 'unrecognized', 0],
    ['  nonsense here', 'unrecognized', 2],
    ['bmp now', 'too-many-parameters', 4],
    ['tcp connect port 1790 1791', 'too-many-parameters', 22],
    ['bmp-session 10.1.1.1 foo', 'unrecognized', 21],
    ['b', 'ambiguous', 0],
    ['dis c', 'ambiguous', 4],
  ])('"%s" is %s at offset %i', (line, error, offset) => {
    expect(table.match('bmp', 3, line)).toEqual({ kind: 'error', error, offset });
  });
  it('sees only the commands of the current view', () => {
    expect(table.match('system', 3, 'bmp-session 10.1.1.1')).toEqual({ kind: 'error', error: 'unrecognized', offset: 0 });
  });
  it('takes an output filter after a display command', () => {
    const r = ok('dis cu | inc "bmp session"');
    expect(r.args.keywords).toEqual(['display', 'current-configuration']);
    expect(r.args.filter).toEqual({ kind: 'include', pattern: 'bmp session' });
    expect(table.match('bmp', 3, 'dis cu |')).toEqual({ kind: 'error', error: 'incomplete', offset: 9 });
  });
  it('refuses a declaration whose keyword has no help text', () => {
    expect(() => new CommandTable<Ctx>([{ id: 'x', summary: '', syntax: ['x y'], keywords: { x: 'X' }, views: ['v'], level: 0, run: () => {} }])).toThrow(
      /keyword "y" has no help/,
    );
  });
  it('refuses a command above the user level', () => {
    expect(table.match('bmp', 2, 'display current-configuration').kind).toBe('no-permission');
  });
  it('renders the error with the caret counted from the prompt', () => {
    expect(renderParseError('incomplete', 13, 8)).toEqual(['                     ^', "Error: Incomplete command found at '^' position."]);
  });
});

describe('? help and Tab completion', () => {
  it('lists what may come next, keywords first, then values, then <cr>', () => {
    const help = table.help('bmp', 3, 'bmp-session 10.1.1.1 ');
    expect(renderHelp(help, 0)).toEqual(['  alias  Alias', ' <cr>']);
    expect(renderHelp(table.help('bmp', 3, 'bmp-session '), 0)).toEqual(['  vpn-instance  VPN-Instance', '  X.X.X.X       IPv4 address']);
    expect(renderHelp(table.help('bmp', 3, 'tcp connect port '), 0)).toEqual(['  INTEGER<1-65535>  Port number']);
  });
  it('prints the view header on an empty line, and a value row for a partial value', () => {
    expect(renderHelp(table.help('bmp', 3, ''), 0)[0]).toBe('Current view commands:');
    expect(renderHelp(table.help('bmp', 3, 'tcp connect port 17'), 0)).toEqual(['  INTEGER<1-65535>  Port number']);
    expect(renderHelp(table.help('bmp', 3, 'display current-configuration '), 0)).toEqual(['  |  Matching output', ' <cr>']);
  });
  it('lists the keywords a partial word may be, two to a line', () => {
    expect(renderHelp(table.help('bmp', 3, 'b'), 0)).toEqual(['  bmp                                     bmp-session']);
    expect(renderHelp(table.help('bmp', 3, 'zz'), 8)).toEqual(['        ^', "Error: Unrecognized command found at '^' position."]);
  });
  it('hides commands above the user level', () => {
    const words = table.help('bmp', 2, 'd');
    expect(words).toEqual({ kind: 'error', error: 'unrecognized', offset: 0 });
  });
  it('completes keywords', () => {
    expect(table.completions('bmp', 3, 'bmp-s')).toEqual(['bmp-session']);
    expect(table.completions('bmp', 3, 'b')).toEqual(['bmp', 'bmp-session']);
    expect(table.completions('bmp', 3, 'bmp-session 10.1.1.1 a')).toEqual(['alias']);
    expect(table.completions('bmp', 3, 'bmp-session ')).toEqual([]);
  });
});
