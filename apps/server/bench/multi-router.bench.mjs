#!/usr/bin/env node
// Convergence of a lab of several VRP routers, through the real server: 20
// routers in AS 100 (a redundant route-reflector pair RR1/RR2 in one cluster
// and 18 clients, each peering with both reflectors: lib/rr-topology.mjs),
// every router reporting its Loc-RIB to the lab's station 10.1.1.1:1790, and
// the eBGP neighbor 10.2.2.2 (AS 200) on one client, the edge.
//
// Once every BGP session is Established and every BMP session Up, 10,000
// prefixes are injected on 10.2.2.2 in one POST …/neighbors/10.2.2.2/routes;
// timed from the POST until every router's Loc-RIB holds all of them and the
// station's Loc-RIB view of every router's connection does too. Then W of
// them are withdrawn one DELETE …/routes/<prefix> each, one after another
// (BENCH_WITHDRAW, default 1,000), timed from the first DELETE until all agree
// on what is left; then W more in one DELETE …/routes {prefixes}, timed the
// same way. Memory per router: RSS and heap after gc
// with the routes held, minus the server's before the lab was created,
// divided by the routers. Anchor, same run: the same injection into a lab of
// one router reporting to the station. Each lab runs in a fresh child
// process (`--expose-gc`), so one's memory does not blur the other's.
// Informative: no target. Loopback only, bounded in time (BENCH_TIMEOUT_S,
// default 300 s) and count (BENCH_ROUTERS ≤ 32, BENCH_PREFIXES ≤ 100,000).
//
//   node apps/server/bench/multi-router.bench.mjs   (npm run bench -- multi-router)
//   BENCH_ROUTERS=20 BENCH_PREFIXES=10000 BENCH_WITHDRAW=1000 BENCH_TIME_SCALE=1
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';
import { EDGE_NEIGHBOR, expectedSessions, rrRouters, rrTopology } from './lib/rr-topology.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const self = fileURLToPath(import.meta.url);

const ROUTERS = Number(process.env.BENCH_ROUTERS ?? 20);
const PREFIXES = Number(process.env.BENCH_PREFIXES ?? 10_000);
const WITHDRAW = Math.min(Number(process.env.BENCH_WITHDRAW ?? 1000), PREFIXES);
// Protocol timers N times faster: a session that loses a collision redials in 32/N s. Hold time is 180/N s.
const TIME_SCALE = process.env.BENCH_TIME_SCALE ?? '1';
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 300);
/** What one POST may announce (API.md, "Lab neighbors"). */
const PER_POST = 10_000;
/** Distinct AS paths among the injected routes: a few attribute sets, as a real feed has, not one UPDATE for all. */
const PATHS = 100;
const RESULT_TAG = 'MULTI-ROUTER-SCENARIO ';

if (!Number.isInteger(ROUTERS) || ROUTERS < 1 || ROUTERS > 32) throw new Error(`BENCH_ROUTERS=${process.env.BENCH_ROUTERS}: 1-32`);
if (!Number.isInteger(PREFIXES) || PREFIXES < 1 || PREFIXES > 100_000) throw new Error(`BENCH_PREFIXES=${process.env.BENCH_PREFIXES}: 1-100000`);
if (!Number.isInteger(WITHDRAW) || WITHDRAW < 0) throw new Error(`BENCH_WITHDRAW=${process.env.BENCH_WITHDRAW}: 0 or more`);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mib = (n) => n / 1024 / 1024;
/** The j-th injected prefix: 20.0.0.0/24, 20.0.1.0/24, … (outside every lab address). */
const prefixOf = (j) => {
  const a = (0x14000000 + j * 256) >>> 0;
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.0/24`;
};

if (process.env.BENCH_MULTI_ROUTER_LAB) {
  await scenario(Number(process.env.BENCH_MULTI_ROUTER_LAB));
} else {
  await main();
}

// ── the parent: one child per lab, then the figures ──────────────────────────

async function main() {
  const deadline = performance.now() + TIMEOUT_S * 1000;
  const load = loadavg();
  const anchor = await runChild(1, deadline);
  const net = ROUTERS === 1 ? anchor : await runChild(ROUTERS, deadline);
  const s = (ms) => (ms / 1000).toFixed(2);
  console.log(
    `multi-router (real server): ${ROUTERS} routers in AS 100 (${net.reflectors} route reflector${net.reflectors === 1 ? '' : 's'}${net.reflectors > 1 ? ' in one cluster' : ''}, ${ROUTERS - net.reflectors} client${ROUTERS - net.reflectors === 1 ? '' : 's'}), Loc-RIB of each to the station; ${PREFIXES.toLocaleString('en')} prefixes injected on the edge's eBGP neighbor`,
  );
  console.log(`  load average at start: ${load.map((l) => l.toFixed(2)).join(' ')} (${TIME_SCALE}x protocol timers)`);
  console.log(`  lab up (POST /api/labs .. ${net.sessions} BGP sessions Established, ${ROUTERS} BMP sessions Up): ${s(net.setupMs)} s (one router: ${s(anchor.setupMs)} s)`);
  console.log(
    `  inject ${PREFIXES.toLocaleString('en')} (POST .. every Loc-RIB and the station agree): ${s(net.injectMs)} s (one router: ${s(anchor.injectMs)} s); POST answered in ${s(net.postMs)} s`,
  );
  console.log(
    `    station received ${net.inject.messages.toLocaleString('en')} BMP messages for it (${net.inject.routeMonitoring.toLocaleString('en')} Route Monitoring, ${net.inject.bytes.toLocaleString('en')} bytes); one router: ${anchor.inject.messages.toLocaleString('en')}`,
  );
  console.log(
    `  withdraw ${WITHDRAW.toLocaleString('en')} (one DELETE each, in sequence .. all agree on ${(PREFIXES - WITHDRAW).toLocaleString('en')}): ${s(net.withdrawMs)} s, the DELETEs alone ${s(net.deleteMs)} s (one router: ${s(anchor.withdrawMs)} s)`,
  );
  if (net.batchWithdrawMs !== null)
    console.log(
      `  withdraw ${WITHDRAW.toLocaleString('en')} more in one DELETE …/routes {prefixes} (.. all agree): ${s(net.batchWithdrawMs)} s (one router: ${s(anchor.batchWithdrawMs)} s)`,
    );
  console.log(
    `  memory per router with the routes held: rss ${net.rssPerRouter.toFixed(1)} MiB, heap ${net.heapPerRouter.toFixed(1)} MiB (one-router lab: rss ${anchor.rssPerRouter.toFixed(1)} MiB, heap ${anchor.heapPerRouter.toFixed(1)} MiB; ${net.gc ? 'after gc' : 'no gc'})`,
  );

  printBenchResult({
    name: 'multi-router-inject',
    label: `${ROUTERS} routers (RR pair): ${PREFIXES.toLocaleString('en')} prefixes injected at the edge, until every Loc-RIB and the station agree`,
    value: net.injectMs / 1000,
    unit: 's',
    anchor: { name: 'one router, same injection', value: anchor.injectMs / 1000, unit: 's' },
    target: null,
    detail: `${net.sessions} BGP sessions, ${ROUTERS} BMP sessions; station received ${net.inject.messages} BMP messages (${net.inject.routeMonitoring} Route Monitoring) for the injection; load ${load[0].toFixed(2)}`,
  });
  printBenchResult({
    name: 'multi-router-withdraw',
    label: `${ROUTERS} routers: ${WITHDRAW.toLocaleString('en')} prefixes withdrawn one DELETE at a time, until all agree`,
    value: net.withdrawMs / 1000,
    unit: 's',
    anchor: { name: 'one router, same withdrawal', value: anchor.withdrawMs / 1000, unit: 's' },
    target: null,
    detail: `DELETEs alone ${s(net.deleteMs)} s; station received ${net.withdraw.messages} BMP messages for it`,
  });
  if (net.batchWithdrawMs !== null)
    printBenchResult({
      name: 'multi-router-withdraw-batch',
      label: `${ROUTERS} routers: ${WITHDRAW.toLocaleString('en')} prefixes withdrawn in one DELETE, until all agree`,
      value: net.batchWithdrawMs / 1000,
      unit: 's',
      anchor: { name: 'one router, same withdrawal', value: anchor.batchWithdrawMs / 1000, unit: 's' },
      target: null,
      detail: `one at a time: ${s(net.withdrawMs)} s`,
    });
  printBenchResult({
    name: 'multi-router-memory',
    label: `memory per router, ${ROUTERS}-router lab holding ${PREFIXES.toLocaleString('en')} prefixes (rss)`,
    value: net.rssPerRouter,
    unit: 'MiB',
    anchor: { name: 'one-router lab, same routes', value: anchor.rssPerRouter, unit: 'MiB' },
    target: null,
    detail: `heap ${net.heapPerRouter.toFixed(2)} MiB per router (one-router lab ${anchor.heapPerRouter.toFixed(2)} MiB)`,
  });
}

/** Runs one lab in a child process (fresh heap, `--expose-gc`) and returns its figures. */
function runChild(routers, deadline) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', self], {
      env: { ...process.env, BENCH_MULTI_ROUTER_LAB: String(routers) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const timer = setTimeout(
      () => {
        child.kill('SIGKILL');
        reject(new Error(`multi-router.bench: the ${routers}-router lab was not done within BENCH_TIMEOUT_S=${TIMEOUT_S} s`));
      },
      Math.max(0, deadline - performance.now()),
    );
    child.once('exit', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith(RESULT_TAG));
      if (code !== 0 || !line) return reject(new Error(`multi-router.bench: the ${routers}-router lab failed (exit ${code})\n${out}`));
      resolve(JSON.parse(line.slice(RESULT_TAG.length)));
    });
  });
}

// ── a child: one lab, measured ────────────────────────────────────────────────

async function scenario(count) {
  const { startServer } = await import(path.join(here, '..', 'dist', 'app.js'));
  const { readConfig } = await import(path.join(here, '..', 'dist', 'config.js'));
  const server = await startServer(
    readConfig({
      PORT: '0',
      BMPLAB_DATA_DIR: 'off',
      BMPLAB_COLLECTOR_LISTEN: 'off',
      BMPLAB_SSH_LISTEN: 'off',
      BMPLAB_TIME_SCALE: TIME_SCALE,
      BMPLAB_LOG_LEVEL: 'warn',
      // A router listens for BGP on one socket, the station port and the neighbor take two more (the default lab needs 6).
      BMPLAB_MAX_LISTENERS_PER_LAB: String(Math.max(16, count + 2)),
    }),
  );
  try {
    const base = await settle();
    const specs = rrRouters(count);
    const t0 = performance.now();
    const created = await api(server, 'POST', '/api/labs', { topology: rrTopology(count) });
    if (created.status !== 201) throw new Error(`POST /api/labs: ${created.status} ${JSON.stringify(created.body)}`);
    const id = created.body.id;
    const lab = server.labs.get(id);
    const sessions = expectedSessions(count);
    await until(`${sessions} BGP sessions Established and ${count} BMP sessions Up`, () => labUp(lab, count, sessions), 120_000);
    const setupMs = performance.now() - t0;

    // Inject: one POST per 10,000 routes, timed from the first until everyone agrees.
    const routes = [];
    for (let j = 0; j < PREFIXES; j++) routes.push({ prefix: prefixOf(j), 'as-path': [64512 + (j % PATHS)] });
    const before = received(lab);
    const i0 = performance.now();
    for (let k = 0; k < routes.length; k += PER_POST) {
      const r = await api(server, 'POST', `/api/labs/${id}/neighbors/${EDGE_NEIGHBOR.address}/routes`, { routes: routes.slice(k, k + PER_POST) });
      if (r.status !== 200) throw new Error(`POST …/routes: ${r.status} ${JSON.stringify(r.body)}`);
    }
    const postMs = performance.now() - i0;
    await until(`every Loc-RIB and the station holding ${PREFIXES}`, () => agree(lab, count, PREFIXES), 120_000);
    const injectMs = performance.now() - i0;
    const inject = delta(before, received(lab));
    const loaded = await settle();

    // Withdraw W of them, one DELETE each.
    const before2 = received(lab);
    const w0 = performance.now();
    for (let j = PREFIXES - WITHDRAW; j < PREFIXES; j++) {
      const r = await api(server, 'DELETE', `/api/labs/${id}/neighbors/${EDGE_NEIGHBOR.address}/routes/${prefixOf(j)}`);
      if (r.status !== 204) throw new Error(`DELETE …/routes/${prefixOf(j)}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    const deleteMs = performance.now() - w0;
    await until(`every Loc-RIB and the station holding ${PREFIXES - WITHDRAW}`, () => agree(lab, count, PREFIXES - WITHDRAW), 120_000);
    const withdrawMs = performance.now() - w0;
    const withdraw = delta(before2, received(lab));

    // W more in one request (when there are that many left).
    let batchWithdrawMs = null;
    if (PREFIXES >= 2 * WITHDRAW) {
      const prefixes = [];
      for (let j = PREFIXES - 2 * WITHDRAW; j < PREFIXES - WITHDRAW; j++) prefixes.push(prefixOf(j));
      const b0 = performance.now();
      const r = await api(server, 'DELETE', `/api/labs/${id}/neighbors/${EDGE_NEIGHBOR.address}/routes`, { prefixes });
      if (r.status !== 200) throw new Error(`DELETE …/routes {prefixes}: ${r.status} ${JSON.stringify(r.body)}`);
      await until(`every Loc-RIB and the station holding ${PREFIXES - 2 * WITHDRAW}`, () => agree(lab, count, PREFIXES - 2 * WITHDRAW), 120_000);
      batchWithdrawMs = performance.now() - b0;
    }

    const result = {
      routers: count,
      reflectors: specs.filter((r) => r.role === 'reflector').length,
      sessions,
      setupMs,
      postMs,
      injectMs,
      deleteMs,
      withdrawMs,
      batchWithdrawMs,
      inject,
      withdraw,
      rssPerRouter: mib(loaded.rss - base.rss) / count,
      heapPerRouter: mib(loaded.heapUsed - base.heapUsed) / count,
      gc: typeof global.gc === 'function',
    };
    console.log(RESULT_TAG + JSON.stringify(result));
  } finally {
    await server.close();
  }
  process.exit(0);
}

async function settle() {
  global.gc?.();
  await sleep(300);
  global.gc?.();
  return process.memoryUsage();
}

async function api(server, method, urlPath, body) {
  const res = await fetch(server.url + urlPath, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

/** Polls `ready` (every 20 ms) until it is true; past `ms`, fails with what it was waiting for and where it stood. */
async function until(what, ready, ms) {
  const end = performance.now() + ms;
  for (;;) {
    const r = ready();
    if (r === true) return;
    if (performance.now() > end) throw new Error(`not within ${ms / 1000} s: ${what} (${r})`);
    await sleep(20);
  }
}

/** The station's cards of this lab's routers (open connections a lab session opened). */
function labCards(lab) {
  return lab.station.routers().filter((c) => c.closedAt === null && c.sessionKey !== null);
}

/** True once every BGP session is Established and every router's BMP session is Up with its station connection; else what is missing. */
function labUp(lab, count, sessions) {
  const addresses = new Set(lab.routers.map((r) => r.device.bgpIdentity()?.routerId));
  let internal = 0;
  let external = 0;
  for (const r of lab.routers) {
    for (const p of r.device.bgpPeers()) {
      if (p.state !== 'Established') continue;
      if (addresses.has(p.address)) internal++;
      else external++;
    }
  }
  const established = internal / 2 + external;
  const bmpUp = lab.routers.filter((r) => r.device.bmpSessions().some((s) => s.state === 'up')).length;
  const cards = labCards(lab).length;
  if (established === sessions && bmpUp === count && cards === count) return true;
  return `${established}/${sessions} BGP sessions, ${bmpUp}/${count} BMP sessions Up, ${cards}/${count} station connections`;
}

/**
 * True once the station's Loc-RIB view of each router's connection holds
 * `n` prefixes and so does each router's own Loc-RIB; else how far they are.
 * The station (cheap to read) is checked first: it can only hold what the
 * routers reported.
 */
function agree(lab, count, n) {
  const cards = labCards(lab);
  const held = cards.map((c) => c.routes.filter((v) => v.view === 'loc-rib').reduce((m, v) => m + v.prefixes, 0));
  const stationDone = held.filter((h) => h === n).length;
  if (cards.length !== count || stationDone !== count) return `station: ${stationDone}/${count} connections hold ${n} (min ${Math.min(...held)}, max ${Math.max(...held)})`;
  const rib = lab.routers.map((r) => r.device.bgpRoutes('loc-rib', null).length);
  const ribDone = rib.filter((h) => h === n).length;
  if (ribDone !== count) return `routers: ${ribDone}/${count} Loc-RIBs hold ${n}`;
  return true;
}

/** BMP messages (all, Route Monitoring) and bytes the station received from this lab's connections. */
function received(lab) {
  let messages = 0;
  let routeMonitoring = 0;
  let bytes = 0;
  for (const c of labCards(lab)) {
    for (const [type, k] of Object.entries(c.received)) {
      messages += k;
      if (type === 'route-monitoring') routeMonitoring += k;
    }
    bytes += c.bytes;
  }
  return { messages, routeMonitoring, bytes };
}

function delta(a, b) {
  return { messages: b.messages - a.messages, routeMonitoring: b.routeMonitoring - a.routeMonitoring, bytes: b.bytes - a.bytes };
}
