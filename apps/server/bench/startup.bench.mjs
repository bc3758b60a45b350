// `npm start` to first prompt: spawn the BUILT server
// (node apps/server/dist/main.js, in-memory data, free port), time until
// GET /api/health answers and until a WebSocket console prints `<HUAWEI>`.
// Median of BENCH_RUNS (default 3). Prints figures; asserts nothing.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';
import { serverNodeArgs } from '../../../packages/tooling/lib/server-node-args.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const MAIN = path.join(here, '..', 'dist', 'main.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const deadline = setTimeout(() => {
  console.error('startup.bench: not done within 120 s');
  process.exit(1);
}, 120_000);

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function once() {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [...serverNodeArgs(), MAIN], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', BMPLAB_DATA_DIR: 'off', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_SSH_LISTEN: '127.0.0.1:0' },
    stdio: 'ignore',
  });
  try {
    let health = null;
    while (health === null) {
      if (performance.now() - t0 > 30_000) throw new Error('no /api/health within 30 s');
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (r.ok) health = performance.now() - t0;
      } catch {
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
    let text = '';
    const prompt = new Promise((resolve) =>
      ws.on('message', (d) => {
        const m = JSON.parse(d.toString());
        if (m.type === 'console.output') text += m.data;
        if (text.includes('<HUAWEI>')) resolve(performance.now() - t0);
      }),
    );
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
    ws.send(JSON.stringify({ type: 'hello', protocol: 2 }));
    ws.send(JSON.stringify({ type: 'console.open' }));
    const first = await prompt;
    ws.close();
    return { health, prompt: first };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => {
      const t = setTimeout(() => (child.kill('SIGKILL'), r()), 5000);
      child.once('exit', () => (clearTimeout(t), r()));
    });
  }
}

const runs = [];
for (let i = 0; i < RUNS; i++) runs.push(await once());
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const health = median(runs.map((r) => r.health));
const prompt = median(runs.map((r) => r.prompt));
console.log(
  `startup (node apps/server/dist/main.js, built; median of ${RUNS}): /api/health after ${health.toFixed(0)} ms, first console prompt <HUAWEI> after ${prompt.toFixed(0)} ms`,
);
printBenchResult({
  name: 'startup-prompt',
  label: 'start to first prompt <HUAWEI> (built server)',
  value: prompt,
  unit: 'ms',
  target: { max: 3000 },
  detail: `/api/health after ${health.toFixed(0)} ms`,
});
clearTimeout(deadline);
process.exit(0);
