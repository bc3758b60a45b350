import { LabNeighbor, BGP_PORT, emptyConfig } from '@bmp-lab/router';
import type { Device } from '@bmp-lab/router';
import type { Clock, DeviceConfig, TimerHandle } from '@bmp-lab/router';
import { listenStation, systemStationClock } from '@bmp-lab/collector/node';
import type { StationListener } from '@bmp-lab/collector/node';
import { Station, formatStation } from '@bmp-lab/collector';
import type { MessageLog, StationAddress, StationBounds, StationClock, StationUpdate } from '@bmp-lab/collector';
import type { BmpMessage } from '@bmp-lab/codec';
import { listenStream } from '@bmp-lab/router/node';
import type { StreamListener } from '@bmp-lab/router/node';
import type { ServerMessage, TopologyView } from '@bmp-lab/protocol';
import { DEFAULT_ROUTER_ADDRESS, LabNetwork } from './lab-network.js';
import { LabRouter } from './lab-router.js';
import { topologyView } from './topology-view.js';
import { labRouters } from './topology.js';
import { stationSnapshot } from '../station/station-snapshot.js';
import './station-views-agree.js';
import { MIN_FLAP_SECONDS } from './topology.js';
import { startLabScript } from './lab-script.js';
import type { RunningScript } from './lab-script.js';
import { neighborKey } from './neighbor-control.js';
import type { NeighborTopology, RouterTopology, StationTopology, Topology } from './topology.js';
import type { LabBudget } from './budgets.js';
import { refusalConsoleLine } from './budgets.js';
import type { LabStore, StoredConsole } from '../persistence/store.js';
import { StorageWriteError, commitNotStoredLine, saveFailedLine, storageStateMessage } from '../persistence/storage-notices.js';
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

/** Console scrollback is written at most this often (ms) per lab. */
const CONSOLE_PERSIST_MS = 200;
/** `topology.state` goes out at most this often (ms) per lab: a burst of peer and session changes is one message. */
const TOPOLOGY_STATE_MS = 100;

type Subscriber = (message: ServerMessage) => void;

/**
 * One lab: its router, its BGP neighbors and monitoring stations on real
 * loopback sockets, the lab network between them, its consoles, and the
 * browsers watching it. Everything a viewer sees goes out through
 * `broadcast` as typed server messages.
 */
export class Lab {
  /** The lab's routers: the topology's, then any an exercise added (ensureRouters). */
  private routerList: LabRouter[] = [];
  /** Sysnames of the routers an exercise added to the running lab (not in its topology); only these can be removed. */
  private readonly addedRouters = new Set<string>();
  /** Routers listening for the others' BGP (each listens once). */
  private readonly listening = new Set<LabRouter>();
  /** Listener budget slots given back by removed routers, used before the budget is asked again (it has no per-listener release). */
  private spareListenerSlots = 0;
  /**
   * Stored consoles of routers the lab does not have at start: an exercise
   * may add their router back (ensureRouters claims them) before
   * forgetUnclaimedConsoles drops the rest from the store.
   */
  private unclaimedConsoles: StoredConsole[] = [];
  readonly network: LabNetwork;
  /** The lab's logger: each line it prints carries the lab id. */
  readonly logger: Log;
  /** The lab's monitoring station: every station endpoint's connections, routes, message log and captures. */
  readonly station: Station;
  private readonly subscribers = new Set<Subscriber>();
  private readonly changeListeners = new Set<() => void>();
  private readonly messageListeners = new Set<(seq: number, message: BmpMessage) => void>();
  private stations: { address: StationAddress; listener: StationListener }[] = [];
  private neighbors: { neighbor: LabNeighbor; listener: StreamListener; flap: TimerHandle | null }[] = [];
  /** The topology's `script:` while it runs (lab-script.ts). */
  private script: RunningScript | null = null;
  private readonly store: LabStore | null;
  private readonly dirtyConsoles = new Set<string>();
  private consoleTimer: NodeJS.Timeout | null = null;
  /** Where users dragged the topology view's nodes (node id → position), kept with the lab. */
  private readonly positions: Map<string, { x: number; y: number }>;
  private topologyTimer: NodeJS.Timeout | null = null;
  private topologySentAt = -Infinity;
  /** The last `topology.state` sent, as JSON: a BMP session's counters change on every write, its link's state rarely. */
  private topologySent = '';
  private stopped = false;
  private deleted = false;

  private constructor(readonly options: LabOptions) {
    this.store = options.store ?? null;
    this.logger = options.log ?? labLog(options.id);
    this.network = new LabNetwork(options.allowConnect, { labId: options.id, log: this.logger, routerAddress: options.topology.router.address ?? DEFAULT_ROUTER_ADDRESS });
    const store = this.store;
    this.station = new Station({
      clock: options.stationClock ?? systemStationClock(),
      // The stored log (SQLite) continues across restarts; a deleted lab stores nothing more.
      sink: store && {
        recent: (limit) => store.messages(this.id, { limit }),
        add: (message, bytes) => {
          if (!this.deleted) store.addMessage(this.id, message, bytes);
        },
        bytes: (seq) => store.messageBytes(this.id, seq),
        after: (seq, limit) => store.messages(this.id, { after: seq, limit }),
      },
      log: (line) => this.logger.warn(line),
      ...(options.stationBounds ? { bounds: options.stationBounds } : {}),
    });
    this.station.subscribe((update) => this.onStationUpdate(update));
    // The network knows which session opened which connection as it dials; the station names it on the connection's card.
    this.network.onDialed((d) => this.station.linkSession({ router: d.router, station: d.station }, d.session));
    this.routerList = labRouters(options.topology).map((spec, i) => {
      const first = i === 0;
      const stored = first ? { running: options.initialConfig ?? null, saved: options.savedConfig ?? null } : options.routerConfigs?.get(spec.sysname);
      return this.buildRouter(spec, first, stored);
    });
    this.positions = this.store?.positions(this.id) ?? new Map<string, { x: number; y: number }>();
    if (this.store) this.restoreConsoles();
    // A neighbor the route budget refuses is logged where VRP shows logs, too: on the lab's consoles.
    options.budget?.onRefused((peer, reason) => {
      for (const r of this.routers) r.consoles.notice([refusalConsoleLine(peer, reason, r.device.running.sysname, formatVrpTime(new Date(options.clock.now())))]);
    });
  }

  /**
   * One router of the lab, wired to the lab's network, store and viewers
   * (not listening, not started: Lab.start and ensureRouters do that). A
   * removed router's late events (its sessions' Termination, a commit on a
   * VTY still open) are dropped.
   */
  private buildRouter(spec: RouterTopology, first: boolean, stored: { running: DeviceConfig | null; saved: DeviceConfig | null } | undefined): LabRouter {
    const inLab = () => this.routerList.includes(router);
    const router: LabRouter = new LabRouter({
      spec,
      first,
      network: this.network,
      clock: this.options.clock,
      initial: stored?.running ?? undefined,
      saved: stored?.saved ?? null,
      events: {
        sessionChanged: (view) => {
          if (!inLab()) return;
          this.broadcast({ type: 'session.updated', session: view });
          this.topologyChanged();
        },
        sessionRemoved: (key) => {
          if (!inLab()) return;
          this.broadcast({ type: 'session.removed', key });
          this.topologyChanged();
        },
        committed: (running) => {
          if (!inLab()) return;
          // Running either way; the router's consoles hear when it could not be stored (storage-notices.ts).
          const stored = !this.store || (first ? this.store.setRunning(this.id, running) : this.store.setRouterRunning(this.id, spec.sysname, running));
          if (!stored) router.consoles.notice([commitNotStoredLine(this.store.health.status())]);
          this.changed();
          this.topologyChanged();
        },
        bgpPeerChanged: () => {
          if (!inLab()) return;
          this.changed();
          this.topologyChanged();
        },
        saved: (config) => {
          // `save` answers with this error line instead of claiming success.
          if (!this.store || !inLab()) return;
          const ok = first ? this.store.setSaved(this.id, config) : this.store.setRouterSaved(this.id, spec.sysname, config);
          if (!ok) throw new StorageWriteError(saveFailedLine(this.store.health.status()));
        },
      },
      consoleHooks: {
        changed: (r) => this.consoleChanged(r.id),
        closed: (id) => {
          this.dirtyConsoles.delete(id);
          this.store?.deleteConsole(this.id, id);
        },
      },
    });
    return router;
  }

  /** Every router of the lab, the first (the lab's router for exercises, the instructor and single-router callers) first. */
  get routers(): readonly LabRouter[] {
    return this.routerList;
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
    return this.routers.find((r) => r.sysname === sysname);
  }

  /** The sysnames of the lab's routers, for messages naming the choices. */
  routerNames(): string[] {
    return this.routers.map((r) => r.sysname);
  }

  /** A console of any router of the lab, with the router it is on. */
  findConsole(id: string): { router: LabRouter; record: ConsoleRecord } | undefined {
    for (const router of this.routers) {
      const record = router.consoles.get(id);
      if (record) return { router, record };
    }
    return undefined;
  }

  /** Console lookup across every router (a socket's consoles may be on several). */
  readonly allConsoles = { get: (id: string): ConsoleRecord | undefined => this.findConsole(id)?.record };

  /**
   * Each router gets back its stored consoles. One of a router the topology
   * does not have waits for an exercise to add that router back
   * (ensureRouters), and is forgotten otherwise (forgetUnclaimedConsoles).
   */
  private restoreConsoles(): void {
    const rows = this.store!.consoles(this.id);
    const first = this.routers[0]!;
    for (const router of this.routers) {
      // A console stored before labs had several routers names none: it was the first router's.
      router.consoles.restore(rows.filter((c) => (c.router ?? first.sysname) === router.sysname));
    }
    this.unclaimedConsoles = rows.filter((c) => c.router && !this.router(c.router));
  }

  /** Stored consoles of routers nobody added back since the lab started are forgotten (the exercises were restored first). */
  forgetUnclaimedConsoles(): void {
    for (const c of this.unclaimedConsoles) this.store?.deleteConsole(this.id, c.id);
    this.unclaimedConsoles = [];
  }

  get id(): string {
    return this.options.id;
  }

  /** The station's message log (the newest messages in memory; older bytes from the store). */
  get log(): MessageLog {
    return this.station.log;
  }

  /** What a user sees at login on the lab's (first) router: VRP's banner, counting its VTY users (browser consoles, SSH, Telnet). */
  loginBanner(): string[] {
    return this.routers[0]!.loginBanner();
  }

  static async start(options: LabOptions): Promise<Lab> {
    const lab = new Lab(options);
    try {
      await lab.ensureStations(options.topology.stations);
      for (const spec of options.topology.neighbors) {
        if (options.budget && !options.budget.takeListener(`neighbor ${spec.address}`)) continue;
        const neighbor = new LabNeighbor(spec, options.clock, options.budget ?? null);
        const listener = await listenStream('127.0.0.1', 0, (c) => neighbor.accept(c));
        const entry = { neighbor, listener, flap: null as TimerHandle | null };
        lab.neighbors.push(entry);
        // A neighbor in a VPN instance (a CE) is reached only by the router's BGP in that instance.
        lab.network.attach(spec.address, BGP_PORT, { host: listener.host, port: listener.port }, spec.vpnInstance ?? null);
        if (spec.flap) lab.flap(entry, spec.flap);
      }
      for (const e of options.topology.network ?? []) lab.network.attach(e.address, e.port, e.to);
      if (options.externalStation) {
        const { host, port } = options.externalStation;
        await lab.listen({ vpnInstance: null, address: host, port }, host, port);
      }
      // In a lab of several routers each listens for the others' BGP (a lone router needs no listener: nobody dials it).
      if (lab.routers.length > 1) for (const router of lab.routers) await lab.listenForBgp(router);
      // The network is wired: now the routers may dial (restored sessions and peers come up at once).
      for (const router of lab.routers) router.device.start();
      // The script starts with the lab, from its first step (also when a stored lab comes back after a restart).
      if (options.topology.script?.length) lab.script = startLabScript(options.topology.script, lab, options.clock, lab.logger);
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
        if (this.options.budget && !this.options.budget.takeListener(`station ${formatStation({ vpnInstance: vpn, address: station.address, port })}`)) continue;
        const listener = await this.listen({ vpnInstance: vpn, address: station.address, port }, '127.0.0.1', 0);
        this.network.attach(station.address, port, { host: listener.host, port: listener.port }, vpn);
      }
    }
  }

  /** The router listens for the other routers' BGP, once, if the listener budget lets it (a refusal is logged by the budget). */
  private async listenForBgp(router: LabRouter): Promise<void> {
    if (this.listening.has(router)) return;
    if (this.spareListenerSlots > 0) this.spareListenerSlots--;
    else if (this.options.budget && !this.options.budget.takeListener(`router ${router.sysname} ${router.address}:${BGP_PORT}`)) return;
    this.listening.add(router);
    await router.listen();
    // The lab stopped, or the router left, while its socket opened: the socket must not stay open.
    if (this.stopped || !this.routerList.includes(router)) await router.closeListener();
  }

  /**
   * Add to the running lab every router of `specs` it does not have (an
   * exercise's `routers`): each built like the topology's routers, with its
   * own consoles and BGP listener, stored like them (its commits, its
   * consoles). `restore` (the lab came back after a restart with the
   * exercise open): each starts from its stored configuration and gets its
   * stored consoles back; otherwise it starts blank. Once the lab has several
   * routers every one listens for BGP (the first too). A router of that name
   * at another address, or an address another router or a neighbor has, is
   * refused before anything changes (LabRoutersError). The routers are in
   * `routers` when this returns its promise; they dial once it resolves.
   */
  async ensureRouters(specs: readonly RouterTopology[], options: { restore?: boolean } = {}): Promise<void> {
    const problems = this.routerProblems(specs);
    if (problems.length > 0) throw new LabRoutersError(problems);
    const added: LabRouter[] = [];
    for (const spec of specs) {
      if (this.router(spec.sysname)) continue;
      const stored = options.restore ? this.store?.routerConfigs(this.id).get(spec.sysname) : undefined;
      const router = this.buildRouter({ sysname: spec.sysname, address: spec.address }, false, stored);
      this.routerList.push(router);
      this.addedRouters.add(spec.sysname);
      const mine = this.unclaimedConsoles.filter((c) => c.router === spec.sysname);
      this.unclaimedConsoles = this.unclaimedConsoles.filter((c) => c.router !== spec.sysname);
      if (options.restore) router.consoles.restore(mine);
      else for (const c of mine) this.store?.deleteConsole(this.id, c.id);
      added.push(router);
    }
    if (added.length === 0) return;
    for (const router of [...this.routerList]) await this.listenForBgp(router);
    // Removed meanwhile (another exercise opened): it must not dial.
    for (const router of added) if (this.routerList.includes(router) && !this.stopped) router.device.start();
    this.changed();
    this.topologyChanged();
  }

  /**
   * Why `specs` cannot join this lab, one line each (none: they can); the
   * routers named in `leaving` count as gone (about to be removed).
   */
  routerProblems(specs: readonly RouterTopology[], leaving: readonly string[] = []): string[] {
    const problems: string[] = [];
    const staying = this.routers.filter((r) => !leaving.includes(r.sysname));
    for (const spec of specs) {
      const same = staying.find((r) => r.sysname === spec.sysname);
      if (same) {
        if (same.address !== spec.address) problems.push(`the lab's router ${spec.sysname} is at ${same.address}, not ${spec.address}`);
        continue;
      }
      const other = staying.find((r) => r.address === spec.address);
      if (other) problems.push(`${spec.address} is already the address of the lab's router ${other.sysname}, not of ${spec.sysname}`);
      else if (this.neighbor(spec.address)) problems.push(`${spec.address} (router ${spec.sysname}) is already the address of a BGP neighbor of the lab`);
    }
    return problems;
  }

  /** The sysnames of the routers an exercise added (ensureRouters) and that are still there. */
  addedRouterNames(): string[] {
    return this.routers.filter((r) => this.addedRouters.has(r.sysname)).map((r) => r.sysname);
  }

  /**
   * Take a router an exercise added out of the lab: its consoles print
   * `notice` and are logged out (forgotten by the store), its BMP sessions
   * send their Termination, its BGP sessions end, its listener closes. Its
   * stored configuration stays (added again, it is replaced or restored).
   * False for a router of the topology, or one the lab does not have.
   */
  async removeRouter(sysname: string, notice: readonly string[]): Promise<boolean> {
    const router = this.router(sysname);
    if (!router || !this.addedRouters.has(sysname)) return false;
    this.routerList = this.routerList.filter((r) => r !== router);
    this.addedRouters.delete(sysname);
    // Browser consoles print it now, before they go; SSH and Telnet users hear it like any notice.
    for (const id of router.consoles.ids()) {
      const record = router.consoles.get(id)!;
      record.write(record.terminal.notice(notice));
    }
    router.consoles.notice(notice);
    router.consoles.closeAll();
    const keys = router.sessionViews().map((v) => v.key);
    router.shutdown();
    for (const key of keys) this.broadcast({ type: 'session.removed', key });
    if (this.listening.delete(router)) this.spareListenerSlots++;
    this.network.detachRouter(router.address);
    await router.closeListener();
    this.changed();
    this.topologyChanged();
    return true;
  }

  /** A real socket on `host:port` for the station endpoint `address`. */
  private async listen(address: StationAddress, host: string, port: number): Promise<StationListener> {
    const listener = await listenStation({ host, port, accept: (tcp) => this.station.accept(address, tcp) });
    this.stations.push({ address, listener });
    return listener;
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
   * Replace the running configuration of the router `sysname` (absent: the
   * first): a blank router (every session sends its Termination), then
   * `lines` typed from user view on a console of the lab's own (they end
   * with `commit` and `return`). Sessions dial again. Returns the lines VRP
   * refused, with its error.
   */
  replaceConfiguration(lines: readonly string[], sysname?: string): string[] {
    const router = sysname === undefined ? this.routers[0]! : this.router(sysname);
    if (!router) throw new Error(`the lab has no router ${sysname}`);
    router.device.commit(emptyConfig(router.sysname));
    const console = router.device.openConsole();
    const errors: string[] = [];
    for (const line of lines) {
      const reply = console.execute(line);
      for (const out of reply.lines) if (/^Error/.test(out)) errors.push(`${line}: ${out}`);
    }
    return errors;
  }

  /** The station endpoints: lab name and the real socket behind it. */
  stationEndpoints(): { name: string; host: string; port: number }[] {
    return this.stations.map((s) => ({ name: formatStation(s.address), host: s.listener.host, port: s.listener.port }));
  }

  /** The station endpoint name of the listener for routers outside the lab (BMPLAB_COLLECTOR_LISTEN), or null. */
  externalStationName(): string | null {
    const e = this.options.externalStation;
    return e ? formatStation({ vpnInstance: null, address: e.host, port: e.port }) : null;
  }

  /** The lab's BGP neighbors (the ones its listener budget let it open). */
  neighborList(): LabNeighbor[] {
    return this.neighbors.map((n) => n.neighbor);
  }

  /** The neighbor at lab address `address` (IPv6 however spelt), if the lab has it. */
  neighbor(address: string): LabNeighbor | undefined {
    const key = neighborKey(address);
    return this.neighbors.find((n) => n.neighbor.spec.address === key)?.neighbor;
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
      { type: 'sessions.snapshot', sessions: this.sessionViews() },
      stationSnapshot(this.station.log.recent(), this.station.routers()),
      ...(this.store ? [storageStateMessage(this.store.health.status())] : []),
      { type: 'topology.state', topology: this.topologyView() },
    ];
  }

  /** Every router's BMP sessions (keys unique in the lab, each naming its router). */
  sessionViews(): ReturnType<LabRouter['sessionViews']> {
    return this.routers.flatMap((r) => r.sessionViews());
  }

  /** The lab as nodes and links, with the live state of every BGP and BMP session (topology-view.ts). */
  topologyView(): TopologyView {
    return topologyView({
      routers: this.routers.map((r) => ({
        sysname: r.sysname,
        address: r.address,
        asn: r.device.bgpIdentity()?.asn ?? null,
        // The public peers, then each VPN instance's (a CE shows linked to its neighbor node).
        peers: [r.device.bgpPeers(), ...(r.device.running.bgp?.vpnInstances ?? []).map((v) => r.device.bgp().vpn?.(v.name).peers ?? [])]
          .flat()
          .map((p) => ({ address: p.address, asn: p.asn, state: p.state, vpnInstance: p.vpnInstance })),
        sessions: r.device.bmpSessions().map((s) => {
          const v = r.sessionView(s);
          return { key: v.key, address: v.address, port: v.port, vpnInstance: v.vpnInstance, up: v.state === 'up', downReason: v.downReason };
        }),
      })),
      neighbors: this.options.topology.neighbors.map((n) => ({ address: n.address, asn: n.asn })),
      stations: this.options.topology.stations.flatMap((s) => s.ports.map((port) => ({ address: s.address, port, vpnInstance: s.vpnInstance ?? null }))),
      positions: this.positions,
    });
  }

  /**
   * A user dragged a node of the topology view: the position is kept with
   * the lab and every viewer gets the new view. False for a node the view
   * does not have.
   */
  moveNode(node: string, x: number, y: number): boolean {
    if (!this.topologyView().nodes.some((n) => n.id === node)) return false;
    this.positions.set(node, { x, y });
    this.store?.setPositions(this.id, this.positions);
    this.topologyChanged();
    return true;
  }

  /** Something the topology view shows changed: one `topology.state` per TOPOLOGY_STATE_MS at most. */
  private topologyChanged(): void {
    if (this.topologyTimer || this.stopped) return;
    const wait = Math.max(0, this.topologySentAt + TOPOLOGY_STATE_MS - Date.now());
    this.topologyTimer = setTimeout(() => {
      this.topologyTimer = null;
      if (this.stopped) return;
      this.topologySentAt = Date.now();
      const topology = this.topologyView();
      const json = JSON.stringify(topology);
      if (json === this.topologySent) return;
      this.topologySent = json;
      this.broadcastQuiet({ type: 'topology.state', topology });
    }, wait);
    this.topologyTimer.unref();
  }

  /**
   * Print lines on every console of the lab — browser, SSH, Telnet, a REST
   * CLI run — like a device's log lines (ConsoleHub.notice).
   */
  noticeConsoles(lines: readonly string[]): void {
    for (const r of this.routers) r.consoles.notice(lines);
  }

  /**
   * Down for `down` seconds every `every` seconds, in protocol time (the
   * lab's clock, so BMPLAB_TIME_SCALE speeds it up too).
   */
  private flap(entry: { neighbor: LabNeighbor; flap: TimerHandle | null }, spec: NonNullable<NeighborTopology['flap']>): void {
    // A stored topology from before the floor was checked (topology.ts) gets it here: no timer spins.
    const downFor = Math.max(MIN_FLAP_SECONDS, spec.down);
    const flap = { down: downFor, every: Math.max(spec.every, downFor + MIN_FLAP_SECONDS) };
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
    return this.station.messageBytes(seq);
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
      const found = this.findConsole(id);
      // The first router's consoles name none, as before labs had several routers.
      if (found) this.store.putConsole(this.id, { ...found.record.snapshot(), router: found.router === this.routers[0] ? null : found.router.sysname });
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
    if (this.topologyTimer) clearTimeout(this.topologyTimer);
    this.topologyTimer = null;
    for (const r of this.routers) {
      if (options.deleted) r.consoles.closeAll();
      else r.consoles.shutdown();
    }
    this.station.stop();
    for (const n of this.neighbors) n.flap?.cancel();
    this.script?.cancel();
    for (const r of this.routers) r.shutdown();
    // Each BMP session wrote its Termination and ended its socket. The station has read every byte of a connection
    // once it sees it close (the FIN comes after the data), so wait for the lab sessions' connections to close before
    // the station sockets are torn down. The timeout is only a safety net for a station that stopped reading.
    const sessionOpen = () => this.station.routers().some((r) => r.sessionKey !== null && r.closedAt === null);
    if (sessionOpen()) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(safetyNet);
          unsubscribe();
          resolve();
        };
        const safetyNet = setTimeout(done, 2000);
        const unsubscribe = this.station.subscribe((u) => {
          if (u.kind === 'router' && !sessionOpen()) done();
        });
      });
    }
    await Promise.all(this.stations.map((s) => s.listener.close()));
    this.stations = [];
    for (const n of this.neighbors) n.neighbor.stop();
    await Promise.all([...this.neighbors.map((n) => n.listener.close()), ...this.routers.map((r) => r.closeListener())]);
    this.neighbors = [];
    this.options.budget?.releaseListeners();
  }

  /** The station's updates go to the viewers as they are; a message first to the exercises' listeners. */
  private onStationUpdate(update: StationUpdate): void {
    switch (update.kind) {
      case 'message':
        for (const l of this.messageListeners) l(update.message.seq, update.decoded);
        this.broadcast({ type: 'station.message', message: update.message });
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

/** An exercise's routers do not fit the lab (ensureRouters): nothing was changed. */
export class LabRoutersError extends Error {
  override name = 'LabRoutersError';
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}
