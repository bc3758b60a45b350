import type { PrefixList } from '../prefix-run.js';
/**
 * BGP path attributes (RFC 4271 §4.3, §5) as a discriminated union on `type`.
 * Type codes are from the IANA "BGP Path Attributes" registry.
 */

/** IANA "BGP Path Attributes" type codes. */
export const PATH_ATTRIBUTE_TYPE = {
  /** RFC 4271 §5.1.1. */
  ORIGIN: 1,
  /** RFC 4271 §5.1.2. */
  AS_PATH: 2,
  /** RFC 4271 §5.1.3. */
  NEXT_HOP: 3,
  /** RFC 4271 §5.1.4. */
  MULTI_EXIT_DISC: 4,
  /** RFC 4271 §5.1.5. */
  LOCAL_PREF: 5,
  /** RFC 4271 §5.1.6. */
  ATOMIC_AGGREGATE: 6,
  /** RFC 4271 §5.1.7. */
  AGGREGATOR: 7,
  /** RFC 1997. */
  COMMUNITIES: 8,
  /** RFC 4456 §8. */
  ORIGINATOR_ID: 9,
  /** RFC 4456 §8. */
  CLUSTER_LIST: 10,
  /** RFC 4760 §3. */
  MP_REACH_NLRI: 14,
  /** RFC 4760 §4. */
  MP_UNREACH_NLRI: 15,
  /** RFC 4360 §2. */
  EXTENDED_COMMUNITIES: 16,
  /** RFC 6793 §3. */
  AS4_PATH: 17,
  /** RFC 6793 §3. */
  AS4_AGGREGATOR: 18,
  /** RFC 8092 §3. */
  LARGE_COMMUNITY: 32,
} as const;

/** RFC 4271 §4.3 attribute flags octet. */
export const ATTRIBUTE_FLAG = {
  OPTIONAL: 0x80,
  TRANSITIVE: 0x40,
  PARTIAL: 0x20,
  EXTENDED_LENGTH: 0x10,
} as const;

/** RFC 4271 §5.1.1 ORIGIN values. */
export const ORIGIN = { IGP: 0, EGP: 1, INCOMPLETE: 2 } as const;
export type OriginName = 'igp' | 'egp' | 'incomplete';
export const ORIGIN_NAMES: readonly OriginName[] = ['igp', 'egp', 'incomplete'];

/** RFC 4271 §4.3 AS_PATH segment types; RFC 5065 §3 adds the confederation ones. */
export const AS_PATH_SEGMENT_TYPE = {
  AS_SET: 1,
  AS_SEQUENCE: 2,
  AS_CONFED_SEQUENCE: 3,
  AS_CONFED_SET: 4,
} as const;
export type AsPathSegmentKind = 'set' | 'sequence' | 'confedSequence' | 'confedSet';
/** Indexed by segment type code − 1. */
export const AS_PATH_SEGMENT_NAMES: readonly AsPathSegmentKind[] = ['set', 'sequence', 'confedSequence', 'confedSet'];

export interface AsPathSegment {
  type: AsPathSegmentKind;
  asns: number[];
}

/**
 * `flags` is the raw flags octet, present only when it differs from the
 * usual value for that attribute ({@link defaultAttributeFlags}); encoders
 * use the usual value when it is absent. This keeps decoded objects small and
 * still re-encodes captured bytes exactly.
 */
interface Flagged {
  flags?: number;
}

/**
 * `P`: how NLRI prefixes are given — text (the default), or, when the decoder
 * is asked for prefix runs, text or PrefixRun (bgp/prefix-run.ts).
 */
export type PathAttribute<P extends PrefixList = string[]> =
  | ({ type: 'origin'; value: OriginName } & Flagged)
  | ({ type: 'asPath'; segments: AsPathSegment[] } & Flagged)
  | ({ type: 'nextHop'; value: string } & Flagged)
  | ({ type: 'multiExitDisc'; value: number } & Flagged)
  | ({ type: 'localPref'; value: number } & Flagged)
  | ({ type: 'atomicAggregate' } & Flagged)
  /** ASN is 2 or 4 octets on the wire depending on the session (RFC 6793 §4). */
  | ({ type: 'aggregator'; asn: number; address: string } & Flagged)
  /** `"65001:100"` (high and low 16 bits, RFC 1997). */
  | ({ type: 'communities'; values: string[] } & Flagged)
  | ({ type: 'originatorId'; value: string } & Flagged)
  | ({ type: 'clusterList'; values: string[] } & Flagged)
  /**
   * IPv4/IPv6 unicast, multicast or MPLS-labeled VPN (SAFI 128); other AFI/SAFI stay `unknown`. Next hops: one IPv4,
   * or one or two IPv6 (global, link-local); for SAFI 128 the wire form adds the zero RD (RFC 4364 §4.3.2, RFC 4659 §3.2.1).
   * SAFI 128 prefixes are `RD:prefix` text with each one's label stack in `labels` (bgp/vpn-nlri.ts).
   */
  | ({ type: 'mpReachNlri'; afi: number; safi: number; nextHops: string[]; nlri: P; labels?: number[][] } & Flagged)
  /** SAFI 128: `labels` as sent; an encoder without it writes the compatibility label 0x800000 (RFC 8277 §2.4). */
  | ({ type: 'mpUnreachNlri'; afi: number; safi: number; withdrawnRoutes: P; labels?: number[][] } & Flagged)
  /** Each community as 16 lowercase hex digits (8 octets, RFC 4360 §2). */
  | ({ type: 'extendedCommunities'; values: string[] } & Flagged)
  | ({ type: 'as4Path'; segments: AsPathSegment[] } & Flagged)
  | ({ type: 'as4Aggregator'; asn: number; address: string } & Flagged)
  /** `"global:local1:local2"` (RFC 8092 §3). */
  | ({ type: 'largeCommunities'; values: string[] } & Flagged)
  /** Any other attribute, kept as sent. */
  | { type: 'unknown'; code: number; flags: number; value: Uint8Array };

export type PathAttributeType = PathAttribute['type'];

const WELL_KNOWN = ATTRIBUTE_FLAG.TRANSITIVE;
const OPTIONAL_TRANSITIVE = ATTRIBUTE_FLAG.OPTIONAL | ATTRIBUTE_FLAG.TRANSITIVE;
const OPTIONAL_NON_TRANSITIVE = ATTRIBUTE_FLAG.OPTIONAL;

/** Optional/transitive bits each known attribute is sent with (RFC 4271 §5 and the defining RFCs). */
export const ATTRIBUTE_CATEGORY_FLAGS: Readonly<Record<number, number>> = {
  [PATH_ATTRIBUTE_TYPE.ORIGIN]: WELL_KNOWN,
  [PATH_ATTRIBUTE_TYPE.AS_PATH]: WELL_KNOWN,
  [PATH_ATTRIBUTE_TYPE.NEXT_HOP]: WELL_KNOWN,
  [PATH_ATTRIBUTE_TYPE.MULTI_EXIT_DISC]: OPTIONAL_NON_TRANSITIVE,
  [PATH_ATTRIBUTE_TYPE.LOCAL_PREF]: WELL_KNOWN,
  [PATH_ATTRIBUTE_TYPE.ATOMIC_AGGREGATE]: WELL_KNOWN,
  [PATH_ATTRIBUTE_TYPE.AGGREGATOR]: OPTIONAL_TRANSITIVE,
  [PATH_ATTRIBUTE_TYPE.COMMUNITIES]: OPTIONAL_TRANSITIVE,
  [PATH_ATTRIBUTE_TYPE.ORIGINATOR_ID]: OPTIONAL_NON_TRANSITIVE,
  [PATH_ATTRIBUTE_TYPE.CLUSTER_LIST]: OPTIONAL_NON_TRANSITIVE,
  [PATH_ATTRIBUTE_TYPE.MP_REACH_NLRI]: OPTIONAL_NON_TRANSITIVE,
  [PATH_ATTRIBUTE_TYPE.MP_UNREACH_NLRI]: OPTIONAL_NON_TRANSITIVE,
  [PATH_ATTRIBUTE_TYPE.EXTENDED_COMMUNITIES]: OPTIONAL_TRANSITIVE,
  [PATH_ATTRIBUTE_TYPE.AS4_PATH]: OPTIONAL_TRANSITIVE,
  [PATH_ATTRIBUTE_TYPE.AS4_AGGREGATOR]: OPTIONAL_TRANSITIVE,
  [PATH_ATTRIBUTE_TYPE.LARGE_COMMUNITY]: OPTIONAL_TRANSITIVE,
};

/** The flags octet an encoder uses when the attribute has no explicit `flags`. */
export function defaultAttributeFlags(code: number, valueLength: number): number {
  const category = ATTRIBUTE_CATEGORY_FLAGS[code] ?? OPTIONAL_TRANSITIVE;
  return valueLength > 255 ? category | ATTRIBUTE_FLAG.EXTENDED_LENGTH : category;
}
