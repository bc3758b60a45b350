// BMP speaker bench: a session's initial dump of 1,000,000 IPv4 prefixes
// (Initiation, Peer Up, Route Monitoring, End-of-RIB) to a sink on loopback,
// from dial to the sink's last byte, with batched writes and back-pressure.
// Anchor, measured in the same run: raw loopback TCP moving the same bytes.
// Run by `npm run bench` (builds first); imports the BUILT package. Prints figures; asserts nothing.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '..', 'dist');
const { BmpClientSession } = await import(path.join(dist, 'bmp-client', 'bmp-session.js'));
const { tcpDial, systemClock } = await import(path.join(dist, 'node', 'index.js'));

const PREFIXES = Number(process.env.BENCH_PREFIXES ?? 1_000_000);
const PER_ATTRIBUTE_SET = 100; // prefixes sharing one set of path attributes, as a real table does
const RUNS = 3;

const routes = new Map();
let attributes = null;
for (let i = 0; i < PREFIXES; i++) {
  const prefix = `${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24`;
  const group = Math.floor(i / PER_ATTRIBUTE_SET);
  // Routes learned from one UPDATE share its attributes array, as in the router's Adj-RIB-In.
  if (i % PER_ATTRIBUTE_SET === 0) {
    attributes = [
      { type: 'origin', value: 'igp' },
      { type: 'asPath', segments: [{ type: 'sequence', asns: [200, 4200000000 + (group % 1000)] }] },
      { type: 'nextHop', value: '10.2.2.2' },
      { type: 'multiExitDisc', value: group },
    ];
  }
  routes.set(prefix, {
    prefix,
    attributes,
    source: { kind: 'peer', address: '10.2.2.2', asn: 200, bgpId: '10.2.2.2' },
    at: Date.now(),
  });
}
const open = (asn, id) => ({ type: 'open', version: 4, myAsn: asn, holdTime: 180, bgpId: id, parameters: [{ type: 'capabilities', capabilities: [{ type: 'fourOctetAs', asn }] }] });
const peer = {
  address: '10.2.2.2', asn: 200, state: 'Established', since: Date.now(), messagesReceived: 0, messagesSent: 0, prefixesReceived: PREFIXES,
  counters: { rejectedByPolicy: 0, duplicateAdvertisements: 0, duplicateWithdraws: 0 },
  established: { sentOpen: open(100, '1.1.1.1'), receivedOpen: open(200, '10.2.2.2'), localAddress: '127.0.0.1', localPort: 179, remoteAddress: '10.2.2.2', remotePort: 50000, peerBgpId: '10.2.2.2' },
};
const view = {
  sysName: () => 'HUAWEI',
  local: () => ({ asn: 100, bgpId: '1.1.1.1' }),
  peer: () => peer,
  table: () => routes,
  counters: () => peer.counters,
  now: () => Date.now(),
};

function sink() {
  return new Promise((resolve) => {
    const state = { bytes: 0, done: null, target: Infinity };
    const server = createServer((s) => {
      s.on('data', (c) => {
        state.bytes += c.length;
        if (state.bytes >= state.target && !state.done) state.done = performance.now();
      });
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port, state }));
  });
}

async function dumpOnce() {
  const { server, port, state } = await sink();
  const feeds = [{ key: 'adj-rib-in|post|10.2.2.2', family: 'ipv4-unicast', rib: 'adj-rib-in', peer: '10.2.2.2', postPolicy: true }];
  let session;
  const t0 = performance.now();
  await new Promise((resolve) => {
    session = new BmpClientSession({ address: '127.0.0.1', vpnInstance: null, alias: null }, port, 3600, {
      dialer: { dial: (t) => tcpDial('127.0.0.1', t.port) },
      clock: systemClock(1),
      view,
      changed: (st) => {
        // The dump is queued once up; it is complete when End-of-RIB has been handed to the socket.
        if (st.state === 'up' && st.sent['route-monitoring'] > 0 && st.pendingBytes === 0) resolve();
      },
    });
    session.setFeeds(feeds);
    session.start();
  });
  const snap = session.snapshot();
  state.target = snap.bytesSent;
  while (state.bytes < state.target) await new Promise((r) => setImmediate(r));
  const ms = (state.done ?? performance.now()) - t0;
  session.stop();
  server.close();
  return { ms, bytes: snap.bytesSent, messages: snap.sent['route-monitoring'] };
}

async function rawTcp(bytes) {
  const { server, port, state } = await sink();
  state.target = bytes;
  const chunk = Buffer.alloc(64 * 1024, 1);
  const t0 = performance.now();
  const c = connect({ host: '127.0.0.1', port });
  await new Promise((r) => c.once('connect', r));
  let left = bytes;
  while (left > 0) {
    const n = Math.min(left, chunk.length);
    left -= n;
    if (!c.write(n === chunk.length ? chunk : chunk.subarray(0, n))) await new Promise((r) => c.once('drain', r));
  }
  while (state.bytes < bytes) await new Promise((r) => setImmediate(r));
  const ms = performance.now() - t0;
  c.destroy();
  server.close();
  return ms;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dumps = [];
for (let i = 0; i < RUNS; i++) dumps.push(await dumpOnce());
const d = median(dumps.map((x) => x.ms));
const { bytes, messages } = dumps[0];
const raws = [];
for (let i = 0; i < RUNS; i++) raws.push(await rawTcp(bytes));
const r = median(raws);
console.log(`BMP speaker dump: ${PREFIXES.toLocaleString('en')} IPv4 prefixes, ${PER_ATTRIBUTE_SET} per attribute set (median of ${RUNS})`);
console.log(`  Peer Up .. End-of-RIB to a loopback sink: ${d.toFixed(0)} ms  (${messages.toLocaleString('en')} Route Monitoring, ${(bytes / 1e6).toFixed(1)} MB, ${(PREFIXES / (d / 1000) / 1e6).toFixed(2)} M prefixes/s, ${(bytes / 1e6 / (d / 1000)).toFixed(1)} MB/s)`);
console.log(`  raw loopback TCP, same bytes, 64 KiB writes: ${r.toFixed(1)} ms  (${(bytes / 1e6 / (r / 1000)).toFixed(0)} MB/s)`);
printBenchResult({
  name: 'speaker-dump',
  label: `speaker: ${PREFIXES.toLocaleString('en')} prefixes, Peer Up..End-of-RIB`,
  value: d,
  unit: 'ms',
  anchor: { name: 'raw loopback TCP, same bytes', value: r, unit: 'ms' },
  target: { max: 1000 },
  detail: `${(PREFIXES / (d / 1000) / 1e6).toFixed(2)} M prefixes/s`,
});
process.exit(0);
