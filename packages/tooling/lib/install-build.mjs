// Install dependencies and build when they are stale: `npm ci` when the lock
// file is newer than node_modules, `tsc -b` and the web build when a source,
// config or manifest is newer than the last build's stamp.

import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, exitCodeOf, fail, mtime, ok, run, say, splitCmd, stopIfInterrupted, tool, warn } from './process.mjs';

const STAMP = path.join(ROOT, '.bmp-lab', 'build-stamp');
export const SERVER_MAIN = path.join(ROOT, 'apps', 'server', 'dist', 'main.js');
/** A lock file must be this much newer than node_modules to count as changed (npm writes both at once). */
const LOCK_SLACK_MS = 2000;

export async function ensureDeps() {
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
      hasLock ? `npm ci failed (exit ${exitCodeOf(r)}). If package.json and package-lock.json disagree, run \`npm install\` once.` : `npm install failed (exit ${exitCodeOf(r)}).`,
    );
  }
  const now = new Date();
  try {
    utimesSync(nm, now, now);
  } catch {
    /* best effort */
  }
}

/** Inputs of the build; a change to any of them makes the stamp stale. */
function* buildInputs() {
  for (const f of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.base.json']) yield path.join(ROOT, f);
  for (const group of ['packages', 'apps']) {
    const base = path.join(ROOT, group);
    let names;
    try {
      names = readdirSync(base);
    } catch {
      continue;
    }
    for (const name of names) {
      const ws = path.join(base, name);
      let entries;
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

export async function ensureBuild() {
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
