// Child processes and signals for the bootstrap: run a tool with inherited
// stdio, forward Ctrl-C to it, and stop after it when interrupted.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const IS_WIN = process.platform === 'win32';

export const say = (msg) => console.log(`[bmp-lab] ${msg}`);
export const warn = (msg) => console.error(`[bmp-lab] warning: ${msg}`);
export class Fatal extends Error {}
export const fail = (msg) => {
  throw new Fatal(msg);
};

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

/** Forward SIGINT/SIGTERM/SIGHUP to the running child; without one, exit. lab.mjs calls it once. */
export function forwardSignals() {
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
}

/**
 * Run a command with inherited stdio; resolves to { code, signal }.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string }} [opts]
 */
export function run(cmd, args, opts = {}) {
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

export const ok = (r) => r.code === 0;
export const exitCodeOf = (r) => (r.signal ? 128 + (osConstants.signals[r.signal] ?? 1) : (r.code ?? 1));

export function stopIfInterrupted() {
  if (interrupted) {
    say(`interrupted (${interrupted})`);
    process.exit(128 + (osConstants.signals[interrupted] ?? 1));
  }
}

/** Path of a local binary, or null. */
export function localBin(name) {
  const p = path.join(ROOT, 'node_modules', '.bin', IS_WIN ? `${name}.cmd` : name);
  return existsSync(p) ? p : null;
}

/** [cmd, ...args] for a tool from node_modules/.bin (falls back to npx without installing). */
export function tool(name, ...args) {
  const bin = localBin(name);
  return bin ? [bin, ...args] : ['npx', '--no', name, ...args];
}

export function which(name, extraDirs = []) {
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

export function mtime(p) {
  try {
    return statSync(p).mtimeMs;
  } catch {
    return -1;
  }
}

/** Like run(), but also keeps the child's stdout (still shown as it comes). */
export function runCapturing(cmd, args) {
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

export const splitCmd = (argv) => [argv[0], argv.slice(1)];
export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
export const shQuote = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
