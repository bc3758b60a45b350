import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from './lab-harness.js';
import { canMountNamespaces, cli, health, smallDisk, startServerOnDisk } from './storage-mount.js';
import { wsClient } from './ws-client.js';

/**
 * A full disk, for real: the server's data directory is a 4 MiB tmpfs (in a
 * mount namespace of the test's own, storage-mount.ts) that the test fills
 * with a file until ENOSPC, so SQLite itself answers SQLITE_FULL. The built
 * server runs as a child process in that namespace. 4 MiB is less than
 * SQLite's auto-checkpoint (1000 pages), so the WAL only grows: every write
 * needs new blocks, and none is left. (The other honest way, lowering
 * `PRAGMA max_page_count` through a test hook, would not exercise the real
 * open of a database on a full disk, which a restart needs.)
 *
 * The truth: the labs keep running in memory; the consoles say a commit is
 * not stored; `save` answers an error, never "successfully"; `/api/health`
 * says `degraded` with the reason; another lab keeps serving; once the space
 * is back the pending writes reach the disk (health `ok`) and a restart has
 * the configuration committed while the disk was full. A restart on a disk
 * that is still full does not crash: it reads what it stored and is degraded.
 */

const mountable = canMountNamespaces();
if (!mountable) console.warn('storage-full-disk: skipped (needs root, unshare -m and nsenter to mount a small tmpfs)');

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function disk() {
  const d = await smallDisk('4m');
  cleanup.push(() => d.close());
  return d;
}

async function server(d: Awaited<ReturnType<typeof disk>>) {
  const s = await startServerOnDisk(d);
  cleanup.push(() => s.stop());
  return s;
}

const configuration = async (url: string, lab = 'default') => (await (await fetch(`${url}/api/labs/${lab}/configuration`)).json()) as { running: string; saved: string | null };

describe.skipIf(!mountable)('storage: a full disk', () => {
  it('a commit on a full disk runs, the console says it is not stored, health is degraded; freed, it is written and survives a restart', async () => {
    const d = await disk();
    const first = await server(d);
    const other = ((await (await fetch(first.url + '/api/labs', { method: 'POST' })).json()) as { id: string }).id;
    const c = await wsClient(first.url);
    cleanup.push(() => c.ws.close());
    await c.hello();
    const consoleId = await c.open();
    expect((await health(first.url)).status).toBe('ok');

    d.fill();
    c.type(consoleId, 'system-view', 'sysname FULL-DISK', 'commit');
    // The console's own scrollback timer writes too: the server must not die of it.
    await eventually(() => c.terminal(consoleId).includes('failed to be written to the storage because the storage space is insufficient'), 10_000);
    // Printed like a device's log line: the prompt line is cleared, the warning printed, the prompt drawn again.
    expect(c.terminal(consoleId)).toMatch(
      /\[\*HUAWEI\]commit\r\n\[~FULL-DISK\][^\n]*\x1b\[JWarning: The configuration is committed and running, but failed to be written[^\r\n]*\r\n\[~FULL-DISK\]/,
    );
    const degraded = await health(first.url);
    expect(degraded.status).toBe('degraded');
    expect(degraded.storage).toMatchObject({ ok: false, path: `${d.dir}/bmp-lab.sqlite` });
    expect(degraded.storage.error).toMatch(/SQLITE_FULL/);
    expect(degraded.storage.pending).toBeGreaterThan(0);
    // The browsers are told (the banner).
    await eventually(() => c.received.some((m) => m.type === 'storage.state' && !m.storage.ok));
    // The running configuration is the committed one.
    expect((await configuration(first.url)).running).toContain('sysname FULL-DISK');

    // `save` says it failed: nothing is claimed saved that is not.
    const saved = await cli(first.url, 'default', ['save', 'y', 'y']);
    expect(saved).toContain('Error: Failed to save the configuration because the storage space is insufficient.');
    expect(saved).not.toContain('successfully');

    // Another lab goes on serving while the disk is full.
    const otherRun = await cli(first.url, other, ['system-view', 'sysname OTHER', 'commit', 'return', 'display current-configuration']);
    expect(otherRun).toContain('sysname OTHER');
    expect((await fetch(`${first.url}/api/labs/${other}`)).status).toBe(200);

    d.free();
    const recovered = await eventuallyAsync(async () => {
      const h = await health(first.url);
      return h.status === 'ok' ? h : null;
    });
    expect(recovered.storage).toEqual({ ok: true, path: `${d.dir}/bmp-lab.sqlite`, pending: 0 });
    await eventually(() => c.received.some((m) => m.type === 'storage.state' && m.storage.ok));

    await first.stop();
    expect(first.child.exitCode).toBe(0);
    const second = await server(d);
    expect((await health(second.url)).status).toBe('ok');
    const after = await configuration(second.url);
    expect(after.running).toContain('sysname FULL-DISK');
    expect(after.saved).toContain('sysname FULL-DISK');
    expect((await configuration(second.url, other)).running).toContain('sysname OTHER');
  }, 30_000);

  it('a restart on a disk that is still full does not crash: it reads what it stored, serves, and is degraded until space is back', async () => {
    const d = await disk();
    const first = await server(d);
    await cli(first.url, 'default', ['system-view', 'sysname STORED', 'commit']);
    await first.stop();

    d.fill();
    const second = await server(d);
    // Reads work: the lab is back with its stored configuration.
    expect((await configuration(second.url)).running).toContain('sysname STORED');
    const h = await eventuallyAsync(async () => {
      const x = await health(second.url);
      return x.status === 'degraded' ? x : null;
    });
    expect(h.storage.ok).toBe(false);
    expect(h.storage.error).toMatch(/SQLITE_(FULL|IOERR)/);
    expect(second.output()).toContain(`storage ${d.dir}/bmp-lab.sqlite`);
    // It serves: a commit runs (in memory) and is written once the space is back.
    expect(await cli(second.url, 'default', ['system-view', 'sysname WHILE-FULL', 'commit', 'return', 'display current-configuration'])).toContain('sysname WHILE-FULL');
    expect(second.child.exitCode).toBeNull();
    expect((await health(second.url)).status).toBe('degraded');

    d.free();
    await eventuallyAsync(async () => ((await health(second.url)).status === 'ok' ? true : null));
    await second.stop();
    const third = await server(d);
    expect((await configuration(third.url)).running).toContain('sysname WHILE-FULL');
  }, 30_000);
});

/** `eventually` for an async probe. */
async function eventuallyAsync<T>(probe: () => Promise<T | null>, ms = 8000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== null) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
