import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { answeringUrl } from './server-process.js';

/**
 * A real small filesystem for the storage tests: a tmpfs mounted in a private
 * mount namespace (`unshare -m`, as root: CI runs the tests as root), held by
 * a `sleep` so that it outlives the server processes that run in it
 * (`nsenter -m`). The test reaches the same directory through
 * `/proc/<holder>/root/…` to fill the disk and free it again; the host never
 * sees the mount, and it vanishes with the holder.
 */

const ROOT = path.resolve(import.meta.dirname, '../../..');
const SERVER_MAIN = path.join(ROOT, 'apps/server/dist/main.js');

/** Whether this machine lets the tests mount (root, unshare and nsenter present). */
export function canMountNamespaces(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = spawnSync('unshare', ['-m', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt && umount /mnt'], { stdio: 'ignore' });
  return probe.status === 0 && spawnSync('nsenter', ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface SmallDisk {
  /** The mount point as the server sees it (inside the namespace). */
  dir: string;
  /** The same directory as this test sees it. */
  outside: string;
  holder: ChildProcess;
  /** Write a filler file until the filesystem says ENOSPC. */
  fill(): void;
  /** Delete the filler: the space is back. */
  free(): void;
  /** Remount read-only (EROFS for everyone, root included). */
  readOnly(): void;
  /** Remount writable again. */
  readWrite(): void;
  close(): Promise<void>;
}

/** A tmpfs of `size` (e.g. `4m`) in a namespace of its own. */
export async function smallDisk(size: string): Promise<SmallDisk> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bmplab-disk-'));
  const holder = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', `mount -t tmpfs -o size=${size} tmpfs '${dir}' && echo mounted && exec sleep 3600`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  holder.stdout.on('data', (d: Buffer) => (out += d.toString()));
  holder.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const until = Date.now() + 5000;
  while (!out.includes('mounted')) {
    if (holder.exitCode !== null || Date.now() > until) throw new Error(`could not mount a tmpfs in a namespace: ${out}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const outside = `/proc/${holder.pid}/root${dir}`;
  const filler = path.join(outside, 'filler');
  const remount = (mode: 'ro' | 'rw') => {
    const r = spawnSync('nsenter', ['-t', String(holder.pid), '-m', 'mount', '-o', `remount,${mode}`, dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`remount ${mode} failed: ${r.stderr}`);
  };
  return {
    dir,
    outside,
    holder,
    fill() {
      const fd = openSync(filler, 'a');
      const chunk = Buffer.alloc(4096);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      } finally {
        closeSync(fd);
      }
    },
    free() {
      if (existsSync(filler)) unlinkSync(filler);
    },
    readOnly: () => remount('ro'),
    readWrite: () => remount('rw'),
    async close() {
      if (holder.exitCode === null && holder.signalCode === null) {
        const exited = new Promise((r) => holder.once('exit', r));
        holder.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface NsServer {
  child: ChildProcess;
  url: string;
  output(): string;
  /** SIGTERM and wait for the exit (the server flushes its store). */
  stop(): Promise<void>;
}

/**
 * The built server (`apps/server/dist/main.js`) inside the disk's namespace, its data there; `env` adds to its
 * environment. It listens on a port of its own choosing (PORT=0), read from its `serving` line: a port picked free
 * beforehand could be taken by another test file before the server binds it.
 */
export async function startServerOnDisk(disk: SmallDisk, dataDir = disk.dir, env: Record<string, string> = {}): Promise<NsServer> {
  if (!existsSync(SERVER_MAIN)) throw new Error(`${SERVER_MAIN} is missing: build first (npx tsc -b)`);
  const child = spawn('nsenter', ['-t', String(disk.holder.pid), '-m', process.execPath, SERVER_MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      BMPLAB_DATA_DIR: dataDir,
      BMPLAB_TIME_SCALE: '10',
      BMPLAB_COLLECTOR_LISTEN: 'off',
      BMPLAB_SSH_LISTEN: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const url = await answeringUrl(child, () => output);
    return { child, url, output: () => output, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

export interface Health {
  status: string;
  storage: { ok: boolean; path: string | null; error?: string; pending: number };
}

export async function health(url: string): Promise<Health> {
  const res = await fetch(`${url}/api/health`);
  if (res.status !== 200) throw new Error(`/api/health answered ${res.status}`);
  return (await res.json()) as Health;
}

/** Lines through `POST /api/labs/<id>/cli`: the transcript. */
export async function cli(url: string, lab: string, lines: string[]): Promise<string> {
  const res = await fetch(`${url}/api/labs/${lab}/cli`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lines }) });
  if (res.status !== 200) throw new Error(`cli answered ${res.status}: ${await res.text()}`);
  return res.text();
}
