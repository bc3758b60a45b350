// Policy engine bench (not a test; asserts nothing): 1,000,000 evaluations of
// a chain — a 10-entry peer ip-prefix list (the route passes the 10th entry)
// and a 3-node route-policy (a prefix node, an AS-path + community node that
// applies local-preference and an additive community, a catch-all node that
// raises the MED) — over routes that share 1,000 attribute arrays, as routes
// of one UPDATE do. Each run compiles the chain afresh, so per-array work
// (regex, community match, apply outputs) is included once per array.
//
// Imports the BUILT router package: `npx tsc -b packages/router && node
// packages/router/bench/policy-evaluate.bench.mjs (npm run bench -- policy)`. Kept free of Node modules
// (the router package is pure outside src/node).
const { compileChain } = await import(new URL('../dist/policy/evaluate.js', import.meta.url).href);
const { printBenchResult } = await import(new URL('../../tooling/lib/bench-result.mjs', import.meta.url).href);

const N = 1_000_000;
const ARRAYS = 1000;
const RUNS = 5;

const entries = [];
for (let i = 0; i < 9; i++) entries.push({ index: 10 * (i + 1), action: 'deny', address: `${100 + i}.0.0.0`, maskLength: 8, lessEqual: 32 });
entries.push({ index: 100, action: 'permit', address: '0.0.0.0', maskLength: 0, lessEqual: 32 });
const config = {
  ipPrefixes: [
    { name: 'P10', entries },
    { name: 'SPECIFIC', entries: [{ index: 10, action: 'permit', address: '16.0.0.0', maskLength: 8, greaterEqual: 25 }] },
  ],
  asPathFilters: [
    {
      name: 'AS',
      entries: [
        { index: 10, action: 'deny', regex: '_666_' },
        { index: 20, action: 'permit', regex: '^200_' },
      ],
    },
  ],
  communityFilters: [{ name: 'C', entries: [{ index: 10, action: 'permit', communities: ['200:1'] }] }],
  routePolicies: [
    {
      name: 'RP',
      nodes: [
        { node: 10, action: 'deny', matches: [{ kind: 'ip-prefix', name: 'SPECIFIC' }], applies: [] },
        {
          node: 20,
          action: 'permit',
          matches: [
            { kind: 'as-path-filter', names: ['AS'] },
            { kind: 'community-filter', names: ['C'] },
          ],
          applies: [
            { kind: 'local-preference', value: 200 },
            { kind: 'community', values: ['100:100'], additive: true },
          ],
        },
        { node: 30, action: 'permit', matches: [], applies: [{ kind: 'cost', value: 10, op: '+' }] },
      ],
    },
  ],
};
const arrays = [];
for (let g = 0; g < ARRAYS; g++) {
  arrays.push([
    { type: 'origin', value: 'igp' },
    { type: 'asPath', segments: [{ type: 'sequence', asns: [200, 4200000000 + g] }] },
    { type: 'nextHop', value: '10.2.2.2' },
    { type: 'multiExitDisc', value: g },
    { type: 'communities', values: g % 2 ? ['200:1'] : ['300:1'] },
  ]);
}
const prefixes = new Array(N);
for (let i = 0; i < N; i++) prefixes[i] = `${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24`;

const rates = [];
for (let run = 0; run < RUNS; run++) {
  const filter = compileChain(config, { ipPrefix: 'P10', routePolicy: 'RP' });
  const t0 = performance.now();
  let permitted = 0;
  for (let i = 0; i < N; i++) if (filter(prefixes[i], arrays[((i * ARRAYS) / N) | 0]).permit) permitted++;
  const ms = performance.now() - t0;
  console.log(`policy: run ${run + 1}: ${N} evaluations in ${ms.toFixed(0)} ms (${(N / ms / 1000).toFixed(2)} M/s), ${permitted} permitted`);
  rates.push(N / ms / 1000);
}
printBenchResult({ name: 'policy-evaluate', label: 'routing policy: prefix list + route-policy evaluations (best run)', value: Math.max(...rates), unit: 'M/s' });
