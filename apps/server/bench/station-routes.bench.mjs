#!/usr/bin/env node
// The station as a looking glass, through the real server: a router
// connection reports 1,000,000 IPv4 prefixes with attributes (origin, AS
// path, next hop, MED, local preference, communities; 1,000 distinct sets,
// 100 prefixes per UPDATE) to the default lab's station, which keeps every
// route with its attributes (interned per set). Figures: ingest, from first
// byte to the station holding every route; then `GET /api/station/routes?prefix=`
// over the 1,000,000 routes, from request to parsed response (sequential,
// random prefixes). Anchor, same run: pmbmpd (pmacct) ingesting the same
// stream in rib mode, first byte to closing the socket after a Termination.
// Loopback only, bounded in time (BENCH_TIMEOUT_S, default 300 s).
//
//   node apps/server/bench/station-routes.bench.mjs   (npm run bench -- station-routes)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { startServer } = await import(path.join(here, '..', 'dist', 'app.js'));
const { readConfig } = await import(path.join(here, '..', 'dist', 'config.js'));
const { encodeBmpMessage } = await import(path.join(here, '..', '..', '..', 'packages', 'codec', 'dist', 'index.js'));

const PREFIXES = Number(process.env.BENCH_PREFIXES ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 1000);
const PER_UPDATE = 100;
const deadline = setTimeout(() => {
  console.error(`station-routes.bench: not done within ${process.env.BENCH_TIMEOUT_S ?? 300} s`);
  process.exit(1);
}, Number(process.env.BENCH_TIMEOUT_S ?? 300) * 1000);
const work = mkdtempSync(path.join(tmpdir(), 'bmplab-routes-'));
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const prefixOf = (j) => {
  const a = (0x10000000 + j * 256) >>> 0;
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.0/24`;
};

function buildStream(withTermination) {
  const peer = {
    peerType: 0,
    flags: { ipv6: false, postPolicy: false, legacyAsPath: false, adjRibOut: false },
    distinguisher: '0000000000000000',
    address: '192.0.2.1',
    asn: 65001,
    bgpId: '192.0.2.1',
    timestampSeconds: Math.floor(Date.now() / 1000),
    timestampMicroseconds: 0,
  };
  const open = (asn, bgpId) => ({ type: 'open', version: 4, myAsn: asn, holdTime: 180, bgpId, parameters: [{ type: 'capabilities', capabilities: [{ type: 'multiprotocol', afi: 1, safi: 1 }, { type: 'fourOctetAs', asn }] }] });
  const parts = [
    encodeBmpMessage({ type: 'initiation', tlvs: [{ type: 'sysDescr', value: 'bmp-lab bench stream' }, { type: 'sysName', value: 'bench' }] }),
    encodeBmpMessage({ type: 'peer-up', peer, localAddress: '192.0.2.254', localPort: 179, remotePort: 50001, sentOpen: open(65000, '192.0.2.254'), receivedOpen: open(65001, '192.0.2.1'), tlvs: [] }),
  ];
  for (let p = 0, u = 0; p < PREFIXES; p += PER_UPDATE, u++) {
    const nlri = [];
    for (let j = p; j < Math.min(PREFIXES, p + PER_UPDATE); j++) nlri.push(prefixOf(j));
    const k = u % 1000;
    const pathAttributes = [
      { type: 'origin', value: 'igp' },
      { type: 'asPath', segments: [{ type: 'sequence', asns: [65001, 4200000000 + k] }] },
      { type: 'nextHop', value: '192.0.2.1' },
      { type: 'multiExitDisc', value: k },
      { type: 'localPref', value: 100 },
      { type: 'communities', values: [`65001:${k}`, '65001:65535'] },
    ];
    parts.push(encodeBmpMessage({ type: 'route-monitoring', peer, update: { type: 'update', withdrawnRoutes: [], pathAttributes, nlri } }));
  }
  if (withTermination) parts.push(encodeBmpMessage({ type: 'termination', tlvs: [{ type: 'reason', reason: 0 }] }));
  return Buffer.concat(parts);
}

async function send(socket, stream) {
  for (let off = 0; off < stream.length; off += 1 << 20) {
    if (!socket.write(stream.subarray(off, Math.min(stream.length, off + (1 << 20))))) await new Promise((r) => socket.once('drain', r));
  }
}

async function ours() {
  const stream = buildStream(false);
  const server = await startServer(readConfig({ PORT: '0', BMPLAB_DATA_DIR: 'off', BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_SSH_LISTEN: 'off' }));
  try {
    const { host, port } = server.lab.stationEndpoints()[0];
    const held = () => server.lab.station.routers().reduce((n, r) => n + r.routes.reduce((m, v) => m + v.prefixes, 0), 0);
    const t0 = performance.now();
    const c = connect({ host, port });
    c.on('error', () => {});
    await new Promise((r) => c.once('connect', r));
    await send(c, stream);
    while (held() < PREFIXES) await new Promise((r) => setTimeout(r, 2));
    const ingestMs = performance.now() - t0;
    const times = [];
    for (let i = 0; i < QUERIES; i++) {
      const prefix = prefixOf(Math.floor(Math.random() * PREFIXES));
      const q0 = performance.now();
      const res = await fetch(`${server.url}/api/station/routes?prefix=${encodeURIComponent(prefix)}`);
      const body = await res.json();
      times.push(performance.now() - q0);
      if (body.routes.length !== 1 || body.routes[0].prefix !== prefix || body.routes[0].communities.length !== 2) throw new Error(`bad answer for ${prefix}: ${JSON.stringify(body)}`);
    }
    c.destroy();
    const t = sorted(times);
    return { ingestMs, queryMedianMs: t[Math.floor(t.length / 2)], queryP95Ms: t[Math.floor(t.length * 0.95)] };
  } finally {
    await server.close();
  }
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
  const stream = buildStream(true);
  const dir = mkdtempSync(path.join(work, 'pmbmpd-'));
  const port = await freePort();
  const conf = path.join(dir, 'pmbmpd.conf');
  writeFileSync(conf, [`bmp_daemon_ip: 127.0.0.1`, `bmp_daemon_port: ${port}`, 'bmp_daemon_max_peers: 10', `logfile: ${dir}/pmbmpd.log`, `bmp_dump_file: ${dir}/dump-%s.json`, 'bmp_dump_refresh_time: 86400', ''].join('\n'));
  const child = spawn('pmbmpd', ['-f', conf], { stdio: 'ignore' });
  try {
    let c;
    for (let i = 0; i < 100 && !c; i++) {
      c = await new Promise((resolve) => {
        const s = connect({ host: '127.0.0.1', port });
        s.once('connect', () => resolve(s));
        s.once('error', () => resolve(null));
      });
      if (!c) await new Promise((r) => setTimeout(r, 50));
    }
    if (!c) throw new Error('pmbmpd did not listen');
    c.on('error', () => {});
    c.resume();
    const closed = new Promise((r) => c.once('close', r));
    const t0 = performance.now();
    await send(c, stream);
    await closed;
    return performance.now() - t0;
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => {
      const t = setTimeout(() => (child.kill('SIGKILL'), r()), 5000);
      child.once('exit', () => (clearTimeout(t), r()));
    });
  }
}

const o = await ours();
console.log(`station routes (real server): ${PREFIXES.toLocaleString('en')} prefixes with attributes, ${PER_UPDATE} per UPDATE, 1,000 distinct sets`);
console.log(`  ingest, first byte .. every route held: ${o.ingestMs.toFixed(0)} ms (${(PREFIXES / (o.ingestMs / 1000) / 1e6).toFixed(2)} M prefixes/s)`);
console.log(`  GET /api/station/routes?prefix= over ${PREFIXES.toLocaleString('en')} routes (${QUERIES} requests): median ${o.queryMedianMs.toFixed(2)} ms, p95 ${o.queryP95Ms.toFixed(2)} ms`);
let anchor = null;
if (spawnSync('sh', ['-c', 'command -v pmbmpd']).status === 0) {
  const p = await pmbmpd();
  console.log(`  pmbmpd (rib mode, same stream): ${p.toFixed(0)} ms (${(PREFIXES / (p / 1000) / 1e6).toFixed(2)} M prefixes/s)`);
  anchor = { name: 'pmbmpd rib mode, same stream', value: PREFIXES / (p / 1000) / 1e6, unit: 'M prefixes/s' };
} else console.log('  pmbmpd: not installed here, no anchor');
printBenchResult({
  name: 'station-routes-ingest',
  label: `station, real server: ${PREFIXES.toLocaleString('en')} prefixes with attributes kept`,
  value: PREFIXES / (o.ingestMs / 1000) / 1e6,
  unit: 'M prefixes/s',
  anchor,
  target: { minRatio: 2, of: 'anchor' },
  detail: `${o.ingestMs.toFixed(0)} ms`,
});
printBenchResult({
  name: 'station-routes-query',
  label: `GET /api/station/routes?prefix= over ${PREFIXES.toLocaleString('en')} routes, p95`,
  value: o.queryP95Ms,
  unit: 'ms',
  detail: `median ${o.queryMedianMs.toFixed(2)} ms`,
});
rmSync(work, { recursive: true, force: true });
clearTimeout(deadline);
process.exit(0);
