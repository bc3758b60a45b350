// Station ingest bench: a Route Monitoring stream of 1,000,000 IPv4 prefixes
// (consecutive /24s from 16.0.0.0, 100 per UPDATE, 1,000 distinct AS paths;
// then the same with IPv6 /64s under 2001:db8::/32 in MP_REACH_NLRI from an
// IPv6 peer, RFC 4760, each family with its own figure and anchor;
// Initiation, Peer Up, …, Termination — the shape of the interop recipe's
// gen-rm-stream.js; packages/tooling/lib/bench-route-stream.mjs, origin, AS path
// and next hop only) sent over loopback to our station (listenStation
// and Station from the BUILT package: every message framed and decoded once,
// counted on its connection's card, its routes stored in the route table,
// logged and captured), from first byte to the Termination's update. Anchor
// in the same run: pmbmpd (pmacct) in `rib` mode (decodes and stores routes),
// from first byte to pmbmpd closing the socket after the Termination. Both are
// fed by the same sender process (bench-stream-sender.mjs). Prints figures;
// asserts nothing but the route count.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';
import { hasPmbmpd, pmbmpdIngestMs } from '../../../packages/tooling/lib/bench-pmbmpd.mjs';
import { PER_UPDATE, buildRouteStream } from '../../../packages/tooling/lib/bench-route-stream.mjs';
import { openSender } from '../../../packages/tooling/lib/bench-stream-sender.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { listenStation, systemStationClock } = await import(path.join(here, '..', 'dist', 'node', 'index.js'));
const { Station } = await import(path.join(here, '..', 'dist', 'index.js'));

const PREFIXES = Number(process.env.BENCH_PREFIXES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** BENCH_FAMILIES=ipv6 (or ipv4) runs one family only, e.g. to profile it. */
const FAMILIES = (process.env.BENCH_FAMILIES ?? 'ipv4,ipv6').split(',');
const work = mkdtempSync(path.join(tmpdir(), 'bmplab-ingest-'));
const deadline = setTimeout(() => {
  console.error('station-ingest.bench: not done within 600 s');
  process.exit(1);
}, 600_000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The stream being measured, and the file the sender reads it from. */
let stream;
const streamFile = path.join(work, 'stream.bmp');

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
  const sender = await openSender({ file: streamFile, host: '127.0.0.1', port: listener.port });
  const t0 = sender.go();
  await finished;
  const ms = performance.now() - t0;
  await sender.stop();
  station.stop();
  await listener.close();
  if (stored !== PREFIXES) throw new Error(`the station holds ${stored} routes, expected ${PREFIXES}`);
  return { ms, stored };
}

const anchored = hasPmbmpd();
for (const v6 of FAMILIES.map((f) => f === 'ipv6')) {
  stream = buildRouteStream({ prefixes: PREFIXES, family: v6 ? 'ipv6' : 'ipv4', attributes: 'path', withTermination: true, terminationText: 'bulk done' });
  writeFileSync(streamFile, stream);
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
  if (anchored) {
    const pm = [];
    for (let i = 0; i < RUNS; i++) pm.push(await pmbmpdIngestMs(streamFile, work));
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
