#!/usr/bin/env node
// SSH load: 100 labs on one server (the default lab and 99 created over REST),
// one SSH session logged in on each (a VTY of its lab), all typing at once.
// Reports the echo latency over SSH (one keystroke in, its echo out: median,
// p95) and the server's memory per session. The SSH clients run in a worker
// thread, so the server's heap figure is its own. Loopback only, bounded in
// count (BENCH_SESSIONS, at most 200) and time (BENCH_TIMEOUT_S, default 120 s).
//
//   node apps/server/bench/ssh.bench.mjs        (npm run bench -- ssh)
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';

// A garbage collection before each memory reading, even without --expose-gc (npm run bench runs plain node).
v8.setFlagsFromString('--expose-gc');
const gc = globalThis.gc ?? vm.runInNewContext('gc');

const SESSIONS = Math.min(200, Number(process.env.BENCH_SESSIONS ?? 100));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 120);

if (isMainThread) await main();
else await clients(workerData);

async function main() {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { startServer } = await import(path.join(here, '..', 'dist', 'app.js'));
  const { readConfig } = await import(path.join(here, '..', 'dist', 'config.js'));
  const deadline = setTimeout(() => {
    console.error(`ssh.bench: not done within ${TIMEOUT_S} s`);
    process.exit(1);
  }, TIMEOUT_S * 1000);
  const mb = (n) => n / 1024 / 1024;
  const settle = async () => {
    gc();
    await new Promise((r) => setTimeout(r, 300));
    gc();
    return process.memoryUsage();
  };

  const server = await startServer(
    readConfig({ PORT: '0', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_DATA_DIR: 'off', BMPLAB_MAX_LABS: String(SESSIONS), BMPLAB_SSH_LISTEN: '127.0.0.1:0' }),
  );
  const ids = ['default'];
  for (let i = 1; i < SESSIONS; i++) {
    const res = await fetch(`${server.url}/api/labs`, { method: 'POST' });
    if (res.status !== 201) throw new Error(`POST /api/labs: ${res.status} ${await res.text()}`);
    ids.push((await res.json()).id);
  }
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { port: server.ssh.port, ids, rounds: ROUNDS } });
  const next = (type) =>
    new Promise((resolve, reject) => {
      const on = (m) => {
        if (m.type === 'error') reject(new Error(m.message));
        else if (m.type === type) {
          worker.off('message', on);
          resolve(m);
        }
      };
      worker.on('message', on);
      worker.once('error', reject);
    });
  // Memory before and after the sessions log in (the labs exist in both).
  const base = await settle();
  const started = Date.now();
  worker.postMessage({ type: 'login' });
  await next('logged-in');
  const loginMs = Date.now() - started;
  const vtys = server.labs.list().reduce((n, l) => n + l.device.vtys.size, 0);
  if (vtys !== SESSIONS) throw new Error(`${vtys} VTYs logged in, expected ${SESSIONS}`);
  const loaded = await settle();
  worker.postMessage({ type: 'type' });
  const { samples, serial } = await next('typed');
  await worker.terminate();
  samples.sort((a, b) => a - b);
  serial.sort((a, b) => a - b);
  const pctOf = (list, p) => list[Math.min(list.length - 1, Math.floor((p / 100) * list.length))];
  const pct = (p) => pctOf(samples, p);
  const one = (p) => pctOf(serial, p);
  // The server's own isolate: its JS heap and the buffers it holds outside it (socket, cipher and channel buffers).
  const heapPerSession = mb(loaded.heapUsed - base.heapUsed + (loaded.external - base.external)) / SESSIONS;
  const rssPerSession = mb(loaded.rss - base.rss) / SESSIONS;
  console.log(`ssh.bench: ${SESSIONS} labs, one SSH session (VTY) on each, logged in concurrently in ${(loginMs / 1000).toFixed(1)} s`);
  console.log(
    `  server memory per session: heap + external ${(heapPerSession * 1024).toFixed(1)} KiB; process rss ${rssPerSession.toFixed(3)} MiB (includes the client side; after gc)`,
  );
  console.log(
    `  echo latency over SSH, one keystroke at a time across ${SESSIONS} sessions, ${serial.length} keystrokes: median ${one(50).toFixed(2)} ms, p95 ${one(95).toFixed(2)} ms`,
  );
  console.log(
    `  echo latency over SSH, ${SESSIONS} sessions typing at once, ${samples.length} keystrokes: median ${pct(50).toFixed(2)} ms, p95 ${pct(95).toFixed(2)} ms, max ${samples.at(-1).toFixed(2)} ms`,
  );
  printBenchResult({
    name: 'ssh-echo',
    label: `SSH echo, ${SESSIONS} VTYs on ${SESSIONS} labs, one keystroke at a time, p95`,
    value: one(95),
    unit: 'ms',
    target: { max: 16 },
    detail: `median ${one(50).toFixed(2)} ms; all typing at once: median ${pct(50).toFixed(2)} ms, p95 ${pct(95).toFixed(2)} ms`,
  });
  printBenchResult({ name: 'ssh-memory', label: 'server memory per SSH session (heap + buffers)', value: heapPerSession * 1024, unit: 'KiB', target: { max: 1024 } });
  await server.close();
  clearTimeout(deadline);
}

/** The worker: one ssh2 client per lab, each with an xterm pty. */
async function clients({ port, ids, rounds }) {
  const { default: ssh2 } = await import('ssh2');
  const sessions = [];
  const on = (type) =>
    new Promise((resolve) => {
      const f = (m) => {
        if (m.type === type) {
          parentPort.off('message', f);
          resolve(m);
        }
      };
      parentPort.on('message', f);
    });
  try {
    await on('login');
    await Promise.all(
      ids.map(
        (id) =>
          new Promise((resolve, reject) => {
            const client = new ssh2.Client();
            client.once('error', reject);
            client.once('ready', () => {
              // An interactive client, as OpenSSH with a tty: no Nagle delay on keystrokes.
              client.setNoDelay(true);
              client.shell({ term: 'xterm', cols: 200, rows: 50 }, (err, channel) => {
                if (err) return reject(err);
                const s = { client, channel, text: '', waiter: null };
                channel.on('data', (d) => {
                  s.text += d.toString();
                  if (s.waiter && s.text.length > 0) {
                    const w = s.waiter;
                    s.waiter = null;
                    w();
                  }
                  if (!s.ready && /<HUAWEI>$/.test(s.text)) {
                    s.ready = true;
                    resolve();
                  }
                });
                sessions.push(s);
              });
            });
            client.connect({ host: '127.0.0.1', port, username: id, password: 'Huawei@123', readyTimeout: 60_000 });
          }),
      ),
    );
    parentPort.postMessage({ type: 'logged-in' });
    await on('type');
    const key = (round) => (round % 2 ? '\x7f' : 'd');
    // One keystroke in flight at a time, session after session: the latency of one echo.
    const serial = [];
    for (let round = 0; round < rounds; round++) {
      for (const s of sessions) {
        s.text = '';
        const echoed = new Promise((r) => (s.waiter = r));
        const t0 = process.hrtime.bigint();
        s.channel.write(key(round));
        await echoed;
        serial.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }
    // Then every session types at once: one key, wait for its echo, the next key (a letter, then Backspace).
    const samples = [];
    await Promise.all(
      sessions.map(async (s) => {
        for (let round = 0; round < rounds; round++) {
          s.text = '';
          const echoed = new Promise((r) => (s.waiter = r));
          const t0 = process.hrtime.bigint();
          s.channel.write(key(round));
          await echoed;
          samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }),
    );
    parentPort.postMessage({ type: 'typed', samples, serial });
    for (const s of sessions) s.client.end();
  } catch (e) {
    parentPort.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}
