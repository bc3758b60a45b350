// A BMP stream sent by a process of its own, as a router would send it: the
// ingest benches time a station (ours inside the server, or pmbmpd) receiving
// a stream, and a sender sharing the receiver's event loop (or its core) would
// charge the sending to the receiver. Both the station and its anchor are fed
// by this same sender, so the figures compare like with like.
//
// Parent side: `openSender({ file, host, port })` starts this file as a child,
// which reads the stream from `file`, connects and says `ready`; `go()` notes
// the time and lets it write (1 MiB at a time, honouring back-pressure);
// `closed` settles when the receiver closes the connection; `stop()` ends the
// child whatever state it is in.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);

/** Start a sender connected to host:port with the stream in `file`; resolves once it is connected. */
export async function openSender({ file, host, port }) {
  const child = spawn(process.execPath, [self, file, host, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiters = new Map();
  const seen = new Set();
  lines.on('line', (line) => {
    seen.add(line);
    waiters.get(line)?.();
  });
  const heard = (line) => new Promise((resolve) => (seen.has(line) ? resolve() : waiters.set(line, resolve)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await Promise.race([heard('ready'), exited.then(() => Promise.reject(new Error('the stream sender exited before connecting')))]);
  return {
    /** Let it send; returns the time (performance.now()) the first byte was let go. */
    go() {
      const t0 = performance.now();
      child.stdin.write('go\n');
      return t0;
    },
    /** Every byte handed to the kernel. */
    sent: heard('sent'),
    /** The receiver closed the connection. */
    closed: heard('closed'),
    async stop() {
      if (child.exitCode === null) {
        child.stdin.end();
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}

async function runChild([file, host, port]) {
  const stream = readFileSync(file);
  const socket = connect({ host, port: Number(port) });
  socket.on('error', (e) => {
    console.error(`stream sender: ${e.message}`);
    process.exit(1);
  });
  socket.resume();
  socket.once('close', () => {
    console.log('closed');
    process.exit(0);
  });
  await new Promise((resolve) => socket.once('connect', resolve));
  const input = createInterface({ input: process.stdin });
  input.on('close', () => socket.destroy());
  console.log('ready');
  await new Promise((resolve) => input.once('line', resolve));
  for (let off = 0; off < stream.length; off += 1 << 20) {
    if (!socket.write(stream.subarray(off, Math.min(stream.length, off + (1 << 20))))) await new Promise((r) => socket.once('drain', r));
  }
  console.log('sent');
}

if (process.argv[1] === self) await runChild(process.argv.slice(2));
