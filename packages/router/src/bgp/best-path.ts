import type { PathAttribute } from '@bmp-lab/codec';
import { ipv4ToNumber, ipv6ToBytes } from '@bmp-lab/codec';
import type { Route } from './route.js';

/**
 * VRP's default LOCAL_PREF for a route that carries none (`default
 * local-preference`, 100 unless configured).
 */
export const DEFAULT_LOCAL_PREFERENCE = 100;

/** Why one route beat another: the rule that decided, for `display bgp routing-table PREFIX`. */
export type BestPathRule =
  'local-preference' | 'locally-originated' | 'as-path-length' | 'origin' | 'med' | 'ebgp-over-ibgp' | 'cluster-list-length' | 'router-id' | 'peer-address';

/**
 * Compare two paths to one prefix in the order of Huawei's BGP route
 * selection rules (NE40E configuration guide, "BGP route selection"; RFC
 * 4271 §9.1.2 and RFC 4456 §9 where VRP follows them). Steps that need state
 * the lab does not model (PrefVal, AIGP, IGP cost to the next hop) find every
 * path equal. Negative: `a` is better; positive: `b` is better.
 */
export function comparePaths(a: Route, b: Route, localAsn: number): { order: number; rule: BestPathRule } {
  const decide = (rule: BestPathRule, order: number) => ({ order, rule });
  // Higher LOCAL_PREF.
  const lp = localPreference(b) - localPreference(a);
  if (lp !== 0) return decide('local-preference', lp);
  // A route the device originates itself beats a learned one.
  if (a.source.kind !== b.source.kind) return decide('locally-originated', a.source.kind === 'local' ? -1 : 1);
  // Shorter AS_PATH (an AS_SET counts as one; confederation segments do not count, RFC 5065 §5.3).
  const len = asPathLength(a.attributes) - asPathLength(b.attributes);
  if (len !== 0) return decide('as-path-length', len);
  // ORIGIN: IGP before EGP before INCOMPLETE.
  const origin = originRank(a) - originRank(b);
  if (origin !== 0) return decide('origin', origin);
  // Lower MED, compared only between paths from the same neighbouring AS (VRP's default,
  // without `compare-different-as-med`); a path without MED counts as 0.
  if (neighbourAs(a) === neighbourAs(b)) {
    const med = medOf(a) - medOf(b);
    if (med !== 0) return decide('med', med);
  }
  // eBGP before iBGP.
  const ebgp = Number(isIbgp(a, localAsn)) - Number(isIbgp(b, localAsn));
  if (ebgp !== 0) return decide('ebgp-over-ibgp', ebgp);
  // Shorter CLUSTER_LIST.
  const cluster = clusterListLength(a) - clusterListLength(b);
  if (cluster !== 0) return decide('cluster-list-length', cluster);
  // Lower router ID (the ORIGINATOR_ID of a reflected path stands in for it).
  const rid = routerIdOf(a) - routerIdOf(b);
  if (rid !== 0) return decide('router-id', rid);
  return decide('peer-address', comparePeerAddresses(a, b));
}

/** The best of several paths (the first wins a full tie); undefined for none. */
export function bestPath(paths: Iterable<Route>, localAsn: number): Route | undefined {
  let best: Route | undefined;
  for (const r of paths) if (!best || comparePaths(r, best, localAsn).order < 0) best = r;
  return best;
}

function find<T extends PathAttribute['type']>(r: Route, type: T): Extract<PathAttribute, { type: T }> | undefined {
  for (const a of r.attributes) if (a.type === type) return a as Extract<PathAttribute, { type: T }>;
  return undefined;
}

export function localPreference(r: Route): number {
  return find(r, 'localPref')?.value ?? DEFAULT_LOCAL_PREFERENCE;
}

export function medOf(r: Route): number {
  return find(r, 'multiExitDisc')?.value ?? 0;
}

function originRank(r: Route): number {
  const o = find(r, 'origin')?.value ?? 'incomplete';
  return o === 'igp' ? 0 : o === 'egp' ? 1 : 2;
}

export function asPathLength(attributes: readonly PathAttribute[]): number {
  let n = 0;
  for (const a of attributes) {
    if (a.type !== 'asPath') continue;
    for (const seg of a.segments) n += seg.type === 'set' ? 1 : seg.type === 'sequence' ? seg.asns.length : 0;
  }
  return n;
}

/** The AS a path entered from: the first AS of its first AS_SEQUENCE; 0 for a path with none (local or iBGP-originated). */
function neighbourAs(r: Route): number {
  const path = find(r, 'asPath');
  const first = path?.segments.find((s) => s.type === 'sequence' || s.type === 'set');
  return first?.type === 'sequence' ? (first.asns[0] ?? 0) : 0;
}

function isIbgp(r: Route, localAsn: number): boolean {
  return r.source.kind === 'peer' && r.source.asn === localAsn;
}

function clusterListLength(r: Route): number {
  return find(r, 'clusterList')?.values.length ?? 0;
}

function routerIdOf(r: Route): number {
  const originator = find(r, 'originatorId')?.value;
  if (originator) return ipv4ToNumber(originator) ?? 0;
  return r.source.kind === 'peer' ? (ipv4ToNumber(r.source.bgpId) ?? 0) : 0;
}

/** Lower peer address first: IPv4 by value, IPv6 by its 16 octets (an IPv4 peer sorts before an IPv6 one). */
function comparePeerAddresses(a: Route, b: Route): number {
  const x = a.source.kind === 'peer' ? a.source.address : '';
  const y = b.source.kind === 'peer' ? b.source.address : '';
  const v6x = x.includes(':');
  const v6y = y.includes(':');
  if (!v6x && !v6y) return (ipv4ToNumber(x) ?? 0) - (ipv4ToNumber(y) ?? 0);
  if (v6x !== v6y) return v6x ? 1 : -1;
  const bx = ipv6ToBytes(x);
  const by = ipv6ToBytes(y);
  for (let i = 0; i < 16; i++) if (bx[i] !== by[i]) return bx[i]! - by[i]!;
  return 0;
}
