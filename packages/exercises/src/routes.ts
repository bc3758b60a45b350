import type { Evaluation, Facts, MessageFact, RouteAttributesFact, RouteExpectation, RouteView } from './types.js';
import { samePeer } from './peers.js';

/** One monitored RIB as the station holds it on one connection, rebuilt from its messages. */
export interface ReplayedView {
  connection: string;
  station: string;
  /** The sysName the router announced in the connection's Initiation (null when it announced none). */
  sysName: string | null;
  /** Per-peer header address (`0.0.0.0` for the Loc-RIB). */
  peer: string;
  view: string;
  /** Prefix → attributes of the route the station holds. */
  routes: Map<string, RouteAttributesFact>;
  /** The view's initial table ended (an End-of-RIB arrived). */
  complete: boolean;
}

const replays = new WeakMap<Facts, ReplayedView[]>();

/**
 * What the station holds, per connection, peer and view, replaying the
 * messages in `facts` in order: an Initiation starts a connection afresh, a
 * Peer Up opens a view, Route Monitoring announces and withdraws (an empty
 * one is End-of-RIB), a Peer Down drops that peer's views, a Termination
 * (or a connection no longer open) drops them all. A connection whose
 * Initiation is not among the facts began before the exercise (re)started:
 * its earlier routes are unknown, so it is left out. Memoized per facts object.
 */
export function replayRoutes(facts: Facts): ReplayedView[] {
  const cached = replays.get(facts);
  if (cached) return cached;
  const connections = new Map<string, Map<string, ReplayedView>>();
  const viewOf = (views: Map<string, ReplayedView>, m: MessageFact, peer: string, view: string): ReplayedView => {
    const key = `${peer}|${view}`;
    let v = views.get(key);
    if (!v) {
      v = { connection: m.connection, station: m.station, sysName: m.sysName, peer, view, routes: new Map(), complete: false };
      views.set(key, v);
    }
    return v;
  };
  for (const m of facts.messages) {
    if (m.type === 'initiation') {
      connections.set(m.connection, new Map());
      continue;
    }
    const views = connections.get(m.connection);
    if (!views) continue;
    if (m.type === 'termination') {
      connections.delete(m.connection);
    } else if (m.type === 'peer-up' && m.peer !== null && m.peerView !== null) {
      viewOf(views, m, m.peer, m.peerView);
    } else if (m.type === 'peer-down' && m.peer !== null) {
      // A Peer Down ends the peer, whichever view it names (one is sent for all of them).
      const locRib = m.peerView === 'loc-rib';
      for (const [key, v] of views) if (v.peer === m.peer && (v.view === 'loc-rib') === locRib) views.delete(key);
    } else if (m.type === 'route-monitoring' && m.peer !== null && m.peerView !== null && m.routes) {
      const v = viewOf(views, m, m.peer, m.peerView);
      const { announced, withdrawn, attributes } = m.routes;
      for (const p of withdrawn) v.routes.delete(p);
      if (attributes) for (const p of announced) v.routes.set(p, attributes);
      if (announced.length === 0 && withdrawn.length === 0) v.complete = true;
    }
  }
  const open = facts.openConnections === undefined ? null : new Set(facts.openConnections);
  const out: ReplayedView[] = [];
  for (const [id, views] of connections) if (open === null || open.has(id)) out.push(...views.values());
  replays.set(facts, out);
  return out;
}

/** The route's attributes in a few words. */
export function describeAttributes(a: RouteAttributesFact): string {
  const parts = [`AS path ${a.asPath.length ? a.asPath.join(' ') : '(empty)'}`];
  if (a.localPref !== null) parts.push(`local-pref ${a.localPref}`);
  if (a.med !== null) parts.push(`MED ${a.med}`);
  parts.push(a.communities.length ? `communities ${a.communities.join(' ')}` : 'no communities');
  // Only a reflected route carries these (RFC 4456); most routes have neither, so say nothing then.
  if (a.originatorId !== null) parts.push(`ORIGINATOR_ID ${a.originatorId}`);
  if (a.clusterList.length > 0) parts.push(`CLUSTER_LIST ${a.clusterList.join(' ')}`);
  return parts.join(', ');
}

/** Why the attributes do not meet the expectation, or null when they do. */
export function attributeMismatch(a: RouteAttributesFact, e: RouteExpectation): string | null {
  if (e.asPath?.first !== undefined && a.asPath[0] !== e.asPath.first) {
    return `its AS path is ${a.asPath.join(' ') || '(empty)'}, not one starting with ${e.asPath.first}`;
  }
  if (e.asPath?.exact !== undefined && a.asPath.join(' ') !== e.asPath.exact.join(' ')) {
    return `its AS path is ${a.asPath.join(' ') || '(empty)'}, not ${e.asPath.exact.join(' ') || '(empty)'}`;
  }
  if (e.localPref !== undefined && a.localPref !== e.localPref) return `its local preference is ${a.localPref ?? 'not carried'}, not ${e.localPref}`;
  if (e.med !== undefined && a.med !== e.med) return `its MED is ${a.med ?? 'not carried'}, not ${e.med}`;
  const missing = (e.community ?? []).filter((c) => !a.communities.includes(c));
  if (missing.length > 0) return `it does not carry community ${missing.join(' ')} (it has ${a.communities.join(' ') || 'none'})`;
  if (e.originatorId !== undefined && a.originatorId !== e.originatorId) {
    return a.originatorId === null
      ? `it carries no ORIGINATOR_ID (a route reflector sets one), not ${e.originatorId}`
      : `its ORIGINATOR_ID is ${a.originatorId}, not ${e.originatorId}`;
  }
  if (e.clusterList !== undefined && a.clusterList.join(' ') !== e.clusterList.join(' ')) {
    return a.clusterList.length === 0
      ? `it carries no CLUSTER_LIST (a route reflector adds its cluster ID), not ${e.clusterList.join(' ')}`
      : `its CLUSTER_LIST is ${a.clusterList.join(' ')}, not ${e.clusterList.join(' ') || '(empty)'}`;
  }
  return null;
}

export interface StationRouteSpec extends RouteExpectation {
  prefix: string;
  view: RouteView;
  peer?: string;
  station?: string;
  /** Only connections whose Initiation announced this sysName. */
  sysName?: string;
  present: boolean;
}

function describeView(spec: StationRouteSpec): string {
  const rib = spec.view === 'loc-rib' ? 'Loc-RIB' : `${spec.view}${spec.peer !== undefined ? ` of peer ${spec.peer}` : ''}`;
  return `${rib}${spec.sysName !== undefined ? ` from ${spec.sysName}` : ''}${spec.station !== undefined ? ` on station ${spec.station}` : ''}`;
}

/**
 * A `station-route` check: pending until the station holds the view (and,
 * for `present: false`, until its table is complete); fail only when the
 * station holds the prefix against the check (absent wanted, or the wrong
 * attributes).
 */
export function evaluateStationRoute(spec: StationRouteSpec, facts: Facts): Evaluation {
  const where = describeView(spec);
  const views = replayRoutes(facts).filter(
    (v) =>
      v.view === spec.view &&
      (spec.station === undefined || v.station === spec.station) &&
      (spec.sysName === undefined || v.sysName === spec.sysName) &&
      (spec.view === 'loc-rib' || spec.peer === undefined || samePeer(v.peer, spec.peer)),
  );
  if (views.length === 0) {
    return { state: 'pending', detail: `the station holds no ${where} yet (no Peer Up or Route Monitoring for it since the exercise started)` };
  }
  const held = views.map((v) => v.routes.get(spec.prefix)).filter((a): a is RouteAttributesFact => a !== undefined);
  const size = Math.max(...views.map((v) => v.routes.size));
  if (!spec.present) {
    if (held.length > 0) return { state: 'fail', detail: `the station's ${where} still holds ${spec.prefix} (${describeAttributes(held[0]!)})` };
    if (!views.some((v) => v.complete)) return { state: 'pending', detail: `the station's ${where} has no ${spec.prefix} so far, but its table has not ended (End-of-RIB) yet` };
    return { state: 'pass', detail: `the station's ${where} has no ${spec.prefix} (${size} other route${size === 1 ? '' : 's'})` };
  }
  if (held.length === 0) {
    const complete = views.some((v) => v.complete);
    return { state: 'pending', detail: `the station's ${where} has no ${spec.prefix}${complete ? '' : ' yet'} (${size} route${size === 1 ? '' : 's'})` };
  }
  const good = held.find((a) => attributeMismatch(a, spec) === null);
  if (good) return { state: 'pass', detail: `the station's ${where} holds ${spec.prefix}: ${describeAttributes(good)}` };
  return { state: 'fail', detail: `the station's ${where} holds ${spec.prefix}, but ${attributeMismatch(held[0]!, spec)}` };
}
