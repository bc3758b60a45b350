import { afterEach } from 'vitest';
import { createBmpFramer, decodeBmpMessage } from '@bmp-lab/codec';
import type { BmpMessage } from '@bmp-lab/codec';
import { Device, LabNeighbor } from '@bmp-lab/router';
import type { DialResult, DialTarget, NeighborSpec } from '@bmp-lab/router';
import { listenStream, systemClock, tcpDial } from '@bmp-lab/router/node';
import { RecordedConnection, plain } from './harness.js';
import { TIME_SCALE, configOf, withLabAddresses } from './loopback-lab.js';

/**
 * One router and one lab neighbor on loopback, for the VPN tests: the router (lab address 10.0.0.1) reaches the
 * neighbor only on port 179 and only in the routing table it lives in (a VPN instance such as a CE's, or the public
 * network for a PE), as the server's lab network places it; its BMP session to the station 10.1.1.1:1790 (dialled
 * from the public network) is recorded.
 */

/** The station address and port a test's `bmp-session` lines name. */
export const STATION = { address: '10.1.1.1', port: 1790 } as const;
const ROUTER_ADDRESS = '10.0.0.1';

export interface OneNeighborLabOptions {
  neighbor: NeighborSpec;
  /** The VPN instance the neighbor is reachable in; null for the public network. */
  vpnInstance: string | null;
  /** Configuration lines, typed from the system view and committed before the router starts. */
  lines: readonly string[];
}

/** Call at the top level of a test file: `start()` builds a lab, stopped after each test. */
export function oneNeighborLabPerTest() {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  return {
    start: (options: OneNeighborLabOptions) => startOneNeighborLab(options, cleanups),
    /** Run `stop` after this test too (for what a test builds beside the lab). */
    afterThisTest: (stop: () => unknown) => void cleanups.push(stop),
  };
}

async function startOneNeighborLab({ neighbor: spec, vpnInstance, lines }: OneNeighborLabOptions, cleanups: (() => unknown)[]) {
  const clock = systemClock(TIME_SCALE);
  const neighbor = new LabNeighbor(spec, clock);
  cleanups.push(() => neighbor.stop());
  const listener = await listenStream('127.0.0.1', 0, (c) => neighbor.accept(withLabAddresses(c, spec.address, ROUTER_ADDRESS)));
  cleanups.push(() => listener.close());
  const dials: DialTarget[] = [];
  const station = new RecordedConnection();
  const device = new Device({
    clock,
    events: { sessionChanged() {}, sessionRemoved() {}, committed() {} },
    initial: configOf(lines),
    autoStart: false,
    dialer: {
      dial: async (target: DialTarget): Promise<DialResult> => {
        dials.push(target);
        if (target.address === STATION.address && target.port === STATION.port && target.vpnInstance === null) return { ok: true, connection: station };
        if (target.address !== spec.address || target.port !== 179 || target.vpnInstance !== vpnInstance) return { ok: false, error: 'no route' };
        const r = await tcpDial('127.0.0.1', listener.port);
        return r.ok ? { ok: true, connection: withLabAddresses(r.connection, ROUTER_ADDRESS, spec.address) } : r;
      },
    },
  });
  cleanups.push(() => device.shutdown());
  device.start();
  let console: ReturnType<Device['openConsole']> | null = null;
  return {
    device,
    /** Every dial the router made, in order. */
    dials,
    /** The BMP messages written to the station so far, decoded (an undecodable one throws). */
    messages: () => decodeRecorded(station),
    /** What a console (opened on first use) prints for `line`, without colour. */
    out: (line: string) => {
      console ??= device.openConsole();
      return plain(console.execute(line).lines.join('\n'));
    },
  };
}

/** The session batches messages into one write: frame the recorded stream again and decode each message. */
function decodeRecorded(station: RecordedConnection): BmpMessage[] {
  const framer = createBmpFramer();
  return station.written.flatMap((chunk) =>
    framer.push(chunk).map((item) => {
      const d = item.ok ? decodeBmpMessage(item.bytes) : null;
      if (!d?.ok) throw new Error(`undecodable BMP message: ${JSON.stringify(d ? d.error : item)}`);
      return d.value;
    }),
  );
}
