import type { BgpConfig, BmpSessionConfig, RouteMode } from '../config/device-config.js';
import type { RibName } from '../bgp/bgp-instance.js';

/**
 * One stream of routes a BMP session reports: a peer's Adj-RIB-In or
 * Adj-RIB-Out, pre- or post-policy (L and O flags, RFC 7854 §4.2 and
 * RFC 8671), or the Loc-RIB (peer type 3, RFC 9069).
 */
export interface Feed {
  key: string;
  rib: RibName;
  /** Null for the Loc-RIB. */
  peer: string | null;
  postPolicy: boolean;
}

/**
 * ⚠ INFERRED: a `monitor` block without `route-mode` reports Adj-RIB-In
 * post-policy — `display default-parameter bmp` prints `route-mode :
 * post-policy` as the default (reference §2.12), though the route-mode page
 * says nothing is reported by default.
 */
export const DEFAULT_ROUTE_MODE: RouteMode = { family: 'ipv4-unicast', rib: 'adj-rib-in', policy: 'post-policy' };

export function feedKey(rib: RibName, peer: string | null, postPolicy: boolean): string {
  return `${rib}|${postPolicy ? 'post' : 'pre'}|${peer ?? 'loc-rib'}`;
}

/**
 * What a session reports, from its `monitor` blocks and the configured BGP
 * peers. The lab carries IPv4 unicast only and has no VPN-instance peers, so
 * other families and `vpn-instance` targets select nothing. Adj-RIB-In
 * pre-policy needs `keep-all-routes` (reference §2.9 precaution): without it
 * the received routes are not kept, so that stream is not reported.
 */
export function planFeeds(session: BmpSessionConfig, bgp: BgpConfig | null | undefined): Feed[] {
  const feeds = new Map<string, Feed>();
  const add = (rib: RibName, peer: string | null, postPolicy: boolean) => {
    const key = feedKey(rib, peer, postPolicy);
    if (!feeds.has(key)) feeds.set(key, { key, rib, peer, postPolicy });
  };
  const peers = bgp?.peers ?? [];
  for (const monitor of session.monitors ?? []) {
    const target = monitor.target;
    const selected =
      target.kind === 'public' ? peers : target.kind === 'peer' ? peers.filter((p) => p.address === target.address) : [];
    const modes = monitor.routeModes.length > 0 ? monitor.routeModes : [DEFAULT_ROUTE_MODE];
    for (const mode of modes) {
      if (mode.family !== 'ipv4-unicast') continue;
      if (mode.rib === 'local-rib') {
        // Loc-RIB is monitored under `monitor public` (and vpn-instance), not per peer (reference §2.9).
        if (target.kind === 'public' && bgp) add('loc-rib', null, false);
        continue;
      }
      for (const peer of selected) {
        if (mode.rib === 'adj-rib-in' && mode.policy === 'pre-policy' && !(bgp?.keepAllRoutes || peer.keepAllRoutes)) continue;
        add(mode.rib, peer.address, mode.policy === 'post-policy');
      }
    }
  }
  return [...feeds.values()];
}
