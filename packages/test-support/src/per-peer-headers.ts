import type { PerPeerHeader } from '@bmp-lab/codec';

/** A header of peer type 0, 1 or 2 (an Adj-RIB peer). */
export type AdjRibPeerHeader = Exclude<PerPeerHeader, { peerType: 3 }>;
/** A header of peer type 3 (RFC 9069 Loc-RIB). */
export type LocRibPeerHeader = Extract<PerPeerHeader, { peerType: 3 }>;

/** Every flag clear: an IPv4 peer, Adj-RIB-In pre-policy, 4-octet AS numbers in AS_PATH. */
export const PRE_POLICY_IPV4: AdjRibPeerHeader['flags'] = Object.freeze({ ipv6: false, postPolicy: false, legacyAsPath: false, adjRibOut: false });

/**
 * A global-instance peer's per-peer header (RFC 7854 4.2: type 0, distinguisher
 * zero, flags PRE_POLICY_IPV4, timestamp zero) whose BGP Identifier is its
 * address; `overrides` changes what the test is about.
 */
export function peerHeader(address: string, asn: number, overrides: Partial<AdjRibPeerHeader> = {}): AdjRibPeerHeader {
  return {
    peerType: 0,
    flags: PRE_POLICY_IPV4,
    distinguisher: '0000000000000000',
    address,
    asn,
    bgpId: address,
    timestampSeconds: 0,
    timestampMicroseconds: 0,
    ...overrides,
  };
}

/** A Loc-RIB instance's per-peer header (RFC 9069: type 3, address 0.0.0.0, F flag clear), timestamp zero unless overridden. */
export function locRibHeader(asn: number, bgpId: string, overrides: Partial<LocRibPeerHeader> = {}): LocRibPeerHeader {
  return {
    peerType: 3,
    flags: { filtered: false },
    distinguisher: '0000000000000000',
    address: '0.0.0.0',
    asn,
    bgpId,
    timestampSeconds: 0,
    timestampMicroseconds: 0,
    ...overrides,
  };
}
