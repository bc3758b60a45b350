import { connect, createServer, type Socket } from 'node:net';
import { systemClock } from '@bmp-lab/router/node';
import { Lab } from '../src/lab/lab.js';
import { DEFAULT_TOPOLOGY } from '../src/lab/topology.js';

/** A real lab on loopback (real station sockets, real TCP), with timers 50x faster. */
export async function startLab() {
  const lab = await Lab.start({
    id: 'test',
    topology: DEFAULT_TOPOLOGY,
    clock: systemClock(50),
    allowConnect: [],
    externalStation: null,
  });
  const terminal = lab.device.openTerminal();
  terminal.open();
  return {
    lab,
    type: (...lines: string[]) => lines.map((l) => terminal.input(l + '\r')).join(''),
  };
}

/** Wait until `probe` returns a value, or fail after `ms`. */
export async function eventually<T>(probe: () => T | undefined | null | false, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = probe();
    // A promise is always truthy: an async probe would pass at once without being awaited.
    if (v && typeof (v as { then?: unknown }).then === 'function') throw new Error('eventually() takes a synchronous probe; await inside the test instead');
    if (v) return v;
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A TCP port on 127.0.0.1 that was free a moment ago (for a peer process the test starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A router's TCP connection to a lab's first station endpoint (errors ignored: tests close it themselves). */
export async function dialStation(lab: Pick<Lab, 'stationEndpoints'>): Promise<Socket> {
  const { host, port } = lab.stationEndpoints()[0]!;
  const socket = connect({ host, port });
  socket.on('error', () => {});
  await new Promise((r) => socket.once('connect', r));
  return socket;
}
