import type { PathAttribute } from '@bmp-lab/codec';

/** Where a route came from: a BGP peer, or the device itself (`network`). */
export type RouteSource = { kind: 'peer'; address: string; asn: number; bgpId: string } | { kind: 'local' };

/**
 * One route with its BGP path attributes, as held in a RIB of one address
 * family. An IPv6 route's prefix is in wire form (`2001:db8:2::/48`) and its
 * attributes carry the next hop in an MP_REACH_NLRI with no NLRI.
 */
export interface Route {
  prefix: string;
  attributes: PathAttribute[];
  source: RouteSource;
  /** Wall-clock ms when the route entered this RIB (the BMP per-peer timestamp). */
  at: number;
  /** In the post-policy Adj-RIB-In, the attributes as received when the import policy changed them (BMP route trace). */
  received?: PathAttribute[];
  /** A VPN route's MPLS label stack (3-octet entries, RFC 8277 §2), as received; absent in other families. */
  labels?: number[];
}

/** Every AS of the route's AS_PATH in order, for displays (the length rule for best path is in best-path.ts). */
export function asPathOf(route: Route): number[] {
  return route.attributes.flatMap((a) => (a.type === 'asPath' ? a.segments.flatMap((s) => s.asns) : []));
}

/**
 * Routes of one UPDATE share one attributes array, so the key is computed
 * once per array: stringifying per route cost ~7 µs each (a 1M-route dump
 * spent seconds here).
 */
const keys = new WeakMap<readonly PathAttribute[], string>();

/** A stable text of the attributes, to pack prefixes that share them into one UPDATE. */
export function attributesKey(attributes: readonly PathAttribute[]): string {
  let key = keys.get(attributes);
  if (key === undefined) {
    key = JSON.stringify(attributes, (_k, v: unknown) => (v instanceof Uint8Array ? Array.from(v) : v));
    keys.set(attributes, key);
  }
  return key;
}
