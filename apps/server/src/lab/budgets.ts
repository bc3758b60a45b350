import { CEASE_SUBCODE, NOTIFICATION_ERROR_CODE, isIpv6 } from '@bmp-lab/codec';
import type { LabNeighbor, NeighborAdmission, NeighborSpec } from '@bmp-lab/router';
import { labLog, type Log } from '../log.js';

/**
 * What one lab, and the whole server, may hold: a class shares one server, so
 * no lab may exhaust its memory (routes) or its file descriptors (listening
 * sockets). apps/server/API.md lists the environment variables.
 */
export interface BudgetLimits {
  /** BMPLAB_MAX_ROUTES_PER_LAB: prefixes a lab's neighbors may announce, all together. */
  maxRoutesPerLab: number;
  /** BMPLAB_MAX_ROUTES: prefixes of Established lab neighbors, every lab together. */
  maxRoutes: number;
  /** BMPLAB_MAX_LISTENERS_PER_LAB: sockets one lab listens on (station ports and neighbors). */
  maxListenersPerLab: number;
  /** BMPLAB_MAX_LISTENERS: sockets every lab together listens on. */
  maxListeners: number;
}

/**
 * A full IPv4 table (the 1,000,000-route tests and benches) plus room for a
 * few hand-written routes; four such tables live at once server-wide (a
 * million routes held by one peer took about 200 MiB of heap, so four stay
 * well inside Node's default heap of about 4 GiB on a 64-bit machine); 16
 * listeners a lab (the default lab has 6); 1000 every lab together (100 labs
 * of the default topology need 600).
 */
export const DEFAULT_BUDGETS: BudgetLimits = {
  maxRoutesPerLab: 1_100_000,
  maxRoutes: 4_000_000,
  maxListenersPerLab: 16,
  maxListeners: 1000,
};

/** Prefixes a neighbor announces: its routes of its own family, and its bulk range (IPv4 only). */
export function neighborRouteCount(spec: NeighborSpec): number {
  const v6 = isIpv6(spec.address);
  const own = spec.routes.filter((r) => r.prefix.includes(':') === v6).length;
  return own + (!v6 && spec.bulkRoutes ? spec.bulkRoutes.count : 0);
}

/**
 * What a topology asks for: its routes, and the sockets it listens on (one per
 * station port, one per neighbor, and in a lab of several routers one per
 * router for the BGP sessions the others open; a lone router needs none).
 */
export function topologyDemand(t: { stations: readonly { ports: readonly number[] }[]; neighbors: readonly NeighborSpec[]; routers?: readonly unknown[] }): {
  routes: number;
  listeners: number;
} {
  const routers = t.routers && t.routers.length > 1 ? t.routers.length : 0;
  return {
    routes: t.neighbors.reduce((sum, n) => sum + neighborRouteCount(n), 0),
    listeners: t.stations.reduce((sum, s) => sum + s.ports.length, 0) + t.neighbors.length + routers,
  };
}

/** What a topology over the per-lab budgets gets: one problem per budget, in the form of the other topology problems. */
export function budgetProblems(t: Parameters<typeof topologyDemand>[0], limits: Pick<BudgetLimits, 'maxRoutesPerLab' | 'maxListenersPerLab'>): { path: string; message: string }[] {
  const { routes, listeners } = topologyDemand(t);
  const problems: { path: string; message: string }[] = [];
  if (routes > limits.maxRoutesPerLab) {
    problems.push({
      path: 'neighbors',
      message: `the neighbors announce ${routes} routes in all (routes and bulk-routes), more than the ${limits.maxRoutesPerLab} one lab may have (BMPLAB_MAX_ROUTES_PER_LAB)`,
    });
  }
  if (listeners > limits.maxListenersPerLab) {
    problems.push({
      path: 'stations',
      message: `the lab would listen on ${listeners} sockets (one per station port, one per neighbor${t.routers && t.routers.length > 1 ? ', one per router' : ''}), more than the ${limits.maxListenersPerLab} one lab may have (BMPLAB_MAX_LISTENERS_PER_LAB)`,
    });
  }
  return problems;
}

/**
 * The per-lab limits topology validation applies (POST /api/labs). The lab
 * manager sets them from its configuration as it is made; one server per
 * process, so one set of limits.
 */
let topologyLimits: Pick<BudgetLimits, 'maxRoutesPerLab' | 'maxListenersPerLab'> = DEFAULT_BUDGETS;

export function setTopologyLimits(limits: Pick<BudgetLimits, 'maxRoutesPerLab' | 'maxListenersPerLab'>): void {
  topologyLimits = { maxRoutesPerLab: limits.maxRoutesPerLab, maxListenersPerLab: limits.maxListenersPerLab };
}

export function currentTopologyLimits(): Pick<BudgetLimits, 'maxRoutesPerLab' | 'maxListenersPerLab'> {
  return topologyLimits;
}

/**
 * The server's live accounting: routes of admitted neighbor sessions and
 * listening sockets, every lab together. Single-threaded, so a check and its
 * reservation happen at once: two peers coming up together cannot both
 * squeeze past the limit.
 */
export class ServerBudget {
  private liveRoutesValue = 0;
  private listenersValue = 0;
  /** Listeners promised to labs being created (POST /api/labs in flight). */
  private reservedListeners = 0;

  constructor(readonly limits: BudgetLimits = DEFAULT_BUDGETS) {}

  get liveRoutes(): number {
    return this.liveRoutesValue;
  }

  get listeners(): number {
    return this.listenersValue;
  }

  /**
   * Hold `count` listeners for a lab about to start (its own count as it
   * opens them replaces the hold: give it back with the function returned
   * once it has started). A string says why the server has no room.
   */
  reserveListeners(count: number): (() => void) | string {
    const { maxListeners } = this.limits;
    const inUse = this.listenersValue + this.reservedListeners;
    if (inUse + count > maxListeners) {
      return `this lab would listen on ${count} sockets, and the server's labs already listen on ${inUse} of at most ${maxListeners} (BMPLAB_MAX_LISTENERS); delete a lab with DELETE /api/labs/<id> first`;
    }
    this.reservedListeners += count;
    let held = true;
    return () => {
      if (held) this.reservedListeners -= count;
      held = false;
    };
  }

  /** A budget for one lab: its listeners and its neighbors' admission, each logged with a reason when refused. */
  forLab(labId: string, log: Log = labLog(labId)): LabBudget {
    return new LabBudget(this, labId, log);
  }

  /** @internal LabBudget's accounting. */
  take(kind: 'routes' | 'listeners', count: number): void {
    if (kind === 'routes') this.liveRoutesValue += count;
    else this.listenersValue += count;
  }

  /** @internal */
  give(kind: 'routes' | 'listeners', count: number): void {
    if (kind === 'routes') this.liveRoutesValue = Math.max(0, this.liveRoutesValue - count);
    else this.listenersValue = Math.max(0, this.listenersValue - count);
  }
}

/**
 * One lab's share. Listeners are counted as the lab opens them (a stored
 * lab over today's budget starts with its extra listeners left closed); a
 * neighbor's table counts from the router's connection until the session
 * ends, and a table that would take the lab or the server past its budget
 * is refused with Cease / Out of Resources (RFC 4486).
 */
export class LabBudget implements NeighborAdmission {
  private listeners = 0;
  private routes = 0;
  private readonly admitted = new Map<LabNeighbor, number>();
  /** Refusals logged once per neighbor until it is admitted again (a neighbor retried every ConnectRetry logs once). */
  private readonly refusedLogged = new Set<LabNeighbor>();
  /** Every refused neighbor session (tests, diagnostics). */
  refusals = 0;
  /** Who hears a refusal besides the server's log (the lab's consoles), as often as the log does. */
  private readonly refusalHearers = new Set<(peer: string, reason: string) => void>();

  constructor(
    private readonly server: ServerBudget,
    private readonly labId: string,
    private readonly log: Log,
  ) {}

  /** May the lab open one more listener for `what`? Counted when yes; logged with the reason when not. */
  takeListener(what: string): boolean {
    const { maxListenersPerLab, maxListeners } = this.server.limits;
    const reason =
      this.listeners >= maxListenersPerLab
        ? `the lab already listens on ${this.listeners} sockets, its maximum (BMPLAB_MAX_LISTENERS_PER_LAB=${maxListenersPerLab})`
        : this.server.listeners >= maxListeners
          ? `the server's labs already listen on ${this.server.listeners} sockets, the maximum (BMPLAB_MAX_LISTENERS=${maxListeners})`
          : null;
    if (reason) {
      this.log.warn(`${what} not opened: ${reason}`);
      return false;
    }
    this.listeners++;
    this.server.take('listeners', 1);
    return true;
  }

  /** The lab closed its listeners (it stopped). */
  releaseListeners(): void {
    this.server.give('listeners', this.listeners);
    this.listeners = 0;
  }

  admit(neighbor: LabNeighbor): boolean {
    // What it announces now: its topology's table changed by routes announced and withdrawn at run time.
    const count = neighbor.routeCount;
    const { maxRoutesPerLab, maxRoutes } = this.server.limits;
    const reason =
      this.routes + count > maxRoutesPerLab
        ? `its ${count} routes would take this lab's live routes from ${this.routes} to ${this.routes + count}, past BMPLAB_MAX_ROUTES_PER_LAB=${maxRoutesPerLab}`
        : this.server.liveRoutes + count > maxRoutes
          ? `its ${count} routes would take the server's live routes from ${this.server.liveRoutes} to ${this.server.liveRoutes + count}, past BMPLAB_MAX_ROUTES=${maxRoutes}`
          : null;
    if (reason) {
      this.refusals++;
      if (!this.refusedLogged.has(neighbor)) {
        this.refusedLogged.add(neighbor);
        this.log.warn(refusalLogLine(neighbor.spec.address, reason));
        for (const hear of this.refusalHearers) hear(neighbor.spec.address, reason);
      }
      return false;
    }
    this.refusedLogged.delete(neighbor);
    this.admitted.set(neighbor, count);
    this.routes += count;
    this.server.take('routes', count);
    return true;
  }

  /** Hear each refused neighbor when it is logged (once until it is admitted again); returns the unsubscriber. */
  onRefused(hear: (peer: string, reason: string) => void): () => void {
    this.refusalHearers.add(hear);
    return () => this.refusalHearers.delete(hear);
  }

  /**
   * An admitted session's table grows (routes announced at run time) within
   * the same live budgets as at admission, or shrinks (always allowed).
   */
  resize(neighbor: LabNeighbor, delta: number): string | null {
    const count = this.admitted.get(neighbor);
    if (count === undefined) return null;
    const { maxRoutesPerLab, maxRoutes } = this.server.limits;
    if (delta > 0) {
      if (this.routes + delta > maxRoutesPerLab) {
        return `${delta} more routes would take this lab's live routes from ${this.routes} to ${this.routes + delta}, past BMPLAB_MAX_ROUTES_PER_LAB=${maxRoutesPerLab}`;
      }
      if (this.server.liveRoutes + delta > maxRoutes) {
        return `${delta} more routes would take the server's live routes from ${this.server.liveRoutes} to ${this.server.liveRoutes + delta}, past BMPLAB_MAX_ROUTES=${maxRoutes}`;
      }
    }
    const change = Math.max(delta, -count);
    this.admitted.set(neighbor, count + change);
    this.routes += change;
    if (change > 0) this.server.take('routes', change);
    else this.server.give('routes', -change);
    return null;
  }

  release(neighbor: LabNeighbor): void {
    const count = this.admitted.get(neighbor);
    if (count === undefined) return;
    this.admitted.delete(neighbor);
    this.routes -= count;
    this.server.give('routes', count);
  }
}

/**
 * What the router logs when a peer closes with a NOTIFICATION: VRP's
 * BGP/6/RECV_NOTIFY (Huawei log reference, "BGP/6/RECV_NOTIFY"), here Cease /
 * Out of Resources; `BgpAddressFamily=Public` and `ErrorData=NULL` for an
 * empty data field are inferred (docs/vrp-behaviour.md §4.1). The lab's reason
 * follows after the VRP line, since the router cannot know it.
 */
export function refusalLogLine(peer: string, reason: string): string {
  return `BGP/6/RECV_NOTIFY:${receivedCease(peer)} ${labReason(reason)}`;
}

/** The description of BGP/6/RECV_NOTIFY for Cease / Out of Resources without data. */
function receivedCease(peer: string): string {
  return (
    `The router received NOTIFICATION message from peer ${peer}. ` +
    `(ErrorCode=${NOTIFICATION_ERROR_CODE.CEASE}, SubErrorCode=${CEASE_SUBCODE.OUT_OF_RESOURCES}, BgpAddressFamily=Public, ErrorData=NULL)`
  );
}

function labReason(reason: string): string {
  return `[the lab neighbor refused the session: ${reason}; the router retries after ConnectRetry]`;
}

/**
 * The same refusal as the lab's consoles print it, where VRP shows its logs:
 * the information center's console format `TIMESTAMP HOSTNAME
 * %%ddMODULE/SEVERITY/BRIEF(l):DESCRIPTION` (Huawei NetEngine 8000 "Log
 * Format" page), then the lab's reason, since the router cannot know it.
 * ⚠ INFERRED: the component-ID field (`CID=…;`) is left out, the timestamp is
 * the login banner's (UTC with its offset).
 */
export function refusalConsoleLine(peer: string, reason: string, sysname: string, now: string): string {
  return `${now} ${sysname} %%01BGP/6/RECV_NOTIFY(l):${receivedCease(peer)} ${labReason(reason)}`;
}
