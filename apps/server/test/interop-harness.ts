import { afterEach } from 'vitest';
import { readPcap, startPmbmpd } from '@bmp-lab/test-support';
import type { PcapReader, Pmbmpd } from '@bmp-lab/test-support';
import { startServer } from '../src/app.js';
import type { RunningServer } from '../src/app.js';
import { readConfig } from '../src/config.js';
import { eventually, startLab } from './lab-harness.js';
import { stationMessagesIn, wsClient } from './ws-client.js';

/**
 * The scaffolding of the interop tests, which check what the router sends against independent readers: pmacct's
 * pmbmpd on a live session, Wireshark's tshark on the embedded station's capture.
 */

/**
 * pmbmpd and a lab (its console typed into) for each test of the file: call at the top level of a test file; what
 * `start()` started is stopped after each test, the lab first so pmbmpd sees the session end.
 */
export function pmbmpdLabPerTest() {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.reverse()) await stop();
    stops.length = 0;
  });
  return {
    async start(): Promise<{ pm: Pmbmpd } & Awaited<ReturnType<typeof startLab>>> {
      const pm = await startPmbmpd();
      stops.push(() => pm.stop());
      const started = await startLab();
      stops.push(() => started.lab.stop());
      return { pm, ...started };
    },
  };
}

/** A server on a free port (timers 50x faster, no external station port) for each test of the file: call at the top level. */
export function capturingServerPerTest() {
  let server: RunningServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });
  return {
    async start(): Promise<RunningServer> {
      server = await startServer(readConfig({ PORT: '0', BMPLAB_TIME_SCALE: '50', BMPLAB_COLLECTOR_LISTEN: 'off' }));
      return server;
    },
  };
}

type WsClient = Awaited<ReturnType<typeof wsClient>>;

/** The BMP messages the embedded station forwarded to this browser, in order (one by one and in catch-ups). */
export function stationMessages(c: WsClient) {
  return stationMessagesIn(c.received);
}

/** A browser on the default lab with one console open, ready for `c.type(id, …)`. */
export async function browserConsole(server: RunningServer): Promise<{ c: WsClient; id: string }> {
  const c = await wsClient(server.url);
  await c.hello();
  return { c, id: await c.open() };
}

/** Configure `undo bmp-session <station>` at the console and wait for the station to record the Termination. */
export async function endBmpSession(c: WsClient, id: string, station: string): Promise<void> {
  c.type(id, 'system-view', 'bmp', `undo bmp-session ${station}`, 'commit', 'return');
  await eventually(() => stationMessages(c).some((m) => m.type === 'termination'), 10_000);
}

/** The embedded station's capture of the session to `station`:`port` (GET /api/pcap), for tshark to read. */
export async function stationCapture(server: RunningServer, station: string, port: number): Promise<PcapReader> {
  const routers = (await (await fetch(server.url + '/api/station/routers')).json()) as { id: string; station: string }[];
  const conn = routers.find((r) => r.station === `${station}:${port}`);
  if (!conn) throw new Error(`no station connection from a session to ${station}:${port} in ${JSON.stringify(routers)}`);
  const res = await fetch(`${server.url}/api/pcap?connection=${encodeURIComponent(conn.id)}`);
  if (res.status !== 200) throw new Error(`GET /api/pcap answered ${res.status}: ${await res.text()}`);
  return readPcap(new Uint8Array(await res.arrayBuffer()), port);
}
