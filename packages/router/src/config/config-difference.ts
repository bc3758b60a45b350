import type { DeviceConfig } from './device-config.js';

/**
 * Cheap, exact facts about whether two configurations print differently
 * (`renderConfig`), for the prompt's `*` / `~` on every line without
 * printing both configurations each time.
 */

/**
 * True when the two configurations surely print differently, judged in
 * constant time from counts that each map one-to-one onto printed lines;
 * false means "cannot tell this cheaply", not "equal".
 */
export function surelyPrintDifferently(a: DeviceConfig, b: DeviceConfig): boolean {
  // `sysname X` is always printed; each VPN instance prints one `ip vpn-instance` block.
  if (a.sysname !== b.sysname || a.vpnInstances.length !== b.vpnInstances.length) return true;
  const bgpA = a.bgp ?? null;
  const bgpB = b.bgp ?? null;
  // `bgp AS` is printed exactly when BGP is configured; each peer prints one `peer X as-number N` line in it.
  if ((bgpA === null) !== (bgpB === null)) return true;
  if (bgpA && bgpB) {
    if (bgpA.asNumber !== bgpB.asNumber || bgpA.peers.length !== bgpB.peers.length) return true;
    if ((bgpA.routerId || '') !== (bgpB.routerId || '')) return true;
    // Each network prints one `network` line; the IPv6 block is printed exactly when it exists.
    if ((bgpA.ipv4Unicast?.networks.length ?? 0) !== (bgpB.ipv4Unicast?.networks.length ?? 0)) return true;
    if (!bgpA.ipv6Unicast !== !bgpB.ipv6Unicast) return true;
    if ((bgpA.ipv6Unicast?.networks.length ?? 0) !== (bgpB.ipv6Unicast?.networks.length ?? 0)) return true;
  }
  // `bmp` is printed exactly when BMP is configured; each session prints one `bmp-session` block.
  if (!a.bmp !== !b.bmp) return true;
  if (a.bmp && b.bmp && a.bmp.sessions.length !== b.bmp.sessions.length) return true;
  // Each route-policy node prints one `route-policy` block; each entry of a prefix list or filter prints one
  // line of its own kind (`ip ip-prefix`, `ip ipv6-prefix`, `ip as-path-filter`, `ip community-filter`).
  if (count(a.routePolicies, (p) => p.nodes.length) !== count(b.routePolicies, (p) => p.nodes.length)) return true;
  if (count(a.ipPrefixes, entries) !== count(b.ipPrefixes, entries)) return true;
  if (count(a.ipv6Prefixes, entries) !== count(b.ipv6Prefixes, entries)) return true;
  if (count(a.asPathFilters, entries) !== count(b.asPathFilters, entries)) return true;
  if (count(a.communityFilters, entries) !== count(b.communityFilters, entries)) return true;
  return false;
}

function count<T>(list: readonly T[] | undefined, size: (item: T) => number): number {
  let n = 0;
  for (const item of list ?? []) n += size(item);
  return n;
}

const entries = (x: { entries: readonly unknown[] }) => x.entries.length;

/**
 * Whether peer `index` prints a different `peer X as-number N` line in the two
 * configurations. The BGP block prints one such line per peer, in peer
 * order, and the word after the address tells it from the peer's other
 * lines: so when the peer lists have the same length, a difference here is a
 * difference in the text. Constant time: it re-checks a difference found
 * earlier while the same paste edits other peers.
 */
export function peerLineDiffers(a: DeviceConfig, b: DeviceConfig, index: number): boolean {
  const peersA = a.bgp?.peers;
  const peersB = b.bgp?.peers;
  if (!peersA || !peersB || peersA.length !== peersB.length || index >= peersA.length) return false;
  const x = peersA[index]!;
  const y = peersB[index]!;
  return x.address !== y.address || x.asNumber !== y.asNumber;
}

/** The first peer whose `peer X as-number N` line differs (see `peerLineDiffers`); -1 if none. */
export function firstPeerLineDifference(a: DeviceConfig, b: DeviceConfig): number {
  const n = a.bgp?.peers.length ?? 0;
  for (let i = 0; i < n; i++) if (peerLineDiffers(a, b, i)) return i;
  return -1;
}

/**
 * Structural equality of plain JSON-like data: same keys (an own key holding
 * `undefined` counts), same values, same array order. Two configurations
 * equal by it print the same text, since printing is a function of the data.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  // for…in over plain data: no key arrays allocated per object (this runs over every peer of a large configuration).
  let keys = 0;
  for (const k in x) {
    if (!Object.prototype.hasOwnProperty.call(y, k) || !sameData(x[k], y[k])) return false;
    keys++;
  }
  // Every key of `x` is in `y`: the key sets are equal when `y` has no more keys.
  for (const _k in y) {
    if (--keys < 0) return false;
  }
  return keys === 0;
}
