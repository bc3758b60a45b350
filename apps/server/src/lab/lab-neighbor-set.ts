import { LabNeighbor, BGP_PORT } from '@bmp-lab/router';
import type { Clock, TimerHandle } from '@bmp-lab/router';
import { listenStream } from '@bmp-lab/router/node';
import type { StreamListener } from '@bmp-lab/router/node';
import type { LabNetwork } from './lab-network.js';
import { MIN_FLAP_SECONDS } from './topology.js';
import type { NeighborTopology } from './topology.js';
import { neighborKey } from './neighbor-control.js';
import type { LabNeighbors } from './neighbor-control.js';
import type { LabBudget } from './budgets.js';

export interface LabNeighborSetOptions {
  network: LabNetwork;
  clock: Clock;
  budget: LabBudget | null;
  /** The lab stopped: a flap timer that fires anyway does nothing. */
  stopped: () => boolean;
}

interface Entry {
  neighbor: LabNeighbor;
  listener: StreamListener;
  flap: TimerHandle | null;
}

/**
 * The BGP neighbors of one lab: each a LabNeighbor behind a loopback socket
 * the lab network maps to `address:179`, flapping if its topology says so.
 */
export class LabNeighborSet implements LabNeighbors {
  private entries: Entry[] = [];

  constructor(private readonly options: LabNeighborSetOptions) {}

  /**
   * Open a listener for each neighbor of `specs` the listener budget lets
   * the lab have (a refusal is logged by the budget), attach it to the lab
   * network and start its flaps.
   */
  async open(specs: readonly NeighborTopology[]): Promise<void> {
    const { budget, clock, network } = this.options;
    for (const spec of specs) {
      if (budget && !budget.takeListener(`neighbor ${spec.address}`)) continue;
      const neighbor = new LabNeighbor(spec, clock, budget);
      const listener = await listenStream('127.0.0.1', 0, (c) => neighbor.accept(c));
      const entry: Entry = { neighbor, listener, flap: null };
      this.entries.push(entry);
      // A neighbor in a VPN instance (a CE) is reached only by the router's BGP in that instance.
      network.attach(spec.address, BGP_PORT, { host: listener.host, port: listener.port }, spec.vpnInstance ?? null);
      if (spec.flap) this.flap(entry, spec.flap);
    }
  }

  /** The lab's BGP neighbors (the ones its listener budget let it open). */
  neighborList(): LabNeighbor[] {
    return this.entries.map((n) => n.neighbor);
  }

  /** The neighbor at lab address `address` (IPv6 however spelt), if the lab has it. */
  neighbor(address: string): LabNeighbor | undefined {
    const key = neighborKey(address);
    return this.entries.find((n) => n.neighbor.spec.address === key)?.neighbor;
  }

  /** The BGP neighbors: lab address and the real socket behind it. */
  endpoints(): { address: string; asn: number; host: string; port: number }[] {
    return this.entries.map((n) => ({ address: n.neighbor.spec.address, asn: n.neighbor.spec.asn, host: n.listener.host, port: n.listener.port }));
  }

  /**
   * Down for `down` seconds every `every` seconds, in protocol time (the
   * lab's clock, so BMPLAB_TIME_SCALE speeds it up too).
   */
  private flap(entry: Entry, spec: NonNullable<NeighborTopology['flap']>): void {
    const { clock, stopped } = this.options;
    // A stored topology from before the floor was checked (topology.ts) gets it here: no timer spins.
    const downFor = Math.max(MIN_FLAP_SECONDS, spec.down);
    const flap = { down: downFor, every: Math.max(spec.every, downFor + MIN_FLAP_SECONDS) };
    const up = () => {
      if (stopped()) return;
      entry.neighbor.setUp(true);
      entry.flap = clock.setTimer((flap.every - flap.down) * 1000, down);
    };
    const down = () => {
      if (stopped()) return;
      entry.neighbor.setUp(false);
      entry.flap = clock.setTimer(flap.down * 1000, up);
    };
    entry.flap = clock.setTimer((flap.every - flap.down) * 1000, down);
  }

  /** No neighbor flaps any more (the lab is stopping). */
  cancelFlaps(): void {
    for (const n of this.entries) n.flap?.cancel();
  }

  /** Every neighbor stops and its listener closes; the lab has none after. */
  async close(): Promise<void> {
    for (const n of this.entries) n.neighbor.stop();
    await Promise.all(this.entries.map((n) => n.listener.close()));
    this.entries = [];
  }
}
