import { endOfRibFamily, peerUsesFourOctetAs, prefixTexts } from '@bmp-lab/codec';
import type { AsPathSegment, BmpMessage, PrefixList } from '@bmp-lab/codec';
import { mergeAs4Path } from './as4-path.js';

/** Prefixes a message row names; the rest it only counts. */
export const ROW_PREFIXES = 3;
/** AS numbers of the path a message row names; the rest it only counts. */
export const ROW_AS_PATH = 10;

/** What a Route Monitoring row shows of its UPDATE (the optional route fields of StationMessageView). */
export interface RouteFields {
  prefixes: string[];
  prefixCount: number;
  withdrawnPrefixes: string[];
  withdrawn: number;
  asPath: number[];
  asPathLength: number;
}

/**
 * The route fields of a Route Monitoring message, or an empty object for any
 * other message and for an End-of-RIB. This runs once per received message on
 * the ingest path: the lists know their length, and only their first few
 * prefixes are made text (a 100-prefix UPDATE decoded as runs costs three
 * strings, never a pass over its prefixes).
 */
export function routeFields(m: BmpMessage<PrefixList>): Partial<RouteFields> {
  if (m.type !== 'route-monitoring') return {};
  const u = m.update;
  // An End-of-RIB carries no route; its summary says which family it closes.
  if (endOfRibFamily(u)) return {};
  const reach: string[] = [];
  const unreach: string[] = [];
  let prefixCount = 0;
  let withdrawn = 0;
  let asPath: readonly AsPathSegment[] | null = null;
  let as4Path: readonly AsPathSegment[] | null = null;
  let aggregatorAsn: number | null = null;
  let hasAs4Aggregator = false;
  const take = (into: string[], from: PrefixList) => {
    if (into.length < ROW_PREFIXES && from.length > 0) into.push(...prefixTexts(from, ROW_PREFIXES - into.length));
  };
  take(reach, u.nlri);
  prefixCount += u.nlri.length;
  take(unreach, u.withdrawnRoutes);
  withdrawn += u.withdrawnRoutes.length;
  for (const a of u.pathAttributes) {
    if (a.type === 'mpReachNlri') {
      take(reach, a.nlri);
      prefixCount += a.nlri.length;
    } else if (a.type === 'mpUnreachNlri') {
      take(unreach, a.withdrawnRoutes);
      withdrawn += a.withdrawnRoutes.length;
    } else if (a.type === 'asPath') asPath = a.segments;
    else if (a.type === 'as4Path') as4Path = a.segments;
    else if (a.type === 'aggregator') aggregatorAsn = a.asn;
    else if (a.type === 'as4Aggregator') hasAs4Aggregator = true;
  }
  // A 2-octet session's AS_PATH says AS_TRANS where a 4-octet ASN stood: the row shows the path merged with AS4_PATH.
  if (asPath !== null && as4Path !== null && !peerUsesFourOctetAs(m.peer)) asPath = mergeAs4Path({ asPath, as4Path, aggregatorAsn, hasAs4Aggregator });
  const { path, pathLength } = asPath === null ? { path: null, pathLength: 0 } : flattenPath(asPath);
  return {
    prefixes: reach,
    prefixCount,
    withdrawnPrefixes: unreach,
    withdrawn,
    ...(path !== null ? { asPath: path, asPathLength: pathLength } : {}),
  };
}

/** The AS numbers of AS_PATH in order (a set's members in a row), the first ROW_AS_PATH of them, and how many in all. */
function flattenPath(segments: readonly { asns: readonly number[] }[]): { path: number[]; pathLength: number } {
  const path: number[] = [];
  let pathLength = 0;
  for (const s of segments) {
    pathLength += s.asns.length;
    for (let i = 0; i < s.asns.length && path.length < ROW_AS_PATH; i++) path.push(s.asns[i]!);
  }
  return { path, pathLength };
}
