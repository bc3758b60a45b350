import { mplsLabelEntry, routeDistinguisherBytes, routeTargetHex } from '@bmp-lab/codec';
import type { PathAttribute } from '@bmp-lab/codec';
import { FAMILY, ipv4MappedNextHop, isIpv6Address, wireIpv6, wireIpv6Prefix } from './family.js';
import type { VpnFamily } from './family.js';
import { bulkPrefixes } from './lab-neighbor.js';

/**
 * A VPN route a lab neighbor announces as a PE would (RFC 4364 §4.3.4: a
 * VPN-IPv4 route, or a VPN-IPv6 one, RFC 4659, when `prefix` is IPv6), with
 * its route distinguisher, MPLS label and route targets.
 */
export interface NeighborVpnRoute {
  /** Route distinguisher: `200:1`, `192.0.2.1:7` or `4200000000:7` (RFC 4364 §4.2). */
  rd: string;
  /** IPv4 (`10.20.1.0/24`, VPNv4) or IPv6 (`2001:db8:20::/48`, VPNv6), host bits zero. */
  prefix: string;
  /** MPLS label, 16 to 1048575 (0-15 are reserved, RFC 3032 §2.1). */
  label: number;
  /** Route targets (`100:1`, …) sent as extended communities (RFC 4360 §4); at least one. */
  routeTargets: string[];
  /** AS_PATH after the neighbor's own AS. */
  asPath?: number[];
  med?: number;
}

/** A checked VPN route: its family and its key in a VPN table (`RD:prefix`, the prefix in wire form). */
export interface KeyedVpnRoute extends NeighborVpnRoute {
  family: VpnFamily;
  key: string;
}

/** The route checked, or why it is refused (said in the words of the topology file's fields). */
export function checkVpnRoute(r: NeighborVpnRoute): KeyedVpnRoute | string {
  if (typeof r.rd !== 'string' || routeDistinguisherBytes(r.rd) === null || r.rd.startsWith('0x')) {
    return `rd ${JSON.stringify(r.rd)} is not a route distinguisher (ASN:number, IPv4:number or 4-octet-ASN:number)`;
  }
  if (!Number.isInteger(r.label) || r.label < 16 || r.label > 1048575) return `label ${String(r.label)} is not an MPLS label from 16 to 1048575`;
  if (!Array.isArray(r.routeTargets) || r.routeTargets.length === 0) return `route-targets must list at least one route target`;
  for (const t of r.routeTargets)
    if (typeof t !== 'string' || routeTargetHex(t) === null) return `route target ${JSON.stringify(t)} is not ASN:number, IPv4:number or 4-octet-ASN:number`;
  const prefix = typeof r.prefix === 'string' ? r.prefix : '';
  const slash = prefix.lastIndexOf('/');
  const lengthText = prefix.slice(slash + 1);
  if (slash < 0 || !/^\d{1,3}$/.test(lengthText)) return `prefix '${prefix}' is not address/length`;
  if (!isIpv6Address(prefix)) {
    if (bulkPrefixes(prefix, 1) === null) return `prefix '${prefix}' is not an IPv4 prefix with its host bits zero`;
    return { ...r, family: 'ipv4-vpnv4', key: `${r.rd}:${prefix}` };
  }
  const wire = wireIpv6Prefix(prefix.slice(0, slash), Number(lengthText));
  if (wire === null || wireIpv6Prefix(prefix.slice(0, slash), 128)?.split('/')[0] !== wire.split('/')[0]) return `prefix '${prefix}' is not an IPv6 prefix with its host bits zero`;
  return { ...r, family: 'ipv6-vpnv6', key: `${r.rd}:${wire}` };
}

/**
 * The attributes a neighbor at IPv4 `address` sends a VPN route with: its AS
 * first, the route targets, and an MP_REACH_NLRI whose next hop is itself
 * (for VPNv6 its IPv4 address IPv4-mapped, RFC 4659 §3.2.1.1).
 */
export function vpnRouteAttributes(r: KeyedVpnRoute, asn: number, address: string): PathAttribute[] {
  const { afi, safi } = FAMILY[r.family];
  const nextHop = r.family === 'ipv4-vpnv4' ? address : wireIpv6(ipv4MappedNextHop(address));
  const attributes: PathAttribute[] = [
    { type: 'origin', value: 'igp' },
    { type: 'asPath', segments: [{ type: 'sequence', asns: [asn, ...(r.asPath ?? [])] }] },
  ];
  if (r.med !== undefined) attributes.push({ type: 'multiExitDisc', value: r.med });
  attributes.push({ type: 'mpReachNlri', afi, safi, nextHops: [nextHop], nlri: [] });
  attributes.push({ type: 'extendedCommunities', values: r.routeTargets.map((t) => routeTargetHex(t)!) });
  return attributes;
}

/** The label stack of a neighbor's VPN route: its one label, bottom of stack. */
export function vpnRouteLabels(r: NeighborVpnRoute): number[] {
  return [mplsLabelEntry(r.label)];
}
