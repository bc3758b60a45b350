import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopChild, waitFor } from './process.js';

/** pmacct's BMP collector, an independent implementation (Debian package pmacct). */
export const PMBMPD = '/usr/sbin/pmbmpd';

export interface PmbmpdOptions {
  /** Extra environment for pmbmpd (e.g. `{ TZ: 'UTC' }` to pin its timestamps' zone). */
  env?: Record<string, string>;
  /** Keep the temp dir (config, logs) after stop(), e.g. to read it after a failure. */
  keepDir?: boolean;
}

export interface Pmbmpd {
  port: number;
  /** The temp dir holding pmbmpd.conf, pmbmpd.log and msglog.json. */
  dir: string;
  /** Every JSON record of the message log so far, whatever its event type. */
  records(): Record<string, unknown>[];
  /** The records of event type `log` (one per BMP message). */
  messages(): Record<string, unknown>[];
  /** The message log as pmbmpd wrote it. */
  msglog(): string;
  /** pmbmpd's own log (debug: one "[common] type: ..." line per message). */
  log(): string;
  /** The lines of its own log where pmbmpd discarded something or reported an error or warning: [] when all was read. */
  problems(): string[];
  stop(): Promise<void>;
}

/** What in pmbmpd's own log says it could not read a message as sent. */
export const PMBMPD_PROBLEM = /discarded|ERROR|WARN/;

const read = (file: string): string => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/**
 * Start pmbmpd on 127.0.0.1 with a JSON message log in a temp dir, and wait
 * until it listens. A missing pmbmpd fails the test with the install
 * command (CI installs it); it never skips.
 */
export async function startPmbmpd(options: PmbmpdOptions = {}): Promise<Pmbmpd> {
  if (!existsSync(PMBMPD)) throw new Error(`pmbmpd not found at ${PMBMPD}: apt-get install -y pmacct (CI installs it; this oracle test must not be skipped)`);
  const dir = mkdtempSync(join(tmpdir(), 'bmplab-pmbmpd-'));
  const port = await freePort();
  const log = join(dir, 'pmbmpd.log');
  const msglog = join(dir, 'msglog.json');
  const conf = join(dir, 'pmbmpd.conf');
  writeFileSync(
    conf,
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
  const child = spawn(PMBMPD, ['-f', conf], { cwd: dir, stdio: 'ignore', env: { ...process.env, ...options.env } });
  child.once('error', () => {});
  // Only whole lines: pmbmpd may be writing the last one while it is read (a reader that parsed it failed now and then).
  const records = () => {
    const text = read(msglog);
    return text
      .slice(0, text.lastIndexOf('\n') + 1)
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  };
  try {
    await waitFor('pmbmpd to listen', () => read(log).includes(`waiting for BMP data on 127.0.0.1:${port}`), 10_000);
  } catch (e) {
    await stopChild(child, 'SIGINT', 8000);
    throw e;
  }
  return {
    port,
    dir,
    records,
    messages: () => records().filter((r) => r['event_type'] === 'log'),
    msglog: () => read(msglog),
    log: () => read(log),
    problems: () =>
      read(log)
        .split('\n')
        .filter((l) => PMBMPD_PROBLEM.test(l)),
    async stop() {
      // pmbmpd ignores SIGTERM; SIGINT stops it. Only the PID we started.
      await stopChild(child, 'SIGINT', 8000);
      if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
