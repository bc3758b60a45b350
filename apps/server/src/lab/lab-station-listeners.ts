import { listenStation } from '@bmp-lab/collector/node';
import type { StationListener } from '@bmp-lab/collector/node';
import { formatStation } from '@bmp-lab/collector';
import type { Station, StationAddress } from '@bmp-lab/collector';
import type { LabNetwork } from './lab-network.js';
import type { StationTopology } from './topology.js';
import type { LabBudget } from './budgets.js';

export interface LabStationListenersOptions {
  /** The lab's station: every listener hands it what it accepts. */
  station: Station;
  network: LabNetwork;
  budget: LabBudget | null;
}

/** The real sockets behind one lab's station endpoints. */
export class LabStationListeners {
  private listeners: { address: StationAddress; listener: StationListener }[] = [];

  constructor(private readonly options: LabStationListenersOptions) {}

  /**
   * Listen for every station endpoint of `stations` the lab network does not
   * have yet (an exercise's topology may add some). A station in a VPN
   * instance is named `NAME/address:port`.
   */
  async ensure(stations: readonly StationTopology[]): Promise<void> {
    const { network, budget } = this.options;
    for (const station of stations) {
      const vpn = station.vpnInstance ?? null;
      for (const port of station.ports) {
        if (network.has(station.address, port, vpn)) continue;
        if (budget && !budget.takeListener(`station ${formatStation({ vpnInstance: vpn, address: station.address, port })}`)) continue;
        const listener = await this.listen({ vpnInstance: vpn, address: station.address, port }, '127.0.0.1', 0);
        network.attach(station.address, port, { host: listener.host, port: listener.port }, vpn);
      }
    }
  }

  /** A real socket on `host:port` for the station endpoint `address`. */
  async listen(address: StationAddress, host: string, port: number): Promise<StationListener> {
    const listener = await listenStation({ host, port, accept: (tcp) => this.options.station.accept(address, tcp) });
    this.listeners.push({ address, listener });
    return listener;
  }

  /** The station endpoints: lab name and the real socket behind it. */
  endpoints(): { name: string; host: string; port: number }[] {
    return this.listeners.map((s) => ({ name: formatStation(s.address), host: s.listener.host, port: s.listener.port }));
  }

  /**
   * Close every listener once the lab's BMP sessions' connections have
   * closed (their routers shut down); the lab has none after.
   */
  async close(): Promise<void> {
    const { station } = this.options;
    // Each BMP session wrote its Termination and ended its socket. The station has read every byte of a connection
    // once it sees it close (the FIN comes after the data), so wait for the lab sessions' connections to close before
    // the station sockets are torn down. The timeout is only a safety net for a station that stopped reading.
    const sessionOpen = () => station.routers().some((r) => r.sessionKey !== null && r.closedAt === null);
    if (sessionOpen()) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(safetyNet);
          unsubscribe();
          resolve();
        };
        const safetyNet = setTimeout(done, 2000);
        const unsubscribe = station.subscribe((u) => {
          if (u.kind === 'router' && !sessionOpen()) done();
        });
      });
    }
    await Promise.all(this.listeners.map((s) => s.listener.close()));
    this.listeners = [];
  }
}
