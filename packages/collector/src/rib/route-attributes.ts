import { toHex, type AsPathSegment, type PathAttribute } from '@bmp-lab/codec';

/** An AS path as a list: each AS of a sequence in order, an AS_SET (or confederation set) as a nested list. */
export type AsPathView = (number | number[])[];

/**
 * A route's path attributes in the station's looking-glass shape (the REST
 * `station/routes` answer). An attribute the route did not carry is null.
 */
export interface RouteAttributes {
  /** `igp`, `egp`, `incomplete`. */
  origin: string | null;
  asPath: AsPathView | null;
  /** NEXT_HOP, or the first next hop of MP_REACH_NLRI (IPv6: the global address). */
  nextHop: string | null;
  med: number | null;
  localPref: number | null;
  /** `"65001:100"`. */
  communities: string[] | null;
  /** `"global:local1:local2"`. */
  largeCommunities: string[] | null;
  originatorId: string | null;
  clusterList: string[] | null;
  /** Each as 16 hex digits (RFC 4360). */
  extendedCommunities: string[] | null;
  atomicAggregate: boolean;
  aggregator: { asn: number; address: string } | null;
  /** AS4_PATH as sent by a 2-octet-AS speaker (RFC 6793), not merged into asPath. */
  as4Path: AsPathView | null;
  /** Anything else that arrived, as sent: type code, flags octet, value in hex. */
  otherAttributes: { code: number; flags: number; value: string }[];
}

export function asPathView(segments: readonly AsPathSegment[]): AsPathView {
  const out: AsPathView = [];
  for (const s of segments) {
    if (s.type === 'sequence' || s.type === 'confedSequence') out.push(...s.asns);
    else out.push([...s.asns]);
  }
  return out;
}

/** The looking-glass view of one attribute set (computed once per set, not per route). */
export function routeAttributes(attributes: readonly PathAttribute[]): RouteAttributes {
  const r: RouteAttributes = {
    origin: null,
    asPath: null,
    nextHop: null,
    med: null,
    localPref: null,
    communities: null,
    largeCommunities: null,
    originatorId: null,
    clusterList: null,
    extendedCommunities: null,
    atomicAggregate: false,
    aggregator: null,
    as4Path: null,
    otherAttributes: [],
  };
  for (const a of attributes) {
    switch (a.type) {
      case 'origin':
        r.origin = a.value;
        break;
      case 'asPath':
        r.asPath = asPathView(a.segments);
        break;
      case 'nextHop':
        r.nextHop = a.value;
        break;
      case 'multiExitDisc':
        r.med = a.value;
        break;
      case 'localPref':
        r.localPref = a.value;
        break;
      case 'atomicAggregate':
        r.atomicAggregate = true;
        break;
      case 'aggregator':
        r.aggregator = { asn: a.asn, address: a.address };
        break;
      case 'communities':
        r.communities = [...a.values];
        break;
      case 'originatorId':
        r.originatorId = a.value;
        break;
      case 'clusterList':
        r.clusterList = [...a.values];
        break;
      case 'mpReachNlri':
        r.nextHop ??= a.nextHops[0] ?? null;
        break;
      case 'mpUnreachNlri':
        break;
      case 'extendedCommunities':
        r.extendedCommunities = [...a.values];
        break;
      case 'as4Path':
        r.as4Path = asPathView(a.segments);
        break;
      case 'as4Aggregator':
        r.otherAttributes.push({
          code: 18,
          flags: a.flags ?? 0xc0,
          value:
            a.asn.toString(16).padStart(8, '0') +
            a.address
              .split('.')
              .map((o) => Number(o).toString(16).padStart(2, '0'))
              .join(''),
        });
        break;
      case 'largeCommunities':
        r.largeCommunities = [...a.values];
        break;
      case 'unknown':
        r.otherAttributes.push({ code: a.code, flags: a.flags, value: toHex(a.value) });
        break;
    }
  }
  return r;
}
