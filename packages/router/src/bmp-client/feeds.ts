import type { BgpConfig, BmpSessionConfig, RouteMode } from '../config/device-config.js';
import { peerEnabledIn } from '../config/device-config.js';
import type { RibName } from '../bgp/bgp-instance.js';
import { BGP_FAMILIES, canonicalAddress } from '../bgp/family.js';
import type { BgpFamily } from '../bgp/family.js';

/**
 * One stream of routes a BMP session reports: a peer's Adj-RIB-In or
 * Adj-RIB-Out, pre- or post-policy (L and O flags, RFC 7854 §4.2 and
 * RFC 8671), or the Loc-RIB (peer type 3, RFC 9069), of one address family.
 */
export interface Feed {
  key: string;
  family: BgpFamily;
  rib: RibName;
  /** Null for the Loc-RIB. */
  peer: string | null;
  postPolicy: boolean;
}

/**
 * ⚠ INFERRED: a `monitor` block without `route-mode` reports Adj-RIB-In
 * post-policy — `display default-parameter bmp` prints `route-mode :
 * post-policy` as the default, though the route-mode page says nothing is
 * reported by default.
 */
export const DEFAULT_ROUTE_MODE: RouteMode = { family: 'ipv4-unicast', rib: 'adj-rib-in', policy: 'post-policy' };

export function feedKey(rib: RibName, peer: string | null, postPolicy: boolean, family: BgpFamily = 'ipv4-unicast'): string {
  const base = `${rib}|${postPolicy ? 'post' : 'pre'}|${peer ?? 'loc-rib'}`;
  return family === 'ipv4-unicast' ? base : `${base}|${family}`;
}

/**
 * The per-peer header a feed is reported under: feeds of different families
 * of one peer, view and stage share it, and so one Peer Up and one
 * Statistics Report (RFC 7854: a Peer Up is per peer, not per family).
 */
export function headerKey(f: Feed): string {
  return `${f.rib}|${f.rib === 'loc-rib' || f.postPolicy ? 'post' : 'pre'}|${f.peer ?? 'loc-rib'}`;
}

/**
 * What a session reports, from its `monitor` blocks and the configured BGP
 * peers. IPv4 and IPv6 unicast are carried; a route-mode of another family
 * (labeled unicast, VPNv4, VPNv6) and `vpn-instance` targets select nothing,
 * as the lab has no such routes. A family's feeds select the peers enabled in
 * that family (`peer X enable` in its view). Adj-RIB-In pre-policy needs
 * `keep-all-routes`: without it the received routes are not kept, so that
 * stream is not reported.
 */
export function planFeeds(session: BmpSessionConfig, bgp: BgpConfig | null | undefined): Feed[] {
  const feeds = new Map<string, Feed>();
  const add = (family: BgpFamily, rib: RibName, peer: string | null, postPolicy: boolean) => {
    const key = feedKey(rib, peer, postPolicy, family);
    if (!feeds.has(key)) feeds.set(key, { key, family, rib, peer, postPolicy });
  };
  const peers = bgp?.peers ?? [];
  for (const monitor of session.monitors ?? []) {
    const target = monitor.target;
    const wanted = target.kind === 'peer' ? canonicalAddress(target.address) : null;
    const selected =
      target.kind === 'public' ? peers : target.kind === 'peer' ? peers.filter((p) => canonicalAddress(p.address) === wanted) : [];
    const modes = monitor.routeModes.length > 0 ? monitor.routeModes : [DEFAULT_ROUTE_MODE];
    for (const mode of modes) {
      const family = BGP_FAMILIES.find((f) => f === mode.family);
      if (!family) continue;
      if (mode.rib === 'local-rib') {
        // Loc-RIB is monitored under `monitor public` (and vpn-instance), not per peer.
        if (target.kind === 'public' && bgp) add(family, 'loc-rib', null, false);
        continue;
      }
      for (const peer of selected) {
        if (!peerEnabledIn(bgp, peer.address, family)) continue;
        if (mode.rib === 'adj-rib-in' && mode.policy === 'pre-policy' && !(bgp?.keepAllRoutes || peer.keepAllRoutes)) continue;
        add(family, mode.rib, canonicalAddress(peer.address), mode.policy === 'post-policy');
      }
    }
  }
  return [...feeds.values()];
}
