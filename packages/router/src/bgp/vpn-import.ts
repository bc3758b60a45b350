import { routeTargetHex, splitVpnPrefix } from '@bmp-lab/codec';
import type { PathAttribute } from '@bmp-lab/codec';
import type { DeviceConfig } from '../config/device-config.js';
import type { Route } from './route.js';

/**
 * How VPN routes reach VPN instances (RFC 4364 §4.3.1, §4.3.5): a VPN route
 * whose route targets (RFC 4360 extended communities) include one of an
 * instance's import targets (`vpn-target … import-extcommunity`) is a
 * candidate route of that instance's IPv4 unicast, keyed by its plain
 * prefix: the RD only tells VPN routes apart in the VPN tables. It then takes
 * part in the instance's best-path selection beside the instance's own
 * peers' routes, so it shows in the instance's Loc-RIB (and BMP reports it
 * with the instance's Loc-RIB, RFC 9069) and goes to the instance's peers.
 */

/** The import targets of every VPN instance whose family has an RD, as 16-hex-digit extended communities. */
export function importTargets(device: DeviceConfig, family: 'ipv4Family' | 'ipv6Family'): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const name of device.vpnInstances) {
    const f = device.vpnInstanceSettings?.[name]?.[family];
    if (f?.routeDistinguisher === undefined) continue;
    out.set(name, new Set((f.importTargets ?? []).flatMap((t) => routeTargetHex(t) ?? [])));
  }
  return out;
}

/** Whether a route's extended communities carry one of these targets. */
export function carriesTarget(attributes: readonly PathAttribute[], targets: ReadonlySet<string>): boolean {
  if (targets.size === 0) return false;
  for (const a of attributes) if (a.type === 'extendedCommunities' && a.values.some((v) => targets.has(v.toLowerCase()))) return true;
  return false;
}

/** Whether a route carries a target any of these instances imports (`policy vpn-target`, on by default in VRP). */
export function importedByAny(attributes: readonly PathAttribute[], instances: ReadonlyMap<string, ReadonlySet<string>>): boolean {
  for (const targets of instances.values()) if (carriesTarget(attributes, targets)) return true;
  return false;
}

const unicastCache = new WeakMap<readonly PathAttribute[], PathAttribute[]>();

/**
 * A VPNv4 route's attributes as an IPv4 unicast route of an instance: the
 * MP_REACH_NLRI's next hop becomes NEXT_HOP (placed where RFC 4271 puts it,
 * after AS_PATH); the route targets stay with the route. Kept once per
 * attributes array, so imported routes of one UPDATE still share one.
 */
export function unicastAttributes(attributes: PathAttribute[]): PathAttribute[] {
  let out = unicastCache.get(attributes);
  if (out === undefined) {
    const mp = attributes.find((a) => a.type === 'mpReachNlri');
    const nextHop: PathAttribute = { type: 'nextHop', value: mp?.type === 'mpReachNlri' ? (mp.nextHops[0] ?? '0.0.0.0') : '0.0.0.0' };
    out = [];
    let placed = false;
    for (const a of attributes) {
      if (a.type === 'mpReachNlri' || a.type === 'mpUnreachNlri') continue;
      out.push(a);
      if (a.type === 'asPath') {
        out.push(nextHop);
        placed = true;
      }
    }
    if (!placed) out.push(nextHop);
    unicastCache.set(attributes, out);
  }
  return out;
}

/** A VPNv4 route as the instance's IPv4 unicast candidate: the plain prefix, unicast attributes, no labels. */
export function importedRoute(route: Route): Route | null {
  const parts = splitVpnPrefix(route.prefix);
  if (parts === null) return null;
  return { prefix: parts.prefix, attributes: unicastAttributes(route.attributes), source: route.source, at: route.at };
}
