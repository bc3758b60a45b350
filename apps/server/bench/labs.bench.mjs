#!/usr/bin/env node
// Load test: 100 labs on one server — the default lab and 99
// created over REST — each with one browser-like WebSocket, one console and
// one BMP session Up to its lab's station. Reports memory per lab and the
// console echo latency (one keystroke in, its echo out: median, p95).
// Loopback only, bounded in time (BENCH_TIMEOUT_S, default 120 s).
//
//   node apps/server/bench/labs.bench.mjs        (npm run bench -- labs)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { startServer } = await import(path.join(here, '..', 'dist', 'app.js'));
const { readConfig } = await import(path.join(here, '..', 'dist', 'config.js'));

const LABS = Number(process.env.BENCH_LABS ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const deadline = setTimeout(
  () => {
    console.error(`labs.bench: not done within ${process.env.BENCH_TIMEOUT_S ?? 120} s`);
    process.exit(1);
  },
  Number(process.env.BENCH_TIMEOUT_S ?? 120) * 1000,
);

const dataDir = mkdtempSync(path.join(tmpdir(), 'bmplab-bench-'));
const mb = (n) => (n / 1024 / 1024).toFixed(1);
const settle = async () => {
  global.gc?.();
  await new Promise((r) => setTimeout(r, 300));
  global.gc?.();
  return process.memoryUsage();
};

const server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '10', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_DATA_DIR: dataDir, BMPLAB_MAX_LABS: String(LABS) }));
const base = await settle();

/** A client: hello, one console; resolves once the prompt is there. */
async function client(labId) {
  const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws?lab=${labId}`);
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  const c = { ws, consoleId: '', text: '', up: false, waiters: [] };
  ws.on('message', (data) => {
    const m = JSON.parse(data.toString());
    if (m.type === 'console.opened') c.consoleId = m.consoleId;
    if (m.type === 'console.output') {
      c.text += m.data;
      for (const w of c.waiters.splice(0)) w(m.data);
    }
    if (m.type === 'session.updated' && m.session.state === 'up') c.up = true;
  });
  ws.send(JSON.stringify({ type: 'hello', protocol: 2 }));
  ws.send(JSON.stringify({ type: 'console.open' }));
  const until = Date.now() + 10_000;
  while (!/<\S+>$/.test(c.text)) {
    if (Date.now() > until) throw new Error(`lab ${labId}: no prompt`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return c;
}

const started = Date.now();
const ids = ['default'];
for (let i = 1; i < LABS; i++) {
  const res = await fetch(`${server.url}/api/labs`, { method: 'POST' });
  if (res.status !== 201) throw new Error(`POST /api/labs: ${res.status} ${await res.text()}`);
  ids.push((await res.json()).id);
}
const clients = await Promise.all(ids.map(client));
for (const c of clients) {
  const lines = ['system-view', 'bmp', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'commit', 'return'];
  c.ws.send(JSON.stringify({ type: 'console.input', consoleId: c.consoleId, data: lines.join('\r') + '\r' }));
}
const until = Date.now() + 30_000;
while (clients.some((c) => !c.up)) {
  if (Date.now() > until) throw new Error(`${clients.filter((c) => !c.up).length} sessions not Up within 30 s`);
  await new Promise((r) => setTimeout(r, 20));
}
const setup = Date.now() - started;
const loaded = await settle();

// Echo latency: one keystroke to each console in turn, timed until its echo arrives.
const samples = [];
for (let round = 0; round < ROUNDS; round++) {
  for (const c of clients) {
    const echoed = new Promise((r) => c.waiters.push(r));
    const t0 = process.hrtime.bigint();
    c.ws.send(JSON.stringify({ type: 'console.input', consoleId: c.consoleId, data: round % 2 ? '\x7f' : 'd' }));
    await echoed;
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
}
samples.sort((a, b) => a - b);
const pct = (p) => samples[Math.min(samples.length - 1, Math.floor((p / 100) * samples.length))].toFixed(2);

const perLab = (k) => mb((loaded[k] - base[k]) / (LABS - 1));
console.log(`labs.bench: ${LABS} labs, each with 1 WebSocket, 1 console and 1 BMP session Up (set up in ${(setup / 1000).toFixed(1)} s)`);
console.log(
  `  memory per lab: rss ${perLab('rss')} MB, heap ${perLab('heapUsed')} MB (total rss ${mb(loaded.rss)} MB, ${global.gc ? 'after gc' : 'run with --expose-gc for steadier figures'})`,
);
console.log(`  console echo latency over ${samples.length} keystrokes: median ${pct(50)} ms, p95 ${pct(95)} ms, max ${samples.at(-1).toFixed(2)} ms`);

printBenchResult({ name: 'labs-echo', label: `console echo, ${LABS} labs open, p95`, value: Number(pct(95)), unit: 'ms', target: { max: 16 }, detail: `median ${pct(50)} ms` });
printBenchResult({
  name: 'labs-memory',
  label: 'memory per idle lab (rss)',
  value: (loaded.rss - base.rss) / (LABS - 1) / 1024 / 1024,
  unit: 'MiB',
  target: { max: 2 },
  detail: `heap ${((loaded.heapUsed - base.heapUsed) / (LABS - 1) / 1024 / 1024).toFixed(2)} MiB`,
});
for (const c of clients) c.ws.close();
await server.close();
rmSync(dataDir, { recursive: true, force: true });
clearTimeout(deadline);
