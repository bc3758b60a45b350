#!/usr/bin/env node
// The station as a looking glass, through the real server: a router
// connection reports 1,000,000 prefixes with attributes (origin, AS path, next
// hop, MED, local preference, communities; 1,000 distinct sets, 100 prefixes
// per UPDATE; the stream of packages/tooling/lib/bench-route-stream.mjs) to the default lab's
// station, which keeps every route with its attributes (interned per set);
// once IPv4 /24s, then again with IPv6 /64s in MP_REACH_NLRI (each family its
// own server and its own figures). Figures: ingest, from first
// byte to the station holding every route; then `GET /api/station/routes?prefix=`
// over the 1,000,000 routes, from request to parsed response (sequential,
// random prefixes). The server runs as `npm start` runs it, keeping the
// lab's station messages in its SQLite database (a data directory in a temp
// folder), and the stream comes from a sender process of its own, as from a
// router. Anchor, same run: pmbmpd (pmacct) ingesting the same stream from
// the same sender in rib mode, first byte to closing the socket after a
// Termination.
// Loopback only, bounded in time (BENCH_TIMEOUT_S, default 600 s, both families).
//
//   node apps/server/bench/station-routes.bench.mjs   (npm run bench -- station-routes)
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';
import { hasPmbmpd, pmbmpdIngestMs } from '../../../packages/tooling/lib/bench-pmbmpd.mjs';
import { FAMILIES, PER_UPDATE, buildRouteStream, prefixOf } from '../../../packages/tooling/lib/bench-route-stream.mjs';
import { openSender } from '../../../packages/tooling/lib/bench-stream-sender.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { startServer } = await import(path.join(here, '..', 'dist', 'app.js'));
const { readConfig } = await import(path.join(here, '..', 'dist', 'config.js'));

const PREFIXES = Number(process.env.BENCH_PREFIXES ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 1000);
const deadline = setTimeout(
  () => {
    console.error(`station-routes.bench: not done within ${process.env.BENCH_TIMEOUT_S ?? 600} s`);
    process.exit(1);
  },
  Number(process.env.BENCH_TIMEOUT_S ?? 600) * 1000,
);
const work = mkdtempSync(path.join(tmpdir(), 'bmplab-routes-'));
const sorted = (xs) => [...xs].sort((a, b) => a - b);

/** The stream of `family` in a file for the sender process (with a Termination for pmbmpd, whose end it marks). */
function streamFile(family, withTermination) {
  const file = path.join(work, `${family}${withTermination ? '-terminated' : ''}.bmp`);
  writeFileSync(file, buildRouteStream({ prefixes: PREFIXES, family, withTermination }));
  return file;
}

async function ours(family) {
  const file = streamFile(family, false);
  const dataDir = mkdtempSync(path.join(work, 'data-'));
  const server = await startServer(readConfig({ PORT: '0', BMPLAB_DATA_DIR: dataDir, BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_SSH_LISTEN: 'off' }));
  let sender = null;
  try {
    const { host, port } = server.lab.stationEndpoints()[0];
    // The station's own count of the prefixes its connections hold: checking it costs nothing, where building every
    // connection's card every 2 ms took CPU from the ingest being timed. The query figures below read the routes back.
    const held = () => server.lab.station.prefixes;
    sender = await openSender({ file, host, port });
    const t0 = sender.go();
    while (held() < PREFIXES) await new Promise((r) => setTimeout(r, 2));
    const ingestMs = performance.now() - t0;
    const times = [];
    for (let i = 0; i < QUERIES; i++) {
      const prefix = prefixOf(Math.floor(Math.random() * PREFIXES), family);
      const q0 = performance.now();
      const res = await fetch(`${server.url}/api/station/routes?prefix=${encodeURIComponent(prefix)}`);
      const body = await res.json();
      times.push(performance.now() - q0);
      if (body.routes.length !== 1 || body.routes[0].prefix !== prefix || body.routes[0].communities.length !== 2)
        throw new Error(`bad answer for ${prefix}: ${JSON.stringify(body)}`);
    }
    const t = sorted(times);
    return { ingestMs, queryMedianMs: t[Math.floor(t.length / 2)], queryP95Ms: t[Math.floor(t.length * 0.95)] };
  } finally {
    await sender?.stop();
    await server.close();
  }
}

/** pmbmpd's time for the same stream, ended by a Termination. */
const pmbmpd = (family) => pmbmpdIngestMs(streamFile(family, true), work);

const anchored = hasPmbmpd();
for (const family of (process.env.BENCH_FAMILIES ?? FAMILIES.join(',')).split(',')) {
  const o = await ours(family);
  const v = family === 'ipv4' ? 'IPv4' : 'IPv6';
  const suffix = family === 'ipv4' ? '' : '-ipv6';
  console.log(`station routes (real server): ${PREFIXES.toLocaleString('en')} ${v} prefixes with attributes, ${PER_UPDATE} per UPDATE, 1,000 distinct sets`);
  console.log(`  ingest, first byte .. every route held: ${o.ingestMs.toFixed(0)} ms (${(PREFIXES / (o.ingestMs / 1000) / 1e6).toFixed(2)} M prefixes/s)`);
  console.log(
    `  GET /api/station/routes?prefix= over ${PREFIXES.toLocaleString('en')} routes (${QUERIES} requests): median ${o.queryMedianMs.toFixed(2)} ms, p95 ${o.queryP95Ms.toFixed(2)} ms`,
  );
  let anchor = null;
  if (anchored) {
    const p = await pmbmpd(family);
    console.log(`  pmbmpd (rib mode, same stream): ${p.toFixed(0)} ms (${(PREFIXES / (p / 1000) / 1e6).toFixed(2)} M prefixes/s)`);
    anchor = { name: 'pmbmpd rib mode, same stream', value: PREFIXES / (p / 1000) / 1e6, unit: 'M prefixes/s' };
  } else console.log('  pmbmpd: not installed here, no anchor');
  printBenchResult({
    name: `station-routes-ingest${suffix}`,
    label: `station, real server: ${PREFIXES.toLocaleString('en')} ${family === 'ipv4' ? '' : 'IPv6 '}prefixes with attributes kept`,
    value: PREFIXES / (o.ingestMs / 1000) / 1e6,
    unit: 'M prefixes/s',
    anchor,
    target: { minRatio: 2, of: 'anchor' },
    detail: `${o.ingestMs.toFixed(0)} ms`,
  });
  printBenchResult({
    name: `station-routes-query${suffix}`,
    label: `GET /api/station/routes?prefix= over ${PREFIXES.toLocaleString('en')} ${family === 'ipv4' ? '' : 'IPv6 '}routes, p95`,
    value: o.queryP95Ms,
    unit: 'ms',
    detail: `median ${o.queryMedianMs.toFixed(2)} ms`,
  });
}
rmSync(work, { recursive: true, force: true });
clearTimeout(deadline);
process.exit(0);
