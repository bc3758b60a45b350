import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { eventually } from './lab-harness.js';
import { canMountNamespaces, cli, health, smallDisk, startServerOnDisk } from './storage-mount.js';
import type { SmallDisk } from './storage-mount.js';
import { wsClient } from './ws-client.js';

/**
 * A data directory the server cannot write, in ways that hold for root too
 * (root ignores permission bits): a tmpfs remounted read-only (EROFS), and a
 * BMPLAB_DATA_DIR that is a regular file. The server names the path and the
 * reason in one line, starts in memory, serves, and says `degraded`; a
 * read-only directory made writable again gets everything pending.
 */

const mountable = canMountNamespaces();
if (!mountable) console.warn('storage-read-only: skipped (needs root, unshare -m and nsenter to mount a small tmpfs)');

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function disk(): Promise<SmallDisk> {
  const d = await smallDisk('4m');
  cleanup.push(() => d.close());
  return d;
}

async function server(d: SmallDisk, dataDir?: string) {
  const s = await startServerOnDisk(d, dataDir);
  cleanup.push(() => s.stop());
  return s;
}

async function until<T>(probe: () => Promise<T | null>, ms = 8000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!mountable)('storage: a data directory that cannot be written', () => {
  it('read-only: one line names the path and the reason; the server starts in memory, serves, is degraded, and catches up once writable', async () => {
    const d = await disk();
    d.readOnly();
    const s = await server(d);
    const file = `${d.dir}/bmp-lab.sqlite`;
    const lines = s
      .output()
      .split('\n')
      .filter((l) => l.includes(file));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('EROFS: read-only file system');
    expect(lines[0]).toContain('memory');
    const h = await health(s.url);
    expect(h.status).toBe('degraded');
    expect(h.storage).toMatchObject({ ok: false, path: file });
    expect(h.storage.error).toBeTruthy();

    // It serves: a console, a commit (with the warning), another lab.
    const c = await wsClient(s.url);
    cleanup.push(() => c.ws.close());
    await c.hello();
    // The snapshot's storage state follows its station snapshot (which `hello` waits for), perhaps in a later read.
    expect(await eventually(() => c.received.find((m) => m.type === 'storage.state'))).toMatchObject({ storage: { ok: false, path: file } });
    const consoleId = await c.open();
    c.type(consoleId, 'system-view', 'sysname READ-ONLY', 'commit');
    await eventually(() => c.terminal(consoleId).includes('failed to be written to the storage because the storage is read-only or cannot be opened'));
    const created = await fetch(`${s.url}/api/labs`, { method: 'POST' });
    expect(created.status).toBe(201);
    const other = ((await created.json()) as { id: string }).id;
    expect(await cli(s.url, 'default', ['save', 'y', 'y'])).toContain('Error: Failed to save the configuration because the storage is read-only or cannot be opened.');

    d.readWrite();
    await until(async () => ((await health(s.url)).status === 'ok' ? true : null));
    await eventually(() => c.received.some((m) => m.type === 'storage.state' && m.storage.ok));
    await s.stop();
    const again = await server(d);
    const conf = (await (await fetch(`${again.url}/api/labs/default/configuration`)).json()) as { running: string; saved: string | null };
    expect(conf.running).toContain('sysname READ-ONLY');
    expect(conf.saved).toContain('sysname READ-ONLY');
    // The lab created while read-only was stored too.
    expect((await fetch(`${again.url}/api/labs/${other}`)).status).toBe(200);
  }, 30_000);

  it('a BMPLAB_DATA_DIR that is a file: the server starts in memory, serves, and health names the path and the reason', async () => {
    const d = await disk();
    writeFileSync(`${d.outside}/not-a-directory`, 'x');
    const dataDir = `${d.dir}/not-a-directory`;
    const s = await server(d, dataDir);
    const h = await health(s.url);
    expect(h.status).toBe('degraded');
    expect(h.storage.path).toBe(`${dataDir}/bmp-lab.sqlite`);
    expect(h.storage.error).toMatch(/ENOTDIR|EEXIST/);
    expect(s.output()).toMatch(new RegExp(`storage ${dataDir}/bmp-lab.sqlite cannot be written \\(E(NOTDIR|EXIST)`));
    expect(await cli(s.url, 'default', ['system-view', 'sysname IN-MEMORY', 'commit', 'return', 'display current-configuration'])).toContain('sysname IN-MEMORY');
  }, 20_000);
});
