import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VRP_SYS_DESCR } from '@bmp-lab/router';
import { eventually, startLab } from './lab-harness.js';

/**
 * Our speaker against an independent collector: pmacct's pmbmpd (DESIGN §5:
 * "every message we emit decodes cleanly … in pmacct"). CI installs pmacct;
 * a missing pmbmpd fails with the install command, it does not skip.
 */
const PMBMPD = '/usr/sbin/pmbmpd';

let child: ChildProcess | null = null;
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
  if (child && child.exitCode === null) {
    // pmbmpd ignores SIGTERM; SIGINT stops it (interop README). Only the PID we started.
    child.kill('SIGINT');
    await Promise.race([new Promise((r) => child!.once('exit', r)), new Promise((r) => setTimeout(r, 8000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  child = null;
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('pmbmpd (pmacct) reads what the router sends', () => {
  it('logs the Initiation with our sysName and sysDescr, and the Termination, with no complaint', async () => {
    expect(existsSync(PMBMPD), `pmbmpd not found: apt-get install -y pmacct`).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'bmplab-pmbmpd-'));
    const port = await freePort();
    const log = join(dir, 'pmbmpd.log');
    const msglog = join(dir, 'msglog.json');
    writeFileSync(
      join(dir, 'pmbmpd.conf'),
      [
        'bmp_daemon_ip: 127.0.0.1',
        `bmp_daemon_port: ${port}`,
        'bmp_daemon_max_peers: 4',
        `logfile: ${log}`,
        `bmp_daemon_msglog_file: ${msglog}`,
        'bmp_daemon_msglog_output: json',
        'debug: true',
      ].join('\n') + '\n',
    );
    child = spawn(PMBMPD, ['-f', join(dir, 'pmbmpd.conf')], { stdio: 'ignore' });
    await eventually(() => existsSync(log) && readFileSync(log, 'utf8').includes(`waiting for BMP data on 127.0.0.1:${port}`), 10_000);

    const { lab, type } = await startLab();
    cleanup.push(() => lab.stop());
    type('system-view', 'sysname R1', 'bmp', 'bmp-session 127.0.0.1', `tcp connect port ${port}`, 'commit');
    await eventually(() => lab.device.bmpSessions()[0]?.state === 'up');
    type('quit', 'undo bmp-session 127.0.0.1', 'commit');

    const records = await eventually(() => {
      if (!existsSync(msglog)) return false;
      const lines = readFileSync(msglog, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      return lines.some((r) => r['bmp_msg_type'] === 'term') && lines;
    }, 10_000);
    const messages = records.filter((r) => r['event_type'] === 'log');
    expect(messages.map((r) => r['bmp_msg_type'])).toEqual(['init', 'term']);
    expect(messages[0]).toMatchObject({ bmp_init_info_sysname: 'R1', bmp_init_info_sysdescr: VRP_SYS_DESCR });
    expect(messages[1]).toMatchObject({ bmp_term_info_reason: 'Session administratively closed', bmp_term_info_string: 'Manual Stop' });
    expect(readFileSync(log, 'utf8')).not.toMatch(/discarded|ERROR|WARN/);
  });
});
