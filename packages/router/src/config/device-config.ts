import type { FamilyFilterPolicy, PeerPolicyBinding, PolicyConfig } from '../policy/policy-config.js';
import { canonicalAddress } from '../bgp/family.js';

/**
 * The configuration model of the emulated device: what `display
 * current-configuration` shows. Plain data (structured-clone safe), so the
 * candidate is a copy that a console edits and `commit` makes running.
 */
export interface DeviceConfig extends PolicyConfig {
  sysname: string;
  /** `ip vpn-instance NAME`, in creation order. */
  vpnInstances: string[];
  /** `bmp`; null while BMP is not configured (`undo bmp`). */
  bmp: BmpConfig | null;
  /** `bgp AS`; null while BGP is not configured. */
  bgp?: BgpConfig | null;
  /** What is configured inside each `ip vpn-instance NAME` (keyed by name; absent means nothing inside). */
  vpnInstanceSettings?: Record<string, VpnInstanceSettings>;
  /** `idle-timeout` of `user-interface vty` lines that differ from the default, in seconds, by VTY number. */
  vtyIdleTimeouts?: Record<string, number>;
}

/** The inside of an `ip vpn-instance` block (docs/vrp-behaviour.md §4). */
export interface VpnInstanceSettings {
  /**
   * `ipv4-family` (VPN instance view); absent until the family is entered.
   * ⚠ INFERRED: `route-distinguisher` and `vpn-target` typed in the VPN
   * instance view itself (the CE-series manuals' form) set this family's and
   * enable it, and the configuration shows them inside `ipv4-family`.
   */
  ipv4Family?: VpnFamilySettings;
  /** `ipv6-family` (VPN instance view): kept; its import targets decide which VPNv6 routes `policy vpn-target` keeps (no IPv6 BGP in the instance). */
  ipv6Family?: VpnFamilySettings;
}

/** A VPN instance's address family: its RD and VPN targets (RFC 4364 §4.2, RFC 4360 route targets). */
export interface VpnFamilySettings {
  routeDistinguisher?: string;
  /** `vpn-target … export-extcommunity` (or `both`), in the order typed. */
  exportTargets?: string[];
  /** `vpn-target … import-extcommunity` (or `both`), in the order typed. */
  importTargets?: string[];
}

/**
 * The VPN instances whose BGP runs, with their IPv4 RD: those with an
 * `ipv4-family vpn-instance NAME` block in BGP that exist and have an IPv4 RD
 * (an IPv4 family "takes effect only after being assigned an RD", the NE40E
 * `route-distinguisher` page).
 */
export function runningBgpVpnInstances(config: DeviceConfig): { name: string; rd: string }[] {
  return (config.bgp?.vpnInstances ?? []).flatMap((v) => {
    const rd = vpnIpv4Rd(config, v.name);
    return rd === null ? [] : [{ name: v.name, rd }];
  });
}

/** The RD of a VPN instance's IPv4 family; null when the instance or its RD does not exist. */
export function vpnIpv4Rd(config: Pick<DeviceConfig, 'vpnInstances' | 'vpnInstanceSettings'>, name: string): string | null {
  if (!config.vpnInstances.includes(name)) return null;
  return config.vpnInstanceSettings?.[name]?.ipv4Family?.routeDistinguisher ?? null;
}

export interface BmpConfig {
  /** `bmp-session …`, in creation order. */
  sessions: BmpSessionConfig[];
  /** `statistics-timer` in seconds; absent means the default, 3600. */
  statisticsTimer?: number;
  /** `connect-interface` of the BMP view (IPv4 source address). */
  connectInterface?: string;
}

export interface BmpSessionConfig {
  address: string;
  /** Null for the public network; never `_public_` (the seed forbids it). */
  vpnInstance: string | null;
  alias: string | null;
  /** `tcp connect port`; null when not set: the session cannot come up. */
  port: number | null;
  /** `connect-interface` of the session view (source address or interface name). */
  connectInterface?: string;
  /** `monitor …` blocks, in creation order. */
  monitors?: BmpMonitorConfig[];
  /**
   * `tcp connect port … password md5 …` / `… keychain …`. The password is
   * kept only as VRP cipher text (never the plain text it was typed as).
   */
  tcpAuthentication?: BmpTcpAuthentication;
  /** `trace-prefix …` of the session's `ipv4 unicast` and `ipv4 vpn` views (docs/vrp-behaviour.md, route trace). */
  trace?: BmpTraceConfig;
}

/** What a session traces with Route Policy and Attribute Trace messages; absent parts trace nothing. */
export interface BmpTraceConfig {
  /** `ipv4 unicast` entered (shown in the configuration even when empty). */
  ipv4Unicast?: { prefixes: TracePrefix[] };
  /** `ipv4 vpn` entered; each entry is one `trace-prefix route-distinguisher RD …` line. */
  ipv4Vpn?: { prefixes: { rd: string; prefix: TracePrefix }[] };
}

/** `a.b.c.d/len` (address as typed, host bits kept as VRP shows them), or every prefix. */
export type TracePrefix = string; /* 'all' or a.b.c.d/len */

export type BmpTcpAuthentication = { kind: 'md5'; cipher: string } | { kind: 'keychain'; name: string };

/** What a `monitor …` command selects (docs/vrp-behaviour.md §2.8). */
export type BmpMonitorTarget =
  | { kind: 'public' }
  | { kind: 'all-vpn-instance' }
  | { kind: 'peer'; address: string }
  | { kind: 'vpn-instance'; vpnInstance: string }
  | { kind: 'vpn-instance-peer'; vpnInstance: string; address: string };

export interface BmpMonitorConfig {
  target: BmpMonitorTarget;
  /** `route-mode …` lines of the block, in creation order. */
  routeModes: RouteMode[];
}

/** One `route-mode` line (docs/vrp-behaviour.md §2.9). */
export type RouteMode =
  | { family: AddressFamily; rib: 'adj-rib-in' | 'adj-rib-out'; policy: 'pre-policy' | 'post-policy' }
  | { family: AddressFamily; rib: 'local-rib'; option?: 'add-path' | 'all'; pathMarking?: boolean };

export type AddressFamily = 'ipv4-unicast' | 'ipv6-unicast' | 'ipv4-labeled-unicast' | 'ipv4-vpnv4' | 'ipv6-vpnv6';

export interface BgpConfig {
  asNumber: number;
  routerId?: string;
  /** `keep-all-routes` in the BGP view. */
  keepAllRoutes?: boolean;
  /**
   * `reflector cluster-id` (BGP view or IPv4 unicast view), as typed: a
   * number 1 to 4294967295 or a dotted IPv4 address; absent means the router ID.
   */
  reflectorClusterId?: string;
  /** `peer X as-number N`, in creation order. */
  peers: BgpPeerConfig[];
  /** `ipv4-family unicast` block. */
  ipv4Unicast?: BgpIpv4UnicastConfig;
  /** `ipv6-family unicast` block (BGP4+); absent until the view is entered. */
  ipv6Unicast?: BgpIpv6UnicastConfig;
  /** `ipv4-family vpn-instance NAME` blocks, in creation order: each VPN instance's own BGP peers. */
  vpnInstances?: BgpVpnInstanceConfig[];
  /** `ipv4-family vpnv4` block (VPNv4, RFC 4364); absent until the view is entered. */
  ipv4Vpnv4?: BgpVpnFamilyConfig;
  /** `ipv6-family vpnv6` block (VPNv6, RFC 4659); absent until the view is entered. */
  ipv6Vpnv6?: BgpVpnFamilyConfig;
}

/** The BGP-VPNv4 / BGP-VPNv6 address family view. */
export interface BgpVpnFamilyConfig {
  /** Peers enabled in the family (`peer X enable`); none is enabled automatically. */
  enabledPeers: string[];
}

/** The BGP-VPN instance IPv4 address family view (`ipv4-family vpn-instance NAME`). */
export interface BgpVpnInstanceConfig {
  name: string;
  /** `peer X as-number N` in that view (enabled in the instance's IPv4 unicast at once), in creation order. */
  peers: BgpPeerConfig[];
  /** `keep-all-routes` in that view. */
  keepAllRoutes?: boolean;
}

export interface BgpPeerConfig {
  address: string;
  asNumber: number;
  connectInterface?: string;
  keepAllRoutes?: boolean;
  /** `peer X reflect-client` (BGP view or IPv4 unicast view): the peer is a client of this route reflector in IPv4 unicast. */
  reflectClient?: boolean;
  /** `peer X next-hop-local` (BGP view or IPv4 unicast view): IPv4 routes go to this iBGP peer with our address as next hop. */
  nextHopLocal?: boolean;
}

export interface BgpIpv4UnicastConfig {
  /** Peers enabled in the family (`peer X enable`; added automatically with `peer X as-number`). */
  enabledPeers: string[];
  /** `network PREFIX [ MASK ]`, as `a.b.c.d/len`. */
  networks: string[];
  /** `import-route direct|static`. */
  importRoutes: ('direct' | 'static')[];
  /** `peer X route-policy|ip-prefix NAME import|export`, one entry per peer that has any, in peer order. */
  peerPolicies?: PeerPolicyBinding[];
  /** `filter-policy ip-prefix NAME import|export`: applies to every peer of the family. */
  filterPolicy?: FamilyFilterPolicy;
}

/** The `ipv6-family unicast` block of the BGP view (BGP4+). */
export interface BgpIpv6UnicastConfig {
  /** Peers enabled in the family (`peer X enable`); none is enabled automatically. */
  enabledPeers: string[];
  /** `network IPV6-ADDRESS PREFIX-LENGTH`, as `address/len` with the address as the parser stored it. */
  networks: string[];
  /** `peer X route-policy|ipv6-prefix … import|export` (`ipPrefix` holds the IPv6 prefix list's name here). */
  peerPolicies?: PeerPolicyBinding[];
  /** `import-route direct|static`; absent when none was given. */
  importRoutes?: ('direct' | 'static')[];
  /** `filter-policy ipv6-prefix NAME import|export` (IPv6 prefix lists): applies to every peer of the family. */
  filterPolicy?: FamilyFilterPolicy;
}

/** The address families a BGP block configures (`ipv4-family unicast`, `ipv6-family unicast`). */
export type BgpFamilyName = 'ipv4-unicast' | 'ipv6-unicast' | 'ipv4-vpnv4' | 'ipv6-vpnv6';

/**
 * Whether a peer is enabled in a family. `peer X as-number` enables an IPv4
 * peer in IPv4 unicast (a block written without `ipv4Unicast` counts its IPv4
 * peers as enabled, as VRP does by default); IPv6 peers, and every peer in
 * IPv6 unicast, need `peer X enable` in the family's view.
 */
export function peerEnabledIn(bgp: BgpConfig | null | undefined, address: string, family: BgpFamilyName): boolean {
  if (!bgp) return false;
  const key = canonicalAddress(address);
  const listed = (list: readonly string[] | undefined) => (list ?? []).some((a) => canonicalAddress(a) === key);
  if (family === 'ipv6-unicast') return listed(bgp.ipv6Unicast?.enabledPeers);
  if (family === 'ipv4-vpnv4') return listed(bgp.ipv4Vpnv4?.enabledPeers);
  if (family === 'ipv6-vpnv6') return listed(bgp.ipv6Vpnv6?.enabledPeers);
  if (!bgp.ipv4Unicast) return !address.includes(':');
  return listed(bgp.ipv4Unicast.enabledPeers);
}

export const DEFAULT_SYSNAME = 'HUAWEI';

/** VRP's default statistics-timer, in seconds (docs/vrp-behaviour.md §2.2). */
export const DEFAULT_STATISTICS_TIMER = 3600;

export function emptyConfig(sysname = DEFAULT_SYSNAME): DeviceConfig {
  return { sysname, vpnInstances: [], bmp: null, bgp: null };
}

/** A deep copy; the configuration is plain JSON data by construction. */
export function cloneConfig(config: DeviceConfig): DeviceConfig {
  return JSON.parse(JSON.stringify(config)) as DeviceConfig;
}

/** How the device tells BMP sessions apart: VPN instance, address and alias (seed: "the same IP address but different port numbers (by specifying the alias-name parameter)"). */
export interface BmpSessionId {
  address: string;
  vpnInstance: string | null;
  alias: string | null;
}

export function sessionKey(id: BmpSessionId): string {
  return `${id.vpnInstance ?? '_public_'}|${id.address}|${id.alias ?? ''}`;
}

/** Identity of a monitor block inside its session. */
export function monitorKey(t: BmpMonitorTarget): string {
  switch (t.kind) {
    case 'public':
    case 'all-vpn-instance':
      return t.kind;
    case 'peer':
      return `peer|${t.address}`;
    case 'vpn-instance':
      return `vpn|${t.vpnInstance}`;
    case 'vpn-instance-peer':
      return `vpn|${t.vpnInstance}|${t.address}`;
  }
}

export function findSession(config: DeviceConfig, id: BmpSessionId): BmpSessionConfig | undefined {
  const key = sessionKey(id);
  return config.bmp?.sessions.find((s) => sessionKey(s) === key);
}
