#!/usr/bin/env node
// Routing policy at scale, as a user feels it through the real server: a
// neighbor announces 1,000,000 prefixes, the router keeps them all
// (keep-all-routes) and reports Adj-RIB-In post-policy to the lab's station.
// Then an import policy is committed from the console that denies about
// half of them, and taken away again. Each figure is the time from the
// `commit` keystroke leaving the WebSocket client to the embedded station
// holding the result (its route count for that view, read over REST).
// Anchor, same run: the initial table through the same path (session Up to
// the station holding all 1,000,000 routes).
// Loopback only, bounded in time (BENCH_TIMEOUT_S, default 300 s).
//
//   node apps/server/bench/policy-reevaluation.bench.mjs   (npm run bench -- policy)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';
import { fullTableTopology, stationHeld } from './lib/full-table-lab.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { startServer } = await import(path.join(here, '..', 'dist', 'app.js'));
const { readConfig } = await import(path.join(here, '..', 'dist', 'config.js'));

const PREFIXES = Number(process.env.BENCH_PREFIXES ?? 1_000_000);
const deadline = setTimeout(
  () => {
    console.error(`policy-reevaluation.bench: not done within ${process.env.BENCH_TIMEOUT_S ?? 300} s`);
    process.exit(1);
  },
  Number(process.env.BENCH_TIMEOUT_S ?? 300) * 1000,
);

// 16.0.0.0/24 onwards: the policy denies 16.0.0.0/5 (16.0.0.0–23.255.255.255), i.e. 8 × 65,536 /24s.
const DENIED = Math.min(PREFIXES, 8 * 65536);
const topology = fullTableTopology(PREFIXES);

const dataDir = mkdtempSync(path.join(tmpdir(), 'bmplab-bench-'));
const server = await startServer(readConfig({ PORT: '0', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_DATA_DIR: 'off' }));
const created = await fetch(`${server.url}/api/labs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ topology }) });
if (created.status !== 201) throw new Error(`POST /api/labs: ${created.status} ${await created.text()}`);
const lab = (await created.json()).id;

const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws?lab=${lab}`, { headers: { origin: server.url } });
await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
let consoleId = '';
let text = '';
ws.on('message', (data) => {
  const m = JSON.parse(data.toString());
  if (m.type === 'console.opened') consoleId = m.consoleId;
  if (m.type === 'console.output') text += m.data;
});
ws.send(JSON.stringify({ type: 'hello', protocol: 2 }));
ws.send(JSON.stringify({ type: 'console.open' }));
const until = async (probe, _what) => {
  for (;;) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 5));
  }
};
await until(() => /<HUAWEI>$/.test(text), 'prompt');
const type = (...lines) => ws.send(JSON.stringify({ type: 'console.input', consoleId, data: lines.map((l) => l + '\r').join('') }));

const held = () => stationHeld(server.url, lab);

type('system-view', 'ip ip-prefix half index 10 deny 16.0.0.0 5 less-equal 32', 'ip ip-prefix half index 20 permit 0.0.0.0 0 less-equal 32');
type('route-policy cut permit node 10', 'if-match ip-prefix half', 'quit');
type('bgp 100', 'peer 10.2.2.2 as-number 200', 'keep-all-routes', 'quit');
type('bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'monitor public', 'route-mode ipv4-family unicast adj-rib-in post-policy');
let t0 = performance.now();
type('commit', 'return');
await until(async () => (await held()) === PREFIXES, 'initial table');
const initialMs = performance.now() - t0;
console.log(`initial table, commit .. station holds ${PREFIXES.toLocaleString('en')} routes: ${initialMs.toFixed(0)} ms`);

type('system-view', 'bgp 100', 'peer 10.2.2.2 route-policy cut import');
t0 = performance.now();
type('commit', 'return');
await until(async () => (await held()) === PREFIXES - DENIED, 'policy applied');
const applyMs = performance.now() - t0;
console.log(
  `import policy committed, ${PREFIXES.toLocaleString('en')} kept routes re-evaluated, ${DENIED.toLocaleString('en')} withdrawn .. station holds the rest: ${applyMs.toFixed(0)} ms`,
);

type('system-view', 'bgp 100', 'undo peer 10.2.2.2 route-policy cut import');
t0 = performance.now();
type('commit', 'return');
await until(async () => (await held()) === PREFIXES, 'policy removed');
const removeMs = performance.now() - t0;
console.log(`import policy removed, ${DENIED.toLocaleString('en')} routes announced again .. station holds all: ${removeMs.toFixed(0)} ms`);

// A policy change re-evaluates what is kept; it must not cost more than sending the table the first time.
const initial = { name: 'initial table through the same path', value: initialMs, unit: 'ms' };
printBenchResult({
  name: 'policy-apply',
  label: `import policy over ${PREFIXES.toLocaleString('en')} kept routes, commit..station (deny ${DENIED.toLocaleString('en')})`,
  value: applyMs,
  unit: 'ms',
  anchor: initial,
  target: { maxRatio: 1, of: 'anchor' },
});
printBenchResult({ name: 'policy-undo', label: 'the same policy removed, commit..station', value: removeMs, unit: 'ms', anchor: initial, target: { maxRatio: 1, of: 'anchor' } });
clearTimeout(deadline);
ws.close();
await server.close();
rmSync(dataDir, { recursive: true, force: true });
process.exit(0);
