import { afterEach, describe, expect, it } from 'vitest';
import { eventually, freePort } from './lab-harness.js';
import { canMountNamespaces, health, smallDisk, startServerOnDisk } from './storage-mount.js';
import { rawTelnet } from './telnet-client.js';
import { PASSWORD } from './vty-harness.js';

/**
 * A commit that cannot be stored (a full disk, for real: a 4 MiB tmpfs the
 * test fills until ENOSPC, storage-mount.ts, with the built server running
 * in its mount namespace) is announced on every console of the lab, not only
 * in the browsers: a Telnet VTY prints the warning like a log line after the
 * commit's output, and the REST CLI adds it after the output of the `commit`
 * that caused it (JSON and transcript).
 */

const mountable = canMountNamespaces();
if (!mountable) console.warn('storage-full-vty: skipped (needs root, unshare -m and nsenter to mount a small tmpfs)');

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

const WARNING =
  'Warning: The configuration is committed and running, but failed to be written to the storage because the storage space is insufficient. It is written when the storage recovers.';
const escape = (s: string) => s.replace(/[.()[\]*+?]/g, '\\$&');

describe.skipIf(!mountable)('storage: a full disk, heard on every VTY', () => {
  it('a Telnet VTY and the REST CLI get the not-stored warning after the commit', async () => {
    const d = await smallDisk('4m');
    cleanup.push(() => d.close());
    const telnetPort = await freePort();
    const server = await startServerOnDisk(d, d.dir, { BMPLAB_TELNET_LISTEN: `127.0.0.1:${telnetPort}` });
    cleanup.push(() => server.stop());

    const t = await rawTelnet(telnetPort);
    cleanup.push(() => void t.sock.destroy());
    await t.waitFor(/Username:$/);
    t.line('admin');
    await t.waitFor(/Password:$/);
    t.line(PASSWORD);
    await t.waitFor(/<HUAWEI>$/);

    d.fill();
    // Another VTY's commit (the REST CLI's): its answer has the warning after the commit's own output, on
    // the commit's line only, and the Telnet user hears it too.
    const res = await fetch(`${server.url}/api/labs/default/cli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ lines: ['system-view', 'sysname FULL-DISK', 'commit', 'return'] }),
    });
    expect(res.status).toBe(200);
    expect((await health(server.url)).status).toBe('degraded');
    const lines = (await res.json()) as { command: string; output: string }[];
    expect(lines[2]).toEqual({ command: 'commit', output: WARNING });
    expect(lines[3]!.output).not.toContain('Warning');
    await eventually(() => t.text().includes(WARNING), 10_000);
    // Printed like a log line on the waiting prompt (no escape sequences: the client negotiated nothing), prompt again.
    expect(t.text()).toMatch(new RegExp(`<HUAWEI>\\r\\n${escape(WARNING)}\\r\\n<FULL-DISK>$`));

    // The Telnet user's own commit: the warning follows the commit's output, once, and the prompt is drawn again.
    let mark = t.text().length;
    t.line('system-view');
    await t.waitFor(/\[~FULL-DISK\]$/, mark);
    mark = t.text().length;
    t.line('sysname TELNET-FULL');
    t.line('commit');
    const after = await t.waitFor(/Warning: The configuration is committed[^\r\n]*\r\n\[~TELNET-FULL\]$/, mark);
    expect(after).toMatch(new RegExp(`\\[\\*FULL-DISK\\]commit\\r\\n\\[~TELNET-FULL\\]\\r\\n${escape(WARNING)}\\r\\n\\[~TELNET-FULL\\]$`));
    expect(after.split(WARNING)).toHaveLength(2);

    // The text/plain transcript carries it too, after the commit line.
    const transcript = await (
      await fetch(`${server.url}/api/labs/default/cli`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ lines: ['system-view', 'sysname AGAIN', 'commit'] }),
      })
    ).text();
    expect(transcript).toContain(`[*TELNET-FULL]commit\n${WARNING}\n[~AGAIN]`);
    d.free();
  }, 30_000);
});
