// Station ingest bench: a Route Monitoring stream of 1,000,000 IPv4 prefixes
// (consecutive /24s from 16.0.0.0, 100 per UPDATE, 1,000 distinct AS paths;
// then the same with IPv6 /64s under 2001:db8::/32 in MP_REACH_NLRI from an
// IPv6 peer, RFC 4760, each family with its own figure and anchor;
// Initiation, Peer Up, …, Termination — the shape of the interop recipe's
// gen-rm-stream.js, encoded here with our codec so the bench needs nothing
// outside the repository) sent over loopback to our station (listenStation
// and Station from the BUILT package: every message framed and decoded once,
// counted on its connection's card, its routes stored in the route table,
// logged and captured), from first byte to the Termination's update. Anchor
// in the same run: pmbmpd (pmacct) in `rib` mode (decodes and stores routes),
// from first byte to pmbmpd closing the socket after the Termination. Prints
// figures; asserts nothing but the route count.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { listenStation, systemStationClock } = await import(path.join(here, '..', 'dist', 'node', 'index.js'));
const { Station } = await import(path.join(here, '..', 'dist', 'index.js'));
const { encodeBmpMessage, formatIpv6 } = await import(path.join(here, '..', '..', 'codec', 'dist', 'index.js'));

const PREFIXES = Number(process.env.BENCH_PREFIXES ?? 1_000_000);
const PER_UPDATE = 100;
const DISTINCT_PATHS = 1000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** BENCH_FAMILIES=ipv6 (or ipv4) runs one family only, e.g. to profile it. */
const FAMILIES = (process.env.BENCH_FAMILIES ?? 'ipv4,ipv6').split(',');
const work = mkdtempSync(path.join(tmpdir(), 'bmplab-ingest-'));
const deadline = setTimeout(() => {
  console.error('station-ingest.bench: not done within 600 s');
  process.exit(1);
}, 600_000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The j-th IPv6 prefix: 2001:db8:H:L::/64 with H:L = j + 65536 (a million /64s fit under 2001:db8::/32). */
function ipv6Prefix(j) {
  const n = j + 0x10000;
  const b = new Uint8Array(16);
  b.set([0x20, 0x01, 0x0d, 0xb8, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
  return `${formatIpv6(b)}/64`;
}

function buildStream(v6) {
  const peer = {
    peerType: 0,
    flags: { ipv6: v6, postPolicy: false, legacyAsPath: false, adjRibOut: false },
    distinguisher: '0000000000000000',
    address: v6 ? '2001:db8:ffff::1' : '192.0.2.1',
    asn: 65001,
    bgpId: '192.0.2.1',
    timestampSeconds: Math.floor(Date.now() / 1000),
    timestampMicroseconds: 0,
  };
  const open = (asn, bgpId) => ({
    type: 'open',
    version: 4,
    myAsn: asn,
    holdTime: 180,
    bgpId,
    parameters: [
      {
        type: 'capabilities',
        capabilities: [
          { type: 'multiprotocol', afi: v6 ? 2 : 1, safi: 1 },
          { type: 'fourOctetAs', asn },
        ],
      },
    ],
  });
  const parts = [
    encodeBmpMessage({
      type: 'initiation',
      tlvs: [
        { type: 'sysDescr', value: 'bmp-lab bench stream' },
        { type: 'sysName', value: 'bench' },
      ],
    }),
    encodeBmpMessage({
      type: 'peer-up',
      peer,
      localAddress: v6 ? '2001:db8:ffff::fe' : '192.0.2.254',
      localPort: 179,
      remotePort: 50001,
      sentOpen: open(65000, '192.0.2.254'),
      receivedOpen: open(65001, '192.0.2.1'),
      tlvs: [],
    }),
  ];
  for (let p = 0, u = 0; p < PREFIXES; p += PER_UPDATE, u++) {
    const nlri = [];
    for (let j = p; j < Math.min(PREFIXES, p + PER_UPDATE); j++) {
      if (v6) nlri.push(ipv6Prefix(j));
      else {
        const a = (0x10000000 + j * 256) >>> 0;
        nlri.push(`${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.0/24`);
      }
    }
    const pathAttributes = [
      { type: 'origin', value: 'igp' },
      { type: 'asPath', segments: [{ type: 'sequence', asns: [65001, 4200000000 + (u % DISTINCT_PATHS)] }] },
      v6 ? { type: 'mpReachNlri', afi: 2, safi: 1, nextHops: ['2001:db8:ffff::1'], nlri } : { type: 'nextHop', value: '192.0.2.1' },
    ];
    parts.push(encodeBmpMessage({ type: 'route-monitoring', peer, update: { type: 'update', withdrawnRoutes: [], pathAttributes, nlri: v6 ? [] : nlri } }));
  }
  parts.push(
    encodeBmpMessage({
      type: 'termination',
      tlvs: [
        { type: 'reason', reason: 0 },
        { type: 'string', value: 'bulk done' },
      ],
    }),
  );
  return Buffer.concat(parts);
}
let stream = null;

/** Write the stream in 1 MiB chunks with back-pressure. */
async function send(socket) {
  for (let off = 0; off < stream.length; off += 1 << 20) {
    if (!socket.write(stream.subarray(off, Math.min(stream.length, off + (1 << 20))))) await new Promise((r) => socket.once('drain', r));
  }
}

async function ours() {
  const station = new Station({ clock: systemStationClock() });
  let done;
  let stored = 0;
  const finished = new Promise((r) => (done = r));
  station.subscribe((u) => {
    if (u.kind !== 'message' || u.message.type !== 'termination') return;
    stored = station.table(u.message.connection).prefixes;
    done();
  });
  const address = { vpnInstance: null, address: '10.1.1.1', port: 1790 };
  const listener = await listenStation({ host: '127.0.0.1', port: 0, accept: (tcp) => station.accept(address, tcp) });
  const t0 = performance.now();
  const c = connect({ host: '127.0.0.1', port: listener.port });
  c.on('error', () => {});
  await new Promise((r) => c.once('connect', r));
  await send(c);
  await finished;
  const ms = performance.now() - t0;
  c.destroy();
  station.stop();
  await listener.close();
  if (stored !== PREFIXES) throw new Error(`the station holds ${stored} routes, expected ${PREFIXES}`);
  return { ms, stored };
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
  writeFileSync(
    conf,
    [
      `bmp_daemon_ip: 127.0.0.1`,
      `bmp_daemon_port: ${port}`,
      'bmp_daemon_max_peers: 10',
      `logfile: ${dir}/pmbmpd.log`,
      `bmp_dump_file: ${dir}/dump-%s.json`,
      'bmp_dump_refresh_time: 86400',
      '',
    ].join('\n'),
  );
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

const hasPmbmpd = spawnSync('sh', ['-c', 'command -v pmbmpd']).status === 0;
for (const v6 of FAMILIES.map((f) => f === 'ipv6')) {
  stream = buildStream(v6);
  const oursRuns = [];
  for (let i = 0; i < RUNS; i++) oursRuns.push(await ours());
  const o = median(oursRuns.map((r) => r.ms));
  const each = oursRuns.map((r) => r.ms.toFixed(0)).join(', ');
  console.log(
    `station ingest: ${PREFIXES.toLocaleString('en')} ${v6 ? 'IPv6 /64 (MP_REACH_NLRI)' : 'IPv4'} prefixes, ${PER_UPDATE} per UPDATE, ${(stream.length / 1e6).toFixed(1)} MB (median of ${RUNS})`,
  );
  console.log(
    `  ours (listenStation + Station: decode, card, route table, log, capture): ${o.toFixed(0)} ms  (${(PREFIXES / (o / 1000) / 1e6).toFixed(2)} M prefixes/s; stored ${oursRuns[0].stored.toLocaleString('en')}; runs ${each} ms)`,
  );
  let anchor = null;
  if (hasPmbmpd) {
    const pm = [];
    for (let i = 0; i < RUNS; i++) pm.push((await pmbmpd()).ms);
    const p = median(pm);
    console.log(`  pmbmpd (rib mode, same stream): ${p.toFixed(0)} ms  (${(PREFIXES / (p / 1000) / 1e6).toFixed(2)} M prefixes/s)`);
    anchor = { name: 'pmbmpd rib mode, same stream', value: PREFIXES / (p / 1000) / 1e6, unit: 'M prefixes/s' };
  } else console.log('  pmbmpd: not installed here, no anchor');
  printBenchResult({
    name: v6 ? 'station-ingest-ipv6' : 'station-ingest',
    label: `station ingest: ${PREFIXES.toLocaleString('en')} ${v6 ? 'IPv6 ' : ''}prefixes, decode+store`,
    value: PREFIXES / (o / 1000) / 1e6,
    unit: 'M prefixes/s',
    anchor,
    target: { minRatio: 2, of: 'anchor' },
    detail: `${o.toFixed(0)} ms`,
  });
}
rmSync(work, { recursive: true, force: true });
clearTimeout(deadline);
process.exit(0);
