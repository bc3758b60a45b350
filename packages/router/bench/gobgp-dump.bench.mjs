// GoBGP anchor for the speaker dump bench (bmp-dump.bench.mjs): how long a real
// BMP speaker, gobgpd 3.x, takes to report a table of N IPv4 prefixes to a
// loopback sink as Route Monitoring, measured from the sink's TCP accept to
// the RM that completes N announced prefixes.
//
// Setup, all on 127.0.0.1 with ports picked at run time: gobgpd B (AS 65002)
// loads N consecutive /24s from 16.0.0.0 out of an MRT TABLE_DUMP_V2 file this
// script writes (`gobgp mrt inject global`), and advertises them to gobgpd A
// (AS 65001). Once A holds N routes, each run starts a fresh Node sink and
// `gobgp bmp add 127.0.0.1:PORT pre` makes A dial it and dump its pre-policy
// Adj-RIB-In; `bmp del` ends the session. The sink only frames BMP and counts
// RMs and the IPv4 NLRI inside them, so the figure is GoBGP's cost, not ours.
//
// Why N defaults to 100,000 and not the issue's 1,000,000: on the 2-core
// reference VM GoBGP needs ~70 s just to load 1 M routes and ~32 s per dump,
// which makes a 3-run bench several minutes long. The dump time scales
// linearly (100 k: ~2.4-3.2 s, 1 M: 32 s), so the 1 M figure is extrapolated
// and labelled as such; BENCH_GOBGP_ROUTES=1000000 measures it for real.
//
//   BENCH_GOBGP_ROUTES  routes in A's table (default 100000)
//   BENCH_RUNS          dumps; the median is reported (default 3)
//   BENCH_GOBGP_DEADLINE_S  stop everything and exit 1 after this (default 600,
//                       more for tables above ~130 k routes)
//
// BENCH-RESULT (packages/tooling/lib/bench-result.mjs): 'gobgp-dump', the
// 1 M figure in ms (median run x 1,000,000 / routes; a measurement only when
// routes is 1,000,000); its detail has the median run, RM/s and the setup
// (inject into B until A holds every route; daemon start and BGP session
// set-up not included).
//
// Skips (exit 0) when gobgpd or gobgp is not on PATH. Needs no build and no
// files outside this one; stops only the processes it started, by handle.
// Prints figures; asserts nothing except that A really holds N routes.
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';

const ROUTES = Number(process.env.BENCH_GOBGP_ROUTES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
// 600 s covers the default with room for a busy machine; a bigger table gets
// more (1 M routes x 3 runs: 750 s, where the reference VM needs ~70 s to load
// and ~32 s per dump when idle, two to three times that when it is not).
const DEADLINE_S = Number(process.env.BENCH_GOBGP_DEADLINE_S ?? Math.max(600, Math.ceil((ROUTES * (0.3 + 0.15 * RUNS)) / 1000)));
// 16.0.0.0/24 upwards must stay below 224.0.0.0 (multicast), which GoBGP would refuse.
const MAX_ROUTES = (224 - 16) << 16;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (v, d = 0) => v.toLocaleString('en', { minimumFractionDigits: d, maximumFractionDigits: d });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (const [name, v, max] of [
  ['BENCH_GOBGP_ROUTES', ROUTES, MAX_ROUTES],
  ['BENCH_RUNS', RUNS, 1000],
  ['BENCH_GOBGP_DEADLINE_S', DEADLINE_S, 86400],
]) {
  if (!Number.isInteger(v) || v < 1 || v > max) {
    console.error(`gobgp-dump.bench: ${name} must be an integer from 1 to ${max}`);
    process.exit(2);
  }
}

/** True when an executable of that name is on PATH (no shell, so it works the same everywhere). */
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      /* not here */
    }
  }
  return false;
}
const missing = ['gobgpd', 'gobgp'].filter((b) => !onPath(b));
if (missing.length) {
  console.log(`gobgp dump: skipped (${missing.join(' and ')} not on PATH; apt-get install gobgpd)`);
  process.exit(0);
}

// ---------------------------------------------------------------------------
// Lifetime: everything this script starts is in `children`; every way out goes
// through shutdown(), and the 'exit' handler is the last resort for the rest.

const work = mkdtempSync(path.join(tmpdir(), 'bmplab-gobgp-dump-'));
/** @type {Set<import('node:child_process').ChildProcess>} */
const children = new Set();
const alive = (c) => c.exitCode === null && c.signalCode === null;

/**
 * SIGTERM, then SIGKILL after `graceMs`: a gobgpd holding many routes can take
 * longer than that to exit, or not exit at all, on SIGTERM.
 */
async function stopChild(child, graceMs = 4000) {
  if (!alive(child)) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => alive(child) && child.kill('SIGKILL'), graceMs);
  await Promise.race([exited, sleep(graceMs + 5000)]);
  clearTimeout(t);
}

let stopping = null;
function shutdown(code) {
  stopping ??= (async () => {
    clearTimeout(deadline);
    await Promise.all([...children].map((c) => stopChild(c)));
    rmSync(work, { recursive: true, force: true });
    process.exit(code);
  })();
  return stopping;
}
const deadline = setTimeout(() => {
  console.error(`gobgp-dump.bench: not done within ${DEADLINE_S} s; stopping what it started`);
  showLogs();
  void shutdown(1);
}, DEADLINE_S * 1000);
process.on('exit', () => {
  // Synchronous: no time to wait here, so anything still running gets SIGKILL.
  for (const c of children)
    if (alive(c))
      try {
        c.kill('SIGKILL');
      } catch {
        /* already gone */
      }
  rmSync(work, { recursive: true, force: true });
});
for (const [sig, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
])
  process.once(sig, () => void shutdown(code));

/** Spawn and remember a child; `exited` settles with its exit code (null when killed). */
function start(cmd, args, stdio) {
  const child = spawn(cmd, args, { stdio });
  children.add(child);
  child.exited = new Promise((resolve) => {
    child.once('error', (err) => resolve({ code: 127, error: err }));
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  child.exited.then(() => children.delete(child));
  return child;
}

/** Run the gobgp CLI against one gobgpd's API; a hung call is killed after `timeoutMs`. */
async function gobgp(api, args, timeoutMs = 30_000) {
  const child = start('gobgp', ['-p', String(api), ...args], ['ignore', 'pipe', 'pipe']);
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const { code, signal, error } = await child.exited;
  clearTimeout(t);
  return { ok: code === 0, out, err: error ? error.message : signal ? `killed (${signal})` : err.trim() };
}

async function ribCount(api) {
  const r = await gobgp(api, ['global', 'rib', 'summary', '-a', 'ipv4'], 10_000);
  const m = /Destination:\s*(\d+)/.exec(r.out);
  return m ? Number(m[1]) : null;
}

/** Poll `probe` every `everyMs` until it returns true; false on timeout. */
async function until(probe, timeoutMs, everyMs = 250) {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    if (await probe()) return true;
    await sleep(everyMs);
  }
  return false;
}

/**
 * Distinct free loopback ports: all are held open together so the kernel
 * cannot hand the same one out twice, then released for the daemons.
 */
async function freePorts(n) {
  const servers = [];
  for (let i = 0; i < n; i++) {
    const s = createServer();
    await new Promise((r, j) => s.once('error', j).listen(0, '127.0.0.1', r));
    servers.push(s);
  }
  const ports = servers.map((s) => s.address().port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function showLogs() {
  for (const f of ['b.log', 'a.log']) {
    try {
      const tail = readFileSync(path.join(work, f), 'utf8').trimEnd().split('\n').slice(-8);
      console.error(`--- ${f} (last lines)\n${tail.join('\n')}`);
    } catch {
      /* not started yet */
    }
  }
}

// ---------------------------------------------------------------------------
// MRT TABLE_DUMP_V2 (RFC 6396): one PEER_INDEX_TABLE, then one RIB_IPV4_UNICAST
// record per prefix with a single RIB entry. The prefixes are payload only.

const MRT_TIME = Math.floor(Date.now() / 1000);
const PER_ATTRIBUTE_SET = 100; // as in bmp-dump.bench.mjs: 100 consecutive prefixes share one path
const DISTINCT_PATHS = 1000;

/** RIB entry attributes for route i. AS_PATH is always 4-byte ASNs in TABLE_DUMP_V2. */
function attributes(i) {
  const group = Math.floor(i / PER_ATTRIBUTE_SET);
  const a = Buffer.alloc(4 + 9 + 7 + 7);
  let o = 0;
  o = a.writeUInt8(0x40, o);
  o = a.writeUInt8(1, o);
  o = a.writeUInt8(1, o);
  o = a.writeUInt8(0, o); // ORIGIN IGP
  // AS_PATH: one AS_SEQUENCE of one 4-byte private ASN; never 65001/65002, or
  // A and B would drop the route by eBGP loop detection.
  o = a.writeUInt8(0x40, o);
  o = a.writeUInt8(2, o);
  o = a.writeUInt8(6, o);
  o = a.writeUInt8(2, o);
  o = a.writeUInt8(1, o);
  o = a.writeUInt32BE(4_200_000_000 + (group % DISTINCT_PATHS), o);
  // NEXT_HOP explicit and not 127.0.0.1: a next hop equal to A's own address
  // is not installed at A (it would still show up in pre-policy BMP, but A's
  // RIB count, which says the load is complete, would never reach N).
  o = a.writeUInt8(0x40, o);
  o = a.writeUInt8(3, o);
  o = a.writeUInt8(4, o);
  for (const b of [192, 0, 2, 200]) o = a.writeUInt8(b, o);
  o = a.writeUInt8(0x80, o);
  o = a.writeUInt8(4, o);
  o = a.writeUInt8(4, o);
  a.writeUInt32BE(group, o); // MED, as ours carries
  return a;
}

function mrtHeader(buf, o, subtype, length) {
  o = buf.writeUInt32BE(MRT_TIME, o);
  o = buf.writeUInt16BE(13, o); // TABLE_DUMP_V2
  o = buf.writeUInt16BE(subtype, o);
  return buf.writeUInt32BE(length, o);
}

/**
 * Write routes [from, to) and then `pad` of them again (cycling from `from`).
 * Why the pad: `gobgp mrt inject` 3.10 can exit before its last queued paths
 * reach gobgpd (about the last 0.9 % went missing). Re-adding an identical
 * path is a no-op for the table, so whatever tail gets lost is a duplicate.
 */
function writeMrt(file, from, to, pad) {
  const fd = openSync(file, 'w');
  const view = Buffer.from('bmplab');
  const pit = Buffer.alloc(4 + 2 + view.length + 2 + 1 + 4 + 4 + 4);
  let o = 0;
  for (const b of [192, 0, 2, 250]) o = pit.writeUInt8(b, o); // collector BGP ID
  o = pit.writeUInt16BE(view.length, o);
  o += view.copy(pit, o);
  o = pit.writeUInt16BE(1, o); // one peer
  o = pit.writeUInt8(0x02, o); // AS4, IPv4 address
  for (const b of [192, 0, 2, 201]) o = pit.writeUInt8(b, o); // peer BGP ID
  for (const b of [192, 0, 2, 201]) o = pit.writeUInt8(b, o); // peer address
  pit.writeUInt32BE(65010, o);
  const head = Buffer.alloc(12);
  mrtHeader(head, 0, 1, pit.length); // PEER_INDEX_TABLE
  writeSync(fd, Buffer.concat([head, pit]));

  const chunk = Buffer.alloc(1 << 20);
  let used = 0;
  let attrs = null;
  let attrsGroup = -1;
  const count = to - from;
  for (let seq = 0; seq < count + pad; seq++) {
    const i = from + (seq % count);
    const group = Math.floor(i / PER_ATTRIBUTE_SET);
    if (group !== attrsGroup) {
      attrs = attributes(i);
      attrsGroup = group;
    }
    const bodyLen = 4 + 1 + 3 + 2 + 2 + 4 + 2 + attrs.length;
    if (used + 12 + bodyLen > chunk.length) {
      writeSync(fd, chunk, 0, used);
      used = 0;
    }
    let p = mrtHeader(chunk, used, 2, bodyLen); // RIB_IPV4_UNICAST
    p = chunk.writeUInt32BE(seq, p);
    p = chunk.writeUInt8(24, p);
    const net = (16 << 16) + i; // the /24's top three octets
    p = chunk.writeUInt8(net >>> 16, p);
    p = chunk.writeUInt8((net >>> 8) & 255, p);
    p = chunk.writeUInt8(net & 255, p);
    p = chunk.writeUInt16BE(1, p); // one RIB entry
    p = chunk.writeUInt16BE(0, p); // peer index 0
    p = chunk.writeUInt32BE(MRT_TIME, p);
    p = chunk.writeUInt16BE(attrs.length, p);
    used = p + attrs.copy(chunk, p);
  }
  if (used) writeSync(fd, chunk, 0, used);
  closeSync(fd);
  return statSync(file).size;
}

// ---------------------------------------------------------------------------
// gobgpd A and B

function gobgpdConfig({ asn, routerId, port, peerAs, remotePort, passive }) {
  return [
    '[global.config]',
    `  as = ${asn}`,
    `  router-id = "${routerId}"`,
    `  port = ${port}`,
    '  local-address-list = ["127.0.0.1"]',
    '[[neighbors]]',
    '  [neighbors.config]',
    '    neighbor-address = "127.0.0.1"',
    `    peer-as = ${peerAs}`,
    '  [neighbors.transport.config]',
    '    local-address = "127.0.0.1"',
    // Only A dials (B is passive), so the two never race into a collision.
    passive ? '    passive-mode = true' : `    remote-port = ${remotePort}`,
    '  [neighbors.timers.config]',
    '    connect-retry = 1',
    '  [[neighbors.afi-safis]]',
    '    [neighbors.afi-safis.config]',
    '      afi-safi-name = "ipv4-unicast"',
    '',
  ].join('\n');
}

function startGobgpd(name, config, api) {
  const conf = path.join(work, `${name}.toml`);
  writeFileSync(conf, config);
  const log = openSync(path.join(work, `${name}.log`), 'w');
  // --api-hosts: the default is :50051 on every address; --pprof-disable: the
  // default opens localhost:6060. Either would collide with other instances.
  const child = start('gobgpd', ['-f', conf, `--api-hosts=127.0.0.1:${api}`, '--pprof-disable', '--log-plain'], ['ignore', log, log]);
  closeSync(log);
  child.exited.then(({ code, signal, error }) => {
    if (!stopping) console.error(`gobgp-dump.bench: gobgpd ${name} exited early (${error?.message ?? signal ?? `code ${code}`})`);
  });
  return child;
}

/** gobgpd's CPU seconds so far (Linux /proc; null elsewhere). 100 ticks/s is the Linux USER_HZ. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------
// The sink: frames BMP (RFC 7854 common header: version, 4-byte length, type)
// and counts Route Monitoring messages and the IPv4 NLRI they announce.

const COMMON = 6;
const PER_PEER = 42;
const BGP_HEADER = 19;

/** Announced prefixes in the BGP UPDATE inside one RM (0 for End-of-RIB or MP-only). */
function announced(msg) {
  let o = COMMON + PER_PEER;
  if (msg.length < o + BGP_HEADER + 4) return 0;
  const end = o + msg.readUInt16BE(o + 16);
  if (msg[o + 18] !== 2 || end > msg.length) return 0; // not an UPDATE, or truncated
  o += BGP_HEADER;
  o += 2 + msg.readUInt16BE(o); // withdrawn routes
  o += 2 + msg.readUInt16BE(o); // path attributes
  let n = 0;
  while (o < end) {
    o += 1 + ((msg[o] + 7) >> 3);
    n++;
  }
  return n;
}

/** Listen on 127.0.0.1:0; `done` resolves when RMs have announced `target` prefixes. */
async function sink(target) {
  const state = { accepted: 0, finished: 0, rm: 0, prefixes: 0, bytes: 0, connections: 0 };
  let resolveDone;
  let rejectDone;
  const done = new Promise((res, rej) => ((resolveDone = res), (rejectDone = rej)));
  // A run that fails before awaiting `done` must not turn a late close into an unhandled rejection.
  done.catch(() => {});
  const sockets = new Set();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    // GoBGP retries a lost collector; only the first session is measured.
    if (state.connections++ > 0) return void socket.resume();
    state.accepted = performance.now();
    let pending = null;
    socket.on('data', (chunk) => {
      if (state.finished) return;
      const buf = pending ? Buffer.concat([pending, chunk]) : chunk;
      let o = 0;
      while (buf.length - o >= COMMON) {
        const len = buf.readUInt32BE(o + 1);
        if (buf[o] !== 3 || len < COMMON) {
          rejectDone(new Error(`sink: not BMP v3 at byte ${state.bytes} (version ${buf[o]}, length ${len})`));
          return void socket.destroy();
        }
        if (buf.length - o < len) break;
        state.bytes += len;
        if (buf[o + 5] === 0) {
          state.rm++;
          state.prefixes += announced(buf.subarray(o, o + len));
          if (state.prefixes >= target) {
            state.finished = performance.now();
            return void resolveDone(state);
          }
        }
        o += len;
      }
      pending = o < buf.length ? buf.subarray(o) : null;
    });
    socket.on('close', () => {
      if (!state.finished) rejectDone(new Error(`sink: session closed after ${state.rm} RM / ${state.prefixes} prefixes, wanted ${target}`));
    });
  });
  await new Promise((r, j) => server.once('error', j).listen(0, '127.0.0.1', r));
  const close = () => {
    for (const s of sockets) s.destroy();
    return new Promise((r) => server.close(r));
  };
  return { port: server.address().port, done, close, state };
}

// ---------------------------------------------------------------------------

async function main() {
  const version =
    (
      await new Promise((resolve) => {
        const c = start('gobgpd', ['--version'], ['ignore', 'pipe', 'ignore']);
        let out = '';
        c.stdout.on('data', (d) => (out += d));
        c.exited.then(() => resolve(out));
      })
    )
      .replace(/^gobgpd version\s*/, '')
      .trim() || '?';

  const mrtFile = path.join(work, 'routes.mrt');
  const tGen = performance.now();
  const mrtBytes = writeMrt(mrtFile, 0, ROUTES, Math.max(5000, Math.ceil(ROUTES * 0.03)));
  const genMs = performance.now() - tGen;

  const [bgpA, bgpB, apiA, apiB] = await freePorts(4);
  const b = startGobgpd('b', gobgpdConfig({ asn: 65002, routerId: '192.0.2.12', port: bgpB, peerAs: 65001, passive: true }), apiB);
  const a = startGobgpd('a', gobgpdConfig({ asn: 65001, routerId: '192.0.2.11', port: bgpA, peerAs: 65002, remotePort: bgpB, passive: false }), apiA);
  const tUp = performance.now();
  const established = await until(async () => {
    if (!alive(a) || !alive(b)) throw new Error('a gobgpd exited during start-up');
    return /Establ/.test((await gobgp(apiA, ['neighbor'], 5000)).out);
  }, 60_000);
  if (!established) throw new Error('A-B BGP session not Established within 60 s');
  const upMs = performance.now() - tUp;

  // Load: inject into B, then make sure B really holds N (re-inject the tail,
  // then everything, if the CLI lost more than the padding), then wait for A.
  const tLoad = performance.now();
  const remaining = () => Math.max(1000, DEADLINE_S * 1000 - (performance.now() - t0));
  let bCount = 0;
  for (let attempt = 0; attempt < 3 && bCount < ROUTES; attempt++) {
    let file = mrtFile;
    if (attempt === 1) {
      const tail = Math.min(ROUTES, 2 * (ROUTES - bCount) + 5000);
      file = path.join(work, 'tail.mrt');
      writeMrt(file, ROUTES - tail, ROUTES, Math.min(tail, 5000));
    }
    const inj = await gobgp(apiB, ['mrt', 'inject', 'global', file], remaining());
    if (!inj.ok) throw new Error(`gobgp mrt inject failed: ${inj.err}`);
    // The CLI returns before gobgpd has applied the last paths: wait until the
    // count reaches N or stops moving.
    let last = -1;
    let still = 0;
    await until(
      async () => {
        bCount = (await ribCount(apiB)) ?? 0;
        still = bCount === last ? still + 1 : 0;
        last = bCount;
        return bCount >= ROUTES || still >= 8;
      },
      remaining(),
      250,
    );
    if (bCount < ROUTES) console.log(`  (B holds ${fmt(bCount)} of ${fmt(ROUTES)} after inject ${attempt + 1}; injecting again)`);
  }
  if (bCount !== ROUTES) throw new Error(`B holds ${bCount} routes after 3 injections, expected ${ROUTES}`);

  // A: bounded by the deadline, and by a stall (no progress for 60 s).
  let aCount = 0;
  let lastChange = performance.now();
  await until(
    async () => {
      const n = (await ribCount(apiA)) ?? 0;
      if (n !== aCount) {
        aCount = n;
        lastChange = performance.now();
      }
      if (performance.now() - lastChange > 60_000) throw new Error(`A stuck at ${aCount} of ${ROUTES} routes`);
      return aCount >= ROUTES;
    },
    remaining(),
    250,
  );
  if (aCount !== ROUTES) throw new Error(`A holds ${aCount} routes, expected ${ROUTES}`);
  const setupMs = performance.now() - tLoad;

  console.log(`gobgp dump: GoBGP ${version}, ${fmt(ROUTES)} IPv4 prefixes in gobgpd A's Adj-RIB-In, BMP pre-policy to a loopback sink (median of ${RUNS})`);
  console.log(`  setup: MRT ${(mrtBytes / 1e6).toFixed(1)} MB written in ${fmt(genMs)} ms; A-B Established in ${fmt(upMs)} ms; inject into B + A learns all: ${fmt(setupMs)} ms`);

  const runs = [];
  for (let r = 1; r <= RUNS; r++) {
    const s = await sink(ROUTES);
    const cpu0 = cpuSeconds(a.pid);
    try {
      const add = await gobgp(apiA, ['bmp', 'add', `127.0.0.1:${s.port}`, 'pre']);
      if (!add.ok) throw new Error(`gobgp bmp add failed: ${add.err}`);
      const st = await s.done;
      const cpu1 = cpuSeconds(a.pid);
      const ms = st.finished - st.accepted;
      const run = { ms, rm: st.rm, bytes: st.bytes, cpu: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null };
      runs.push(run);
      console.log(
        `  run ${r}: ${fmt(ms)} ms  (${fmt(run.rm)} Route Monitoring, ${(run.bytes / 1e6).toFixed(1)} MB, ` +
          `${fmt(ROUTES / (ms / 1000) / 1e3, 1)} k prefixes/s, ${fmt(run.rm / (ms / 1000) / 1e3, 1)} k RM/s` +
          `${run.cpu === null ? '' : `, gobgpd A ${run.cpu.toFixed(1)} CPU-s`})`,
      );
    } finally {
      // del even after a failure, so the next run's `add` starts a clean session.
      await gobgp(apiA, ['bmp', 'del', `127.0.0.1:${s.port}`]);
      await s.close();
    }
  }

  const mid = median(runs.map((x) => x.ms));
  const m = runs.find((x) => x.ms === mid);
  const perSec = (n) => n / (mid / 1000);
  const extrapolated = (mid * 1_000_000) / ROUTES;
  console.log(
    `  GoBGP ${version} (gobgpd A, accept .. last RM): ${fmt(mid)} ms  (${fmt(m.rm)} Route Monitoring, ${(m.bytes / 1e6).toFixed(1)} MB, ` +
      `${fmt(perSec(ROUTES) / 1e3, 1)} k prefixes/s, ${fmt(perSec(m.rm) / 1e3, 1)} k RM/s)`,
  );
  console.log(
    ROUTES === 1_000_000
      ? `  1,000,000 routes, measured: ${fmt(extrapolated / 1000, 1)} s`
      : `  1,000,000 routes, EXTRAPOLATED linearly from ${fmt(ROUTES)} (x${fmt(1_000_000 / ROUTES, 2)}; not measured): ${fmt(extrapolated / 1000, 1)} s`,
  );
  // GoBGP is the speaker's outside yardstick; it runs in its own bench, so this figure has no target of its own.
  printBenchResult({
    name: 'gobgp-dump',
    label: `GoBGP ${version}: 1M prefixes, BMP dump${ROUTES === 1_000_000 ? '' : ` (scaled from ${fmt(ROUTES)})`}`,
    value: extrapolated,
    unit: 'ms',
    detail: `${fmt(ROUTES)} routes in ${fmt(mid)} ms, ${fmt(perSec(m.rm) / 1e3, 1)} k RM/s; setup ${fmt(setupMs)} ms`,
  });
}

const t0 = performance.now();
main().then(
  () => shutdown(0),
  (err) => {
    if (stopping) return; // the deadline or a signal is already ending the run
    console.error(`gobgp-dump.bench: ${err?.message ?? err}`);
    showLogs();
    return shutdown(1);
  },
);
