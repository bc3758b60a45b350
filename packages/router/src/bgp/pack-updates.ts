import { mplsLabelEntry } from '@bmp-lab/codec';
import type { PathAttribute, UpdateMessage } from '@bmp-lab/codec';
import { attributesKey } from './route.js';
import { FAMILY, isVpnFamily } from './family.js';
import type { BgpFamily } from './family.js';

/**
 * Most prefixes in one UPDATE. A /32 takes 5 octets of NLRI, so 600 of them
 * plus attributes stay far below the 4096-octet BGP maximum (RFC 4271 §4).
 */
export const MAX_PREFIXES_PER_UPDATE = 600;

/**
 * Most IPv6 prefixes in one UPDATE: a /128 takes 17 octets of MP_REACH_NLRI,
 * so 200 of them (3,400 octets) leave room for the header and the other
 * attributes within 4096 octets.
 */
export const MAX_IPV6_PREFIXES_PER_UPDATE = 200;

/** Most VPN prefixes in one UPDATE: a VPNv6 /128 with one label takes 28 octets, so 100 fit with room to spare. */
export const MAX_VPN_PREFIXES_PER_UPDATE = 100;

/** A VPN route with no label stack (none should reach here) goes out with label 3, implicit null (RFC 3032 §2.1). */
const NO_LABEL = [mplsLabelEntry(3)];

/**
 * Pack announcements that share attributes into as few UPDATEs as possible,
 * and withdrawals into their own. IPv4 unicast uses the UPDATE's own fields;
 * IPv6 unicast (RFC 4760) withdraws in an MP_UNREACH_NLRI and announces in
 * the routes' MP_REACH_NLRI, which a RIB keeps with its next hop and no NLRI
 * (see `splitUpdate`): each UPDATE gets a copy holding its prefixes.
 */
export function packUpdates(
  announced: readonly { prefix: string; attributes: PathAttribute[]; labels?: number[] }[],
  withdrawn: readonly string[],
  family: BgpFamily = 'ipv4-unicast',
): UpdateMessage[] {
  if (family !== 'ipv4-unicast') return packMp(announced, withdrawn, family);
  const updates: UpdateMessage[] = [];
  for (let i = 0; i < withdrawn.length; i += MAX_PREFIXES_PER_UPDATE) {
    updates.push({ type: 'update', withdrawnRoutes: withdrawn.slice(i, i + MAX_PREFIXES_PER_UPDATE), pathAttributes: [], nlri: [] });
  }
  const groups = new Map<string, { attributes: PathAttribute[]; prefixes: string[] }>();
  for (const r of announced) {
    const key = attributesKey(r.attributes);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { attributes: r.attributes, prefixes: [] }));
    g.prefixes.push(r.prefix);
  }
  for (const g of groups.values()) {
    for (let i = 0; i < g.prefixes.length; i += MAX_PREFIXES_PER_UPDATE) {
      updates.push({ type: 'update', withdrawnRoutes: [], pathAttributes: g.attributes, nlri: g.prefixes.slice(i, i + MAX_PREFIXES_PER_UPDATE) });
    }
  }
  return updates;
}

function packMp(announced: readonly { prefix: string; attributes: PathAttribute[]; labels?: number[] }[], withdrawn: readonly string[], family: BgpFamily): UpdateMessage[] {
  const { afi, safi } = FAMILY[family];
  const vpn = isVpnFamily(family);
  const max = vpn ? MAX_VPN_PREFIXES_PER_UPDATE : MAX_IPV6_PREFIXES_PER_UPDATE;
  const updates: UpdateMessage[] = [];
  for (let i = 0; i < withdrawn.length; i += max) {
    const withdrawnRoutes = withdrawn.slice(i, i + max);
    updates.push({ type: 'update', withdrawnRoutes: [], pathAttributes: [{ type: 'mpUnreachNlri', afi, safi, withdrawnRoutes }], nlri: [] });
  }
  const groups = new Map<string, { attributes: PathAttribute[]; prefixes: string[]; labels: number[][] }>();
  for (const r of announced) {
    const key = attributesKey(r.attributes);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { attributes: r.attributes, prefixes: [], labels: [] }));
    g.prefixes.push(r.prefix);
    if (vpn) g.labels.push(r.labels ?? NO_LABEL);
  }
  for (const g of groups.values()) {
    for (let i = 0; i < g.prefixes.length; i += max) {
      const nlri = g.prefixes.slice(i, i + max);
      const labels = vpn ? { labels: g.labels.slice(i, i + max) } : {};
      let placed = false;
      const pathAttributes = g.attributes.map((a): PathAttribute => {
        if (a.type !== 'mpReachNlri') return a;
        placed = true;
        return { ...a, nlri, ...labels };
      });
      // A route without its MP_REACH_NLRI (none should reach here) still goes out, with an unspecified next hop.
      if (!placed) pathAttributes.push({ type: 'mpReachNlri', afi, safi, nextHops: [vpn && afi === 1 ? '0.0.0.0' : '::'], nlri, ...labels });
      updates.push({ type: 'update', withdrawnRoutes: [], pathAttributes, nlri: [] });
    }
  }
  return updates;
}
