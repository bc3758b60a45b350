// Station ingest bench (issue 8): a Route Monitoring stream of 1,000,000 IPv4
// prefixes (100 per UPDATE; Initiation, Peer Up, …, Termination) sent over
// loopback to our station (listenStation from the BUILT package, every
// message decoded and its prefixes stored in a RIB map), from first byte to
// the Termination event. Anchor in the same run: pmbmpd (pmacct) in `rib`
// mode (decodes and stores routes), from first byte to pmbmpd closing the
// socket after the Termination — when pmbmpd and the interop generator
// (../shared/interop, BMPLAB_INTEROP_DIR) are here. Prints figures; asserts nothing.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const { listenStation } = await import(path.join(here, '..', 'dist', 'node', 'index.js'));

const PREFIXES = Number(process.env.BENCH_PREFIXES ?? 1_000_000);
const PER_UPDATE = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const interop = process.env.BMPLAB_INTEROP_DIR ?? path.resolve(root, '..', 'shared', 'interop');
const generator = path.join(interop, 'bench', 'gen-rm-stream.js');
const work = mkdtempSync(path.join(tmpdir(), 'bmplab-ingest-'));
const deadline = setTimeout(() => {
  console.error('station-ingest.bench: not done within 300 s');
  process.exit(1);
}, 300_000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (!existsSync(generator)) {
  console.log(`station ingest: skipped (no stream generator at ${generator}; set BMPLAB_INTEROP_DIR)`);
  process.exit(0);
}
const streamFile = path.join(work, 'rm.bin');
const gen = spawnSync(process.execPath, [generator, '--out', streamFile, '--prefixes', String(PREFIXES), '--per-update', String(PER_UPDATE)], { encoding: 'utf8', timeout: 120_000 });
if (gen.status !== 0) throw new Error(`gen-rm-stream failed: ${gen.stderr}`);
const stream = readFileSync(streamFile);

/** Write the stream in 1 MiB chunks with back-pressure. */
async function send(socket) {
  for (let off = 0; off < stream.length; off += 1 << 20) {
    if (!socket.write(stream.subarray(off, Math.min(stream.length, off + (1 << 20))))) await new Promise((r) => socket.once('drain', r));
  }
}

async function ours() {
  const rib = new Map();
  let prefixes = 0;
  let done;
  const finished = new Promise((r) => (done = r));
  const station = await listenStation({
    host: '127.0.0.1',
    port: 0,
    name: 'bench',
    onEvent: (e) => {
      if (e.kind !== 'message') return;
      if (e.message.type === 'route-monitoring') {
        const attrs = e.message.update.pathAttributes;
        for (const p of e.message.update.nlri) rib.set(p, attrs);
        prefixes += e.message.update.nlri.length;
      } else if (e.message.type === 'termination') done();
    },
  });
  const t0 = performance.now();
  const c = connect({ host: '127.0.0.1', port: station.port });
  c.on('error', () => {});
  await new Promise((r) => c.once('connect', r));
  await send(c);
  await finished;
  const ms = performance.now() - t0;
  c.destroy();
  await station.close();
  return { ms, prefixes, stored: rib.size };
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function pmbmpd() {
  const dir = mkdtempSync(path.join(work, 'pmbmpd-'));
  const port = await freePort();
  const conf = path.join(dir, 'pmbmpd.conf');
  writeFileSync(conf, [`bmp_daemon_ip: 127.0.0.1`, `bmp_daemon_port: ${port}`, 'bmp_daemon_max_peers: 10', `logfile: ${dir}/pmbmpd.log`, `bmp_dump_file: ${dir}/dump-%s.json`, 'bmp_dump_refresh_time: 86400', ''].join('\n'));
  const child = spawn('pmbmpd', ['-f', conf], { stdio: 'ignore' });
  try {
    // Wait until it listens.
    let c;
    for (let i = 0; i < 100; i++) {
      c = await new Promise((resolve) => {
        const s = connect({ host: '127.0.0.1', port });
        s.once('connect', () => resolve(s));
        s.once('error', () => resolve(null));
      });
      if (c) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!c) throw new Error('pmbmpd did not listen');
    c.on('error', () => {});
    c.resume();
    const closed = new Promise((r) => c.once('close', r));
    const t0 = performance.now();
    await send(c);
    await closed;
    return { ms: performance.now() - t0 };
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => {
      const t = setTimeout(() => (child.kill('SIGKILL'), r()), 5000);
      child.once('exit', () => (clearTimeout(t), r()));
    });
  }
}

const oursRuns = [];
for (let i = 0; i < RUNS; i++) oursRuns.push(await ours());
const o = median(oursRuns.map((r) => r.ms));
console.log(`station ingest: ${PREFIXES.toLocaleString('en')} prefixes, ${PER_UPDATE} per UPDATE, ${(stream.length / 1e6).toFixed(1)} MB (median of ${RUNS})`);
console.log(`  ours (listenStation, decode + store): ${o.toFixed(0)} ms  (${(PREFIXES / (o / 1000) / 1e6).toFixed(2)} M prefixes/s; stored ${oursRuns[0].stored.toLocaleString('en')})`);
const result = { name: 'station-ingest', oursMs: o, prefixes: PREFIXES, oursRate: PREFIXES / (o / 1000) };
if (spawnSync('sh', ['-c', 'command -v pmbmpd']).status === 0) {
  const pm = [];
  for (let i = 0; i < RUNS; i++) pm.push((await pmbmpd()).ms);
  const p = median(pm);
  console.log(`  pmbmpd (rib mode, same stream): ${p.toFixed(0)} ms  (${(PREFIXES / (p / 1000) / 1e6).toFixed(2)} M prefixes/s)`);
  Object.assign(result, { anchorMs: p, anchorRate: PREFIXES / (p / 1000) });
} else console.log('  pmbmpd: not installed here, no anchor');
console.log(`BENCH-RESULT ${JSON.stringify(result)}`);
rmSync(work, { recursive: true, force: true });
clearTimeout(deadline);
process.exit(0);
