import { isIpv4, numberToIpv4 } from '@bmp-lab/codec';
import type { PathAttribute } from '@bmp-lab/codec';
import { typeCode } from '../policy/apply.js';

/**
 * Route reflection (RFC 4456) and the loop checks on received routes: what a
 * reflector adds to a route it reflects, and which received routes a
 * speaker must ignore.
 */

/** The cluster ID in force: `reflector cluster-id` as typed (a number or a dotted address), else the router ID (the command page's default). */
export function clusterIdAddress(typed: string | undefined, routerId: string): string {
  if (typed === undefined) return routerId;
  if (isIpv4(typed)) return typed;
  return numberToIpv4(Number(typed));
}

/**
 * Why a received route is ignored, or null to take it: from an eBGP peer,
 * an AS_PATH holding our own AS (RFC 4271 §9.1.2, loop); from any peer, an
 * ORIGINATOR_ID equal to our router ID or a CLUSTER_LIST holding our cluster
 * ID (RFC 4456 §8).
 */
export function loopIn(
  attributes: readonly PathAttribute[],
  from: { ebgp: boolean },
  local: { asn: number; routerId: string; clusterId: string },
): 'as-path' | 'originator-id' | 'cluster-list' | null {
  for (const a of attributes) {
    if (a.type === 'asPath' && from.ebgp && a.segments.some((s) => s.asns.includes(local.asn))) return 'as-path';
    if (a.type === 'originatorId' && a.value === local.routerId) return 'originator-id';
    if (a.type === 'clusterList' && a.values.includes(local.clusterId)) return 'cluster-list';
  }
  return null;
}

/**
 * Whether a route learned from an iBGP peer goes to another iBGP peer: a
 * client's routes go to every other iBGP peer, clients and non-clients; a
 * non-client's routes go to clients only (RFC 4456 §6). Without reflection
 * configured no peer is a client, so nothing passes (RFC 4271 §9.2).
 */
export function reflects(fromClient: boolean, toClient: boolean): boolean {
  return fromClient || toClient;
}

const reflected = new WeakMap<readonly PathAttribute[], { originatorId: string; clusterId: string; out: PathAttribute[] }>();

/**
 * The attributes of a reflected route (RFC 4456 §8): ORIGINATOR_ID set to
 * the BGP Identifier of the peer it came from unless the route has one, and
 * the cluster ID prepended to CLUSTER_LIST (created when absent). Routes of
 * one UPDATE share one attributes array, so the result is kept per array.
 */
export function reflectedAttributes(attributes: readonly PathAttribute[], originatorId: string, clusterId: string): PathAttribute[] {
  const hit = reflected.get(attributes);
  if (hit && hit.originatorId === originatorId && hit.clusterId === clusterId) return hit.out;
  const out: PathAttribute[] = [];
  let hasOriginator = false;
  let clusters: string[] = [];
  for (const a of attributes) {
    if (a.type === 'originatorId') hasOriginator = true;
    if (a.type === 'clusterList') clusters = a.values;
    else out.push(a);
  }
  const add: PathAttribute[] = [];
  if (!hasOriginator) add.push({ type: 'originatorId', value: originatorId });
  add.push({ type: 'clusterList', values: [clusterId, ...clusters] });
  for (const a of add) {
    // In type code order, as the rest of the UPDATE (ORIGINATOR_ID is 9, CLUSTER_LIST 10).
    const at = out.findIndex((x) => typeCode(x) > typeCode(a));
    out.splice(at < 0 ? out.length : at, 0, a);
  }
  reflected.set(attributes, { originatorId, clusterId, out });
  return out;
}
