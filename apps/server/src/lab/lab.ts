import type { Device } from '@bmp-lab/router';
import type { Clock, DeviceConfig } from '@bmp-lab/router';
import type { LabNeighbor } from '@bmp-lab/router';
import { prefaultedTableMemory, systemStationClock } from '@bmp-lab/collector/node';
import { Station, formatStation } from '@bmp-lab/collector';
import type { MessageLog, StationBounds, StationClock, StationUpdate } from '@bmp-lab/collector';
import type { BmpMessage, PrefixList } from '@bmp-lab/codec';
import type { ServerMessage, TopologyView } from '@bmp-lab/protocol';
import { DEFAULT_ROUTER_ADDRESS, LabNetwork } from './lab-network.js';
import type { LabRouter } from './lab-router.js';
import { LabRouterSet } from './lab-router-set.js';
import { LabNeighborSet } from './lab-neighbor-set.js';
import { LabStationListeners } from './lab-station-listeners.js';
import { TopologyViewState } from './topology-view-state.js';
import { labRouters } from './topology.js';
import { stationCatchUp, stationSnapshot } from '../station/station-snapshot.js';
import './station-views-agree.js';
import { startLabScript } from './lab-script.js';
import type { RunningScript } from './lab-script.js';
import type { RouterTopology, StationTopology, Topology } from './topology.js';
import type { LabBudget } from './budgets.js';
import { refusalConsoleLine } from './budgets.js';
import type { LabStore } from '../persistence/store.js';
import { storageStateMessage } from '../persistence/storage-notices.js';
import type { Cidr } from '../config.js';
import type { ConsoleHub, ConsoleRecord } from '../console/console-hub.js';
import { formatVrpTime } from '../console/login-banner.js';
import { labLog, type Log } from '../log.js';

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
  /** Every router's but the first's running and saved configuration to start with, by topology sysname. */
  routerConfigs?: ReadonlyMap<string, { running: DeviceConfig | null; saved: DeviceConfig | null }>;
  /**
   * Where the lab keeps what must survive a restart (running and saved
   * configuration, consoles, station messages). The lab must already exist
   * in the store; its consoles and messages are restored from it.
   */
  store?: LabStore | null;
  /** The station's wall clock (default: the system's); never scaled like the protocol clock. */
  stationClock?: StationClock;
  /** What one router connection, and all together, may make the station hold (BMPLAB_STATION_MAX_*). */
  stationBounds?: Partial<StationBounds>;
  /**
   * The lab's share of the server's listeners and routes (budgets.ts): a
   * listener over budget is left closed (logged), a neighbor's table over
   * budget is refused at peer-up. None: unlimited (tests of a single lab).
   */
  budget?: LabBudget | null;
  /** Where the lab logs (default: a child of the server's logger naming the lab). */
  log?: Log;
}

type Subscriber = (message: ServerMessage) => void;

/**
 * One lab: its routers (lab-router-set.ts), its BGP neighbors
 * (lab-neighbor-set.ts) and monitoring station on real loopback sockets
 * (lab-station-listeners.ts), the lab network between them, and the browsers
 * watching it (topology-view-state.ts for its topology view). The lab
 * creates these parts, connects their events, and starts and stops them.
 * Everything a viewer sees goes out through `broadcast` as typed server
 * messages.
 */
export class Lab {
  readonly network: LabNetwork;
  /** The lab's logger: each line it prints carries the lab id. */
  readonly logger: Log;
  /** The lab's monitoring station: every station endpoint's connections, routes, message log and captures. */
  readonly station: Station;
  private readonly routerSet: LabRouterSet;
  private readonly neighborSet: LabNeighborSet;
  private readonly stationListeners: LabStationListeners;
  private readonly topologyState: TopologyViewState;
  private readonly subscribers = new Set<Subscriber>();
  private readonly changeListeners = new Set<() => void>();
  private readonly messageListeners = new Set<(seq: number, message: BmpMessage<PrefixList>) => void>();
  /** The topology's `script:` while it runs (lab-script.ts). */
  private script: RunningScript | null = null;
  private readonly store: LabStore | null;
  private stopped = false;
  private deleted = false;

  private constructor(readonly options: LabOptions) {
    this.store = options.store ?? null;
    this.logger = options.log ?? labLog(options.id);
    this.network = new LabNetwork(options.allowConnect, { labId: options.id, log: this.logger, routerAddress: options.topology.router.address ?? DEFAULT_ROUTER_ADDRESS });
    const store = this.store;
    const budget = options.budget ?? null;
    const stopped = () => this.stopped;
    this.station = new Station({
      clock: options.stationClock ?? systemStationClock(),
      // The stored log (SQLite) continues across restarts; a deleted lab stores nothing more.
      sink: store && {
        recent: (limit) => store.messages(this.id, { limit }),
        add: (message) => {
          if (!this.deleted) store.addMessage(this.id, message);
        },
        bytes: (seq) => store.messageBytes(this.id, seq),
        after: (seq, limit) => store.messages(this.id, { after: seq, limit }),
      },
      log: (line) => this.logger.warn(line),
      ...(options.stationBounds ? { bounds: options.stationBounds } : {}),
      // A full table dump grows route tables to tens of megabytes: their fresh pages are faulted in on another core.
      tableMemory: prefaultedTableMemory(),
    });
    this.station.subscribe((update) => this.onStationUpdate(update));
    // The network knows which session opened which connection as it dials; the station names it on the connection's card.
    this.network.onDialed((d) => this.station.linkSession({ router: d.router, station: d.station }, { sessionKey: d.session, inLab: d.inLab }));
    this.stationListeners = new LabStationListeners({ station: this.station, network: this.network, budget });
    this.neighborSet = new LabNeighborSet({ network: this.network, clock: options.clock, budget, stopped });
    // Built before the routers, whose events it hears (it reads them only when it draws the view).
    this.topologyState = new TopologyViewState({
      topology: options.topology,
      routers: () => this.routers,
      positions: this.store?.positions(this.id) ?? new Map<string, { x: number; y: number }>(),
      savePositions: (positions) => this.store?.setPositions(this.id, positions),
      send: (message) => this.broadcastQuiet(message),
      stopped,
    });
    this.routerSet = new LabRouterSet(
      {
        labId: options.id,
        network: this.network,
        clock: options.clock,
        store,
        budget,
        events: {
          broadcast: (message) => this.broadcast(message),
          changed: () => this.changed(),
          topologyChanged: () => this.topologyState.changed(),
        },
        hasNeighbor: (address) => this.neighborSet.neighbor(address) !== undefined,
        stopped,
      },
      labRouters(options.topology),
      (spec, first) => (first ? { running: options.initialConfig ?? null, saved: options.savedConfig ?? null } : options.routerConfigs?.get(spec.sysname)),
    );
    if (this.store) this.routerSet.restoreConsoles();
    // A neighbor the route budget refuses is logged where VRP shows logs, too: on the lab's consoles.
    options.budget?.onRefused((peer, reason) => {
      for (const r of this.routers) r.consoles.notice([refusalConsoleLine(peer, reason, r.device.running.sysname, formatVrpTime(new Date(options.clock.now())))]);
    });
  }

  static async start(options: LabOptions): Promise<Lab> {
    const lab = new Lab(options);
    try {
      await lab.ensureStations(options.topology.stations);
      await lab.neighborSet.open(options.topology.neighbors);
      for (const e of options.topology.network ?? []) lab.network.attach(e.address, e.port, e.to);
      if (options.externalStation) {
        const { host, port } = options.externalStation;
        await lab.stationListeners.listen({ vpnInstance: null, address: host, port }, host, port);
      }
      await lab.routerSet.listen();
      // The network is wired: now the routers may dial (restored sessions and peers come up at once).
      lab.routerSet.start();
      // The script starts with the lab, from its first step (also when a stored lab comes back after a restart).
      if (options.topology.script?.length) lab.script = startLabScript(options.topology.script, lab.neighborSet, options.clock, lab.logger);
    } catch (e) {
      await lab.stop();
      throw e;
    }
    return lab;
  }

  get id(): string {
    return this.options.id;
  }

  /** Every router of the lab, the first (the lab's router for exercises, the instructor and single-router callers) first. */
  get routers(): readonly LabRouter[] {
    return this.routerSet.routers;
  }

  /** The lab's (first) router's device: the one exercises, the instructor and single-router callers use. */
  get device(): Device {
    return this.routers[0]!.device;
  }

  /** The consoles of the lab's (first) router. */
  get consoles(): ConsoleHub {
    return this.routers[0]!.consoles;
  }

  /** The router of this topology sysname, if the lab has it. */
  router(sysname: string): LabRouter | undefined {
    return this.routerSet.router(sysname);
  }

  /** The sysnames of the lab's routers, for messages naming the choices. */
  routerNames(): string[] {
    return this.routerSet.routerNames();
  }

  /** A console of any router of the lab, with the router it is on. */
  findConsole(id: string): { router: LabRouter; record: ConsoleRecord } | undefined {
    return this.routerSet.findConsole(id);
  }

  /** Console lookup across every router (a socket's consoles may be on several). */
  readonly allConsoles = { get: (id: string): ConsoleRecord | undefined => this.findConsole(id)?.record };

  /** Stored consoles of routers nobody added back since the lab started are forgotten (the exercises were restored first). */
  forgetUnclaimedConsoles(): void {
    this.routerSet.forgetUnclaimedConsoles();
  }

  /** The station's message log (the newest messages in memory; older bytes from the store). */
  get log(): MessageLog {
    return this.station.log;
  }

  /** What a user sees at login on the lab's (first) router: VRP's banner, counting its VTY users (browser consoles, SSH, Telnet). */
  loginBanner(): string[] {
    return this.routers[0]!.loginBanner();
  }

  /** Listen for every station endpoint of `stations` the lab network does not have yet (LabStationListeners.ensure). */
  async ensureStations(stations: readonly StationTopology[]): Promise<void> {
    await this.stationListeners.ensure(stations);
  }

  /** Add an exercise's routers to the running lab (LabRouterSet.ensureRouters). */
  async ensureRouters(specs: readonly RouterTopology[], options: { restore?: boolean } = {}): Promise<void> {
    await this.routerSet.ensureRouters(specs, options);
  }

  /** Why `specs` cannot join this lab, one line each, `leaving` counted as gone (LabRouterSet.routerProblems). */
  routerProblems(specs: readonly RouterTopology[], leaving: readonly string[] = []): string[] {
    return this.routerSet.routerProblems(specs, leaving);
  }

  /** The sysnames of the routers an exercise added (ensureRouters) and that are still there. */
  addedRouterNames(): string[] {
    return this.routerSet.addedRouterNames();
  }

  /** Take a router an exercise added out of the lab, its consoles told `notice` (LabRouterSet.removeRouter). */
  async removeRouter(sysname: string, notice: readonly string[]): Promise<boolean> {
    return this.routerSet.removeRouter(sysname, notice);
  }

  /** Replace the running configuration of the router `sysname` (absent: the first); the lines VRP refused (LabRouterSet.replaceConfiguration). */
  replaceConfiguration(lines: readonly string[], sysname?: string): string[] {
    return this.routerSet.replaceConfiguration(lines, sysname);
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
  onStationMessage(listener: (seq: number, message: BmpMessage<PrefixList>) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.changeListeners) l();
  }

  /** The station endpoints: lab name and the real socket behind it. */
  stationEndpoints(): { name: string; host: string; port: number }[] {
    return this.stationListeners.endpoints();
  }

  /** The station endpoint name of the listener for routers outside the lab (BMPLAB_COLLECTOR_LISTEN), or null. */
  externalStationName(): string | null {
    const e = this.options.externalStation;
    return e ? formatStation({ vpnInstance: null, address: e.host, port: e.port }) : null;
  }

  /** The lab's BGP neighbors (the ones its listener budget let it open). */
  neighborList(): LabNeighbor[] {
    return this.neighborSet.neighborList();
  }

  /** The neighbor at lab address `address` (IPv6 however spelt), if the lab has it. */
  neighbor(address: string): LabNeighbor | undefined {
    return this.neighborSet.neighbor(address);
  }

  /** The BGP neighbors: lab address and the real socket behind it. */
  neighborEndpoints(): { address: string; asn: number; host: string; port: number }[] {
    return this.neighborSet.endpoints();
  }

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  /** What a new viewer needs before live updates. */
  snapshot(): ServerMessage[] {
    return [
      { type: 'sessions.snapshot', sessions: this.sessionViews() },
      stationSnapshot(this.station.log.entries(), this.station.routers()),
      ...(this.store ? [storageStateMessage(this.store.health.status())] : []),
      { type: 'topology.state', topology: this.topologyView() },
    ];
  }

  /** Every router's BMP sessions (keys unique in the lab, each naming its router). */
  sessionViews(): ReturnType<LabRouter['sessionViews']> {
    return this.routerSet.sessionViews();
  }

  /** The lab as nodes and links, with the live state of every BGP and BMP session (topology-view.ts). */
  topologyView(): TopologyView {
    return this.topologyState.view();
  }

  /**
   * A user dragged a node of the topology view: the position is kept with
   * the lab and every viewer gets the new view. False for a node the view
   * does not have.
   */
  moveNode(node: string, x: number, y: number): boolean {
    return this.topologyState.moveNode(node, x, y);
  }

  /**
   * Print lines on every console of the lab — browser, SSH, Telnet, a REST
   * CLI run — like a device's log lines (ConsoleHub.notice).
   */
  noticeConsoles(lines: readonly string[]): void {
    this.routerSet.notice(lines);
  }

  /** The bytes of a received message, from memory or, for older ones, the store. */
  messageBytes(seq: number): Uint8Array | undefined {
    return this.station.messageBytes(seq);
  }

  /**
   * Shut down: sessions send Termination, stations and neighbors close.
   * `deleted` logs the consoles out for good (the lab is being removed);
   * otherwise (the server stops) they stay stored, to resume after a restart.
   */
  async stop(options: { deleted?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.routerSet.persistConsoles();
    this.stopped = true;
    this.deleted = options.deleted === true;
    this.topologyState.stop();
    this.routerSet.closeConsoles(this.deleted);
    this.station.stop();
    this.neighborSet.cancelFlaps();
    this.script?.cancel();
    this.routerSet.shutdown();
    // After the routers: the station's sockets stay open until it has read their sessions' Terminations.
    await this.stationListeners.close();
    await Promise.all([this.neighborSet.close(), this.routerSet.closeListeners()]);
    this.options.budget?.releaseListeners();
  }

  /** The station's updates go to the viewers as they are; a message first to the exercises' listeners. */
  private onStationUpdate(update: StationUpdate): void {
    switch (update.kind) {
      case 'message':
        for (const l of this.messageListeners) l(update.logged.seq, update.decoded);
        // The record is made only for someone to send it to: a table dump nobody watches does not pay for it, and one
        // they watch sends them its first messages and then, in a catch-up, the newest.
        if (update.live && this.subscribers.size > 0) this.broadcast({ type: 'station.message', message: update.logged.recordFrom(update.decoded) });
        else this.changed();
        break;
      case 'catch-up':
        if (this.subscribers.size > 0) this.broadcast(stationCatchUp(this.station.log.entries()));
        break;
      case 'router':
        this.broadcast({ type: 'station.router', router: update.router });
        break;
      case 'error':
        this.broadcast({ type: 'station.error', error: update.error });
        break;
    }
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
