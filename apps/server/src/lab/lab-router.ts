import { Device, emptyConfig } from '@bmp-lab/router';
import type { BgpPeerStatus, BmpSessionStatus, Clock, DeviceConfig } from '@bmp-lab/router';
import { listenStream } from '@bmp-lab/router/node';
import type { StreamListener } from '@bmp-lab/router/node';
import type { BmpSessionView } from '@bmp-lab/protocol';
import type { LabNetwork } from './lab-network.js';
import { withLabAddresses } from './lab-network.js';
import { toSessionView } from './session-view.js';
import { MAX_LAB_ROUTERS } from './topology.js';
import type { RouterTopology } from './topology.js';
import { holdUntilClaimed } from './held-connection.js';
import { ConsoleHub } from '../console/console-hub.js';
import type { ConsoleHooks } from '../console/console-hub.js';
import { loginBanner } from '../console/login-banner.js';

/**
 * BGP connections a router's listener holds at once: every other router of the
 * largest lab may dial it (a route reflector peers with all), and while a
 * collision resolves (RFC 4271 §6.8) a peer's second connection is open until
 * it is refused. Past this, a new connection would be closed unseen and its
 * session wait a whole ConnectRetry.
 */
const ROUTER_LISTENER_MAX_CONNECTIONS = 2 * (MAX_LAB_ROUTERS - 1);

/** What a router tells its lab (which stores, broadcasts and recomputes views). */
export interface LabRouterEvents {
  sessionChanged(view: BmpSessionView): void;
  sessionRemoved(key: string): void;
  committed(running: DeviceConfig): void;
  bgpPeerChanged(status: BgpPeerStatus): void;
  /** `save`: throw StorageWriteError to make `save` answer with an error line. */
  saved(config: DeviceConfig): void;
}

export interface LabRouterOptions {
  spec: RouterTopology;
  /** The lab's first router: its session keys are unqualified (as in a lab of one). */
  first: boolean;
  network: LabNetwork;
  clock: Clock;
  initial?: DeviceConfig | undefined;
  saved?: DeviceConfig | null | undefined;
  events: LabRouterEvents;
  consoleHooks: ConsoleHooks;
}

/**
 * One VRP router of a lab: the Device, the consoles logged in to it, its lab
 * address, and (in a lab of several routers) its BGP listener, which the lab
 * network reaches at `address:179`.
 */
export class LabRouter {
  readonly device: Device;
  readonly consoles: ConsoleHub;
  /** The topology's sysname: how consoles, SSH users, session keys and topology nodes name this router. */
  readonly sysname: string;
  readonly address: string;
  /** Prefix of this router's BMP session keys in the lab: '' for the first router, `SYSNAME@` for the others. */
  readonly keyPrefix: string;
  private listener: StreamListener | null = null;

  constructor(private readonly options: LabRouterOptions) {
    this.sysname = options.spec.sysname;
    this.address = options.spec.address;
    this.keyPrefix = options.first ? '' : `${this.sysname}@`;
    const { events } = options;
    this.device = new Device({
      dialer: options.network.forRouter({ address: this.address, keyPrefix: this.keyPrefix }),
      clock: options.clock,
      initial: options.initial ?? emptyConfig(this.sysname),
      autoStart: false,
      saved: options.saved ?? null,
      // ⚠ INFERRED: VRP takes a router ID from an interface when none is configured. The first router keeps 1.1.1.1
      // (Huawei's BMP examples); the others take their lab address, so two routers of a lab never share an identifier.
      ...(options.first ? {} : { defaultRouterId: this.address }),
      events: {
        sessionChanged: (s) => events.sessionChanged(this.sessionView(s)),
        sessionRemoved: (key) => events.sessionRemoved(this.keyPrefix + key),
        committed: (running) => events.committed(running),
        bgpPeerChanged: (p) => events.bgpPeerChanged(p),
        saved: (config) => events.saved(config),
      },
    });
    this.consoles = new ConsoleHub(
      (login) => this.device.openVty({ protocol: 'WEB', address: login.address, user: null }),
      () => this.loginBanner(),
      undefined,
      options.consoleHooks,
    );
  }

  /** A BMP session as viewers see it: the key unique in the lab, and the router it belongs to. */
  sessionView(s: BmpSessionStatus): BmpSessionView {
    const view = toSessionView(s);
    return { ...view, key: this.keyPrefix + view.key, router: this.sysname };
  }

  sessionViews(): BmpSessionView[] {
    return this.device.bmpSessions().map((s) => this.sessionView(s));
  }

  /** What a user sees at login: VRP's banner, counting this router's VTY users. */
  loginBanner(): string[] {
    return loginBanner(new Date(this.options.clock.now()), this.device.vtys.size);
  }

  /**
   * Listen for BGP from the lab's other routers: a loopback socket the lab
   * network maps to `address:179`. Each connection is handed to the device
   * with lab addresses on both ends once the network says which router
   * dialled; one no lab router dialled is closed.
   */
  async listen(): Promise<void> {
    const network = this.options.network;
    this.listener = await listenStream(
      '127.0.0.1',
      0,
      (c) => {
        // Bytes may arrive before the source is known: held, then given to the BGP session.
        const held = holdUntilClaimed(c);
        void network.sourceOf(c.remotePort).then((source) => {
          if (source === null || this.listener === null) return c.destroy();
          this.device.acceptBgp(withLabAddresses(held, this.address, source));
        });
      },
      { maxConnections: ROUTER_LISTENER_MAX_CONNECTIONS },
    );
    network.attachRouter(this.address, { host: this.listener.host, port: this.listener.port });
  }

  /** Power off: sessions send Termination; the listener closes. */
  shutdown(): void {
    this.device.shutdown();
  }

  async closeListener(): Promise<void> {
    const listener = this.listener;
    this.listener = null;
    await listener?.close();
  }
}
