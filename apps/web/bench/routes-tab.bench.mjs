// The station's Routes tab with a million routes held, as its user sees it:
// figures measured inside the page (Chromium), beside the same page and the
// same measurements with 1,000 routes held, in the same run.
//
// Lab: the BUILT server (apps/server/dist/main.js, in-memory data), whose
// default lab's station is fed by one router connection on the external
// station port (BMPLAB_COLLECTOR_LISTEN): the stream of
// packages/tooling/lib/bench-route-stream.mjs, IPv4 /24s with attributes (AS path,
// next hop, MED, local preference, communities), 100 per UPDATE. The
// connection stays open while the page is measured (a closed one holds no
// route). One server per size; a fresh page per round, in alternating rounds
// (anchor, held, anchor, held, …) so that load from elsewhere hits both.
//
// In the page (1280×720), each measured the same way for both sizes:
//   open    from the click on the Routes tab (the click event's timestamp) to
//           the start of the first frame whose list shows route rows;
//   scroll  for BENCH_SCROLL_S seconds the list scrolls down at 600 rows/s (a
//           fast wheel fling; the scroll position is set each frame from the
//           time elapsed, so a late frame skips rows instead of slowing the
//           scroll), paging in more routes as it goes; on reaching the end (the
//           anchor's 1,000 rows) it turns back. Frame times are the deltas
//           between requestAnimationFrame callbacks: p50, p95, and frames over
//           50 ms (a visible stall);
//   compare from the click on a row in the middle of the view to the first
//           frame showing the comparison of its prefix with its columns;
//   filter  typing a prefix into the filter (a key every 40 ms), from the
//           last keydown to the first frame whose list shows only that prefix.
//
// Target: smooth scrolling stated as a number: p95 frame ≤ 50 ms with a
// million routes held (the longest frame that still reads as motion rather
// than a stall; Chromium counts tasks over 50 ms as long tasks). The other
// figures are informative, each beside its 1,000-route anchor.
//
//   node apps/web/bench/routes-tab.bench.mjs          (npm run bench -- routes-tab)
//
// BENCH_PREFIXES (1,000,000), BENCH_ANCHOR_PREFIXES (1,000), BENCH_ROUNDS (3),
// BENCH_SCROLL_S (4 per round), BMPLAB_CHROMIUM overrides /usr/bin/chromium.
// Times are medians of the rounds; frame figures pool every round's frames. Bounded by BENCH_TIMEOUT_S
// (300). Prints figures; fails only when it cannot measure.
import { connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';
import { freePort, percentile, poller, startLabServer } from './lib/bench-helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// The benches' stream builder: one definition of the routes every station bench feeds.
const { buildRouteStream, prefixOf, sendStream } = await import(path.join(here, '..', '..', '..', 'packages', 'tooling', 'lib', 'bench-route-stream.mjs'));

const PREFIXES = Number(process.env.BENCH_PREFIXES ?? 1_000_000);
const ANCHOR_PREFIXES = Number(process.env.BENCH_ANCHOR_PREFIXES ?? 1000);
const SCROLL_S = Number(process.env.BENCH_SCROLL_S ?? 4);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const SCROLL_ROWS_PER_S = 600;
const LONG_FRAME_MS = 50;
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 300);

/** The lab servers' processes, killed however the bench ends. */
const labServers = [];
const deadline = setTimeout(() => {
  console.error(`routes-tab.bench: not done within ${TIMEOUT_S} s`);
  for (const child of labServers) child.kill('SIGKILL');
  process.exit(1);
}, TIMEOUT_S * 1000);

const cleanups = [];
async function cleanup() {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
}

const until = poller('routes-tab.bench');

// ---------------------------------------------------------------------------
// The server and its station, fed over a router connection.

async function startRoutesLab() {
  const stationPort = await freePort();
  const server = await startLabServer({
    env: { BMPLAB_COLLECTOR_LISTEN: `127.0.0.1:${stationPort}`, BMPLAB_LOG_LEVEL: 'warn' },
    onSpawn: (child) => labServers.push(child),
    until,
  });
  return { ...server, stationPort };
}

async function heldRoutes(url) {
  const res = await fetch(`${url}/api/labs/default/station/routers`);
  if (!res.ok) return 0;
  const routers = await res.json();
  return routers.reduce((n, r) => n + r.routes.reduce((m, v) => m + v.prefixes, 0), 0);
}

/** Feed the station `count` routes; the socket stays open (the routes live as long as the connection). */
async function feedStation(url, stationPort, count) {
  const stream = buildRouteStream({ prefixes: count, family: 'ipv4' });
  const socket = connect({ host: '127.0.0.1', port: stationPort });
  socket.on('error', () => {});
  socket.resume();
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const t0 = Date.now();
  await sendStream(socket, stream);
  await until(`the station holding ${count.toLocaleString('en')} routes`, async () => (await heldRoutes(url)) >= count, 180_000, 200);
  return { socket, ingestMs: Date.now() - t0 };
}

// ---------------------------------------------------------------------------
// The probe: installed in the page before each measurement.

function installProbe() {
  const panel = () => document.getElementById('station-panel-routes');
  const rows = () => [...(panel()?.querySelectorAll('[data-testid="station-route"]') ?? [])];
  const conditions = {
    rows: () => rows().length > 0,
    filtered: (prefix) => {
      const r = rows();
      return r.length > 0 && r.every((e) => e.getAttribute('data-prefix') === prefix);
    },
    compare: (prefix) => document.querySelector(`[data-testid="route-compare"][data-prefix="${CSS.escape(prefix)}"] th[data-peer]`) !== null,
  };
  let t0 = null;
  let lastKey = null;
  const onInput = (e) => {
    if (e.type === 'keydown') lastKey = e.timeStamp;
    else if (t0 === null) t0 = e.timeStamp;
  };
  window.addEventListener('click', onInput, true);
  window.addEventListener('keydown', onInput, true);
  window.__routesProbe = {
    /** Forget the input seen so far: the next click starts the measurement. */
    arm() {
      t0 = null;
      lastKey = null;
    },
    /** Milliseconds from the click (or the last keydown, `fromKey`) to the first frame where the condition holds. */
    until(name, arg, fromKey, timeoutMs) {
      return new Promise((resolve, reject) => {
        const end = performance.now() + timeoutMs;
        const frame = (ts) => {
          if (conditions[name](arg)) {
            const start = fromKey ? lastKey : t0;
            if (start === null) return reject(new Error(`no input event before ${name}`));
            return resolve(ts - start);
          }
          if (performance.now() > end) return reject(new Error(`${name} ${arg ?? ''} not drawn within ${timeoutMs} ms`));
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      });
    },
    /** Scroll the list down at `rowsPerS` for `ms`, turning back at either end; the frame deltas. */
    scroll(rowsPerS, rowHeight, ms) {
      const list = panel().querySelector('[role="listbox"]');
      return new Promise((resolve) => {
        const deltas = [];
        let first = null;
        let last = null;
        let pos = 0;
        let dir = 1;
        const frame = (ts) => {
          if (first === null) first = ts;
          else deltas.push(ts - last);
          if (last !== null) {
            pos += (dir * rowsPerS * rowHeight * (ts - last)) / 1000;
            const max = list.scrollHeight - list.clientHeight;
            if (pos >= max) {
              pos = max;
              dir = -1;
            } else if (pos <= 0) {
              pos = 0;
              dir = 1;
            }
            list.scrollTop = pos;
          }
          last = ts;
          if (ts - first < ms) requestAnimationFrame(frame);
          else resolve({ deltas, rowsLoaded: Number(panel().querySelector('[data-routes-loaded]')?.getAttribute('data-routes-loaded') ?? 0), top: list.scrollTop });
        };
        requestAnimationFrame(frame);
      });
    },
  };
}

const pct = percentile;

/** The four measurements on one page of a server whose station holds `count` routes. */
async function measurePage(browser, url, count) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  try {
    await page.goto(url);
    const tab = page.getByRole('tab', { name: /^Routes/ });
    await tab.waitFor();
    await page.evaluate(installProbe);
    const probe = (name, arg, fromKey = false, timeoutMs = 30_000) => page.evaluate(([n, a, k, t]) => window.__routesProbe.until(n, a, k, t), [name, arg, fromKey, timeoutMs]);

    // Open the tab.
    await page.evaluate(() => window.__routesProbe.arm());
    const opened = probe('rows');
    await tab.click();
    const openMs = await opened;

    // Scroll.
    const list = page.getByRole('listbox', { name: /Routes the station holds/ });
    const scroll = await page.evaluate(([r, h, ms]) => window.__routesProbe.scroll(r, h, ms), [SCROLL_ROWS_PER_S, 24, SCROLL_S * 1000]);

    // Select a row in the middle of the view: its prefix compared across views.
    const box = await list.boundingBox();
    const target = await until('a route row in the middle of the list', () =>
      page.evaluate(
        ([x, y]) => {
          const el = document.elementFromPoint(x, y)?.closest('[data-testid="station-route"]');
          return el ? el.getAttribute('data-prefix') : null;
        },
        [box.x + 60, box.y + box.height / 2],
      ),
    );
    await page.evaluate(() => window.__routesProbe.arm());
    const compared = probe('compare', target);
    await page.mouse.click(box.x + 60, box.y + box.height / 2);
    const compareMs = await compared;
    await list.press('Escape');
    await page.getByTestId('route-compare').waitFor({ state: 'detached' });

    // Filter by a prefix in the middle of the table.
    const prefix = prefixOf(Math.floor(count / 2));
    const input = page.getByLabel(/Filter routes by prefix/);
    await input.click();
    await page.evaluate(() => window.__routesProbe.arm());
    const filteredP = probe('filtered', prefix, true);
    await page.keyboard.type(prefix, { delay: 40 });
    const filterMs = await filteredP;

    return { openMs, deltas: scroll.deltas, rowsLoaded: scroll.rowsLoaded, rowsScrolled: Math.round(scroll.top / 24), compareMs, filterMs };
  } finally {
    await page.close();
  }
}

/** A server whose station holds `count` routes, fed over a router connection kept open until cleanup. */
async function fedServer(count) {
  const server = await startRoutesLab();
  cleanups.push(server.stop);
  const { socket, ingestMs } = await feedStation(server.url, server.stationPort, count);
  cleanups.push(async () => socket.destroy());
  return { url: server.url, count, ingestMs };
}

const median = (xs) => pct(xs, 50);

/** Per-round figures to one: medians of the times, frames pooled over every round. */
function combine(rounds) {
  const deltas = rounds.flatMap((r) => r.deltas);
  return {
    openMs: median(rounds.map((r) => r.openMs)),
    compareMs: median(rounds.map((r) => r.compareMs)),
    filterMs: median(rounds.map((r) => r.filterMs)),
    frames: deltas.length,
    frameP50: pct(deltas, 50),
    frameP95: pct(deltas, 95),
    frameMax: Math.max(...deltas),
    longFrames: deltas.filter((d) => d > LONG_FRAME_MS).length,
    rowsScrolled: Math.max(...rounds.map((r) => r.rowsScrolled)),
    rowsLoaded: Math.max(...rounds.map((r) => r.rowsLoaded)),
  };
}

async function main() {
  const browser = await chromium.launch({
    executablePath: process.env.BMPLAB_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  cleanups.push(() => browser.close());
  const anchorServer = await fedServer(ANCHOR_PREFIXES);
  const fullServer = await fedServer(PREFIXES);
  // Alternating rounds (anchor, held, anchor, held, …) so that load from elsewhere hits both alike.
  const anchorRounds = [];
  const fullRounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    anchorRounds.push(await measurePage(browser, anchorServer.url, ANCHOR_PREFIXES));
    fullRounds.push(await measurePage(browser, fullServer.url, PREFIXES));
  }
  const anchor = combine(anchorRounds);
  const full = combine(fullRounds);
  const f = (n) => n.toFixed(1);
  const line = (name, r, count) =>
    `  ${name.padEnd(8)} ${count.toLocaleString('en').padStart(9)} routes: open ${f(r.openMs)} ms; scroll ${r.frames} frames p50 ${f(r.frameP50)} ms, p95 ${f(r.frameP95)} ms, max ${f(r.frameMax)} ms, ${r.longFrames} over ${LONG_FRAME_MS} ms (ends at row ${r.rowsScrolled.toLocaleString('en')}, ${r.rowsLoaded.toLocaleString('en')} loaded); compare ${f(r.compareMs)} ms; filter ${f(r.filterMs)} ms`;
  console.log(
    `Routes tab in Chromium (headless, 1280×720), ${ROUNDS} alternating rounds, scrolling at ${SCROLL_ROWS_PER_S} rows/s for ${SCROLL_S} s a round (times: median of rounds; frames: all rounds):`,
  );
  console.log(line('held', full, PREFIXES) + ` (fed in ${(fullServer.ingestMs / 1000).toFixed(1)} s)`);
  console.log(line('anchor', anchor, ANCHOR_PREFIXES));
  const held = `${PREFIXES.toLocaleString('en')} routes held`;
  const anchorOf = (value, unit) => ({ name: `same page, ${ANCHOR_PREFIXES.toLocaleString('en')} routes held`, value, unit });
  printBenchResult({ name: 'routes-tab-open', label: `Routes tab: click to first rows drawn, ${held}`, value: full.openMs, unit: 'ms', anchor: anchorOf(anchor.openMs, 'ms') });
  printBenchResult({
    name: 'routes-tab-scroll-p50',
    label: `Routes tab: frame time scrolling, p50, ${held}`,
    value: full.frameP50,
    unit: 'ms',
    anchor: anchorOf(anchor.frameP50, 'ms'),
  });
  printBenchResult({
    name: 'routes-tab-scroll-p95',
    label: `Routes tab: frame time scrolling, p95, ${held}`,
    value: full.frameP95,
    unit: 'ms',
    anchor: anchorOf(anchor.frameP95, 'ms'),
    target: { max: LONG_FRAME_MS },
    detail: `${full.longFrames} of ${full.frames} frames over ${LONG_FRAME_MS} ms, max ${f(full.frameMax)} ms`,
  });
  printBenchResult({
    name: 'routes-tab-scroll-long-frames',
    label: `Routes tab: frames over ${LONG_FRAME_MS} ms while scrolling (${ROUNDS} × ${SCROLL_S} s), ${held}`,
    value: full.longFrames,
    unit: 'frames',
    anchor: anchorOf(anchor.longFrames, 'frames'),
  });
  printBenchResult({
    name: 'routes-tab-compare',
    label: `Routes tab: click a row to its comparison drawn, ${held}`,
    value: full.compareMs,
    unit: 'ms',
    anchor: anchorOf(anchor.compareMs, 'ms'),
  });
  printBenchResult({
    name: 'routes-tab-filter',
    label: `Routes tab: last key of a prefix filter to its rows drawn, ${held}`,
    value: full.filterMs,
    unit: 'ms',
    anchor: anchorOf(anchor.filterMs, 'ms'),
  });
}

try {
  await main();
} finally {
  await cleanup();
  clearTimeout(deadline);
}
process.exit(0);
