import type { PathAttribute, UpdateMessage } from '@bmp-lab/codec';
import { familyOf } from './family.js';
import type { BgpFamily } from './family.js';

/** What one UPDATE says about one address family. */
export interface FamilyPart {
  family: BgpFamily;
  withdrawn: readonly string[];
  announced: readonly string[];
  /**
   * The attributes the announced routes share, as a RIB keeps them: for IPv4
   * unicast without any MP attribute; for IPv6 unicast with the
   * MP_REACH_NLRI's next hop and an empty NLRI (the prefixes are the RIB's keys).
   */
  attributes: PathAttribute[];
  /** An End-of-RIB marker for the family (RFC 4724 §2). */
  endOfRib: boolean;
  /** VPN families: the label stack of each announced route, in `announced` order. */
  labels?: readonly number[][];
}

/**
 * Split an UPDATE by address family (RFC 4760): the IPv4 unicast routes of
 * its own fields, and the routes of each MP_REACH_NLRI / MP_UNREACH_NLRI of a
 * family the lab carries (others are ignored). An UPDATE with no MP
 * attribute yields one IPv4 part whose attributes are the UPDATE's own array,
 * so routes of one UPDATE keep sharing it (caches key on that identity).
 */
export function splitUpdate(u: UpdateMessage): FamilyPart[] {
  const attrs = u.pathAttributes;
  let mp = false;
  for (const a of attrs) if (a.type === 'mpReachNlri' || a.type === 'mpUnreachNlri') mp = true;
  if (!mp) {
    const endOfRib = u.withdrawnRoutes.length === 0 && u.nlri.length === 0 && attrs.length === 0;
    return [{ family: 'ipv4-unicast', withdrawn: u.withdrawnRoutes, announced: u.nlri, attributes: attrs, endOfRib }];
  }
  const parts: FamilyPart[] = [];
  if (u.withdrawnRoutes.length > 0 || u.nlri.length > 0) {
    const v4 = attrs.filter((a) => a.type !== 'mpReachNlri' && a.type !== 'mpUnreachNlri');
    parts.push({ family: 'ipv4-unicast', withdrawn: u.withdrawnRoutes, announced: u.nlri, attributes: v4, endOfRib: false });
  }
  for (const a of attrs) {
    if (a.type === 'mpUnreachNlri') {
      const family = familyOf(a.afi, a.safi);
      if (!family || family === 'ipv4-unicast') continue;
      const reach = attrs.some((x) => x.type === 'mpReachNlri' && familyOf(x.afi, x.safi) === family);
      // RFC 4724 §2: an UPDATE whose only attribute is an empty MP_UNREACH_NLRI ends the family's table.
      const endOfRib = a.withdrawnRoutes.length === 0 && attrs.length === 1 && !reach;
      parts.push({ family, withdrawn: a.withdrawnRoutes, announced: [], attributes: [], endOfRib });
    } else if (a.type === 'mpReachNlri') {
      const family = familyOf(a.afi, a.safi);
      if (!family || family === 'ipv4-unicast') continue;
      const attributes = attrs.filter((x) => x.type !== 'mpUnreachNlri').map((x) => (x === a ? withoutPrefixes(a) : x));
      const part: FamilyPart = { family, withdrawn: [], announced: a.nlri, attributes, endOfRib: false };
      if (a.labels) part.labels = a.labels;
      parts.push(part);
    }
  }
  return parts;
}

/** An MP_REACH_NLRI as a RIB keeps it: the next hop alone, the prefixes and their labels being the routes'. */
function withoutPrefixes(a: Extract<PathAttribute, { type: 'mpReachNlri' }>): PathAttribute {
  const { labels: _labels, ...rest } = a;
  return { ...rest, nlri: [] };
}

/** The next hop of a route's attributes: NEXT_HOP, or the first MP_REACH_NLRI next hop. */
export function nextHopOf(attributes: readonly PathAttribute[]): string | undefined {
  for (const a of attributes) {
    if (a.type === 'nextHop') return a.value;
    if (a.type === 'mpReachNlri') return a.nextHops[0];
  }
  return undefined;
}
