import type { BmpSessionView } from '@bmp-lab/protocol';
import { ipv4ToNumber } from '../features/ipv4.js';

const collator = new Intl.Collator('en', { numeric: true });

/** Dotted-quad IPv4 as a sortable number; non-IPv4 text sorts after, by text. */
function ipv4Rank(address: string): number {
  return ipv4ToNumber(address) ?? Number.POSITIVE_INFINITY;
}

/**
 * The order `display bmp session` lists sessions in: public-network sessions
 * first, then by VPN instance, address (numerically), alias (none first).
 * ⚠ INFERRED: the reference shows no multi-session sample; this is the order
 * a reader expects and it is stable whatever order the server sends rows in.
 */
export function compareSessions(a: BmpSessionView, b: BmpSessionView): number {
  if (a.vpnInstance !== b.vpnInstance) {
    if (a.vpnInstance === null) return -1;
    if (b.vpnInstance === null) return 1;
    return collator.compare(a.vpnInstance, b.vpnInstance);
  }
  const ra = ipv4Rank(a.address);
  const rb = ipv4Rank(b.address);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (a.address !== b.address) return collator.compare(a.address, b.address);
  if (a.alias !== b.alias) {
    if (a.alias === null) return -1;
    if (b.alias === null) return 1;
    return collator.compare(a.alias, b.alias);
  }
  return collator.compare(a.key, b.key);
}

export function sortedKeys(byKey: Readonly<Record<string, BmpSessionView>>): string[] {
  return Object.values(byKey)
    .sort(compareSessions)
    .map((s) => s.key);
}
