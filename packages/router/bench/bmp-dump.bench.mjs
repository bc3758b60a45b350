// BMP speaker bench: a session's initial dump of 1,000,000 prefixes
// (Initiation, Peer Up, Route Monitoring, End-of-RIB) to a sink on loopback,
// from dial to the sink's last byte, with batched writes and back-pressure;
// once IPv4 /24s from an IPv4 peer, then IPv6 /64s under 2001:db8::/32 from
// an IPv6 peer (MP_REACH_NLRI, RFC 4760), each with its own figure.
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
/** BENCH_FAMILIES=ipv6 (or ipv4) runs one family only, e.g. to profile it. */
const FAMILIES = (process.env.BENCH_FAMILIES ?? 'ipv4,ipv6').split(',');

/** 1,000,000 /64s under 2001:db8::/32: 2001:db8:H:L::/64 with H:L = i + 65536, in RFC 5952 text as the RIB keeps it. */
function ipv6Prefix(i) {
  const n = i + 0x10000;
  const h = (n >>> 16).toString(16);
  const l = n & 0xffff;
  return l === 0 ? `2001:db8:${h}::/64` : `2001:db8:${h}:${l.toString(16)}::/64`;
}

/** The Adj-RIB-In of one peer: PREFIXES routes, PER_ATTRIBUTE_SET to a set of attributes. */
function buildTable(family) {
  const routes = new Map();
  const peerAddress = family === 'ipv4-unicast' ? '10.2.2.2' : '2001:db8:2::2';
  let attributes = null;
  for (let i = 0; i < PREFIXES; i++) {
    const prefix = family === 'ipv4-unicast' ? `${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24` : ipv6Prefix(i);
    const group = Math.floor(i / PER_ATTRIBUTE_SET);
    // Routes learned from one UPDATE share its attributes array, as in the router's Adj-RIB-In;
    // an IPv6 route keeps its MP_REACH_NLRI with the next hop and no NLRI, as the RIB does.
    if (i % PER_ATTRIBUTE_SET === 0) {
      attributes = [
        { type: 'origin', value: 'igp' },
        { type: 'asPath', segments: [{ type: 'sequence', asns: [200, 4200000000 + (group % 1000)] }] },
        family === 'ipv4-unicast' ? { type: 'nextHop', value: peerAddress } : { type: 'mpReachNlri', afi: 2, safi: 1, nextHops: [peerAddress], nlri: [] },
        { type: 'multiExitDisc', value: group },
      ];
    }
    routes.set(prefix, {
      prefix,
      attributes,
      source: { kind: 'peer', address: peerAddress, asn: 200, bgpId: '10.2.2.2' },
      at: Date.now(),
    });
  }
  return { routes, peerAddress };
}

const open = (asn, id) => ({
  type: 'open',
  version: 4,
  myAsn: asn,
  holdTime: 180,
  bgpId: id,
  parameters: [{ type: 'capabilities', capabilities: [{ type: 'fourOctetAs', asn }] }],
});

/** What the session reads of the device: one peer and its table. */
function viewOf(family, routes, peerAddress) {
  const peer = {
    address: peerAddress,
    asn: 200,
    state: 'Established',
    since: Date.now(),
    messagesReceived: 0,
    messagesSent: 0,
    prefixesReceived: PREFIXES,
    counters: { rejectedByPolicy: 0, duplicateAdvertisements: 0, duplicateWithdraws: 0 },
    established: {
      sentOpen: open(100, '1.1.1.1'),
      receivedOpen: open(200, '10.2.2.2'),
      localAddress: family === 'ipv4-unicast' ? '127.0.0.1' : '2001:db8:2::1',
      localPort: 179,
      remoteAddress: peerAddress,
      remotePort: 50000,
      peerBgpId: '10.2.2.2',
    },
  };
  const empty = new Map();
  return {
    sysName: () => 'HUAWEI',
    local: () => ({ asn: 100, bgpId: '1.1.1.1' }),
    peer: () => peer,
    table: (_rib, _peer, _stage, f) => (f === family ? routes : empty),
    counters: () => peer.counters,
    now: () => Date.now(),
  };
}

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

async function dumpOnce(family, view, peerAddress) {
  const { server, port, state } = await sink();
  const feeds = [{ key: `adj-rib-in|post|${peerAddress}|${family}`, family, rib: 'adj-rib-in', peer: peerAddress, postPolicy: true, vpnInstance: null }];
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
for (const family of FAMILIES.map((f) => `${f}-unicast`)) {
  const v6 = family === 'ipv6-unicast';
  const { routes, peerAddress } = buildTable(family);
  const view = viewOf(family, routes, peerAddress);
  const dumps = [];
  for (let i = 0; i < RUNS; i++) dumps.push(await dumpOnce(family, view, peerAddress));
  const d = median(dumps.map((x) => x.ms));
  const { bytes, messages } = dumps[0];
  const raws = [];
  for (let i = 0; i < RUNS; i++) raws.push(await rawTcp(bytes));
  const r = median(raws);
  const what = v6 ? 'IPv6 /64 prefixes (MP_REACH_NLRI)' : 'IPv4 prefixes';
  console.log(`BMP speaker dump: ${PREFIXES.toLocaleString('en')} ${what}, ${PER_ATTRIBUTE_SET} per attribute set (median of ${RUNS})`);
  console.log(
    `  Peer Up .. End-of-RIB to a loopback sink: ${d.toFixed(0)} ms  (${messages.toLocaleString('en')} Route Monitoring, ${(bytes / 1e6).toFixed(1)} MB, ${(PREFIXES / (d / 1000) / 1e6).toFixed(2)} M prefixes/s, ${(bytes / 1e6 / (d / 1000)).toFixed(1)} MB/s)`,
  );
  console.log(`  raw loopback TCP, same bytes, 64 KiB writes: ${r.toFixed(1)} ms  (${(bytes / 1e6 / (r / 1000)).toFixed(0)} MB/s)`);
  printBenchResult({
    name: v6 ? 'speaker-dump-ipv6' : 'speaker-dump',
    label: `speaker: ${PREFIXES.toLocaleString('en')} ${v6 ? 'IPv6 ' : ''}prefixes, Peer Up..End-of-RIB`,
    value: d,
    unit: 'ms',
    anchor: { name: 'raw loopback TCP, same bytes', value: r, unit: 'ms' },
    target: { max: 1000 },
    detail: `${(PREFIXES / (d / 1000) / 1e6).toFixed(2)} M prefixes/s`,
  });
}
process.exit(0);
