// The benches' anchor for BMP ingest: pmacct's pmbmpd in `rib` mode (it decodes
// and stores every route, dumping them once a day, so never during a run) fed a
// stream over loopback by a sender process of its own (bench-stream-sender.mjs,
// the same that feeds our station), timed from the first byte to pmbmpd
// closing the socket after the stream's Termination.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSender } from './bench-stream-sender.mjs';

/** Whether pmbmpd is on the PATH (a bench without it prints no anchor). */
export function hasPmbmpd() {
  return spawnSync('sh', ['-c', 'command -v pmbmpd']).status === 0;
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A sender connected to 127.0.0.1:`port`, retrying every 50 ms for 5 s while pmbmpd starts listening. */
async function senderWhenListening(file, port) {
  for (let i = 0; ; i++) {
    try {
      return await openSender({ file, host: '127.0.0.1', port });
    } catch (e) {
      if (i >= 100) throw new Error(`pmbmpd did not listen: ${e.message}`, { cause: e });
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * Milliseconds pmbmpd takes to ingest the stream in `streamFile` (ending in a Termination), its config and log in a
 * new folder under `workDir`. Stops the pmbmpd it started (SIGINT, which it obeys; SIGKILL after 5 s).
 */
export async function pmbmpdIngestMs(streamFile, workDir) {
  const dir = mkdtempSync(path.join(workDir, 'pmbmpd-'));
  const port = await freePort();
  const conf = path.join(dir, 'pmbmpd.conf');
  writeFileSync(
    conf,
    [
      `bmp_daemon_ip: 127.0.0.1`,
      `bmp_daemon_port: ${port}`,
      'bmp_daemon_max_peers: 10',
      `logfile: ${dir}/pmbmpd.log`,
      `bmp_dump_file: ${dir}/dump-%s.json`,
      'bmp_dump_refresh_time: 86400',
      '',
    ].join('\n'),
  );
  const child = spawn('pmbmpd', ['-f', conf], { stdio: 'ignore' });
  try {
    const sender = await senderWhenListening(streamFile, port);
    try {
      const t0 = sender.go();
      await sender.closed;
      return performance.now() - t0;
    } finally {
      await sender.stop();
    }
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => {
      const t = setTimeout(() => (child.kill('SIGKILL'), r()), 5000);
      child.once('exit', () => (clearTimeout(t), r()));
    });
  }
}
