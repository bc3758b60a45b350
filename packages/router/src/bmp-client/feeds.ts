import type { BgpConfig, BmpMonitorConfig, BmpSessionConfig, RouteMode } from '../config/device-config.js';
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
  /** The VPN instance whose RIB the feed reports (an RD instance peer, or its Loc-RIB); null for the public network. */
  vpnInstance: string | null;
}

/**
 * ⚠ INFERRED: a `monitor` block without `route-mode` reports Adj-RIB-In
 * post-policy — `display default-parameter bmp` prints `route-mode :
 * post-policy` as the default, though the route-mode page says nothing is
 * reported by default.
 */
export const DEFAULT_ROUTE_MODE: RouteMode = { family: 'ipv4-unicast', rib: 'adj-rib-in', policy: 'post-policy' };

export function feedKey(rib: RibName, peer: string | null, postPolicy: boolean, family: BgpFamily = 'ipv4-unicast', vpnInstance: string | null = null): string {
  const base = `${rib}|${postPolicy ? 'post' : 'pre'}|${peer ?? 'loc-rib'}`;
  const key = family === 'ipv4-unicast' ? base : `${base}|${family}`;
  return vpnInstance === null ? key : `${key}|vpn|${vpnInstance}`;
}

/**
 * The per-peer header a feed is reported under: feeds of different families
 * of one peer, view and stage share it, and so one Peer Up and one
 * Statistics Report (RFC 7854: a Peer Up is per peer, not per family).
 */
export function headerKey(f: Feed): string {
  const key = `${f.rib}|${f.rib === 'loc-rib' || f.postPolicy ? 'post' : 'pre'}|${f.peer ?? 'loc-rib'}`;
  return f.vpnInstance === null ? key : `${key}|vpn|${f.vpnInstance}`;
}

/**
 * What a session reports, from its `monitor` blocks and the configured BGP
 * peers. IPv4 and IPv6 unicast, VPNv4 and VPNv6 are carried (a VPN family's
 * peers are global instance peers: the RD is in each NLRI); a route-mode of
 * labeled unicast selects nothing, as the lab has no such routes. A family's feeds select the peers enabled in that family (`peer X
 * enable` in its view). Adj-RIB-In pre-policy needs `keep-all-routes`:
 * without it the received routes are not kept, so that stream is not
 * reported. `vpn-instance` and `all-vpn-instance` targets select the peers
 * and Loc-RIB of the VPN instances whose BGP runs (`vpnInstances`: those
 * with `ipv4-family vpn-instance` and an IPv4 RD), IPv4 unicast only.
 */
export function planFeeds(session: BmpSessionConfig, bgp: BgpConfig | null | undefined, vpnInstances: readonly string[] = []): Feed[] {
  const feeds = new Map<string, Feed>();
  const add = (family: BgpFamily, rib: RibName, peer: string | null, postPolicy: boolean) => {
    const key = feedKey(rib, peer, postPolicy, family);
    if (!feeds.has(key)) feeds.set(key, { key, family, rib, peer, postPolicy, vpnInstance: null });
  };
  const peers = bgp?.peers ?? [];
  for (const monitor of session.monitors ?? []) {
    const target = monitor.target;
    if (target.kind === 'all-vpn-instance' || target.kind === 'vpn-instance' || target.kind === 'vpn-instance-peer') {
      for (const f of planVpnFeeds(monitor, bgp, vpnInstances)) if (!feeds.has(f.key)) feeds.set(f.key, f);
      continue;
    }
    const wanted = target.kind === 'peer' ? canonicalAddress(target.address) : null;
    const selected = target.kind === 'public' ? peers : target.kind === 'peer' ? peers.filter((p) => canonicalAddress(p.address) === wanted) : [];
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

/**
 * The feeds of one `monitor vpn-instance NAME [ peer X ]` or `monitor
 * all-vpn-instance` block: each selected instance's peers (RD instance peers,
 * RFC 7854 §4.2 peer type 1) and, with `route-mode … local-rib`, its Loc-RIB
 * (RFC 9069 peer type 3 with the instance's RD). Only IPv4 unicast: a VPN
 * instance's BGP carries that family alone in the lab.
 */
function planVpnFeeds(monitor: BmpMonitorConfig, bgp: BgpConfig | null | undefined, running: readonly string[]): Feed[] {
  const target = monitor.target;
  const names =
    target.kind === 'all-vpn-instance' ? running : target.kind === 'vpn-instance' || target.kind === 'vpn-instance-peer' ? running.filter((n) => n === target.vpnInstance) : [];
  const wanted = target.kind === 'vpn-instance-peer' ? canonicalAddress(target.address) : null;
  const out: Feed[] = [];
  const modes = monitor.routeModes.length > 0 ? monitor.routeModes : [DEFAULT_ROUTE_MODE];
  for (const name of names) {
    const instance = bgp?.vpnInstances?.find((v) => v.name === name);
    if (!instance) continue;
    const add = (rib: RibName, peer: string | null, postPolicy: boolean) =>
      out.push({ key: feedKey(rib, peer, postPolicy, 'ipv4-unicast', name), family: 'ipv4-unicast', rib, peer, postPolicy, vpnInstance: name });
    for (const mode of modes) {
      if (mode.family !== 'ipv4-unicast') continue;
      if (mode.rib === 'local-rib') {
        // The instance's Loc-RIB is monitored with the instance, not per peer.
        if (wanted === null) add('loc-rib', null, false);
        continue;
      }
      for (const peer of instance.peers) {
        const address = canonicalAddress(peer.address);
        if (address.includes(':') || (wanted !== null && address !== wanted)) continue;
        if (mode.rib === 'adj-rib-in' && mode.policy === 'pre-policy' && !(instance.keepAllRoutes || peer.keepAllRoutes)) continue;
        add(mode.rib, address, mode.policy === 'post-policy');
      }
    }
  }
  return out;
}
