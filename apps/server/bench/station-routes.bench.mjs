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
// A third figure per run: ours again with the lab's page open in Chromium
// (headless, 1280x720, the default lab's Monitor tab), as a trainee watching
// the dashboard while a router dumps its table: the page receives the live
// `station.message` frames and competes with the server for this machine's
// cores (BMPLAB_CHROMIUM overrides /usr/bin/chromium; without Chromium the
// figure is left out).
// Each family runs BENCH_REPEAT times (default 3), ours and pmbmpd alternating,
// ours each time in a process of its own (a new server in a warm process
// would measure a JIT and a heap the first table dump does not find): this
// machine's speed moves by a fifth from one minute to the next, so one pair
// of runs could pass or miss the target by luck. The figures are the
// medians, with every run's pair printed.
// Loopback only, bounded in time (BENCH_TIMEOUT_S, default 600 s, both families).
//
//   node apps/server/bench/station-routes.bench.mjs   (npm run bench -- station-routes)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';
import { hasPmbmpd, pmbmpdIngestMs } from '../../../packages/tooling/lib/bench-pmbmpd.mjs';
import { FAMILIES, PER_UPDATE, buildRouteStream, prefixOf } from '../../../packages/tooling/lib/bench-route-stream.mjs';
import { openSender } from '../../../packages/tooling/lib/bench-stream-sender.mjs';
import { serverNodeArgs } from '../../../packages/tooling/lib/server-node-args.mjs';

const self = fileURLToPath(import.meta.url);
const here = path.dirname(self);

const PREFIXES = Number(process.env.BENCH_PREFIXES ?? 1_000_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 1000);
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 3));
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 600);
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const median = (xs) => sorted(xs)[Math.floor((xs.length - 1) / 2)];

const CHROMIUM = process.env.BMPLAB_CHROMIUM || '/usr/bin/chromium';

// A run of ours: `node station-routes.bench.mjs --one FAMILY STREAM_FILE WORK_DIR [watched]` prints its figures as one JSON line.
if (process.argv[2] === '--one') {
  const [family, file, workDir, watched] = process.argv.slice(3);
  console.log(JSON.stringify(await oursInThisProcess(family, file, workDir, watched === 'watched')));
  process.exit(0);
}

const deadline = setTimeout(() => {
  console.error(`station-routes.bench: not done within ${TIMEOUT_S} s`);
  process.exit(1);
}, TIMEOUT_S * 1000);
const work = mkdtempSync(path.join(tmpdir(), 'bmplab-routes-'));

/** The stream of `family` in a file for the sender process (with a Termination for pmbmpd, whose end it marks). */
const written = new Set();
function streamFile(family, withTermination) {
  const file = path.join(work, `${family}${withTermination ? '-terminated' : ''}.bmp`);
  if (!written.has(file)) writeFileSync(file, buildRouteStream({ prefixes: PREFIXES, family, withTermination }));
  written.add(file);
  return file;
}

/**
 * One run of ours, in this process: a new server ingests the stream in `file`, then answers the queries; `watched`:
 * with the lab's page open in Chromium during the ingest (no queries then).
 */
async function oursInThisProcess(family, file, workDir, watched) {
  const { startServer } = await import(path.join(here, '..', 'dist', 'app.js'));
  const { readConfig } = await import(path.join(here, '..', 'dist', 'config.js'));
  const dataDir = mkdtempSync(path.join(workDir, 'data-'));
  const server = await startServer(readConfig({ PORT: '0', BMPLAB_DATA_DIR: dataDir, BMPLAB_COLLECTOR_LISTEN: 'off', BMPLAB_SSH_LISTEN: 'off' }));
  let sender = null;
  let browser = null;
  try {
    if (watched) browser = await watchLabPage(server.url);
    const { host, port } = server.lab.stationEndpoints()[0];
    // The station's own count of the prefixes its connections hold: checking it costs nothing, where building every
    // connection's card every 2 ms took CPU from the ingest being timed. The query figures below read the routes back.
    const held = () => server.lab.station.prefixes;
    sender = await openSender({ file, host, port });
    const t0 = sender.go();
    while (held() < PREFIXES) await new Promise((r) => setTimeout(r, 2));
    const ingestMs = performance.now() - t0;
    const times = [];
    for (let i = 0; i < (watched ? 0 : QUERIES); i++) {
      const prefix = prefixOf(Math.floor(Math.random() * PREFIXES), family);
      const q0 = performance.now();
      const res = await fetch(`${server.url}/api/station/routes?prefix=${encodeURIComponent(prefix)}`);
      const body = await res.json();
      times.push(performance.now() - q0);
      if (body.routes.length !== 1 || body.routes[0].prefix !== prefix || body.routes[0].communities.length !== 2)
        throw new Error(`bad answer for ${prefix}: ${JSON.stringify(body)}`);
    }
    return { ingestMs, queryTimes: times };
  } finally {
    await sender?.stop();
    await browser?.close();
    await server.close();
  }
}

/** Chromium showing the lab's page (Monitor tab) with its console open: what a watching trainee has. */
async function watchLabPage(url) {
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(url);
  await page.waitForFunction(() => /<HUAWEI>\s*$/.test(globalThis.bmpLab?.terminalText() ?? ''), null, { timeout: 30_000 });
  // A trainee has had the page open a while: its loading is done (scripts compiled, first layouts) before the dump.
  // Settled = the browser twice in a row found a whole idle period (50 ms) with nothing to do.
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        let calm = 0;
        const look = (deadline) => {
          calm = deadline.timeRemaining() >= 45 ? calm + 1 : 0;
          if (calm >= 2) resolve(null);
          else globalThis.requestIdleCallback(look);
        };
        globalThis.requestIdleCallback(look);
      }),
  );
  return browser;
}

/** One run of ours in a process of its own (see above). */
function ours(family, watched = false) {
  const child = spawnSync(process.execPath, [...serverNodeArgs(), self, '--one', family, streamFile(family, false), work, ...(watched ? ['watched'] : [])], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: TIMEOUT_S * 1000,
  });
  if (child.status !== 0) throw new Error(`station-routes.bench: a run of ours failed (${child.error?.message ?? `exit code ${child.status}`})`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1));
}

/** pmbmpd's time for the same stream, ended by a Termination. */
const pmbmpd = (family) => pmbmpdIngestMs(streamFile(family, true), work);

const anchored = hasPmbmpd();
const watchable = existsSync(CHROMIUM);
for (const family of (process.env.BENCH_FAMILIES ?? FAMILIES.join(',')).split(',')) {
  const v = family === 'ipv4' ? 'IPv4' : 'IPv6';
  const suffix = family === 'ipv4' ? '' : '-ipv6';
  console.log(`station routes (real server): ${PREFIXES.toLocaleString('en')} ${v} prefixes with attributes, ${PER_UPDATE} per UPDATE, 1,000 distinct sets, ${REPEAT} runs`);
  const oursMs = [];
  const pmbmpdMs = [];
  const watchedMs = [];
  const queryTimes = [];
  for (let run = 1; run <= REPEAT; run++) {
    const o = ours(family);
    oursMs.push(o.ingestMs);
    queryTimes.push(...o.queryTimes);
    const p = anchored ? await pmbmpd(family) : null;
    if (p !== null) pmbmpdMs.push(p);
    const w = watchable ? ours(family, true).ingestMs : null;
    if (w !== null) watchedMs.push(w);
    const vs = (ms) => (p === null ? '' : ` (${(p / ms).toFixed(2)}×)`);
    console.log(
      `  run ${run}: ingest ${o.ingestMs.toFixed(0)} ms${vs(o.ingestMs)}${p === null ? '' : `, pmbmpd ${p.toFixed(0)} ms`}${w === null ? '' : `, with the lab page open ${w.toFixed(0)} ms${vs(w)}`}`,
    );
  }
  const ingestMs = median(oursMs);
  const q = sorted(queryTimes);
  const queryMedianMs = q[Math.floor(q.length / 2)];
  const queryP95Ms = q[Math.floor(q.length * 0.95)];
  console.log(`  ingest, first byte .. every route held (median): ${ingestMs.toFixed(0)} ms (${(PREFIXES / (ingestMs / 1000) / 1e6).toFixed(2)} M prefixes/s)`);
  console.log(
    `  GET /api/station/routes?prefix= over ${PREFIXES.toLocaleString('en')} routes (${QUERIES} requests a run): median ${queryMedianMs.toFixed(2)} ms, p95 ${queryP95Ms.toFixed(2)} ms`,
  );
  let anchor = null;
  if (anchored) {
    const p = median(pmbmpdMs);
    console.log(`  pmbmpd (rib mode, same stream, median): ${p.toFixed(0)} ms (${(PREFIXES / (p / 1000) / 1e6).toFixed(2)} M prefixes/s)`);
    anchor = { name: 'pmbmpd rib mode, same stream', value: PREFIXES / (p / 1000) / 1e6, unit: 'M prefixes/s' };
  } else console.log('  pmbmpd: not installed here, no anchor');
  printBenchResult({
    name: `station-routes-ingest${suffix}`,
    label: `station, real server: ${PREFIXES.toLocaleString('en')} ${family === 'ipv4' ? '' : 'IPv6 '}prefixes with attributes kept (median of ${REPEAT})`,
    value: PREFIXES / (ingestMs / 1000) / 1e6,
    unit: 'M prefixes/s',
    anchor,
    target: { minRatio: 2, of: 'anchor' },
    detail: `${ingestMs.toFixed(0)} ms; runs ${oursMs.map((x) => x.toFixed(0)).join(', ')} ms${anchored ? `; pmbmpd ${pmbmpdMs.map((x) => x.toFixed(0)).join(', ')} ms` : ''}`,
  });
  if (watchable) {
    const w = median(watchedMs);
    console.log(`  ingest with the lab page open in Chromium (median): ${w.toFixed(0)} ms (${(PREFIXES / (w / 1000) / 1e6).toFixed(2)} M prefixes/s)`);
    printBenchResult({
      name: `station-routes-ingest-watched${suffix}`,
      label: `station, real server, the lab page open in Chromium: ${PREFIXES.toLocaleString('en')} ${family === 'ipv4' ? '' : 'IPv6 '}prefixes (median of ${REPEAT})`,
      value: PREFIXES / (w / 1000) / 1e6,
      unit: 'M prefixes/s',
      anchor,
      target: { minRatio: 2, of: 'anchor' },
      detail: `${w.toFixed(0)} ms; runs ${watchedMs.map((x) => x.toFixed(0)).join(', ')} ms`,
    });
  } else console.log(`  with the lab page open: no Chromium at ${CHROMIUM}, left out`);
  printBenchResult({
    name: `station-routes-query${suffix}`,
    label: `GET /api/station/routes?prefix= over ${PREFIXES.toLocaleString('en')} ${family === 'ipv4' ? '' : 'IPv6 '}routes, p95`,
    value: queryP95Ms,
    unit: 'ms',
    detail: `median ${queryMedianMs.toFixed(2)} ms`,
  });
}
rmSync(work, { recursive: true, force: true });
clearTimeout(deadline);
process.exit(0);
