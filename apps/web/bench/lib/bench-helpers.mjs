// What the web benches share: the BUILT lab server started as a child process on
// loopback, polling with a bound, free ports and percentiles. Not a bench itself
// (`npm run bench` runs *.bench.mjs only).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serverNodeArgs } from '../../../../packages/tooling/lib/server-node-args.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVER_MAIN = path.join(here, '..', '..', '..', 'server', 'dist', 'main.js');

export const delay = (ms) => new Promise((r) => setTimeout(r, ms));

/** A TCP port free on 127.0.0.1 right now. */
export const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** The p-th percentile (0–100) of `xs`, nearest rank. */
export const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** `until(what, fn, timeoutMs, everyMs)`: poll `fn` (in Node) until it returns a truthy value; errors name `bench`. */
export function poller(bench) {
  return async function until(what, fn, timeoutMs = 20_000, everyMs = 50) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > end) throw new Error(`${bench}: timed out waiting for ${what} (${timeoutMs} ms)`);
      await delay(everyMs);
    }
  };
}

/**
 * The built server on 127.0.0.1 with in-memory data and nothing but its HTTP port (no SSH, Telnet or external station
 * listener unless `env` says so), once it answers /api/health. `onSpawn` gets the child at once, so a bench's deadline
 * can kill it even while it starts. `stop()` ends it (SIGINT, SIGKILL after 5 s).
 */
export async function startLabServer({ env = {}, onSpawn = () => {}, until }) {
  const port = await freePort();
  const child = spawn(process.execPath, [...serverNodeArgs(), SERVER_MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      BMPLAB_DATA_DIR: 'off',
      BMPLAB_COLLECTOR_LISTEN: 'off',
      BMPLAB_SSH_LISTEN: 'off',
      BMPLAB_TELNET_LISTEN: 'off',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  onSpawn(child);
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      const t = setTimeout(() => (child.kill('SIGKILL'), resolve()), 5000);
      child.once('exit', () => (clearTimeout(t), resolve()));
      child.kill('SIGINT');
    });
  const url = `http://127.0.0.1:${port}`;
  await until('the lab server answering /api/health', async () => {
    try {
      return (await fetch(`${url}/api/health`)).ok;
    } catch {
      return false;
    }
  });
  return { url, stop };
}
