import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The built server (`apps/server/dist/main.js`, which `npm test` builds before
 * the unit step) as a child process of a test: its own port, data directory
 * and memory, so a test can kill it, restart it or read its RSS from /proc.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SERVER_MAIN = path.join(ROOT, 'apps/server/dist/main.js');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything the server printed so far (stdout and stderr). */
  output: () => string;
}

export interface ServerProcessOptions {
  /**
   * None: the server picks one (PORT=0) and the URL comes from its `serving` line — a port picked free beforehand can
   * be taken by another test file before the server binds it. A test that restarts the server on its port gives one.
   */
  port?: number;
  /** BMPLAB_DATA_DIR (a directory of the test's own, or `off`). */
  dataDir: string;
  /** `--lab FILE`, if any. */
  labFile?: string;
  /** More environment (wins over the defaults below). */
  env?: Record<string, string>;
  /** Called with a stopper the test must run when it ends (e.g. push it onto its cleanup list). */
  onCleanup: (stop: () => Promise<void>) => void;
}

/** Start the server; resolves once `/api/health` answers 200. */
export async function startServerProcess(o: ServerProcessOptions): Promise<ServerProcess> {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: build first (npx tsc -b; npm test builds before the unit step)`);
  const child = spawn(process.execPath, [SERVER_MAIN, ...(o.labFile ? ['--lab', o.labFile] : [])], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(o.port ?? 0),
      HOST: '127.0.0.1',
      BMPLAB_DATA_DIR: o.dataDir,
      BMPLAB_TIME_SCALE: '10',
      BMPLAB_COLLECTOR_LISTEN: 'off',
      // npm start's SSH port is fixed (2222); a test that wants SSH says so.
      BMPLAB_SSH_LISTEN: 'off',
      ...o.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Whatever happens to the test, this child does not outlive it.
  o.onCleanup(async () => {
    await stopProcess(child, 'SIGKILL');
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const url = await answeringUrl(child, () => output, o.port === undefined ? undefined : `http://127.0.0.1:${o.port}`);
  return { child, url, output: () => output };
}

/**
 * The URL of a spawned server once its `/api/health` answers: `url` if given, else the one its `serving` line names.
 * Throws when the server exits first, or after 15 s.
 */
export async function answeringUrl(child: ChildProcess, output: () => string, url?: string): Promise<string> {
  const until = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited (${child.exitCode ?? child.signalCode}):\n${output()}`);
    const at = url ?? servingUrl(output());
    try {
      if (at !== undefined && (await fetch(`${at}/api/health`, { signal: AbortSignal.timeout(1000) })).ok) return at;
    } catch {
      // not listening yet
    }
    if (Date.now() > until) throw new Error(`the server did not answer /api/health within 15 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The URL in the server's `serving http://…` log line, once it printed it. */
function servingUrl(output: string): string | undefined {
  return /"serving (http:\/\/127\.0\.0\.1:\d+)"/.exec(output)?.[1];
}

/** Signal the child (by its handle) and wait for it to exit; SIGKILL after `ms`. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals, ms = 10_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  if (!exited()) {
    const done = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    await Promise.race([done, new Promise((r) => setTimeout(r, ms))]);
    if (!exited()) {
      child.kill('SIGKILL');
      await done;
    }
  }
  return { code: child.exitCode, signal: child.signalCode };
}

/** Resident memory of a process in bytes, from /proc (Linux). */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}
