import { AFI, SAFI, formatIpv6, ipv6ToBytes, isIpv4, isIpv6 } from '@bmp-lab/codec';
import { parseIpv6 } from '@bmp-lab/cli-engine';

/**
 * The BGP address families the lab carries end to end: IPv4 unicast (routes
 * in the UPDATE's own NLRI fields, RFC 4271) and IPv6 unicast (BGP4+, routes
 * in MP_REACH_NLRI / MP_UNREACH_NLRI, RFC 4760 and RFC 2545). The names are
 * those of the configuration model (`route-mode ipv6-family unicast …`).
 */
export type BgpFamily = 'ipv4-unicast' | 'ipv6-unicast' | VpnFamily;

/**
 * VPNv4 and VPNv6 (SAFI 128, RFC 4364 and RFC 4659): `ipv4-family vpnv4` /
 * `ipv6-family vpnv6`. Their RIBs key a route by `RD:prefix` (the codec's
 * text of a VPN prefix) and keep its label stack on the route.
 */
export type VpnFamily = 'ipv4-vpnv4' | 'ipv6-vpnv6';

export const BGP_FAMILIES: readonly BgpFamily[] = ['ipv4-unicast', 'ipv6-unicast', 'ipv4-vpnv4', 'ipv6-vpnv6'];

export function isVpnFamily(family: BgpFamily): family is VpnFamily {
  return family === 'ipv4-vpnv4' || family === 'ipv6-vpnv6';
}

export interface FamilyInfo {
  afi: number;
  safi: number;
  /** How VRP names the family in displays (`BGP ipv6-family unicast :`). */
  words: string;
}

export const FAMILY: Readonly<Record<BgpFamily, FamilyInfo>> = {
  'ipv4-unicast': { afi: AFI.IPV4, safi: SAFI.UNICAST, words: 'ipv4-family unicast' },
  'ipv6-unicast': { afi: AFI.IPV6, safi: SAFI.UNICAST, words: 'ipv6-family unicast' },
  'ipv4-vpnv4': { afi: AFI.IPV4, safi: SAFI.MPLS_VPN, words: 'ipv4-family vpnv4' },
  'ipv6-vpnv6': { afi: AFI.IPV6, safi: SAFI.MPLS_VPN, words: 'ipv6-family vpnv6' },
};

/** The family of an AFI/SAFI pair, or null for one the lab does not carry. */
export function familyOf(afi: number, safi: number): BgpFamily | null {
  if (safi === SAFI.MPLS_VPN) return afi === AFI.IPV4 ? 'ipv4-vpnv4' : afi === AFI.IPV6 ? 'ipv6-vpnv6' : null;
  if (safi !== SAFI.UNICAST) return null;
  return afi === AFI.IPV4 ? 'ipv4-unicast' : afi === AFI.IPV6 ? 'ipv6-unicast' : null;
}

/** Whether an address (a peer's, a prefix's) is IPv6. */
export function isIpv6Address(address: string): boolean {
  return address.includes(':');
}

/** The family a peer's own address belongs to (where `peer X as-number` enables it by default: IPv4 only). */
export function addressFamily(address: string): BgpFamily {
  return isIpv6Address(address) ? 'ipv6-unicast' : 'ipv4-unicast';
}

/**
 * A peer address as the device keeps it: IPv4 as typed, IPv6 compressed and
 * upper case, which is how the command parser stores what the user typed
 * (`peer 2001:db8:2::2 …` is kept as `2001:DB8:2::2`). Used to compare an
 * address from the configuration with one from anywhere else.
 */
export function canonicalAddress(address: string): string {
  if (!isIpv6Address(address)) return address;
  return parseIpv6(address) ?? address;
}

/** IPv6 text as the codec writes it (RFC 5952, lower case): the form prefixes and next hops take on the wire. */
export function wireIpv6(address: string): string {
  return formatIpv6(ipv6ToBytes(address));
}

/** An IPv6 prefix `addr/len` in wire form with its host bits cleared; null when it is not one. */
export function wireIpv6Prefix(address: string, length: number): string | null {
  if (!isIpv6(address) || !Number.isInteger(length) || length < 0 || length > 128) return null;
  const b = ipv6ToBytes(address);
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, length - i * 8));
    b[i] = b[i]! & ((0xff << (8 - keep)) & 0xff);
  }
  return `${formatIpv6(b)}/${length}`;
}

/**
 * The router's own IPv6 address toward an IPv6 peer, the local address of
 * that BGP4+ session and the next hop it advertises over eBGP.
 *
 * ⚠ INFERRED lab convention: the lab has no interfaces, so each IPv6 peering
 * is taken to be a directly connected /64 whose router end is interface ID
 * ::1 (::2 when the peer itself is ::1), the numbering of Huawei's BGP4+
 * examples (2001:db8:10::1 facing 2001:db8:10::2). The next hop then lies on
 * the peer's own link, as RFC 2545 §3 asks of a global next hop. The peer
 * 2001:db8:2::2 sees the router as 2001:db8:2::1.
 */
export function ipv6LocalAddressFor(peer: string): string {
  const b = ipv6ToBytes(peer);
  const peerIsOne = b.subarray(8, 15).every((x) => x === 0) && b[15] === 1;
  b.fill(0, 8);
  b[15] = peerIsOne ? 2 : 1;
  return formatIpv6(b);
}

/**
 * The router's IPv6 next hop toward an IPv4 peer enabled in IPv6 unicast:
 * its router ID as an IPv4-mapped IPv6 address (⚠ INFERRED: VRP shows IPv6
 * routes learned over IPv4 sessions with such next hops, `::FFFF:5.5.5.5`).
 */
export function ipv4MappedNextHop(routerId: string): string {
  return isIpv4(routerId) ? `::ffff:${routerId}` : '::';
}
