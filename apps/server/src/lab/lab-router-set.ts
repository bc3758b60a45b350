import { BGP_PORT, emptyConfig } from '@bmp-lab/router';
import type { Clock, DeviceConfig } from '@bmp-lab/router';
import type { ServerMessage } from '@bmp-lab/protocol';
import type { LabNetwork } from './lab-network.js';
import { LabRouter } from './lab-router.js';
import type { RouterTopology } from './topology.js';
import type { LabBudget } from './budgets.js';
import type { LabStore, StoredConsole } from '../persistence/store.js';
import { StorageWriteError, commitNotStoredLine, saveFailedLine } from '../persistence/storage-notices.js';
import type { ConsoleRecord } from '../console/console-hub.js';

/** Console scrollback is written at most this often (ms) per lab. */
const CONSOLE_PERSIST_MS = 200;

/** What the routers tell the lab they belong to (which broadcasts, tells exercises and redraws the topology view). */
export interface LabRouterSetEvents {
  /** To the lab's viewers (a change for the exercises too). */
  broadcast(message: ServerMessage): void;
  /** Something an exercise check may depend on changed. */
  changed(): void;
  /** Something the topology view shows changed. */
  topologyChanged(): void;
}

export interface LabRouterSetOptions {
  labId: string;
  network: LabNetwork;
  clock: Clock;
  store: LabStore | null;
  budget: LabBudget | null;
  events: LabRouterSetEvents;
  /** Whether the lab has a BGP neighbor at this address (a router cannot join there). */
  hasNeighbor(address: string): boolean;
  /** The lab stopped: nothing more is listened on, started or stored. */
  stopped: () => boolean;
}

/** A router's stored running and saved configuration. */
type StoredConfigs = { running: DeviceConfig | null; saved: DeviceConfig | null };

/**
 * The routers of one lab: the topology's, then any an exercise added (and
 * may take out again), each with its consoles (kept in the store as they
 * change) and, in a lab of several, its BGP listener.
 */
export class LabRouterSet {
  private list: LabRouter[] = [];
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
  private readonly dirtyConsoles = new Set<string>();
  private consoleTimer: NodeJS.Timeout | null = null;

  /** `specs`: the topology's routers, the first first; `stored` gives each its configurations. */
  constructor(
    private readonly options: LabRouterSetOptions,
    specs: readonly RouterTopology[],
    stored: (spec: RouterTopology, first: boolean) => StoredConfigs | undefined,
  ) {
    this.list = specs.map((spec, i) => this.buildRouter(spec, i === 0, stored(spec, i === 0)));
  }

  /**
   * One router of the lab, wired to the lab's network, store and viewers
   * (not listening, not started: listen, start and ensureRouters do that). A
   * removed router's late events (its sessions' Termination, a commit on a
   * VTY still open) are dropped.
   */
  private buildRouter(spec: RouterTopology, first: boolean, stored: StoredConfigs | undefined): LabRouter {
    const { labId, store, events } = this.options;
    const inLab = () => this.list.includes(router);
    const router: LabRouter = new LabRouter({
      spec,
      first,
      network: this.options.network,
      clock: this.options.clock,
      initial: stored?.running ?? undefined,
      saved: stored?.saved ?? null,
      events: {
        sessionChanged: (view) => {
          if (!inLab()) return;
          events.broadcast({ type: 'session.updated', session: view });
          events.topologyChanged();
        },
        sessionRemoved: (key) => {
          if (!inLab()) return;
          events.broadcast({ type: 'session.removed', key });
          events.topologyChanged();
        },
        committed: (running) => {
          if (!inLab()) return;
          // Running either way; the router's consoles hear when it could not be stored (storage-notices.ts).
          const ok = !store || (first ? store.setRunning(labId, running) : store.setRouterRunning(labId, spec.sysname, running));
          if (!ok) router.consoles.notice([commitNotStoredLine(store.health.status())]);
          events.changed();
          events.topologyChanged();
        },
        bgpPeerChanged: () => {
          if (!inLab()) return;
          events.changed();
          events.topologyChanged();
        },
        saved: (config) => {
          // `save` answers with this error line instead of claiming success.
          if (!store || !inLab()) return;
          const ok = first ? store.setSaved(labId, config) : store.setRouterSaved(labId, spec.sysname, config);
          if (!ok) throw new StorageWriteError(saveFailedLine(store.health.status()));
        },
      },
      consoleHooks: {
        changed: (r) => this.consoleChanged(r.id),
        closed: (id) => {
          this.dirtyConsoles.delete(id);
          store?.deleteConsole(labId, id);
        },
      },
    });
    return router;
  }

  /** Every router of the lab, the first (the lab's router for exercises, the instructor and single-router callers) first. */
  get routers(): readonly LabRouter[] {
    return this.list;
  }

  /** The router of this topology sysname, if the lab has it. */
  router(sysname: string): LabRouter | undefined {
    return this.list.find((r) => r.sysname === sysname);
  }

  /** The sysnames of the lab's routers, for messages naming the choices. */
  routerNames(): string[] {
    return this.list.map((r) => r.sysname);
  }

  /** A console of any router of the lab, with the router it is on. */
  findConsole(id: string): { router: LabRouter; record: ConsoleRecord } | undefined {
    for (const router of this.list) {
      const record = router.consoles.get(id);
      if (record) return { router, record };
    }
    return undefined;
  }

  /** Every router's BMP sessions (keys unique in the lab, each naming its router). */
  sessionViews(): ReturnType<LabRouter['sessionViews']> {
    return this.list.flatMap((r) => r.sessionViews());
  }

  /** Print lines on every console of every router (ConsoleHub.notice). */
  notice(lines: readonly string[]): void {
    for (const r of this.list) r.consoles.notice(lines);
  }

  /**
   * Each router gets back its stored consoles. One of a router the topology
   * does not have waits for an exercise to add that router back
   * (ensureRouters), and is forgotten otherwise (forgetUnclaimedConsoles).
   */
  restoreConsoles(): void {
    const { store, labId } = this.options;
    const rows = store!.consoles(labId);
    const first = this.list[0]!;
    for (const router of this.list) {
      // A console stored before labs had several routers names none: it was the first router's.
      router.consoles.restore(rows.filter((c) => (c.router ?? first.sysname) === router.sysname));
    }
    this.unclaimedConsoles = rows.filter((c) => c.router && !this.router(c.router));
  }

  /** Stored consoles of routers nobody added back since the lab started are forgotten (the exercises were restored first). */
  forgetUnclaimedConsoles(): void {
    for (const c of this.unclaimedConsoles) this.options.store?.deleteConsole(this.options.labId, c.id);
    this.unclaimedConsoles = [];
  }

  /** In a lab of several routers each listens for the others' BGP (a lone router needs no listener: nobody dials it). */
  async listen(): Promise<void> {
    if (this.list.length > 1) for (const router of this.list) await this.listenForBgp(router);
  }

  /** The network is wired: the routers may dial (restored sessions and peers come up at once). */
  start(): void {
    for (const router of this.list) router.device.start();
  }

  /** The router listens for the other routers' BGP, once, if the listener budget lets it (a refusal is logged by the budget). */
  private async listenForBgp(router: LabRouter): Promise<void> {
    if (this.listening.has(router)) return;
    const { budget } = this.options;
    if (this.spareListenerSlots > 0) this.spareListenerSlots--;
    else if (budget && !budget.takeListener(`router ${router.sysname} ${router.address}:${BGP_PORT}`)) return;
    this.listening.add(router);
    await router.listen();
    // The lab stopped, or the router left, while its socket opened: the socket must not stay open.
    if (this.options.stopped() || !this.list.includes(router)) await router.closeListener();
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
    const { store, labId, events } = this.options;
    const problems = this.routerProblems(specs);
    if (problems.length > 0) throw new LabRoutersError(problems);
    const added: LabRouter[] = [];
    for (const spec of specs) {
      if (this.router(spec.sysname)) continue;
      const stored = options.restore ? store?.routerConfigs(labId).get(spec.sysname) : undefined;
      const router = this.buildRouter({ sysname: spec.sysname, address: spec.address }, false, stored);
      this.list.push(router);
      this.addedRouters.add(spec.sysname);
      const mine = this.unclaimedConsoles.filter((c) => c.router === spec.sysname);
      this.unclaimedConsoles = this.unclaimedConsoles.filter((c) => c.router !== spec.sysname);
      if (options.restore) router.consoles.restore(mine);
      else for (const c of mine) store?.deleteConsole(labId, c.id);
      added.push(router);
    }
    if (added.length === 0) return;
    for (const router of [...this.list]) await this.listenForBgp(router);
    // Removed meanwhile (another exercise opened): it must not dial.
    for (const router of added) if (this.list.includes(router) && !this.options.stopped()) router.device.start();
    events.changed();
    events.topologyChanged();
  }

  /**
   * Why `specs` cannot join this lab, one line each (none: they can); the
   * routers named in `leaving` count as gone (about to be removed).
   */
  routerProblems(specs: readonly RouterTopology[], leaving: readonly string[] = []): string[] {
    const problems: string[] = [];
    const staying = this.list.filter((r) => !leaving.includes(r.sysname));
    for (const spec of specs) {
      const same = staying.find((r) => r.sysname === spec.sysname);
      if (same) {
        if (same.address !== spec.address) problems.push(`the lab's router ${spec.sysname} is at ${same.address}, not ${spec.address}`);
        continue;
      }
      const other = staying.find((r) => r.address === spec.address);
      if (other) problems.push(`${spec.address} is already the address of the lab's router ${other.sysname}, not of ${spec.sysname}`);
      else if (this.options.hasNeighbor(spec.address)) problems.push(`${spec.address} (router ${spec.sysname}) is already the address of a BGP neighbor of the lab`);
    }
    return problems;
  }

  /** The sysnames of the routers an exercise added (ensureRouters) and that are still there. */
  addedRouterNames(): string[] {
    return this.list.filter((r) => this.addedRouters.has(r.sysname)).map((r) => r.sysname);
  }

  /**
   * Take a router an exercise added out of the lab: its consoles print
   * `notice` and are logged out (forgotten by the store), its BMP sessions
   * send their Termination, its BGP sessions end, its listener closes. Its
   * stored configuration stays (added again, it is replaced or restored).
   * False for a router of the topology, or one the lab does not have.
   */
  async removeRouter(sysname: string, notice: readonly string[]): Promise<boolean> {
    const { events } = this.options;
    const router = this.router(sysname);
    if (!router || !this.addedRouters.has(sysname)) return false;
    this.list = this.list.filter((r) => r !== router);
    this.addedRouters.delete(sysname);
    // Browser consoles print it now, before they go; SSH and Telnet users hear it like any notice, then lose the line.
    for (const id of router.consoles.ids()) {
      const record = router.consoles.get(id)!;
      record.write(record.terminal.notice(notice));
    }
    router.consoles.notice(notice);
    router.consoles.closeAll();
    // SSH and Telnet users print the notice and are disconnected, as from a device that went away.
    router.consoles.retire();
    const keys = router.sessionViews().map((v) => v.key);
    router.shutdown();
    for (const key of keys) events.broadcast({ type: 'session.removed', key });
    if (this.listening.delete(router)) this.spareListenerSlots++;
    this.options.network.detachRouter(router.address);
    await router.closeListener();
    events.changed();
    events.topologyChanged();
    return true;
  }

  /**
   * Replace the running configuration of the router `sysname` (absent: the
   * first): a blank router (every session sends its Termination), then
   * `lines` typed from user view on a console of the lab's own (they end
   * with `commit` and `return`). Sessions dial again. Returns the lines VRP
   * refused, with its error.
   */
  replaceConfiguration(lines: readonly string[], sysname?: string): string[] {
    const router = sysname === undefined ? this.list[0]! : this.router(sysname);
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

  private consoleChanged(id: string): void {
    if (!this.options.store || this.options.stopped()) return;
    this.dirtyConsoles.add(id);
    if (this.consoleTimer) return;
    this.consoleTimer = setTimeout(() => this.persistConsoles(), CONSOLE_PERSIST_MS);
    this.consoleTimer.unref();
  }

  /** Store every console changed since the last write (now, not at the next tick: the lab is stopping). */
  persistConsoles(): void {
    if (this.consoleTimer) clearTimeout(this.consoleTimer);
    this.consoleTimer = null;
    const { store, labId } = this.options;
    if (!store) return;
    for (const id of this.dirtyConsoles) {
      const found = this.findConsole(id);
      // The first router's consoles name none, as before labs had several routers.
      if (found) store.putConsole(labId, { ...found.record.snapshot(), router: found.router === this.list[0] ? null : found.router.sysname });
    }
    this.dirtyConsoles.clear();
  }

  /**
   * Every console goes: `deleted` logs them out for good (the lab is being
   * removed); otherwise (the server stops) they stay stored, to resume after
   * a restart.
   */
  closeConsoles(deleted: boolean): void {
    for (const r of this.list) {
      if (deleted) r.consoles.closeAll();
      else r.consoles.shutdown();
    }
  }

  /** Power off every router: sessions send Termination. */
  shutdown(): void {
    for (const r of this.list) r.shutdown();
  }

  /** Close every router's BGP listener. */
  async closeListeners(): Promise<void> {
    await Promise.all(this.list.map((r) => r.closeListener()));
  }
}

/** An exercise's routers do not fit the lab (ensureRouters): nothing was changed. */
export class LabRoutersError extends Error {
  override name = 'LabRoutersError';
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}
