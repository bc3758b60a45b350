#!/usr/bin/env node
// Keystrokes while another lab takes a full table, as a trainee feels them
// through the real server: one lab's neighbor announces 1,000,000 prefixes,
// its router keeps them and reports Adj-RIB-In post-policy to the lab's
// station (every prefix runs through BGP, the RIBs, BMP and the station, in
// the one process all labs share); then that lab commits an import policy
// that denies about half of them. Meanwhile a trainee of the default lab
// types a letter every 40 ms into its console over a WebSocket; the figures
// are the time from a keystroke leaving the client to its echo arriving (p50,
// p95, max), during the table and during the policy's run over it. Anchor,
// same run: the same console's echo with the server at rest.
// Loopback only, bounded in time (BENCH_TIMEOUT_S, default 180 s) and in keys.
//
//   node apps/server/bench/console-under-load.bench.mjs   (npm run bench -- console-under-load)
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
const REST_KEYS = 60;
const KEY_GAP_MS = 40;
/** Keys typed while the table comes in, at most (about 80 s of typing). */
const MAX_LOAD_KEYS = 2000;
/** The echo a trainee still reads as instant; the target for the p95 under load. */
const TARGET_P95_MS = 50;
const deadline = setTimeout(
  () => {
    console.error(`console-under-load.bench: not done within ${process.env.BENCH_TIMEOUT_S ?? 180} s`);
    process.exit(1);
  },
  Number(process.env.BENCH_TIMEOUT_S ?? 180) * 1000,
);

const topology = fullTableTopology(PREFIXES);

const server = await startServer(readConfig({ PORT: '0', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_DATA_DIR: 'off', BMPLAB_SSH_LISTEN: 'off' }));
const created = await fetch(`${server.url}/api/labs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ topology }) });
if (created.status !== 201) throw new Error(`POST /api/labs: ${created.status} ${await created.text()}`);
const lab = (await created.json()).id;

/** A browser-like console on `labId`: `line` types a line, `key` one letter and resolves with its echo's time (ms). */
async function openConsole(labId) {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws?lab=${labId}`, { headers: { origin: server.url } });
  await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
  let consoleId = '';
  let text = '';
  let onOutput = null;
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString());
    if (m.type === 'console.opened') consoleId = m.consoleId;
    if (m.type === 'console.output') {
      text += m.data;
      onOutput?.();
    }
  });
  ws.send(JSON.stringify({ type: 'hello', protocol: 2 }));
  ws.send(JSON.stringify({ type: 'console.open' }));
  while (!/<HUAWEI>$/.test(text)) await new Promise((r) => setTimeout(r, 5));
  const input = (data) => ws.send(JSON.stringify({ type: 'console.input', consoleId, data }));
  return {
    line: (...lines) => input(lines.map((l) => l + '\r').join('')),
    key: (letter) =>
      new Promise((resolve) => {
        const t0 = performance.now();
        onOutput = () => {
          onOutput = null;
          resolve(performance.now() - t0);
        };
        input(letter);
      }),
    // Ctrl-U: the typed letters go, the prompt stays short.
    clear: () => input('\x15'),
    close: () => ws.close(),
  };
}

/** Type a letter every KEY_GAP_MS until `more()` says stop (or `max` keys); the echo times. */
async function typeWhile(c, more, max) {
  const times = [];
  while (times.length < max && more()) {
    times.push(await c.key('a'));
    if (times.length % 16 === 0) c.clear();
    await new Promise((r) => setTimeout(r, KEY_GAP_MS));
  }
  return times;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q) => s[Math.min(s.length - 1, Math.floor(s.length * q))];
  return { p50: at(0.5), p95: at(0.95), max: s[s.length - 1], n: s.length };
};

const held = () => stationHeld(server.url, lab);

const trainee = await openConsole('default');
const rest = stats(await typeWhile(trainee, () => true, REST_KEYS));

const busy = await openConsole(lab);
busy.line('system-view', 'bgp 100', 'peer 10.2.2.2 as-number 200', 'keep-all-routes', 'quit');
busy.line('bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'monitor public', 'route-mode ipv4-family unicast adj-rib-in post-policy');
let loaded = false;
const t0 = performance.now();
busy.line('commit', 'return');
const watching = (async () => {
  while ((await held()) !== PREFIXES) await new Promise((r) => setTimeout(r, 50));
  loaded = true;
})();
const underLoad = stats(await typeWhile(trainee, () => !loaded, MAX_LOAD_KEYS));
await watching;
const loadMs = performance.now() - t0;

// 16.0.0.0/5: the first 8 × 65,536 of the /24s.
const DENIED = Math.min(PREFIXES, 8 * 65536);
busy.line('system-view', 'ip ip-prefix half index 10 deny 16.0.0.0 5 less-equal 32', 'ip ip-prefix half index 20 permit 0.0.0.0 0 less-equal 32');
busy.line('route-policy cut permit node 10', 'if-match ip-prefix half', 'quit', 'bgp 100', 'peer 10.2.2.2 route-policy cut import');
let applied = false;
const t1 = performance.now();
busy.line('commit', 'return');
const applying = (async () => {
  while ((await held()) !== PREFIXES - DENIED) await new Promise((r) => setTimeout(r, 50));
  applied = true;
})();
const underPolicy = stats(await typeWhile(trainee, () => !applied, MAX_LOAD_KEYS));
await applying;
const policyMs = performance.now() - t1;

const ms = (x) => `${x.toFixed(1)} ms`;
console.log(`console echo at rest (${rest.n} keys): p50 ${ms(rest.p50)}, p95 ${ms(rest.p95)}, max ${ms(rest.max)}`);
console.log(
  `console echo in another lab while it takes ${PREFIXES.toLocaleString('en')} routes into its router and station (${(loadMs / 1000).toFixed(1)} s, ${underLoad.n} keys): p50 ${ms(underLoad.p50)}, p95 ${ms(underLoad.p95)}, max ${ms(underLoad.max)}`,
);
printBenchResult({
  name: 'console-under-load',
  label: `console echo p95 while another lab takes ${PREFIXES.toLocaleString('en')} routes`,
  value: underLoad.p95,
  unit: 'ms',
  anchor: { name: 'the same console at rest, p95', value: rest.p95, unit: 'ms' },
  target: { max: TARGET_P95_MS },
  detail: `p50 ${ms(underLoad.p50)}, max ${ms(underLoad.max)}, ${underLoad.n} keys over ${(loadMs / 1000).toFixed(1)} s`,
});
console.log(
  `console echo in another lab while its import policy runs over the ${PREFIXES.toLocaleString('en')} kept routes and the station drops ${DENIED.toLocaleString('en')} (${(policyMs / 1000).toFixed(1)} s, ${underPolicy.n} keys): p50 ${ms(underPolicy.p50)}, p95 ${ms(underPolicy.p95)}, max ${ms(underPolicy.max)}`,
);
printBenchResult({
  name: 'console-under-policy',
  label: `console echo p95 while another lab's import policy runs over ${PREFIXES.toLocaleString('en')} routes`,
  value: underPolicy.p95,
  unit: 'ms',
  anchor: { name: 'the same console at rest, p95', value: rest.p95, unit: 'ms' },
  target: { max: TARGET_P95_MS },
  detail: `p50 ${ms(underPolicy.p50)}, max ${ms(underPolicy.max)}, ${underPolicy.n} keys over ${(policyMs / 1000).toFixed(1)} s`,
});
clearTimeout(deadline);
trainee.close();
busy.close();
await server.close();
process.exit(0);
