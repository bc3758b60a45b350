// Keystroke → echo in the browser: how long a key typed into the lab's console
// takes to show up in xterm, measured inside the page (Chromium), beside a
// bare page in the same run.
//
// Lab: the BUILT server (apps/server/dist/main.js, in-memory data, timers
// BMPLAB_TIME_SCALE× faster) with both BGP neighbors up, a BMP session Up
// monitoring them (monitor public) and Statistics Reports arriving
// (statistics-timer 15: one per peer every 15/scale s), configured by typing
// into the console like a trainee. Anchor: a bare page served by this bench —
// the same xterm.js from node_modules, default options, and a `ws` server that
// echoes every keystroke at once.
//
// One measurement, defined identically for both pages by the same probe
// script: from the keydown event's timestamp (`event.timeStamp`, when the
// browser received the key, so input queueing counts) to the moment xterm has
// put the echoed character into its rendered rows (a MutationObserver on
// `.xterm-rows` sees the last non-blank row end with everything typed since the
// last prompt). Keys are letters at a prompt, 40–90 ms apart like a fast
// typist (the first of a line too, after its prompt); every 16 of them an
// Enter clears the line (timed apart, to the next prompt drawn, and printed
// without a target: the lab's router runs the line). A key is held until its
// echo is drawn, as a typist's is (a key stays down longer than an echo
// takes), and the probe reports through a page binding, so neither the key's
// release nor a pending call from the bench is handled in the page while a
// sample runs. Pages are measured in alternating rounds (lab, bare, lab,
// bare) so drift hits both.
//
//   node apps/web/bench/keystroke.bench.mjs          (npm run bench -- keystroke)
//
// BENCH_KEYS (default 960 per page), BENCH_ROUNDS (8), BENCH_TIME_SCALE (30),
// BENCH_TRACE=DIR writes a Chromium performance trace of each round there,
// BMPLAB_CHROMIUM overrides /usr/bin/chromium, BENCH_KEY_GAP_MS (40-90) the
// interval between keys. Bounded by BENCH_TIMEOUT_S (420).
// Prints figures and whether the target (lab within 1.2× of bare at p50 and
// p95) is met; fails only when it cannot measure.
//
// Why 960 keys: in both pages about 5–7 % of echoes wait for the display's
// next frame (Chromium draws on the display's beat for a few frames after it
// drew one), so p95 falls where the fast echoes end and the slow ones begin,
// and a few keys more or less in the slow group move it from about 6 to about
// 9 ms. From 240 keys a page the ratio at p95 ranged 1.36–1.83 over three runs
// of the same code; four times the keys halve the sampling error of either
// percentile, though runs still differ (1.09 and 1.47 in two runs of 960).
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { WebSocketServer } from 'ws';
import { printBenchResult } from '../../../packages/tooling/lib/bench-result.mjs';
import { delay, percentile, poller, startLabServer } from './lib/bench-helpers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const KEYS = Number(process.env.BENCH_KEYS ?? 960);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 8));
const TIME_SCALE = Number(process.env.BENCH_TIME_SCALE ?? 30);
const TRACE_DIR = process.env.BENCH_TRACE ?? '';
const TARGET_RATIO = 1.2;
const WARMUP_KEYS = 12;
const LINE_KEYS = 16;
const [GAP_MIN_MS, GAP_MAX_MS] = (process.env.BENCH_KEY_GAP_MS ?? '40-90').split('-').map(Number);
if (!(GAP_MIN_MS >= 0 && GAP_MAX_MS >= GAP_MIN_MS)) throw new Error(`BENCH_KEY_GAP_MS: expected MIN-MAX in ms, got ${process.env.BENCH_KEY_GAP_MS}`);
/** A typist's interval before the next key. */
const keyGap = () => delay(GAP_MIN_MS + Math.random() * (GAP_MAX_MS - GAP_MIN_MS));
const TIMEOUT_S = Number(process.env.BENCH_TIMEOUT_S ?? 420);

/** The lab server's process, killed however the bench ends. */
let labServer = null;
const deadline = setTimeout(() => {
  console.error(`keystroke.bench: not done within ${TIMEOUT_S} s`);
  labServer?.kill('SIGKILL');
  process.exit(1);
}, TIMEOUT_S * 1000);

const cleanups = [];
async function cleanup() {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
}

const until = poller('keystroke.bench');

// ---------------------------------------------------------------------------
// The probe: the same code in both pages.

function installProbe() {
  const host = document.querySelector('[data-testid="terminal"]') ?? document.getElementById('terminal');
  const rows = host?.querySelector('.xterm-rows');
  if (!rows) throw new Error('no .xterm-rows in the page');
  const lastLine = () => {
    for (let i = rows.children.length - 1; i >= 0; i--) {
      const t = (rows.children[i].textContent ?? '').replace(/\u00a0/g, ' ').trimEnd();
      if (t !== '') return t;
    }
    return '';
  };
  let armed = null;
  window.addEventListener(
    'keydown',
    (e) => {
      if (armed !== null && armed.t0 === null) armed.t0 = e.timeStamp;
    },
    true,
  );
  new MutationObserver(() => {
    const a = armed;
    if (a === null || a.t0 === null) return;
    if (lastLine().endsWith(a.tail)) {
      armed = null;
      // Reported through a binding: nothing from the bench is pending in the page while a key travels.
      window.__keystrokeEchoed(performance.now() - a.t0);
    }
  }).observe(rows, { childList: true, subtree: true, characterData: true });
  window.__keystrokeProbe = {
    lastLine,
    /** The next keydown starts a sample; it ends when the last row ends with `tail`. */
    arm(tail) {
      armed = { tail, t0: null };
    },
  };
}

/**
 * Type `count` letters (measuring each, after `warmup` unmeasured ones) at the prompt of `page`, which ends in
 * `prompt`. Returns the letters' samples and, apart, each Enter's: key to the next prompt drawn.
 */
async function typeAndMeasure(page, count, warmup, prompt) {
  /** Resolves the sample in flight with the probe's time. */
  let echoed = null;
  await page.exposeFunction('__keystrokeEchoed', (ms) => echoed?.(ms));
  /**
   * Press `key` and time it until the last row ends with `tail`. The key is held until then, as a typist's is (a key
   * stays down for tens of milliseconds, longer than an echo takes): its release is not part of the sample.
   */
  async function timedKey(key, tail) {
    await page.evaluate((t) => window.__keystrokeProbe.arm(t), tail);
    const drawn = new Promise((resolve) => (echoed = resolve));
    await page.keyboard.down(key);
    const ms = await Promise.race([
      drawn,
      delay(5_000).then(async () => {
        const seen = await page.evaluate(() => window.__keystrokeProbe.lastLine());
        throw new Error(`keystroke.bench: no "${tail}" at the end of the last row within 5 s (it shows ${JSON.stringify(seen)})`);
      }),
    ]);
    await page.keyboard.up(key);
    return ms;
  }
  const samples = [];
  const enters = [];
  let typed = '';
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < count + warmup; i++) {
    if (typed.length === LINE_KEYS) {
      enters.push(await timedKey('Enter', prompt));
      // The first key of a line comes a typist's interval after the prompt, like every other key.
      await keyGap();
      typed = '';
    }
    const ch = letters[(i * 7 + typed.length) % letters.length];
    typed += ch;
    const ms = await timedKey(ch, typed);
    if (i >= warmup) samples.push(ms);
    // A fast typist: 40..90 ms between keys (by default), so keys land at every phase of a frame.
    await keyGap();
  }
  await page.keyboard.press('Enter');
  return { samples, enters };
}

// ---------------------------------------------------------------------------
// The lab: the built server, a session Up, Statistics Reports arriving.

async function startKeystrokeLab() {
  const server = await startLabServer({
    env: { BMPLAB_TIME_SCALE: String(TIME_SCALE) },
    onSpawn: (child) => (labServer = child),
    until,
  });
  cleanups.push(server.stop);
  return server.url;
}

const terminalText = (page) => page.evaluate(() => window.bmpLab?.terminalText() ?? '');

async function openLabPage(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(url);
  await until('the <HUAWEI> prompt', async () => /<HUAWEI>\s*$/.test(await terminalText(page)));
  await page.getByTestId('terminal').click();
  return page;
}

async function run(page, line) {
  const before = (await terminalText(page)).length;
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await until(`the prompt after "${line}"`, async () => /[>\]]\s*$/.test((await terminalText(page)).slice(before)), 10_000, 20);
}

async function configureLab(page) {
  const lines = ['system-view', 'bgp 100', 'peer 10.2.2.2 as-number 200', 'peer 10.3.3.3 as-number 300', 'quit'];
  lines.push('bmp', 'statistics-timer 15', 'bmp-session 10.1.1.1', 'tcp connect port 1790', 'monitor public', 'commit', 'return');
  for (const line of lines) {
    await run(page, line);
  }
  await until('the BMP session Up', () => page.locator('[data-testid="bmp-session"][data-state="up"]').count(), 20_000);
  await until('two Statistics Reports at the station', async () => (await page.locator('[data-testid="station-message"][data-type="statistics-report"]').count()) >= 2, 20_000);
}

async function statisticsCount(page) {
  return Number(await page.locator('[data-testid="bmp-session"] [data-counter="statistics-report"]').first().textContent());
}

// ---------------------------------------------------------------------------
// The anchor: a bare page, xterm.js and a WebSocket that echoes at once.

async function startBarePage() {
  const require = createRequire(path.join(here, '..', 'package.json'));
  const xtermJs = readFileSync(require.resolve('@xterm/xterm/lib/xterm.js'));
  const xtermCss = readFileSync(require.resolve('@xterm/xterm/css/xterm.css'));
  const version = JSON.parse(readFileSync(require.resolve('@xterm/xterm/package.json'), 'utf8')).version;
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>bare xterm</title>
<link rel="stylesheet" href="/xterm.css"><style>html,body{margin:0;height:100%;background:#000}#terminal{height:100%}</style></head>
<body><div id="terminal"></div><script src="/xterm.js"></script><script>
const term = new Terminal({ fontFamily: '"DejaVu Sans Mono", monospace', fontSize: 13 });
term.open(document.getElementById('terminal'));
const ws = new WebSocket('ws://' + location.host + '/echo');
ws.onmessage = (e) => term.write(e.data);
term.onData((d) => ws.send(d));
term.focus();
</script></body></html>`;
  const http = createServer((req, res) => {
    const body = req.url === '/xterm.js' ? xtermJs : req.url === '/xterm.css' ? xtermCss : req.url === '/' ? html : null;
    if (body === null) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': req.url.endsWith('.js') ? 'text/javascript' : req.url.endsWith('.css') ? 'text/css' : 'text/html' }).end(body);
  });
  const wss = new WebSocketServer({ server: http, path: '/echo' });
  wss.on('connection', (ws) => {
    ws.send('$ ');
    ws.on('message', (data) => {
      const s = data.toString();
      ws.send(s === '\r' ? '\r\n$ ' : s);
    });
  });
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => (wss.close(), http.close(() => r()), http.closeAllConnections())));
  return { url: `http://127.0.0.1:${http.address().port}/`, version };
}

async function openBarePage(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(url);
  await page.locator('#terminal .xterm-rows').waitFor();
  await page.locator('#terminal .xterm-screen').click();
  return page;
}

// ---------------------------------------------------------------------------

const pct = percentile;

async function main() {
  const labUrl = await startKeystrokeLab();
  const bare = await startBarePage();
  const browser = await chromium.launch({
    executablePath: process.env.BMPLAB_CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  cleanups.push(() => browser.close());
  if (TRACE_DIR) mkdirSync(TRACE_DIR, { recursive: true });

  const setup = await openLabPage(browser, labUrl);
  await configureLab(setup);
  await setup.close();

  const lab = [];
  const anchor = [];
  /** Enter → the next prompt drawn, in the lab (the router runs the line) and in the bare page (it prints `$`). */
  const labEnters = [];
  const bareEnters = [];
  const perRound = Math.ceil(KEYS / ROUNDS);
  let reports = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const page = await openLabPage(browser, labUrl);
    await until('the session Up in the dashboard', () => page.locator('[data-testid="bmp-session"][data-state="up"]').count());
    await page.evaluate(installProbe);
    const statsBefore = await statisticsCount(page);
    if (TRACE_DIR) await browser.startTracing(page, { path: path.join(TRACE_DIR, `lab-round${round + 1}.json`), screenshots: false });
    const typedLab = await typeAndMeasure(page, perRound, WARMUP_KEYS, '<HUAWEI>');
    lab.push(...typedLab.samples);
    labEnters.push(...typedLab.enters);
    if (TRACE_DIR) await browser.stopTracing();
    reports += (await statisticsCount(page)) - statsBefore;
    await page.close();

    const barePage = await openBarePage(browser, bare.url);
    await barePage.evaluate(installProbe);
    await until('the bare prompt', () => barePage.evaluate(() => window.__keystrokeProbe.lastLine() === '$'));
    if (TRACE_DIR) await browser.startTracing(barePage, { path: path.join(TRACE_DIR, `bare-round${round + 1}.json`), screenshots: false });
    const typedBare = await typeAndMeasure(barePage, perRound, WARMUP_KEYS, '$');
    anchor.push(...typedBare.samples);
    bareEnters.push(...typedBare.enters);
    if (TRACE_DIR) await browser.stopTracing();
    await barePage.close();
  }
  if (reports < 1) throw new Error('keystroke.bench: no Statistics Report arrived while typing; the load was not there');

  const r = {
    name: 'keystroke',
    keys: lab.length,
    labP50Ms: pct(lab, 50),
    labP95Ms: pct(lab, 95),
    bareP50Ms: pct(anchor, 50),
    bareP95Ms: pct(anchor, 95),
    statisticsReports: reports,
    xterm: bare.version,
  };
  r.ratioP50 = r.labP50Ms / r.bareP50Ms;
  r.ratioP95 = r.labP95Ms / r.bareP95Ms;
  r.met = r.ratioP50 <= TARGET_RATIO && r.ratioP95 <= TARGET_RATIO;
  const f = (n) => n.toFixed(1);
  console.log(
    `keystroke → echo rendered, in the page (Chromium headless, xterm.js ${bare.version}), ${lab.length} keys per page, ${reports} Statistics Reports arrived while typing:`,
  );
  console.log(`  lab  (session Up, statistics every ${(15 / TIME_SCALE).toFixed(2)} s): p50 ${f(r.labP50Ms)} ms, p95 ${f(r.labP95Ms)} ms, max ${f(Math.max(...lab))} ms`);
  console.log(`  bare (xterm.js + echoing ws):                p50 ${f(r.bareP50Ms)} ms, p95 ${f(r.bareP95Ms)} ms, max ${f(Math.max(...anchor))} ms`);
  console.log(`  lab / bare: p50 ${r.ratioP50.toFixed(2)}×, p95 ${r.ratioP95.toFixed(2)}× (target ≤ ${TARGET_RATIO}× at both: ${r.met ? 'met' : 'MISSED'})`);
  // No target: the lab's router runs the line, the bare page only prints `$`. Watched so that work moved from the
  // echoes to a command's output (the dashboard's held updates, say) shows here.
  console.log(
    `  Enter → next prompt drawn (${labEnters.length} lines a page): lab p50 ${f(pct(labEnters, 50))} ms, p90 ${f(pct(labEnters, 90))} ms; bare p50 ${f(pct(bareEnters, 50))} ms, p90 ${f(pct(bareEnters, 90))} ms`,
  );
  for (const p of [50, 95]) {
    printBenchResult({
      name: `keystroke-p${p}`,
      label: `keystroke → echo drawn in Chromium (session Up, reports arriving), p${p}`,
      value: r[`labP${p}Ms`],
      unit: 'ms',
      anchor: { name: 'bare xterm.js page, echoing ws', value: r[`bareP${p}Ms`], unit: 'ms' },
      target: { maxRatio: TARGET_RATIO, of: 'anchor' },
    });
  }
}

try {
  await main();
} finally {
  await cleanup();
  clearTimeout(deadline);
}
