import type { BmpSessionView } from '@bmp-lab/protocol';

const collator = new Intl.Collator('en', { numeric: true });

/** Dotted-quad IPv4 as a sortable number; non-IPv4 text sorts after, by text. */
function ipv4Rank(address: string): number {
  const parts = address.split('.');
  if (parts.length !== 4) return Number.POSITIVE_INFINITY;
  let n = 0;
  for (const p of parts) {
    const octet = Number(p);
    if (!/^\d{1,3}$/.test(p) || octet > 255) return Number.POSITIVE_INFINITY;
    n = n * 256 + octet;
  }
  return n;
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
