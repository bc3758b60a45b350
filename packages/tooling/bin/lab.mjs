#!/usr/bin/env node
// BMP Lab bootstrap: `npm start`, `npm test`, `npm run bench`.
//
// Dependency-free on purpose: it runs on a fresh clone before node_modules
// exists, installs dependencies, builds, finds a Chromium, and then runs the
// real thing. Usage:
//
//   node packages/tooling/bin/lab.mjs start [server args...]   e.g. npm start -- --lab FILE
//   node packages/tooling/bin/lab.mjs test [types|deps|unit|e2e ...] [-- step args]
//   node packages/tooling/bin/lab.mjs bench [name filter]
//
// Environment: BMPLAB_CHROMIUM / PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH (browser
// for the e2e step), BMPLAB_SKIP_INSTALL=1 (never run npm ci / npm install).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const STAMP = path.join(ROOT, '.bmp-lab', 'build-stamp');
const SERVER_MAIN = path.join(ROOT, 'apps', 'server', 'dist', 'main.js');
const IS_WIN = process.platform === 'win32';
/** A lock file must be this much newer than node_modules to count as changed (npm writes both at once). */
const LOCK_SLACK_MS = 2000;

const say = (msg) => console.log(`[bmp-lab] ${msg}`);
const warn = (msg) => console.error(`[bmp-lab] warning: ${msg}`);
class Fatal extends Error {}
const fail = (msg) => {
  throw new Fatal(msg);
};

// ---------------------------------------------------------------------------
// Child processes and signals

/** The running child, to which SIGINT/SIGTERM/SIGHUP are forwarded. */
let current = null;
/** The first signal we received, if any; we stop after the current child. */
let interrupted = null;

/**
 * True when a keyboard signal (Ctrl-C) has already reached the child: we share
 * a process group with it and that group is the terminal's foreground group.
 * Forwarding it again would make the child see two SIGINTs.
 */
function keyboardReachesChild() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const pgrp = Number(f[2]);
    const tpgid = Number(f[5]);
    return tpgid > 0 && tpgid === pgrp;
  } catch {
    return false;
  }
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    interrupted ??= sig;
    if (!current || current.exitCode !== null || current.signalCode !== null) {
      if (!current) process.exit(128 + (osConstants.signals[sig] ?? 1));
      return;
    }
    if ((sig === 'SIGINT' || sig === 'SIGHUP') && keyboardReachesChild()) return;
    try {
      current.kill(sig);
    } catch {
      /* already gone */
    }
  });
}

/**
 * Run a command with inherited stdio; resolves to { code, signal }.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string }} [opts]
 */
function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdio: 'inherit', shell: IS_WIN });
    current = child;
    child.on('error', (err) => {
      current = null;
      console.error(`[bmp-lab] cannot run ${cmd}: ${err.message}`);
      resolve({ code: 127, signal: null });
    });
    child.on('exit', (code, signal) => {
      current = null;
      resolve({ code, signal });
    });
  });
}

const ok = (r) => r.code === 0;
const exitCodeOf = (r) => (r.signal ? 128 + (osConstants.signals[r.signal] ?? 1) : (r.code ?? 1));

function stopIfInterrupted() {
  if (interrupted) {
    say(`interrupted (${interrupted})`);
    process.exit(128 + (osConstants.signals[interrupted] ?? 1));
  }
}

/** Path of a local binary, or null. */
function localBin(name) {
  const p = path.join(ROOT, 'node_modules', '.bin', IS_WIN ? `${name}.cmd` : name);
  return existsSync(p) ? p : null;
}

/** [cmd, ...args] for a tool from node_modules/.bin (falls back to npx without installing). */
function tool(name, ...args) {
  const bin = localBin(name);
  return bin ? [bin, ...args] : ['npx', '--no', name, ...args];
}

function which(name, extraDirs = []) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...extraDirs].filter(Boolean);
  for (const d of dirs) {
    const p = path.join(d, name);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      /* next */
    }
  }
  return null;
}

function mtime(p) {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}

// ---------------------------------------------------------------------------
// Ensure dependencies

async function ensureDeps() {
  const nm = path.join(ROOT, 'node_modules');
  const lock = path.join(ROOT, 'package-lock.json');
  const hasLock = existsSync(lock);
  const installed = Math.max(mtime(nm), mtime(path.join(nm, '.package-lock.json')));
  const wanted = hasLock ? mtime(lock) : mtime(path.join(ROOT, 'package.json'));
  if (installed >= 0 && wanted <= installed + LOCK_SLACK_MS) return;
  const why = installed < 0 ? 'node_modules is missing' : `${hasLock ? 'package-lock.json' : 'package.json'} is newer than node_modules`;
  if (process.env.BMPLAB_SKIP_INSTALL) {
    warn(`${why}, but BMPLAB_SKIP_INSTALL is set; not installing`);
    return;
  }
  if (hasLock) say('installing dependencies (npm ci)…');
  else say('installing dependencies (npm install; no package-lock.json)…');
  const r = await run('npm', hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
  stopIfInterrupted();
  if (!ok(r)) {
    fail(
      hasLock
        ? `npm ci failed (exit ${exitCodeOf(r)}). If package.json and package-lock.json disagree, run \`npm install\` once.`
        : `npm install failed (exit ${exitCodeOf(r)}).`,
    );
  }
  const now = new Date();
  try {
    utimesSync(nm, now, now);
  } catch {
    /* best effort */
  }
}

// ---------------------------------------------------------------------------
// Ensure build

/** Inputs of the build; a change to any of them makes the stamp stale. */
function* buildInputs() {
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.base.json']) yield path.join(ROOT, f);
  for (const group of ['packages', 'apps']) {
    const base = path.join(ROOT, group);
    let names = [];
    try {
      names = readdirSync(base);
    } catch {
      continue;
    }
    for (const name of names) {
      const ws = path.join(base, name);
      let entries = [];
      try {
        entries = readdirSync(ws);
      } catch {
        continue;
      }
      for (const e of entries) {
        if (/^tsconfig.*\.json$/.test(e) || /^vite\.config\.[cm]?[jt]s$/.test(e) || e === 'package.json' || e === 'index.html') {
          yield path.join(ws, e);
        }
      }
      yield* tree(path.join(ws, 'src'));
      if (name === 'web' && group === 'apps') yield* tree(path.join(ws, 'public'));
    }
  }
}

/** A directory, its subdirectories (their mtime changes on add/remove/rename) and files. */
function* tree(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  yield dir;
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* tree(p);
    else yield p;
  }
}

function buildIsStale() {
  const stamp = mtime(STAMP);
  if (stamp < 0) return 'no build yet';
  if (!existsSync(SERVER_MAIN)) return 'apps/server/dist/main.js is missing';
  for (const f of buildInputs()) {
    if (mtime(f) > stamp) return `${path.relative(ROOT, f)} changed`;
  }
  return null;
}

async function ensureBuild() {
  const why = buildIsStale();
  if (!why) return true;
  say(`building (tsc -b, vite build)… (${why})`);
  const started = new Date();
  let r = await run(...splitCmd(tool('tsc', '-b')));
  stopIfInterrupted();
  if (!ok(r)) {
    say(`build failed: tsc -b exited ${exitCodeOf(r)}`);
    return false;
  }
  r = await run('npm', ['run', 'build', '-w', '@bmp-lab/web']);
  stopIfInterrupted();
  if (!ok(r)) {
    say(`build failed: npm run build -w @bmp-lab/web exited ${exitCodeOf(r)}`);
    return false;
  }
  // The stamp carries the time the build *started*, so edits made during the
  // build still count as changes next time.
  mkdirSync(path.dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, `${started.toISOString()}\n`);
  utimesSync(STAMP, started, started);
  return true;
}

const splitCmd = (argv) => [argv[0], argv.slice(1)];

// ---------------------------------------------------------------------------
// Ensure Chromium (for Playwright)

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

async function ensureChromium() {
  for (const v of ['BMPLAB_CHROMIUM', 'PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH']) {
    const p = process.env[v];
    if (!p) continue;
    if (!existsSync(p)) fail(`${v}=${p} does not exist. Point it at a Chromium/Chrome executable or unset it.`);
    say(`chromium: ${p} (from ${v})`);
    return p;
  }
  const own = playwrightChromium();
  if (own) {
    say(`chromium: ${own} (Playwright's)`);
    return own;
  }
  const debian = '/usr/bin/chromium';
  if (existsSync(debian)) {
    say(`chromium: ${debian}`);
    return debian;
  }
  const aptGet = which('apt-get', ['/usr/bin', '/usr/sbin', '/bin', '/sbin']);
  const debianLike = existsSync('/etc/debian_version');
  if (isRoot() && aptGet && debianLike) {
    say('installing Debian chromium (apt-get install -y chromium)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const install = () => run(aptGet, ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', 'chromium'], { env });
    let r = await install();
    stopIfInterrupted();
    if (!ok(r)) {
      say('apt-get install failed; running apt-get update and retrying…');
      r = await run(aptGet, ['-o', 'DPkg::Lock::Timeout=600', 'update'], { env });
      stopIfInterrupted();
      if (ok(r)) r = await install();
      stopIfInterrupted();
    }
    if (ok(r) && existsSync(debian)) {
      say(`chromium: ${debian}`);
      return debian;
    }
    fail('apt-get could not install chromium. Install it yourself, or set BMPLAB_CHROMIUM=/path/to/chromium.');
  }
  fail(
    [
      'no Chromium found for the browser tests. Do one of:',
      '  sudo apt-get install chromium            (Debian/Ubuntu; then /usr/bin/chromium is used)',
      "  npx playwright install chromium          (Playwright's own build)",
      '  export BMPLAB_CHROMIUM=/path/to/chrome   (any Chromium or Chrome executable)',
    ].join('\n'),
  );
}

/** Playwright's own installed Chromium, if its executable exists. */
function playwrightChromium() {
  const code =
    "const { chromium } = await import('@playwright/test');" +
    'try { process.stdout.write(chromium.executablePath() ?? ""); } catch { }';
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  const p = r.status === 0 ? r.stdout.trim() : '';
  return p && existsSync(p) ? p : null;
}

// ---------------------------------------------------------------------------
// Loopback-only network namespace

let isolationPrefix; // undefined: not probed yet; null: none available

/** Prefix that runs a command in a fresh network namespace with only `lo` (up). */
function isolation() {
  if (isolationPrefix !== undefined) return isolationPrefix;
  isolationPrefix = null;
  const unshare = process.platform === 'linux' ? which('unshare', ['/usr/bin', '/bin']) : null;
  const ip = process.platform === 'linux' ? which('ip', ['/usr/sbin', '/sbin', '/usr/bin', '/bin']) : null;
  if (unshare && ip) {
    const script = `${shQuote(ip)} link set lo up && exec "$@"`;
    const attempts = isRoot() ? [['-n'], ['-rn']] : [['-rn']];
    for (const flags of attempts) {
      const probe = spawnSync(unshare, [...flags, 'sh', '-c', script, 'sh', 'true'], { stdio: 'ignore', timeout: 10_000 });
      if (probe.status === 0) {
        isolationPrefix = [unshare, ...flags, 'sh', '-c', script, 'sh'];
        break;
      }
    }
  }
  if (!isolationPrefix) {
    warn(
      `cannot create a loopback-only network namespace (${!unshare || !ip ? 'unshare or ip not found' : 'unshare -n and unshare -rn both failed'}); ` +
        'running tests WITHOUT network isolation. On Linux, run as root or enable unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1).',
    );
  }
  return isolationPrefix;
}

const shQuote = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);

// ---------------------------------------------------------------------------
// Subcommands

async function cmdStart(args) {
  await ensureDeps();
  if (!(await ensureBuild())) fail('cannot start: the build failed (see above).');
  if (!existsSync(SERVER_MAIN)) fail('apps/server/dist/main.js does not exist after the build.');
  say(`starting: node apps/server/dist/main.js${args.length ? ` ${args.join(' ')}` : ''}`);
  const r = await run(process.execPath, [SERVER_MAIN, ...args]);
  process.exit(exitCodeOf(r));
}

const STEPS = [
  { name: 'types', what: 'type check', argv: () => tool('tsc', '-b') },
  { name: 'test-types', what: 'type check of the tests', argv: () => tool('tsc', '-p', 'tsconfig.tests.json') },
  { name: 'deps', what: 'dependency direction', argv: () => [process.execPath, path.join('packages', 'tooling', 'bin', 'check-deps.mjs')] },
  { name: 'unit', what: 'units + integration', argv: () => tool('vitest', 'run'), isolate: true },
  { name: 'e2e', what: 'browser', argv: () => tool('playwright', 'test'), isolate: true },
];

async function cmdTest(args) {
  const dash = args.indexOf('--');
  const selectors = dash < 0 ? args : args.slice(0, dash);
  let extra = dash < 0 ? [] : args.slice(dash + 1);
  const names = [];
  for (const a of selectors) {
    if (STEPS.some((s) => s.name === a)) names.push(a);
    else extra = [...extra, a];
  }
  if (extra.length > 0 && names.length !== 1) {
    fail(`unknown test step(s): ${extra.join(' ')}. Steps: ${STEPS.map((s) => s.name).join(', ')} (extra args pass through only when exactly one step is selected).`);
  }
  const steps = names.length ? STEPS.filter((s) => names.includes(s.name)) : STEPS;
  const full = names.length === 0;

  await ensureDeps();
  const env = { ...process.env };
  if (full || names.includes('e2e')) {
    if (!(await ensureBuild())) {
      console.log('bmp-lab: 0 passed, 1 failed');
      process.exit(1);
    }
    env.BMPLAB_CHROMIUM = await ensureChromium();
  }

  let passed = 0;
  let failed = 0;
  for (const [i, step] of steps.entries()) {
    let argv = [...step.argv(), ...extra];
    if (step.isolate) {
      const prefix = isolation();
      if (prefix) argv = [...prefix, ...argv];
    }
    const shown = [...step.argv(), ...extra].map((a) =>
      a === process.execPath ? 'node' : path.isAbsolute(a) && a.includes(`${path.sep}node_modules${path.sep}`) ? path.basename(a) : a,
    );
    console.log(`\n[bmp-lab] ── ${i + 1}/${steps.length} ${step.name} (${step.what}): ${shown.join(' ')}${step.isolate && isolationPrefix ? '  [loopback-only netns]' : ''}`);
    const t0 = Date.now();
    const r = await run(argv[0], argv.slice(1), { env });
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    stopIfInterrupted();
    if (ok(r)) {
      passed++;
      say(`✓ ${step.name} passed (${secs}s)`);
    } else {
      failed++;
      say(`✗ ${step.name} failed (exit ${exitCodeOf(r)}, ${secs}s)`);
      break;
    }
  }
  console.log(`bmp-lab: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

async function cmdBench(args) {
  const found = [];
  for (const group of ['packages', 'apps']) {
    let names = [];
    try {
      names = readdirSync(path.join(ROOT, group)).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const dir = path.join(ROOT, group, name, 'bench');
      let files = [];
      try {
        files = readdirSync(dir).filter((f) => f.endsWith('.bench.mjs')).sort();
      } catch {
        continue;
      }
      for (const f of files) found.push(path.join(group, name, 'bench', f));
    }
  }
  const selected = args.length ? found.filter((f) => args.some((a) => f.includes(a))) : found;
  if (selected.length === 0) {
    say(found.length ? `no benchmark matches ${args.join(' ')}` : 'no benchmarks (packages/*/bench/*.bench.mjs, apps/*/bench/*.bench.mjs)');
    process.exit(0);
  }
  await ensureDeps();
  if (!(await ensureBuild())) fail('cannot run benchmarks: the build failed (see above).');
  let failed = 0;
  const outputs = [];
  for (const f of selected) {
    console.log(`\n[bmp-lab] ── bench ${f}`);
    // Benches start servers and real daemons (pmbmpd, gobgpd): loopback-only, like the tests.
    const argv = [...(isolation() ?? []), process.execPath, f];
    const r = await runCapturing(argv[0], argv.slice(1));
    outputs.push(r.stdout);
    stopIfInterrupted();
    if (!ok(r)) {
      failed++;
      say(`✗ ${f} failed (exit ${exitCodeOf(r)})`);
    }
  }
  printBenchTable(outputs.join('\n'));
  console.log(`bmp-lab bench: ${selected.length - failed} ran, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

/**
 * `npm run soak`: longer variants of the fuzz and fault tests, bounded in
 * time (SOAK_MINUTES per step, default 20), inside the loopback-only
 * namespace: 10 M hostile station frames, 10 M codec fuzz iterations, 1 M
 * console lines, a 10-minute flap loop, and two minutes of one lab abused
 * (a 30,000-line paste, sockets that never read, a console.open storm,
 * slow-drip station connections) while another lab is probed.
 */
async function cmdSoak() {
  await ensureDeps();
  const minutes = Number(process.env.SOAK_MINUTES ?? 20);
  const env = {
    ...process.env,
    STATION_FUZZ_FRAMES: process.env.STATION_FUZZ_FRAMES ?? '10000000',
    FUZZ_ITERATIONS: process.env.FUZZ_ITERATIONS ?? '10000000',
    FUZZ_LINES: process.env.FUZZ_LINES ?? '1000000',
    SOAK_FLAP_SECONDS: process.env.SOAK_FLAP_SECONDS ?? '600',
    NOISY_SECONDS: process.env.NOISY_SECONDS ?? '120',
    NOISY_PASTE_LINES: process.env.NOISY_PASTE_LINES ?? '30000',
  };
  const steps = [
    ['station: hostile frames', 'packages/collector/test/hostile-station.test.ts'],
    ['codec fuzz', 'packages/codec/test/fuzz.test.ts'],
    ['console fuzz', 'packages/router/test/console-fuzz.test.ts'],
    ['flap loop', 'apps/server/test/soak-flap.test.ts'],
    ['noisy neighbor', 'apps/server/test/noisy-neighbor.test.ts'],
  ];
  const results = [];
  for (const [what, file] of steps) {
    console.log(`\n[bmp-lab] ── soak: ${what} (${file})`);
    let argv = [...tool('vitest', 'run', file, `--testTimeout=${minutes * 60_000}`, `--hookTimeout=${minutes * 60_000}`)];
    const prefix = isolation();
    if (prefix) argv = [...prefix, ...argv];
    const t0 = Date.now();
    const r = await run(argv[0], argv.slice(1), { env });
    stopIfInterrupted();
    results.push(`${ok(r) ? '✓' : '✗'} ${what}: ${((Date.now() - t0) / 1000).toFixed(0)} s${ok(r) ? '' : ` (exit ${exitCodeOf(r)})`}`);
  }
  console.log('\n[bmp-lab] ── soak summary');
  for (const l of results) console.log(`  ${l}`);
  const failed = results.filter((l) => l.startsWith('✗')).length;
  console.log(`bmp-lab soak: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

/** Like run(), but also keeps the child's stdout (still shown as it comes). */
function runCapturing(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env: process.env, stdio: ['inherit', 'pipe', 'inherit'], shell: IS_WIN });
    current = child;
    let stdout = '';
    child.stdout.on('data', (c) => {
      process.stdout.write(c);
      stdout += c.toString();
    });
    child.on('error', (err) => {
      current = null;
      console.error(`[bmp-lab] cannot run ${cmd}: ${err.message}`);
      resolve({ code: 127, signal: null, stdout });
    });
    child.on('close', (code, signal) => {
      current = null;
      resolve({ code, signal, stdout });
    });
  });
}

/**
 * The summary: each figure beside its anchor measured in the same run.
 * Reads the `BENCH-RESULT {json}` lines the benches print, and the speaker
 * dump bench's own lines. A figure whose bench did not run is shown as "—".
 */
function printBenchTable(text) {
  const results = {};
  for (const m of text.matchAll(/^BENCH-RESULT (\{.*\})$/gm)) {
    try {
      const r = JSON.parse(m[1]);
      results[r.name] = r;
    } catch {
      /* not ours */
    }
  }
  const dump = /Peer Up \.\. End-of-RIB to a loopback sink: (\d+) ms .*?([\d.]+) M prefixes\/s/.exec(text);
  const raw = /raw loopback TCP, same bytes, 64 KiB writes: ([\d.]+) ms\s+\((\d+) MB\/s\)/.exec(text);
  const n = (v, d = 0) => (typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '—');
  const rows = [];
  const gobgp = results['gobgp-dump'];
  const gobgpText = gobgp
    ? `GoBGP 3.10: ${gobgp.routes.toLocaleString('en')} routes in ${n(gobgp.medianMs)} ms (${n(gobgp.rmPerSec / 1e3, 1)} k RM/s)` +
      (gobgp.routes === 1_000_000 ? '' : `, 1M ≈ ${n(gobgp.extrapolated1MMs / 1000, 1)} s (scaled)`) +
      (dump ? `, ours ${n(gobgp.extrapolated1MMs / Number(dump[1]), 0)}× faster` : '')
    : 'GoBGP not run (not installed?)';
  rows.push([
    'speaker: 1M prefixes, Peer Up..End-of-RIB',
    dump ? `${dump[1]} ms (${dump[2]} M/s)` : '—',
    `${raw ? `raw loopback TCP, same bytes: ${raw[1]} ms (${raw[2]} MB/s); ` : ''}${gobgpText}`,
    '< 1 s, > 30× GoBGP',
  ]);
  const si = results['station-ingest'];
  rows.push([
    'station ingest: 1M prefixes, decode+store',
    si ? `${n(si.oursMs)} ms (${n(si.oursRate / 1e6, 2)} M/s)` : '—',
    si?.anchorMs ? `pmbmpd rib: ${n(si.anchorMs)} ms (${n(si.anchorRate / 1e6, 2)} M/s), ours ${n(si.anchorMs / si.oursMs, 1)}× its rate` : '—',
    '≥ 2× pmbmpd',
  ]);
  const sr = results['station-routes'];
  rows.push([
    'station, real server: 1M prefixes with attributes kept',
    sr ? `${n(sr.ingestMs)} ms (${n(sr.ingestRate / 1e6, 2)} M/s)` : '—',
    sr?.anchorMs ? `pmbmpd rib: ${n(sr.anchorMs)} ms (${n(sr.anchorRate / 1e6, 2)} M/s), ours ${n(sr.anchorMs / sr.ingestMs, 1)}× its rate` : '—',
    '≥ 2× pmbmpd',
  ]);
  rows.push(['station/routes?prefix= over 1M routes, request..response', sr ? `median ${n(sr.queryMedianMs, 2)} ms, p95 ${n(sr.queryP95Ms, 2)} ms` : '—', '—', '—']);
  const pr = results['policy-reevaluation'];
  rows.push([
    'policy change over 1M kept routes, commit..station',
    pr ? `deny ${n(pr.denied / 1e3)}k: ${n(pr.applyMs)} ms; undo: ${n(pr.removeMs)} ms` : '—',
    pr ? `initial table through the same path: ${n(pr.initialMs)} ms` : '—',
    '≤ initial table',
  ]);
  const labs = results['labs'];
  rows.push(['console echo, 100 labs open', labs ? `median ${n(labs.echoMedianMs, 2)} ms, p95 ${n(labs.echoP95Ms, 2)} ms` : '—', '—', 'p95 < 16 ms']);
  rows.push(['memory per idle lab', labs ? `rss ${n(labs.rssPerLabMb, 2)} MiB, heap ${n(labs.heapPerLabMb, 2)} MiB` : '—', '—', '< 2 MiB']);
  const ssh = results['ssh'];
  rows.push([
    `SSH echo, ${ssh?.sessions ?? 100} VTYs on ${ssh?.sessions ?? 100} labs`,
    ssh ? `one at a time: median ${n(ssh.serialMedianMs, 2)} ms, p95 ${n(ssh.serialP95Ms, 2)} ms; all typing: median ${n(ssh.echoMedianMs, 2)} ms, p95 ${n(ssh.echoP95Ms, 2)} ms` : '—',
    labs ? `browser console (WebSocket): p95 ${n(labs.echoP95Ms, 2)} ms` : '—',
    'p95 < 16 ms one at a time',
  ]);
  rows.push(['server memory per SSH session', ssh ? `heap + buffers ${n(ssh.heapPerSessionMb * 1024, 0)} KiB` : '—', '—', '< 1 MiB']);
  const ks = results['keystroke'];
  rows.push([
    'keystroke → echo drawn, in Chromium (session Up, reports arriving)',
    ks ? `p50 ${n(ks.labP50Ms, 1)} ms, p95 ${n(ks.labP95Ms, 1)} ms` : '—',
    ks ? `bare xterm.js page, echoing ws: p50 ${n(ks.bareP50Ms, 1)} ms, p95 ${n(ks.bareP95Ms, 1)} ms; ours ${n(ks.ratioP50, 2)}× / ${n(ks.ratioP95, 2)}×` : '—',
    '≤ 1.2× bare (p50, p95)',
  ]);
  const st = results['startup'];
  rows.push(['start to first prompt (built server)', st ? `health ${n(st.healthMs)} ms, <HUAWEI> ${n(st.promptMs)} ms` : '—', '—', '< 3 s']);
  const paste = results['paste'];
  const pasteEnds = paste?.sizes?.length ? [paste.sizes[0], paste.sizes[paste.sizes.length - 1]] : null;
  rows.push([
    'console paste of peer lines, per line',
    pasteEnds ? pasteEnds.map((s) => `${s.lines / 1000}k: ${n(s.msPerLine * 1000)} µs`).join(', ') + ` (${n(paste.growth, 2)}×)` : '—',
    pasteEnds ? `same lines matched only: ${n(pasteEnds[1].matchMsPerLine * 1000)} µs` : '—',
    'flat per line (linear)',
  ]);
  const head = ['figure', 'ours', 'anchor (same run)', 'target'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log('\n[bmp-lab] ── bench summary');
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}

const USAGE = `usage: node packages/tooling/bin/lab.mjs <command> [args]
  start [server args...]          install deps and build if needed, then run the server (npm start -- --lab FILE)
  test [types|deps|unit|e2e ...]  install deps, build, find Chromium, run the test steps (npm test -- e2e)
  bench [filter]                  run packages/*/bench/*.bench.mjs and apps/*/bench/*.bench.mjs, then a summary table
  soak                            longer fuzz and fault runs (10 M frames, 10-minute flap loop), bounded in time`;

async function main() {
  const [cmd, ...args] = process.argv.slice(2);
  switch (cmd) {
    case 'start':
      return cmdStart(args);
    case 'test':
      return cmdTest(args);
    case 'bench':
      return cmdBench(args);
    case 'soak':
      return cmdSoak(args);
    case '-h':
    case '--help':
    case 'help':
      console.log(USAGE);
      return;
    default:
      console.error(cmd ? `unknown command: ${cmd}\n${USAGE}` : USAGE);
      process.exit(2);
  }
}

main().catch((err) => {
  if (err instanceof Fatal) console.error(`[bmp-lab] error: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
