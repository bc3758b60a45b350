// Codec throughput: Route Monitoring carrying 1,000,000 IPv4 prefixes
// (100 consecutive /24s from 16.0.0.0 per UPDATE = 10,000 RM messages), encoded
// and decoded by the BUILT codec (dist/), beside raw loopback TCP throughput
// for the same bytes on this machine. Run by `npm run bench` (which builds
// first), or directly: `node packages/codec/bench/codec.bench.mjs`.
// Prints figures (median of several runs); asserts nothing about them.
// Bounded: each phase stops after its runs or its time budget (< 60 s total).
//
// Env: BENCH_PREFIXES (default 1000000), BENCH_PER_UPDATE (100), BENCH_RUNS (5).
import { createServer, connect } from 'node:net';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';

const { createBmpFramer, decodeBmpMessage, encodeBmpMessage } = await import(new URL('../dist/index.js', import.meta.url).href);

const PREFIXES = Number(process.env.BENCH_PREFIXES ?? 1_000_000);
const PER_UPDATE = Number(process.env.BENCH_PER_UPDATE ?? 100);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PHASE_BUDGET_MS = 12_000; // per phase; four phases stay well under 60 s
const deadline = performance.now() + 55_000;

const MESSAGES = Math.ceil(PREFIXES / PER_UPDATE);

const peer = {
  peerType: 0,
  flags: { ipv6: false, postPolicy: false, legacyAsPath: false, adjRibOut: false },
  distinguisher: '0000000000000000',
  address: '192.0.2.1',
  asn: 65001,
  bgpId: '192.0.2.1',
  timestampSeconds: 1700000000,
  timestampMicroseconds: 0,
};

/** Prefix k as a /24 counted up from 16.0.0.0 (16.0.0.0/24, 16.0.1.0/24, …). */
function prefix(k) {
  const n = (16 << 16) + k; // 16.x.y as a 24-bit number
  return `${n >>> 16}.${(n >>> 8) & 0xff}.${n & 0xff}.0/24`;
}

function buildMessages() {
  const out = [];
  for (let i = 0, k = 0; i < MESSAGES; i++) {
    const nlri = [];
    for (let j = 0; j < PER_UPDATE && k < PREFIXES; j++, k++) nlri.push(prefix(k));
    out.push({
      type: 'route-monitoring',
      peer: { ...peer, timestampSeconds: peer.timestampSeconds + i },
      update: {
        type: 'update',
        withdrawnRoutes: [],
        pathAttributes: [
          { type: 'origin', value: 'igp' },
          { type: 'asPath', segments: [{ type: 'sequence', asns: [65001, 4200000000 + (i % 1000)] }] },
          { type: 'nextHop', value: '192.0.2.1' },
          { type: 'multiExitDisc', value: i % 100 },
          { type: 'communities', values: ['65001:100'] },
        ],
        nlri,
      },
    });
  }
  return out;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Run `fn` up to RUNS times (at least once), within the phase budget; return the durations in ms. */
async function timed(fn) {
  const times = [];
  const end = Math.min(performance.now() + PHASE_BUDGET_MS, deadline);
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
    if (performance.now() > end) break;
  }
  return times;
}

const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

function report(name, times, bytes, messages, prefixes) {
  const ms = median(times);
  const s = ms / 1000;
  console.log(
    `${name.padEnd(34)} ${fmt(ms, 1).padStart(8)} ms  ${fmt(messages / s).padStart(11)} msg/s  ${fmt(bytes / 1e6 / s, 1).padStart(8)} MB/s  ${fmt(prefixes / s).padStart(12)} prefixes/s  (median of ${times.length}: ${times.map((t) => fmt(t, 0)).join(', ')} ms)`,
  );
}

/** Send `stream` over a fresh loopback TCP connection in 64 KiB writes; the receiver runs `onData` per chunk. Resolves with ms from connect to the last byte received. */
function loopback(stream, onData) {
  return new Promise((resolve, reject) => {
    let received = 0;
    let t0 = 0;
    const server = createServer((sock) => {
      sock.on('data', (chunk) => {
        onData?.(chunk);
        received += chunk.length;
        if (received === stream.length) {
          const ms = performance.now() - t0;
          sock.destroy();
          server.close(() => resolve(ms));
        }
      });
      sock.on('error', reject);
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      t0 = performance.now();
      const c = connect({ host: '127.0.0.1', port }, () => {
        const CHUNK = 64 * 1024;
        let at = 0;
        const pump = () => {
          while (at < stream.length) {
            const ok = c.write(stream.subarray(at, at + CHUNK));
            at += CHUNK;
            if (!ok) return void c.once('drain', pump);
          }
          c.end();
        };
        pump();
      });
      c.on('error', reject);
    });
  });
}

// ── set up ──────────────────────────────────────────────────────────────────
console.log(`codec bench: Route Monitoring, ${fmt(PREFIXES)} IPv4 /24 prefixes, ${PER_UPDATE} per UPDATE = ${fmt(MESSAGES)} messages`);
console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}; median of up to ${RUNS} runs after one warm-up\n`);
const messages = buildMessages();
let encoded = messages.map((m) => encodeBmpMessage(m)); // warm-up + the bytes for the other phases
const totalBytes = encoded.reduce((n, b) => n + b.length, 0);
const stream = new Uint8Array(totalBytes);
for (let i = 0, at = 0; i < encoded.length; at += encoded[i].length, i++) stream.set(encoded[i], at);
console.log(`stream: ${fmt(totalBytes)} bytes (${fmt(totalBytes / MESSAGES, 1)} bytes per message)\n`);
{
  // sanity, untimed: the first and last messages decode to what was encoded
  const first = decodeBmpMessage(encoded[0]);
  const last = decodeBmpMessage(encoded[encoded.length - 1]);
  if (!first.ok || !last.ok || first.value.update.nlri[0] !== '16.0.0.0/24' || last.value.update.nlri.at(-1) !== prefix(PREFIXES - 1)) {
    throw new Error('the benchmark stream does not round-trip');
  }
}

// ── encode ──────────────────────────────────────────────────────────────────
let sink = 0;
const encodeTimes = await timed(() => {
  for (const m of messages) sink += encodeBmpMessage(m).length;
});
report('encode (encodeBmpMessage)', encodeTimes, totalBytes, MESSAGES, PREFIXES);

// ── decode ──────────────────────────────────────────────────────────────────
for (const b of encoded.slice(0, 200)) decodeBmpMessage(b); // warm-up
const decodeTimes = await timed(() => {
  for (const b of encoded) {
    const r = decodeBmpMessage(b);
    if (!r.ok) throw new Error(r.error.message);
    sink += r.value.update.nlri.length;
  }
});
report('decode (decodeBmpMessage)', decodeTimes, totalBytes, MESSAGES, PREFIXES);

const CHUNK = 64 * 1024;
const frameDecodeTimes = await timed(() => {
  const framer = createBmpFramer();
  for (let at = 0; at < stream.length; at += CHUNK) {
    for (const item of framer.push(stream.subarray(at, at + CHUNK))) {
      if (!item.ok) throw new Error(item.error.message);
      const r = decodeBmpMessage(item.bytes);
      if (!r.ok) throw new Error(r.error.message);
      sink += r.value.update.nlri.length;
    }
  }
});
report('frame + decode (64 KiB chunks)', frameDecodeTimes, totalBytes, MESSAGES, PREFIXES);
encoded = null;

// ── raw loopback TCP, same bytes ────────────────────────────────────────────
await loopback(stream); // warm-up
const tcpTimes = await timed(() => loopback(stream));
report('raw loopback TCP (same bytes)', tcpTimes, totalBytes, MESSAGES, PREFIXES);

const e2eTimes = await timed(() => {
  const framer = createBmpFramer();
  return loopback(stream, (chunk) => {
    for (const item of framer.push(chunk)) {
      if (!item.ok) throw new Error(item.error.message);
      const r = decodeBmpMessage(item.bytes);
      if (r.ok) sink += r.value.update.nlri.length;
    }
  });
});
report('loopback TCP + frame + decode', e2eTimes, totalBytes, MESSAGES, PREFIXES);

// Informative (no target): decoding beside the raw TCP transfer of the same bytes.
printBenchResult({
  name: 'codec-tcp-decode',
  label: `codec: ${fmt(PREFIXES)} prefixes over loopback TCP, framed and decoded`,
  value: PREFIXES / (median(e2eTimes) / 1000) / 1e6,
  unit: 'M prefixes/s',
  anchor: { name: 'raw loopback TCP, same bytes', value: PREFIXES / (median(tcpTimes) / 1000) / 1e6, unit: 'M prefixes/s' },
});
console.log(`\n(checksum ${sink}; figures are informative, never asserted)`);
