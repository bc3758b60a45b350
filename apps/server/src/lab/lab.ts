import { Device, LabNeighbor, BGP_PORT, emptyConfig, sessionKey } from '@bmp-lab/router';
import type { Clock, DeviceConfig, TimerHandle } from '@bmp-lab/router';
import { listenStation } from '@bmp-lab/collector/node';
import type { StationListener } from '@bmp-lab/collector/node';
import type { StationEvent } from '@bmp-lab/collector';
import type { BmpMessage } from '@bmp-lab/codec';
import { listenStream } from '@bmp-lab/router/node';
import type { StreamListener } from '@bmp-lab/router/node';
import { BMP_MESSAGE_TYPES } from '@bmp-lab/protocol';
import type { ServerMessage, StationRouterView } from '@bmp-lab/protocol';
import { LabNetwork } from './lab-network.js';
import { toSessionView } from './session-view.js';
import type { NeighborTopology, StationTopology, Topology } from './topology.js';
import type { LabStore } from '../persistence/store.js';
import type { Cidr } from '../config.js';
import { StationLog } from '../station/station-log.js';
import { StationRecorder, peerOf } from '../station/station-recorder.js';
import { StationErrorFanout } from '../station/station-error-fanout.js';
import { TrailingThrottle } from './trailing-throttle.js';
import { ConsoleHub } from '../console/console-hub.js';
import { loginBanner } from '../console/login-banner.js';

export interface LabOptions {
  id: string;
  topology: Topology;
  clock: Clock;
  allowConnect: readonly Cidr[];
  /** Also listen here for external routers (BMPLAB_COLLECTOR_LISTEN). */
  externalStation: { host: string; port: number } | null;
  initialConfig?: DeviceConfig;
  /** The saved (`save`) configuration to start with. */
  savedConfig?: DeviceConfig | null;
  /**
   * Where the lab keeps what must survive a restart (running and saved
   * configuration, consoles, station messages). The lab must already exist
   * in the store; its consoles and messages are restored from it.
   */
  store?: LabStore | null;
}

/** Console scrollback is written at most this often (ms) per lab. */
const CONSOLE_PERSIST_MS = 200;
/** How often a station connection's changing route counts reach browsers during a dump. */
const ROUTER_VIEW_EVERY_MS = 250;

type Subscriber = (message: ServerMessage) => void;

/**
 * One lab: its router, its BGP neighbors and monitoring stations on real
 * loopback sockets, the lab network between them, its consoles, and the
 * browsers watching it. Everything a viewer sees goes out through
 * `broadcast` as typed server messages.
 */
export class Lab {
  readonly device: Device;
  readonly network: LabNetwork;
  readonly consoles: ConsoleHub;
  readonly log = new StationLog();
  readonly recorder: StationRecorder;
  private readonly subscribers = new Set<Subscriber>();
  private readonly changeListeners = new Set<() => void>();
  private readonly messageListeners = new Set<(seq: number, message: BmpMessage) => void>();
  private stations: StationListener[] = [];
  private neighbors: { neighbor: LabNeighbor; listener: StreamListener; flap: TimerHandle | null }[] = [];
  private readonly store: LabStore | null;
  private readonly dirtyConsoles = new Set<string>();
  private consoleTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private deleted = false;
  private readonly routerViews = new TrailingThrottle(ROUTER_VIEW_EVERY_MS);
  private readonly stationErrors = new StationErrorFanout((error) => this.broadcast({ type: 'station.error', error }));

  private constructor(readonly options: LabOptions) {
    this.store = options.store ?? null;
    this.network = new LabNetwork(options.allowConnect, { labId: options.id });
    this.recorder = new StationRecorder((station) => Number(station.slice(station.lastIndexOf(':') + 1)) || 0);
    this.device = new Device({
      dialer: this.network,
      clock: options.clock,
      initial: options.initialConfig ?? emptyConfig(options.topology.router.sysname),
      autoStart: false,
      saved: options.savedConfig ?? null,
      events: {
        sessionChanged: (s) => this.broadcast({ type: 'session.updated', session: toSessionView(s) }),
        sessionRemoved: (key) => this.broadcast({ type: 'session.removed', key }),
        committed: (running) => {
          this.store?.setRunning(this.id, running);
          this.changed();
        },
        bgpPeerChanged: () => this.changed(),
        saved: (config) => this.store?.setSaved(this.id, config),
      },
    });
    this.consoles = new ConsoleHub(
      (login) => this.device.openVty({ protocol: 'WEB', address: login.address, user: null }),
      () => this.loginBanner(),
      undefined,
      {
        changed: (r) => this.consoleChanged(r.id),
        closed: (id) => {
          this.dirtyConsoles.delete(id);
          this.store?.deleteConsole(this.id, id);
        },
      },
    );
    if (this.store) {
      const messages = this.store.messages(this.id, { limit: 2000 });
      const last = messages.at(-1)?.view.seq;
      if (last !== undefined) this.log.restore(messages, last + 1);
      this.consoles.restore(this.store.consoles(this.id));
    }
  }

  get id(): string {
    return this.options.id;
  }

  /** What a user sees at login: VRP's banner, counting the router's VTY users (browser consoles, SSH, Telnet). */
  loginBanner(): string[] {
    return loginBanner(new Date(this.options.clock.now()), this.device.vtys.size);
  }

  static async start(options: LabOptions): Promise<Lab> {
    const lab = new Lab(options);
    try {
      await lab.ensureStations(options.topology.stations);
      for (const spec of options.topology.neighbors) {
        const neighbor = new LabNeighbor(spec, options.clock);
        const listener = await listenStream('127.0.0.1', 0, (c) => neighbor.accept(c));
        const entry = { neighbor, listener, flap: null as TimerHandle | null };
        lab.neighbors.push(entry);
        lab.network.attach(spec.address, BGP_PORT, { host: listener.host, port: listener.port });
        if (spec.flap) lab.flap(entry, spec.flap);
      }
      for (const e of options.topology.network ?? []) lab.network.attach(e.address, e.port, e.to);
      if (options.externalStation) {
        const { host, port } = options.externalStation;
        lab.stations.push(await listenStation({ host, port, name: `${host}:${port}`, onEvent: (e) => lab.onStationEvent(e) }));
      }
      // The network is wired: now the router may dial (restored sessions and peers come up at once).
      lab.device.start();
    } catch (e) {
      await lab.stop();
      throw e;
    }
    return lab;
  }

  /**
   * Listen for every station endpoint of `stations` the lab network does not
   * have yet (an exercise's topology may add some). A station in a VPN
   * instance is named `NAME/address:port`.
   */
  async ensureStations(stations: readonly StationTopology[]): Promise<void> {
    for (const station of stations) {
      const vpn = station.vpnInstance ?? null;
      for (const port of station.ports) {
        if (this.network.has(station.address, port, vpn)) continue;
        const name = `${vpn ? `${vpn}/` : ''}${station.address}:${port}`;
        const listener = await listenStation({ host: '127.0.0.1', port: 0, name, onEvent: (e) => this.onStationEvent(e) });
        this.stations.push(listener);
        this.network.attach(station.address, port, { host: listener.host, port: listener.port }, vpn);
      }
    }
  }

  /** Hear about anything an exercise check may depend on (commits, BGP peers, sessions, station messages). */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * Hear each station message with the station's own decoding of it (by its
   * log seq), before viewers and change listeners hear of it: exercise route
   * checks read the prefixes of Route Monitoring from it.
   */
  onStationMessage(listener: (seq: number, message: BmpMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.changeListeners) l();
  }

  /**
   * Replace the running configuration: a blank router (every session sends
   * its Termination), then `lines` typed from user view on a console of the
   * lab's own (they end with `commit` and `return`). Sessions dial again.
   */
  replaceConfiguration(lines: readonly string[]): string[] {
    this.device.commit(emptyConfig(this.options.topology.router.sysname));
    const console = this.device.openConsole();
    const errors: string[] = [];
    for (const line of lines) {
      const reply = console.execute(line);
      for (const out of reply.lines) if (/^Error/.test(out)) errors.push(`${line}: ${out}`);
    }
    return errors;
  }

  /** The station endpoints: lab name and the real socket behind it. */
  stationEndpoints(): { name: string; host: string; port: number }[] {
    return this.stations.map((s) => ({ name: s.name, host: s.host, port: s.port }));
  }

  /** The BGP neighbors: lab address and the real socket behind it. */
  neighborEndpoints(): { address: string; asn: number; host: string; port: number }[] {
    return this.neighbors.map((n) => ({ address: n.neighbor.spec.address, asn: n.neighbor.spec.asn, host: n.listener.host, port: n.listener.port }));
  }

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** What a new viewer needs before live updates. */
  snapshot(): ServerMessage[] {
    return [
      { type: 'sessions.snapshot', sessions: this.device.bmpSessions().map(toSessionView) },
      { type: 'station.snapshot', messages: this.log.recent(), routers: this.recorder.routers() },
    ];
  }

  /**
   * Down for `down` seconds every `every` seconds, in protocol time (the
   * lab's clock, so BMPLAB_TIME_SCALE speeds it up too).
   */
  private flap(entry: { neighbor: LabNeighbor; flap: TimerHandle | null }, flap: NonNullable<NeighborTopology['flap']>): void {
    const up = () => {
      if (this.stopped) return;
      entry.neighbor.setUp(true);
      entry.flap = this.options.clock.setTimer((flap.every - flap.down) * 1000, down);
    };
    const down = () => {
      if (this.stopped) return;
      entry.neighbor.setUp(false);
      entry.flap = this.options.clock.setTimer(flap.down * 1000, up);
    };
    entry.flap = this.options.clock.setTimer((flap.every - flap.down) * 1000, down);
  }

  /** The bytes of a received message, from memory or, for older ones, the store. */
  messageBytes(seq: number): Uint8Array | undefined {
    return this.log.bytes(seq) ?? this.store?.messageBytes(this.id, seq);
  }

  private consoleChanged(id: string): void {
    if (!this.store || this.stopped) return;
    this.dirtyConsoles.add(id);
    if (this.consoleTimer) return;
    this.consoleTimer = setTimeout(() => this.persistConsoles(), CONSOLE_PERSIST_MS);
    this.consoleTimer.unref();
  }

  private persistConsoles(): void {
    if (this.consoleTimer) clearTimeout(this.consoleTimer);
    this.consoleTimer = null;
    if (!this.store) return;
    for (const id of this.dirtyConsoles) {
      const record = this.consoles.get(id);
      if (record) this.store.putConsole(this.id, record.snapshot());
    }
    this.dirtyConsoles.clear();
  }

  /**
   * Shut down: sessions send Termination, stations and neighbors close.
   * `deleted` logs the consoles out for good (the lab is being removed);
   * otherwise (the server stops) they stay stored, to resume after a restart.
   */
  async stop(options: { deleted?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.persistConsoles();
    this.stopped = true;
    this.deleted = options.deleted === true;
    if (options.deleted) this.consoles.closeAll();
    else this.consoles.shutdown();
    this.routerViews.cancel();
    this.stationErrors.flush();
    for (const n of this.neighbors) n.flap?.cancel();
    this.device.shutdown();
    // Let the Terminations reach the stations before their sockets close.
    await new Promise((r) => setTimeout(r, 50));
    await Promise.all(this.stations.map((s) => s.close()));
    this.stations = [];
    for (const n of this.neighbors) n.neighbor.stop();
    await Promise.all(this.neighbors.map((n) => n.listener.close()));
    this.neighbors = [];
  }

  private onStationEvent(event: StationEvent): void {
    const view = this.recorder.record(event);
    // The router's session is up, with its local port, before it writes its first message: by the
    // connection's first message the link is found or there is none (an external router).
    if (view.sessionKey === null && view.closedAt === null && (event.kind === 'connected' || (event.kind === 'message' && messagesOf(view) === 1))) {
      this.linkSession(view.id, event.station, event.router);
    }
    switch (event.kind) {
      case 'message': {
        const entry = this.log.add(
          {
            receivedAt: event.at,
            station: event.station,
            router: event.router,
            connection: view.id,
            type: event.type,
            length: event.length,
            summary: event.summary,
            ...peerOf(event.message),
            sessionKey: view.sessionKey,
          },
          event.bytes,
        );
        if (!this.deleted) this.store?.addMessage(this.id, entry, event.bytes);
        for (const l of this.messageListeners) l(entry.seq, event.message);
        this.broadcast({ type: 'station.message', message: entry });
        break;
      }
      case 'error':
        this.stationErrors.report(view.id, {
          receivedAt: event.at,
          station: event.station,
          router: event.router,
          code: event.error.code,
          message: `${event.error.message} (${event.error.field}, byte ${event.error.offset})`,
        });
        break;
      case 'rejected':
        console.warn(`bmp-lab: station ${event.station} closed the connection from ${event.router}: ${event.reason}`);
        this.stationErrors.closed(view.id);
        this.broadcast({
          type: 'station.error',
          error: { receivedAt: event.at, station: event.station, router: event.router, code: 'STATION_REJECTED', message: event.reason },
        });
        break;
      case 'disconnected':
        this.stationErrors.closed(view.id);
        break;
      default:
        break;
    }
    const changedNow =
      event.kind === 'connected' ||
      event.kind === 'disconnected' ||
      event.kind === 'rejected' ||
      (event.kind === 'message' && (view.received[event.type] === 1 || event.type === 'peer-up' || event.type === 'peer-down'));
    if (changedNow) {
      this.broadcast({ type: 'station.router', router: this.recorder.get(view.id) ?? view });
    } else if ((event.kind === 'message' && event.type === 'route-monitoring') || (event.kind === 'error' && event.treatAsWithdraw)) {
      // The route counts change with every Route Monitoring (and a treat-as-withdraw error): a snapshot now and then, and the last one.
      // (Other errors change nothing in the view, so a garbage-sending router cannot make it go out per error.)
      this.routerViews.schedule(view.id, () => {
        if (!this.stopped) this.broadcast({ type: 'station.router', router: this.recorder.get(view.id) ?? view });
      });
    }
  }

  /**
   * Which of the router's sessions opened this station connection: the one
   * that is up with the connection's remote endpoint as its local one and
   * whose destination leads to the station listener that accepted it (both
   * ends of the TCP connection: one local port may serve connections to
   * different stations, and another lab's router may reach the external
   * station). The station may see the connection before the router has
   * finished its own bookkeeping; its first message tries again.
   */
  private linkSession(id: string, station: string, router: string): void {
    const listener = this.stations.find((s) => s.name === station);
    if (!listener) return;
    const i = router.lastIndexOf(':');
    const routerHost = router.slice(0, i).replace(/^::ffff:/, '');
    const routerPort = Number(router.slice(i + 1));
    // A wildcard or named listen address (BMPLAB_COLLECTOR_LISTEN) is matched by its port alone.
    const exactHost = /^\d+\.\d+\.\d+\.\d+$/.test(listener.host) && listener.host !== '0.0.0.0';
    const session = this.device.bmpSessions().find((s) => {
      if (s.state !== 'up' || s.localPort !== routerPort || s.port === null) return false;
      // A `connect-interface` source outside loopback is the router's address inside the lab, not the socket's.
      if (s.localAddress?.startsWith('127.') && s.localAddress !== routerHost) return false;
      const to = this.network.resolve({ address: s.id.address, port: s.port, vpnInstance: s.id.vpnInstance }, true);
      return !('error' in to) && to.port === listener.port && (!exactHost || to.host === listener.host);
    });
    if (session) this.recorder.link(id, sessionKey(session.id));
  }

  /** Send to the viewers without signalling a change (for messages derived from changes, e.g. exercise.state). */
  broadcastQuiet(message: ServerMessage): void {
    for (const s of this.subscribers) s(message);
  }

  broadcast(message: ServerMessage): void {
    for (const s of this.subscribers) s(message);
    if (message.type !== 'console.output') this.changed();
  }
}

/** Messages a station connection has received, all types. */
function messagesOf(view: StationRouterView): number {
  let n = 0;
  for (const t of BMP_MESSAGE_TYPES) n += view.received[t];
  return n;
}
