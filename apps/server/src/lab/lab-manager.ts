import { randomBytes } from 'node:crypto';
import type { Clock } from '@bmp-lab/router';
import { Lab, type LabOptions } from './lab.js';
import { TopologyError, labRouters } from './topology.js';
import { configFromLines } from './config-lines.js';
import type { DeviceConfig } from '@bmp-lab/router';
import type { Topology } from './topology.js';
import { DEFAULT_BUDGETS, ServerBudget, budgetProblems, setTopologyLimits, topologyDemand } from './budgets.js';
import type { BudgetLimits } from './budgets.js';
import type { Cidr } from '../config.js';
import type { LabStore } from '../persistence/store.js';
import { storageStateMessage } from '../persistence/storage-notices.js';
import { withoutControlChars } from '../security/stored-names.js';
import type { LabSummary } from '@bmp-lab/protocol';
import { labLog } from '../log.js';

/** The lab every server has, served at `/`. */
export const DEFAULT_LAB_ID = 'default';
/** Labs one server runs at most (BMPLAB_MAX_LABS), the default lab included. */
export const DEFAULT_MAX_LABS = 100;

/** Creating a lab would exceed the bound: the HTTP layer answers 503. */
export class LabLimitError extends Error {
  override name = 'LabLimitError';
}

/** Creating a lab would take the server past BMPLAB_MAX_LISTENERS: a full server, like BMPLAB_MAX_LABS (503). */
export class ListenerLimitError extends LabLimitError {
  override name = 'ListenerLimitError';
}

export interface LabManagerOptions {
  clock: Clock;
  allowConnect: readonly Cidr[];
  /** The external station port (BMPLAB_COLLECTOR_LISTEN) belongs to the default lab. */
  externalStation: { host: string; port: number } | null;
  store: LabStore;
  /** The default lab's topology (labs/default.yaml, or `--lab FILE`). */
  defaultTopology: Topology;
  maxLabs?: number;
  /** Routes and listeners per lab and server-wide (budgets.ts; default DEFAULT_BUDGETS). */
  budgets?: BudgetLimits;
  /** Each lab's station bounds (BMPLAB_STATION_MAX_*); absent: the station's defaults. */
  stationBounds?: LabOptions['stationBounds'];
}

/**
 * The labs of one server: the default lab and any number (up to a bound)
 * created over REST, each isolated (own router, neighbors, stations,
 * consoles, sockets). Every lab is stored; `start` brings all of them back
 * after a restart with their running configuration.
 */
export class LabManager {
  private readonly labs = new Map<string, Lab>();
  private readonly createdAt = new Map<string, number>();
  /** Creations in flight count against the bound too. */
  private pending = 0;
  readonly maxLabs: number;
  /** Every lab's routes and listeners together. */
  readonly budget: ServerBudget;
  private readonly deletedListeners = new Set<(id: string) => void>();

  constructor(private readonly options: LabManagerOptions) {
    this.maxLabs = options.maxLabs ?? DEFAULT_MAX_LABS;
    this.budget = new ServerBudget(options.budgets ?? DEFAULT_BUDGETS);
    // POST /api/labs validates topologies within this server's per-lab budgets.
    setTopologyLimits(this.budget.limits);
    // Every browser of every lab hears when the storage stops or starts taking writes (the banner).
    options.store.health.onChange((status) => {
      for (const lab of this.labs.values()) lab.broadcastQuiet(storageStateMessage(status));
    });
  }

  /** Start the default lab and every stored lab. */
  async start(): Promise<void> {
    // The default lab's file (`--lab FILE`) within the per-lab budgets, like a topology sent to POST /api/labs.
    this.checkBudget(this.options.defaultTopology, 'the default lab');
    const stored = this.options.store.labs();
    if (!stored.some((l) => l.id === DEFAULT_LAB_ID)) {
      this.options.store.createLab(DEFAULT_LAB_ID, this.options.defaultTopology, Date.now());
      this.storeConfigLines(DEFAULT_LAB_ID, this.configsOfLines(this.options.defaultTopology), this.options.defaultTopology);
    } else {
      // The default lab's topology is the file's (it may have been edited or replaced with --lab).
      this.options.store.setTopology(DEFAULT_LAB_ID, this.options.defaultTopology);
    }
    for (const l of this.options.store.labs()) {
      // A stored topology from before names were checked loses its control characters, like a stored configuration.
      const topology = l.id === DEFAULT_LAB_ID ? this.options.defaultTopology : withoutControlChars(l.topology);
      // A stored lab over today's budgets still starts: listeners over budget stay closed, peers over budget are refused (both logged).
      try {
        await this.launch(l.id, topology, l.createdAt, l.running, l.saved);
      } catch (e) {
        if (l.id === DEFAULT_LAB_ID) throw e;
        labLog(l.id).error(`could not start again: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  get default(): Lab {
    const lab = this.labs.get(DEFAULT_LAB_ID);
    if (!lab) throw new Error('the default lab is not running');
    return lab;
  }

  get(id: string): Lab | undefined {
    return this.labs.get(id);
  }

  get size(): number {
    return this.labs.size;
  }

  list(): Lab[] {
    return [...this.labs.values()];
  }

  /** Create an isolated lab from a topology; its id is 128 random bits (base64url). */
  async create(topology: Topology): Promise<Lab> {
    if (this.labs.size + this.pending >= this.maxLabs) {
      throw new LabLimitError(`this server already runs its maximum of ${this.maxLabs} labs (BMPLAB_MAX_LABS); delete one with DELETE /api/labs/<id> first`);
    }
    this.checkBudget(topology, 'topology');
    const configs = this.configsOfLines(topology);
    const hold = this.budget.reserveListeners(topologyDemand(topology).listeners);
    if (typeof hold === 'string') throw new ListenerLimitError(hold);
    this.pending++;
    try {
      const id = randomBytes(16).toString('base64url');
      const createdAt = Date.now();
      this.options.store.createLab(id, topology, createdAt);
      this.storeConfigLines(id, configs, topology);
      try {
        return await this.launch(id, topology, createdAt, configs.get(labRouters(topology)[0]!.sysname) ?? null, null);
      } catch (e) {
        this.options.store.deleteLab(id);
        throw e;
      }
    } finally {
      this.pending--;
      hold();
    }
  }

  /**
   * Each router's `config:` lines typed from user view (they end with
   * `commit`); a line VRP refuses refuses the topology (400 at POST
   * /api/labs), naming the line and VRP's error.
   */
  private configsOfLines(topology: Topology): Map<string, DeviceConfig> {
    const configs = new Map<string, DeviceConfig>();
    const problems: { path: string; message: string }[] = [];
    labRouters(topology).forEach((r, i) => {
      if (!r.config?.length) return;
      const result = configFromLines(r.sysname, r.config, this.options.clock);
      if ('config' in result) configs.set(r.sysname, result.config);
      else for (const e of result.errors) problems.push({ path: `routers[${i}].config[${e.index}]`, message: `${JSON.stringify(e.line)}: ${e.error}` });
    });
    if (problems.length > 0) throw new TopologyError('topology', problems);
    return configs;
  }

  /** The routers' `config:` results, stored like a commit of theirs, so the lab comes back with them after a restart. */
  private storeConfigLines(id: string, configs: ReadonlyMap<string, DeviceConfig>, topology: Topology): void {
    labRouters(topology).forEach((r, i) => {
      const c = configs.get(r.sysname);
      if (!c) return;
      if (i === 0) this.options.store.setRunning(id, c);
      else this.options.store.setRouterRunning(id, r.sysname, c);
    });
  }

  /** A topology over the per-lab budgets is a topology error (400 at POST /api/labs; `--lab FILE` does not start). */
  private checkBudget(topology: Topology, source: string): void {
    const problems = budgetProblems(topology, this.budget.limits);
    if (problems.length > 0) throw new TopologyError(source, problems);
  }

  /** Stop a lab, free its sockets and forget it (store included). The default lab stays. */
  async delete(id: string): Promise<boolean> {
    if (id === DEFAULT_LAB_ID) throw new Error('the default lab cannot be deleted');
    const lab = this.labs.get(id);
    if (!lab) return false;
    this.labs.delete(id);
    this.createdAt.delete(id);
    for (const l of this.deletedListeners) l(id);
    await lab.stop({ deleted: true });
    this.options.store.deleteLab(id);
    return true;
  }

  /** Hear about deleted labs (the gateway closes their sockets). */
  onDeleted(listener: (id: string) => void): void {
    this.deletedListeners.add(listener);
  }

  describe(lab: Lab): LabSummary {
    return {
      id: lab.id,
      url: lab.id === DEFAULT_LAB_ID ? '/' : `/labs/${lab.id}`,
      createdAt: this.createdAt.get(lab.id) ?? 0,
      router: lab.device.running.sysname,
      routers: lab.routers.map((r) => ({ sysname: r.sysname, address: r.address })),
      stations: lab.stationEndpoints(),
      neighbors: lab.neighborEndpoints(),
      sessions: lab.routers.reduce((n, r) => n + r.device.bmpSessions().length, 0),
      consoles: lab.routers.reduce((n, r) => n + r.consoles.size, 0),
    };
  }

  /** The server stops: every lab sends its Terminations and closes; the store keeps them all. */
  async stopAll(): Promise<void> {
    const labs = [...this.labs.values()];
    this.labs.clear();
    await Promise.all(labs.map((l) => l.stop()));
  }

  private async launch(id: string, topology: Topology, createdAt: number, running: Lab['device']['running'] | null, saved: Lab['device']['running'] | null): Promise<Lab> {
    const lab = await Lab.start({
      id,
      topology,
      clock: this.options.clock,
      allowConnect: this.options.allowConnect,
      externalStation: id === DEFAULT_LAB_ID ? this.options.externalStation : null,
      // Names stored before the CLI refused terminal controls lose them here (security/stored-names.ts).
      ...(running ? { initialConfig: withoutControlChars(running) } : {}),
      savedConfig: saved && withoutControlChars(saved),
      // Every router's but the first's stored configuration (a fresh lab's `config:` lines were stored as it was created).
      routerConfigs: new Map(
        [...this.options.store.routerConfigs(id)].map(([sysname, c]) => [
          sysname,
          { running: c.running && withoutControlChars(c.running), saved: c.saved && withoutControlChars(c.saved) },
        ]),
      ),
      store: this.options.store,
      budget: this.budget.forLab(id),
      ...(this.options.stationBounds ? { stationBounds: this.options.stationBounds } : {}),
    });
    this.labs.set(id, lab);
    this.createdAt.set(id, createdAt);
    return lab;
  }
}
