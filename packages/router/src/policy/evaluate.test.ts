import { describe, expect, it } from 'vitest';
import type { AsPathSegment, PathAttribute } from '@bmp-lab/codec';
import { asPathText, chainFingerprint, compileChain } from './evaluate.js';
import type { PolicyChain, PolicyVerdict, RouteFilter } from './evaluate.js';
import type { AsPathFilterEntry, CommunityFilterEntry, IpPrefixEntry, PolicyApply, PolicyConfig, PolicyMatch, RoutePolicyNode } from './policy-config.js';

// ---- helpers ---------------------------------------------------------------

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}

/** A frozen attributes array: any mutation by the engine throws. */
function attrs(opts: { path?: AsPathSegment[] | null; med?: number; lp?: number; communities?: string[]; extra?: PathAttribute[] } = {}): readonly PathAttribute[] {
  const a: PathAttribute[] = [{ type: 'origin', value: 'igp' }];
  if (opts.path !== null) a.push({ type: 'asPath', segments: opts.path ?? [{ type: 'sequence', asns: [200] }] });
  a.push({ type: 'nextHop', value: '10.2.2.2' });
  if (opts.med !== undefined) a.push({ type: 'multiExitDisc', value: opts.med });
  if (opts.lp !== undefined) a.push({ type: 'localPref', value: opts.lp });
  if (opts.communities) a.push({ type: 'communities', values: opts.communities });
  if (opts.extra) a.push(...opts.extra);
  return deepFreeze(a);
}

function seq(...asns: number[]): AsPathSegment {
  return { type: 'sequence', asns };
}

let idx = 0;
function pe(action: 'permit' | 'deny', address: string, maskLength: number, more: Partial<IpPrefixEntry> = {}): IpPrefixEntry {
  return { index: (idx += 10), action, address, maskLength, ...more };
}

function node(n: number, action: 'permit' | 'deny', matches: PolicyMatch[] = [], applies: PolicyApply[] = []): RoutePolicyNode {
  return { node: n, action, matches, applies };
}

function filter(config: PolicyConfig, chain: PolicyChain): RouteFilter {
  const f = compileChain(deepFreeze(config), chain);
  if (!f) throw new Error('expected a filter');
  return f;
}

function permitted(v: PolicyVerdict): readonly PathAttribute[] {
  if (!v.permit) throw new Error('expected permit');
  return v.attributes;
}

function get<T extends PathAttribute['type']>(a: readonly PathAttribute[], type: T): Extract<PathAttribute, { type: T }> | undefined {
  return a.find((x) => x.type === type) as Extract<PathAttribute, { type: T }> | undefined;
}

/** Which of the prefixes the list `P` permits. */
function passing(entries: IpPrefixEntry[], prefixes: string[]): string[] {
  const f = filter({ ipPrefixes: [{ name: 'P', entries }] }, { ipPrefix: 'P' });
  const a = attrs();
  return prefixes.filter((p) => f(p, a).permit);
}

/** A route-policy `RP` with one permit node matching `m`, over the given filters. */
function policyWith(config: PolicyConfig, m: PolicyMatch[]): RouteFilter {
  return filter({ ...config, routePolicies: [{ name: 'RP', nodes: [node(10, 'permit', m)] }] }, { routePolicy: 'RP' });
}

const ANY = '1.2.3.0/24';

// ---- IP prefix lists ---------------------------------------------------------

describe('ip ip-prefix', () => {
  const probes = ['10.0.0.0/8', '10.1.0.0/16', '10.1.1.0/20', '10.1.1.0/24', '10.1.1.0/25', '10.1.1.1/32', '11.0.0.0/24', '10.0.0.0/7', '0.0.0.0/0'];

  it('without bounds matches only the configured length', () => {
    expect(passing([pe('permit', '10.1.1.0', 24)], probes)).toEqual(['10.1.1.0/24']);
  });

  it('greater-equal alone means [ge, 32]', () => {
    expect(passing([pe('permit', '10.0.0.0', 8, { greaterEqual: 24 })], probes)).toEqual(['10.1.1.0/24', '10.1.1.0/25', '10.1.1.1/32']);
  });

  it('less-equal alone means [mask-length, le]', () => {
    expect(passing([pe('permit', '10.0.0.0', 8, { lessEqual: 16 })], probes)).toEqual(['10.0.0.0/8', '10.1.0.0/16']);
  });

  it('both bounds mean [ge, le]', () => {
    expect(passing([pe('permit', '10.0.0.0', 8, { greaterEqual: 16, lessEqual: 24 })], probes)).toEqual(['10.1.0.0/16', '10.1.1.0/20', '10.1.1.0/24']);
  });

  it('0.0.0.0 0 less-equal 32 matches every route; 0.0.0.0 0 only the default route', () => {
    expect(passing([pe('permit', '0.0.0.0', 0, { lessEqual: 32 })], probes)).toEqual(probes);
    expect(passing([pe('permit', '0.0.0.0', 0)], probes)).toEqual(['0.0.0.0/0']);
  });

  it('compares only the first mask-length bits of the configured address', () => {
    expect(passing([pe('permit', '10.1.1.77', 24)], probes)).toEqual(['10.1.1.0/24']);
  });

  it('the first matching entry decides, by index', () => {
    const entries = [
      { ...pe('permit', '0.0.0.0', 0, { lessEqual: 32 }), index: 20 },
      { ...pe('deny', '10.1.0.0', 16, { greaterEqual: 24 }), index: 10 },
    ];
    expect(passing(entries, ['10.1.1.0/24', '10.1.0.0/16', '10.2.1.0/24'])).toEqual(['10.1.0.0/16', '10.2.1.0/24']);
  });

  it('a route no entry matches is denied', () => {
    expect(passing([pe('deny', '10.0.0.0', 8, { lessEqual: 32 })], probes)).toEqual([]);
    expect(passing([pe('permit', '192.168.0.0', 16)], probes)).toEqual([]);
  });

  it('match-network selects by destination address, any length', () => {
    const probes2 = ['0.1.2.0/24', '0.0.0.0/8', '0.255.255.255/32', '1.0.0.0/8'];
    expect(passing([pe('permit', '0.0.0.0', 8, { matchNetwork: true })], probes2)).toEqual(['0.1.2.0/24', '0.0.0.0/8', '0.255.255.255/32']);
    expect(passing([pe('permit', '0.0.0.0', 8)], probes2)).toEqual(['0.0.0.0/8']);
  });

  it('an unparsable prefix matches no entry', () => {
    expect(passing([pe('permit', '0.0.0.0', 0, { lessEqual: 32 })], ['10.0.0/8', '10.0.0.0', '2001:db8::/32', '10.0.0.0/33'])).toEqual([]);
  });
});

// ---- AS-path filters ---------------------------------------------------------

describe('ip as-path-filter', () => {
  const rules = (...e: [string, 'permit' | 'deny'][]): AsPathFilterEntry[] => e.map(([regex, action], i) => ({ index: (i + 1) * 10, action, regex }));
  const through = (rx: string): RouteFilter => policyWith({ asPathFilters: [{ name: 'A', entries: rules([rx, 'permit']) }] }, [{ kind: 'as-path-filter', names: ['A'] }]);

  it('`_200_` matches AS 200 anywhere, not ASNs containing 200', () => {
    const f = through('_200_');
    expect(f(ANY, attrs({ path: [seq(100, 200, 300)] })).permit).toBe(true);
    expect(f(ANY, attrs({ path: [seq(200)] })).permit).toBe(true);
    expect(f(ANY, attrs({ path: [seq(1200, 300)] })).permit).toBe(false);
    expect(f(ANY, attrs({ path: [seq(100, 2001)] })).permit).toBe(false);
  });

  it('`_` also matches the braces and commas of an AS_SET and the parentheses of a confederation', () => {
    const path: AsPathSegment[] = [{ type: 'confedSequence', asns: [65001, 65002] }, seq(100), { type: 'set', asns: [300, 400] }];
    expect(asPathText(path)).toBe('(65001 65002) 100 {300,400}');
    for (const asn of [65001, 65002, 100, 300, 400]) expect(through(`_${asn}_`)(ANY, attrs({ path })).permit).toBe(true);
    expect(through('_30_')(ANY, attrs({ path })).permit).toBe(false);
  });

  it('`^$` matches the empty AS_PATH (and a route without one), nothing else', () => {
    const f = through('^$');
    expect(f(ANY, attrs({ path: [] })).permit).toBe(true);
    expect(f(ANY, attrs({ path: null })).permit).toBe(true);
    expect(f(ANY, attrs({ path: [seq(100)] })).permit).toBe(false);
  });

  it('the first matching rule decides; no match is deny', () => {
    const config: PolicyConfig = { asPathFilters: [{ name: 'A', entries: rules(['_666_', 'deny'], ['.*', 'permit']) }] };
    const f = policyWith(config, [{ kind: 'as-path-filter', names: ['A'] }]);
    expect(f(ANY, attrs({ path: [seq(100, 666)] })).permit).toBe(false);
    expect(f(ANY, attrs({ path: [seq(100)] })).permit).toBe(true);
    const onlyDeny = policyWith({ asPathFilters: [{ name: 'A', entries: rules(['_666_', 'deny']) }] }, [{ kind: 'as-path-filter', names: ['A'] }]);
    expect(onlyDeny(ANY, attrs({ path: [seq(100)] })).permit).toBe(false);
  });

  it('an invalid regular expression matches nothing and does not throw', () => {
    const config: PolicyConfig = { asPathFilters: [{ name: 'A', entries: rules(['(100', 'deny'], ['^100', 'permit']) }] };
    const f = policyWith(config, [{ kind: 'as-path-filter', names: ['A'] }]);
    expect(() => f(ANY, attrs({ path: [seq(100)] }))).not.toThrow();
    expect(f(ANY, attrs({ path: [seq(100)] })).permit).toBe(true);
    expect(through('[')(ANY, attrs({ path: [seq(100)] })).permit).toBe(false);
  });

  it('several filters in one if-match are alternatives', () => {
    const config: PolicyConfig = {
      asPathFilters: [
        { name: 'A', entries: rules(['^100_', 'permit']) },
        { name: 'B', entries: rules(['^200_', 'permit']) },
      ],
    };
    const f = policyWith(config, [{ kind: 'as-path-filter', names: ['A', 'B'] }]);
    expect(f(ANY, attrs({ path: [seq(200)] })).permit).toBe(true);
    expect(f(ANY, attrs({ path: [seq(300)] })).permit).toBe(false);
  });
});

// ---- community filters ---------------------------------------------------------

describe('ip community-filter basic', () => {
  const cf = (...e: [string[], 'permit' | 'deny'][]): CommunityFilterEntry[] => e.map(([communities, action], i) => ({ index: (i + 1) * 10, action, communities }));
  const through = (entries: CommunityFilterEntry[], wholeMatch = false): RouteFilter =>
    policyWith({ communityFilters: [{ name: 'C', entries }] }, [{ kind: 'community-filter', names: ['C'], wholeMatch }]);

  it('a rule matches when the route carries every listed community', () => {
    const f = through(cf([['100:1', '200:2'], 'permit']));
    expect(f(ANY, attrs({ communities: ['300:3', '200:2', '100:1'] })).permit).toBe(true);
    expect(f(ANY, attrs({ communities: ['100:1'] })).permit).toBe(false);
    expect(f(ANY, attrs()).permit).toBe(false);
  });

  it('whole-match asks for exactly the listed communities', () => {
    const f = through(cf([['100:1', '200:2'], 'permit']), true);
    expect(f(ANY, attrs({ communities: ['200:2', '100:1'] })).permit).toBe(true);
    expect(f(ANY, attrs({ communities: ['100:1', '200:2', '300:3'] })).permit).toBe(false);
    expect(f(ANY, attrs({ communities: ['100:1'] })).permit).toBe(false);
  });

  it('internet matches every route, with or without communities', () => {
    for (const whole of [false, true]) {
      const f = through(cf([['internet'], 'permit']), whole);
      expect(f(ANY, attrs()).permit).toBe(true);
      expect(f(ANY, attrs({ communities: ['1:1'] })).permit).toBe(true);
    }
  });

  it('well-known names and plain numbers are RFC 1997 values', () => {
    expect(through(cf([['no-export'], 'permit']))(ANY, attrs({ communities: ['65535:65281'] })).permit).toBe(true);
    expect(through(cf([['no-advertise'], 'permit']))(ANY, attrs({ communities: ['65535:65282'] })).permit).toBe(true);
    expect(through(cf([['no-export-subconfed'], 'permit']))(ANY, attrs({ communities: ['65535:65283'] })).permit).toBe(true);
    expect(through(cf([['no-export'], 'permit']))(ANY, attrs({ communities: ['65535:65282'] })).permit).toBe(false);
    expect(through(cf([['6553601'], 'permit']))(ANY, attrs({ communities: ['100:1'] })).permit).toBe(true);
  });

  it('the first matching rule decides; no match is deny', () => {
    const f = through(cf([['100:1'], 'deny'], [['internet'], 'permit']));
    expect(f(ANY, attrs({ communities: ['100:1', '7:7'] })).permit).toBe(false);
    expect(f(ANY, attrs({ communities: ['7:7'] })).permit).toBe(true);
    expect(through(cf([['100:1'], 'deny']))(ANY, attrs({ communities: ['7:7'] })).permit).toBe(false);
  });
});

// ---- route-policy ---------------------------------------------------------------

describe('route-policy', () => {
  const lp = (value: number): PolicyApply => ({ kind: 'local-preference', value });
  const prefixes: PolicyConfig['ipPrefixes'] = [
    { name: 'TEN', entries: [pe('permit', '10.0.0.0', 8, { lessEqual: 32 })] },
    { name: 'TWENTY', entries: [pe('permit', '20.0.0.0', 8, { lessEqual: 32 })] },
  ];

  it('tries nodes in ascending order; the first matching permit node applies', () => {
    const f = filter({ routePolicies: [{ name: 'RP', nodes: [node(20, 'permit', [], [lp(200)]), node(10, 'permit', [], [lp(100)])] }] }, { routePolicy: 'RP' });
    expect(get(permitted(f(ANY, attrs())), 'localPref')?.value).toBe(100);
  });

  it('a matching deny node denies, even if a later node would permit', () => {
    const config: PolicyConfig = {
      ipPrefixes: prefixes,
      routePolicies: [{ name: 'RP', nodes: [node(10, 'deny', [{ kind: 'ip-prefix', name: 'TEN' }]), node(20, 'permit')] }],
    };
    const f = filter(config, { routePolicy: 'RP' });
    expect(f('10.1.0.0/16', attrs()).permit).toBe(false);
    expect(f('20.1.0.0/16', attrs()).permit).toBe(true);
  });

  it('a route no node matches is denied', () => {
    const config: PolicyConfig = { ipPrefixes: prefixes, routePolicies: [{ name: 'RP', nodes: [node(10, 'permit', [{ kind: 'ip-prefix', name: 'TEN' }])] }] };
    expect(filter(config, { routePolicy: 'RP' })('20.1.0.0/16', attrs()).permit).toBe(false);
  });

  it('a node without if-match matches every route', () => {
    const f = filter({ routePolicies: [{ name: 'RP', nodes: [node(10, 'permit')] }] }, { routePolicy: 'RP' });
    expect(f('10.0.0.0/8', attrs()).permit).toBe(true);
    expect(f('0.0.0.0/0', attrs({ path: [] })).permit).toBe(true);
  });

  it('clauses on different attributes must all hold; on the same attribute any may', () => {
    const config: PolicyConfig = {
      ipPrefixes: prefixes,
      asPathFilters: [{ name: 'A', entries: [{ index: 10, action: 'permit', regex: '^200_' }] }],
      communityFilters: [
        { name: 'C1', entries: [{ index: 10, action: 'permit', communities: ['1:1'] }] },
        { name: 'C2', entries: [{ index: 10, action: 'permit', communities: ['2:2'] }] },
      ],
    };
    const and = policyWith(config, [
      { kind: 'ip-prefix', name: 'TEN' },
      { kind: 'as-path-filter', names: ['A'] },
    ]);
    expect(and('10.0.0.0/8', attrs({ path: [seq(200)] })).permit).toBe(true);
    expect(and('20.0.0.0/8', attrs({ path: [seq(200)] })).permit).toBe(false);
    expect(and('10.0.0.0/8', attrs({ path: [seq(300)] })).permit).toBe(false);
    const or = policyWith(config, [
      { kind: 'community-filter', names: ['C1'] },
      { kind: 'community-filter', names: ['C2'] },
    ]);
    expect(or(ANY, attrs({ communities: ['2:2'] })).permit).toBe(true);
    expect(or(ANY, attrs({ communities: ['1:1'] })).permit).toBe(true);
    expect(or(ANY, attrs({ communities: ['3:3'] })).permit).toBe(false);
  });

  it('an if-match naming a filter that does not exist matches every route', () => {
    for (const m of [
      { kind: 'ip-prefix', name: 'NOPE' },
      { kind: 'as-path-filter', names: ['NOPE'] },
      { kind: 'community-filter', names: ['NOPE'], wholeMatch: true },
    ] satisfies PolicyMatch[]) {
      const f = policyWith({}, [m]);
      expect(f('10.0.0.0/8', attrs({ path: [seq(7)] })).permit).toBe(true);
    }
    // One missing filter among several in the same if-match: the clause holds.
    const config: PolicyConfig = { asPathFilters: [{ name: 'A', entries: [{ index: 10, action: 'permit', regex: '^999$' }] }] };
    expect(policyWith(config, [{ kind: 'as-path-filter', names: ['A', 'NOPE'] }])(ANY, attrs()).permit).toBe(true);
    expect(policyWith(config, [{ kind: 'as-path-filter', names: ['A'] }])(ANY, attrs()).permit).toBe(false);
  });
});

// ---- apply clauses ----------------------------------------------------------------

describe('apply', () => {
  const run = (applies: PolicyApply[], input: readonly PathAttribute[]): readonly PathAttribute[] =>
    permitted(filter({ routePolicies: [{ name: 'RP', nodes: [node(10, 'permit', [], applies)] }] }, { routePolicy: 'RP' })(ANY, input));
  const codes = (a: readonly PathAttribute[]): string[] => a.map((x) => x.type);

  it('local-preference sets LOCAL_PREF, inserted in type-code order', () => {
    const input = attrs({ med: 5, communities: ['1:1'] });
    const out = run([{ kind: 'local-preference', value: 300 }], input);
    expect(get(out, 'localPref')?.value).toBe(300);
    expect(codes(out)).toEqual(['origin', 'asPath', 'nextHop', 'multiExitDisc', 'localPref', 'communities']);
    expect(get(run([{ kind: 'local-preference', value: 50 }], attrs({ lp: 100 })), 'localPref')?.value).toBe(50);
  });

  it('cost sets the MED; + and - adjust it within 0..4294967295', () => {
    expect(get(run([{ kind: 'cost', value: 30 }], attrs({ med: 5 })), 'multiExitDisc')?.value).toBe(30);
    expect(get(run([{ kind: 'cost', value: 30, op: '+' }], attrs({ med: 5 })), 'multiExitDisc')?.value).toBe(35);
    expect(get(run([{ kind: 'cost', value: 3, op: '-' }], attrs({ med: 5 })), 'multiExitDisc')?.value).toBe(2);
    expect(get(run([{ kind: 'cost', value: 30, op: '-' }], attrs({ med: 5 })), 'multiExitDisc')?.value).toBe(0);
    expect(get(run([{ kind: 'cost', value: 10, op: '+' }], attrs({ med: 4294967290 })), 'multiExitDisc')?.value).toBe(4294967295);
    const added = run([{ kind: 'cost', value: 10, op: '+' }], attrs());
    expect(get(added, 'multiExitDisc')?.value).toBe(10);
    expect(codes(added)).toEqual(['origin', 'asPath', 'nextHop', 'multiExitDisc']);
  });

  it('community replaces the communities (once each, ascending)', () => {
    const out = run([{ kind: 'community', values: ['300:3', '100:1', 'no-export', '6553601'], additive: false }], attrs({ communities: ['9:9'] }));
    expect(get(out, 'communities')?.values).toEqual(['100:1', '300:3', '65535:65281']);
  });

  it('community additive adds without duplicates; adding nothing new changes nothing', () => {
    const input = attrs({ communities: ['300:3', '100:1'] });
    expect(get(run([{ kind: 'community', values: ['200:2', '100:1'], additive: true }], input), 'communities')?.values).toEqual(['100:1', '200:2', '300:3']);
    expect(run([{ kind: 'community', values: ['100:1'], additive: true }], input)).toBe(input);
    const fresh = run([{ kind: 'community', values: ['5:5'], additive: true }], attrs({ med: 1 }));
    expect(codes(fresh)).toEqual(['origin', 'asPath', 'nextHop', 'multiExitDisc', 'communities']);
  });

  it('community none removes the communities', () => {
    const out = run([{ kind: 'community-none' }], attrs({ communities: ['1:1'] }));
    expect(get(out, 'communities')).toBeUndefined();
    const without = attrs();
    expect(run([{ kind: 'community-none' }], without)).toBe(without);
  });

  it('as-path additive prepends, merging into the first AS_SEQUENCE', () => {
    const out = run([{ kind: 'as-path', asns: [100, 101], mode: 'additive' }], attrs({ path: [seq(200, 300), { type: 'set', asns: [7, 8] }] }));
    expect(get(out, 'asPath')?.segments).toEqual([seq(100, 101, 200, 300), { type: 'set', asns: [7, 8] }]);
    const beforeSet = run([{ kind: 'as-path', asns: [100], mode: 'additive' }], attrs({ path: [{ type: 'set', asns: [7, 8] }] }));
    expect(get(beforeSet, 'asPath')?.segments).toEqual([seq(100), { type: 'set', asns: [7, 8] }]);
    const local = run([{ kind: 'as-path', asns: [100], mode: 'additive' }], attrs({ path: [] }));
    expect(get(local, 'asPath')?.segments).toEqual([seq(100)]);
  });

  it('as-path additive splits segments above 255 ASNs', () => {
    const long = Array.from({ length: 250 }, (_, i) => 1000 + i);
    const prepend = Array.from({ length: 10 }, (_, i) => 1 + i);
    const out = get(run([{ kind: 'as-path', asns: prepend, mode: 'additive' }], attrs({ path: [seq(...long)] })), 'asPath')!.segments;
    expect(out.map((s) => s.asns.length)).toEqual([5, 255]);
    expect(out.every((s) => s.type === 'sequence')).toBe(true);
    expect(out.flatMap((s) => s.asns)).toEqual([...prepend, ...long]);
  });

  it('as-path overwrite replaces the AS_PATH with one AS_SEQUENCE', () => {
    const out = run([{ kind: 'as-path', asns: [65000, 65001], mode: 'overwrite' }], attrs({ path: [seq(1, 2), { type: 'set', asns: [3] }] }));
    expect(get(out, 'asPath')?.segments).toEqual([seq(65000, 65001)]);
  });

  it('as-path none overwrite clears the AS_PATH', () => {
    const out = run([{ kind: 'as-path', asns: [], mode: 'overwrite' }], attrs({ path: [seq(1, 2)] }));
    expect(get(out, 'asPath')?.segments).toEqual([]);
  });

  it('as-path delete removes every listed AS, and a segment left empty', () => {
    const out = run([{ kind: 'as-path', asns: [2, 7, 8], mode: 'delete' }], attrs({ path: [seq(1, 2, 3, 2), { type: 'set', asns: [7, 8] }] }));
    expect(get(out, 'asPath')?.segments).toEqual([seq(1, 3)]);
    const untouched = attrs({ path: [seq(1, 3)] });
    expect(run([{ kind: 'as-path', asns: [9], mode: 'delete' }], untouched)).toBe(untouched);
  });

  it('origin sets ORIGIN', () => {
    expect(get(run([{ kind: 'origin', value: 'incomplete' }], attrs()), 'origin')?.value).toBe('incomplete');
  });

  it('applies several clauses in order without touching the input', () => {
    const input = attrs({ med: 1, communities: ['1:1'] });
    const snapshot = JSON.stringify(input);
    const out = run(
      [
        { kind: 'community', values: ['2:2'], additive: true },
        { kind: 'cost', value: 9, op: '+' },
        { kind: 'local-preference', value: 120 },
        { kind: 'origin', value: 'egp' },
      ],
      input,
    );
    expect(JSON.stringify(input)).toBe(snapshot);
    expect(codes(out)).toEqual(['origin', 'asPath', 'nextHop', 'multiExitDisc', 'localPref', 'communities']);
    expect(get(out, 'multiExitDisc')?.value).toBe(10);
    // Attributes the clauses leave alone keep their objects.
    expect(get(out, 'nextHop')).toBe(get(input, 'nextHop'));
  });

  it('keeps unusual flags but drops the usual ones', () => {
    const input = deepFreeze([...attrs(), { type: 'communities', values: ['1:1'], flags: 0xe0 } satisfies PathAttribute]);
    const out = run([{ kind: 'community', values: ['2:2'], additive: true }], input);
    expect(get(out, 'communities')).toEqual({ type: 'communities', values: ['1:1', '2:2'], flags: 0xe0 });
  });
});

// ---- chains ------------------------------------------------------------------------

describe('chains', () => {
  const config: PolicyConfig = {
    ipPrefixes: [
      { name: 'FAMILY', entries: [pe('deny', '10.9.0.0', 16, { lessEqual: 32 }), pe('permit', '0.0.0.0', 0, { lessEqual: 32 })] },
      { name: 'PEER', entries: [pe('deny', '10.8.0.0', 16, { lessEqual: 32 }), pe('permit', '0.0.0.0', 0, { lessEqual: 32 })] },
    ],
    routePolicies: [
      {
        name: 'RP',
        nodes: [node(10, 'deny', [{ kind: 'ip-prefix', name: 'SEVEN' }]), node(20, 'permit', [], [{ kind: 'local-preference', value: 250 }])],
      },
    ],
  };
  (config.ipPrefixes ??= []).push({ name: 'SEVEN', entries: [pe('permit', '10.7.0.0', 16, { lessEqual: 32 })] });
  const chain: PolicyChain = { filterPolicy: 'FAMILY', ipPrefix: 'PEER', routePolicy: 'RP' };

  it('an empty chain compiles to null', () => {
    expect(compileChain(config, {})).toBeNull();
  });

  it('any stage denying denies; attributes come from the route-policy', () => {
    const f = filter(config, chain);
    expect(f('10.9.1.0/24', attrs()).permit).toBe(false);
    expect(f('10.8.1.0/24', attrs()).permit).toBe(false);
    expect(f('10.7.1.0/24', attrs()).permit).toBe(false);
    expect(get(permitted(f('10.6.1.0/24', attrs())), 'localPref')?.value).toBe(250);
  });

  it('each stage alone', () => {
    expect(filter(config, { filterPolicy: 'FAMILY' })('10.8.1.0/24', attrs()).permit).toBe(true);
    expect(filter(config, { ipPrefix: 'PEER' })('10.9.1.0/24', attrs()).permit).toBe(true);
    expect(filter(config, { ipPrefix: 'PEER' })('10.8.1.0/24', attrs()).permit).toBe(false);
    expect(filter(config, { routePolicy: 'RP' })('10.9.1.0/24', attrs()).permit).toBe(true);
  });

  it('a missing route-policy or prefix list is skipped; all missing is no policy', () => {
    const input = attrs();
    const f = filter(config, { filterPolicy: 'FAMILY', ipPrefix: 'NOPE', routePolicy: 'NOPE' });
    expect(f('10.8.1.0/24', input)).toEqual({ permit: true, attributes: input });
    expect(permitted(f('10.8.1.0/24', input))).toBe(input);
    expect(f('10.9.1.0/24', input).permit).toBe(false);
    expect(compileChain(config, { filterPolicy: 'NOPE', ipPrefix: 'NOPE', routePolicy: 'NOPE' })).toBeNull();
    expect(compileChain({ ipPrefixes: [{ name: 'EMPTY', entries: [] }], routePolicies: [{ name: 'EMPTY', nodes: [] }] }, { ipPrefix: 'EMPTY', routePolicy: 'EMPTY' })).toBeNull();
  });
});

// ---- identity of outputs -------------------------------------------------------------

describe('output arrays', () => {
  const config: PolicyConfig = {
    routePolicies: [
      {
        name: 'RP',
        nodes: [node(10, 'permit', [{ kind: 'community-filter', names: ['KEEP'] }]), node(20, 'permit', [], [{ kind: 'local-preference', value: 150 }])],
      },
    ],
    communityFilters: [{ name: 'KEEP', entries: [{ index: 10, action: 'permit', communities: ['9:9'] }] }],
  };

  it('the same input array gives the same output array, for every route sharing it', () => {
    const f = filter(config, { routePolicy: 'RP' });
    const shared = attrs();
    const a = permitted(f('10.0.0.0/24', shared));
    const b = permitted(f('10.0.1.0/24', shared));
    expect(a).not.toBe(shared);
    expect(b).toBe(a);
    expect(f('10.0.2.0/24', shared)).toBe(f('10.0.3.0/24', shared));
    // Another array with the same content is another input.
    expect(permitted(f('10.0.0.0/24', attrs()))).not.toBe(a);
  });

  it('stays the same after the policy is compiled again with the same clauses', () => {
    const shared = attrs();
    const first = permitted(filter(config, { routePolicy: 'RP' })('10.0.0.0/24', shared));
    const again = permitted(filter(structuredClone(config), { routePolicy: 'RP' })('10.0.0.0/24', shared));
    expect(again).toBe(first);
    const changed = structuredClone(config);
    changed.routePolicies![0]!.nodes[1]!.applies = [{ kind: 'local-preference', value: 151 }];
    expect(permitted(filter(changed, { routePolicy: 'RP' })('10.0.0.0/24', shared))).not.toBe(first);
  });

  it('a permit that changes nothing returns the input array itself', () => {
    const f = filter(config, { routePolicy: 'RP' });
    const kept = attrs({ communities: ['9:9'] });
    expect(permitted(f('10.0.0.0/24', kept))).toBe(kept);
    const already = attrs({ lp: 150 });
    expect(permitted(f('10.0.0.0/24', already))).toBe(already);
  });
});

// ---- fingerprints ------------------------------------------------------------------------

describe('chainFingerprint', () => {
  const base = (): PolicyConfig => ({
    ipPrefixes: [
      { name: 'P', entries: [{ index: 10, action: 'permit', address: '10.0.0.0', maskLength: 8, lessEqual: 24 }] },
      { name: 'OTHER', entries: [{ index: 10, action: 'deny', address: '0.0.0.0', maskLength: 0 }] },
    ],
    asPathFilters: [{ name: 'A', entries: [{ index: 10, action: 'permit', regex: '^200_' }] }],
    routePolicies: [{ name: 'RP', nodes: [node(10, 'permit', [{ kind: 'as-path-filter', names: ['A'] }], [{ kind: 'cost', value: 5 }])] }],
  });
  const chain: PolicyChain = { ipPrefix: 'P', routePolicy: 'RP' };

  it('is stable for the same contents and ignores unreferenced objects', () => {
    const fp = chainFingerprint(base(), chain);
    expect(chainFingerprint(base(), chain)).toBe(fp);
    const c = base();
    c.ipPrefixes![1]!.entries[0]!.action = 'permit';
    expect(chainFingerprint(c, chain)).toBe(fp);
  });

  it('changes with a referenced entry, a referenced filter, a node or an apply', () => {
    const fp = chainFingerprint(base(), chain);
    const edits: ((c: PolicyConfig) => void)[] = [
      (c) => (c.ipPrefixes![0]!.entries[0]!.lessEqual = 25),
      (c) => (c.asPathFilters![0]!.entries[0]!.regex = '^300_'),
      (c) => (c.routePolicies![0]!.nodes[0]!.action = 'deny'),
      (c) => (c.routePolicies![0]!.nodes[0]!.applies = [{ kind: 'cost', value: 6 }]),
      (c) => c.routePolicies![0]!.nodes.push(node(20, 'permit')),
      (c) => (c.asPathFilters = []),
    ];
    for (const edit of edits) {
      const c = base();
      edit(c);
      expect(chainFingerprint(c, chain)).not.toBe(fp);
    }
  });

  it('tells a missing object from a present one', () => {
    const missing: PolicyConfig = {};
    const fp = chainFingerprint(missing, chain);
    expect(chainFingerprint(base(), chain)).not.toBe(fp);
    expect(chainFingerprint(missing, {})).toBe(fp);
  });
});

// ---- IPv6 prefix lists (ip ipv6-prefix) ------------------------------------------

describe('IPv6 prefix lists', () => {
  const probes = ['2001:db8::/32', '2001:db8:1000::/48', '2001:db8:1000:1::/64', '2001:db8:200::/48', '2001:db9::/32', '::/0'];
  const passing6 = (entries: IpPrefixEntry[], prefixes: string[] = probes): string[] => {
    const f = filter({ ipv6Prefixes: [{ name: 'P6', entries }] }, { ipPrefix: 'P6', ipv6: true });
    const a = attrs();
    return prefixes.filter((p) => f(p, a).permit);
  };

  it('an entry holds its prefix length exactly, or the window greater-equal / less-equal gives, over 128 bits', () => {
    expect(passing6([pe('permit', '2001:DB8::', 32)])).toEqual(['2001:db8::/32']);
    expect(passing6([pe('permit', '2001:DB8::', 32, { greaterEqual: 48, lessEqual: 64 })])).toEqual(['2001:db8:1000::/48', '2001:db8:1000:1::/64', '2001:db8:200::/48']);
    expect(passing6([pe('permit', '2001:DB8:1000::', 36, { lessEqual: 128 })])).toEqual(['2001:db8:1000::/48', '2001:db8:1000:1::/64']);
    expect(passing6([pe('permit', '::', 0, { lessEqual: 128 })])).toEqual(probes);
  });

  it('tries entries by index, the first holding one decides; none denies', () => {
    const entries = [pe('deny', '2001:DB8:1000::', 48), pe('permit', '::', 0, { lessEqual: 128 })];
    expect(passing6(entries)).toEqual(probes.filter((p) => p !== '2001:db8:1000::/48'));
  });

  it('holds routes of its own family only: an IPv6 list passes no IPv4 route, an IPv4 list no IPv6 route', () => {
    expect(passing6([pe('permit', '::', 0, { lessEqual: 128 })], ['10.0.0.0/8', '2001:db8::/32'])).toEqual(['2001:db8::/32']);
    expect(passing([pe('permit', '0.0.0.0', 0, { lessEqual: 32 })], ['10.0.0.0/8', '2001:db8::/32'])).toEqual(['10.0.0.0/8']);
  });

  it('if-match ipv6 address prefix-list in a route-policy; a missing list matches every route', () => {
    const config: PolicyConfig = { ipv6Prefixes: [{ name: 'P6', entries: [pe('permit', '2001:DB8:1000::', 48)] }] };
    const f = policyWith(config, [{ kind: 'ipv6-prefix', name: 'P6' }]);
    expect(f('2001:db8:1000::/48', attrs()).permit).toBe(true);
    expect(f('2001:db8:200::/48', attrs()).permit).toBe(false);
    expect(policyWith(config, [{ kind: 'ipv6-prefix', name: 'NOPE' }])('2001:db8:200::/48', attrs()).permit).toBe(true);
    // Both families' lists in one node: a route passes when its own family's list permits it.
    const both = policyWith({ ...config, ipPrefixes: [{ name: 'P4', entries: [pe('permit', '10.0.0.0', 8)] }] }, [
      { kind: 'ip-prefix', name: 'P4' },
      { kind: 'ipv6-prefix', name: 'P6' },
    ]);
    expect(['10.0.0.0/8', '11.0.0.0/8', '2001:db8:1000::/48', '2001:db8:200::/48'].filter((p) => both(p, attrs()).permit)).toEqual(['10.0.0.0/8', '2001:db8:1000::/48']);
  });

  it('a changed IPv6 list changes the fingerprint of the chains that use it', () => {
    const a: PolicyConfig = { ipv6Prefixes: [{ name: 'P6', entries: [pe('permit', '2001:DB8::', 32)] }] };
    const b: PolicyConfig = { ipv6Prefixes: [{ name: 'P6', entries: [pe('permit', '2001:DB8::', 33)] }] };
    expect(chainFingerprint(a, { ipPrefix: 'P6', ipv6: true })).not.toBe(chainFingerprint(b, { ipPrefix: 'P6', ipv6: true }));
    // The IPv4 chain of the same name does not see the IPv6 list.
    expect(chainFingerprint(a, { ipPrefix: 'P6' })).toBe(chainFingerprint(b, { ipPrefix: 'P6' }));
  });
});
