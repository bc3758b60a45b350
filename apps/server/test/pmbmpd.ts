import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { eventually, freePort } from './lab-harness.js';

/** pmacct's BMP collector, an independent implementation (Debian package pmacct). */
export const PMBMPD = '/usr/sbin/pmbmpd';

export interface Pmbmpd {
  port: number;
  /** Every JSON record pmbmpd logged so far (events of type `log`). */
  messages(): Record<string, unknown>[];
  /** pmbmpd's own log (debug). */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Start pmbmpd on 127.0.0.1 with a JSON message log in a temp dir, and wait
 * until it listens. A missing pmbmpd fails the test with the install
 * command (CI installs it); it never skips.
 */
export async function startPmbmpd(): Promise<Pmbmpd> {
  expect(existsSync(PMBMPD), 'pmbmpd not found: apt-get install -y pmacct').toBe(true);
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
  const child: ChildProcess = spawn(PMBMPD, ['-f', join(dir, 'pmbmpd.conf')], { stdio: 'ignore' });
  await eventually(() => existsSync(log) && readFileSync(log, 'utf8').includes(`waiting for BMP data on 127.0.0.1:${port}`), 10_000);
  return {
    port,
    messages: () =>
      existsSync(msglog)
        ? readFileSync(msglog, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => JSON.parse(l) as Record<string, unknown>)
            .filter((r) => r['event_type'] === 'log')
        : [],
    log: () => readFileSync(log, 'utf8'),
    async stop() {
      if (child.exitCode !== null) return;
      // pmbmpd ignores SIGTERM; SIGINT stops it (interop README). Only the PID we started.
      child.kill('SIGINT');
      await Promise.race([new Promise((r) => child.once('exit', r)), new Promise((r) => setTimeout(r, 8000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
