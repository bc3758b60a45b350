import type { BmpMonitorTarget } from '../config/device-config.js';

/**
 * The view tree of the emulated device (docs/vrp-behaviour.md §1). A frame is one open
 * view; its suffix is what the prompt shows after the sysname.
 */
export const VIEW = {
  user: 'user',
  system: 'system',
  bmp: 'bmp',
  bmpSession: 'bmp-session',
  bmpMonitor: 'bmp-monitor',
  bmpSessionIpv4Unicast: 'bmp-session-ipv4-unicast',
  bmpSessionIpv4Vpn: 'bmp-session-ipv4-vpn',
  bgp: 'bgp',
  bgpAfIpv4: 'bgp-af-ipv4',
  bgpAfIpv6: 'bgp-af-ipv6',
  bgpAfVpnv4: 'bgp-af-vpnv4',
  bgpAfVpnv6: 'bgp-af-vpnv6',
  vpnInstance: 'vpn-instance',
  vpnInstanceAfIpv4: 'vpn-instance-af-ipv4',
  vpnInstanceAfIpv6: 'vpn-instance-af-ipv6',
  bgpVpnInstance: 'bgp-vpn-instance',
  routePolicy: 'route-policy',
  uiVty: 'ui-vty',
} as const;

export type ViewId = (typeof VIEW)[keyof typeof VIEW];

export const ALL_VIEWS: readonly ViewId[] = Object.values(VIEW);
/** "All views except the user view" of the command pages. */
export const CONFIG_VIEWS: readonly ViewId[] = ALL_VIEWS.filter((v) => v !== VIEW.user);

/** The views a BMP session's address, VPN instance and alias belong to. */
interface SessionRef {
  sessionKey: string;
  address: string;
  alias: string | null;
}

export type ViewFrame =
  | { view: 'user' }
  | { view: 'system' }
  | { view: 'bmp' }
  | ({ view: 'bmp-session' } & SessionRef)
  | ({ view: 'bmp-monitor'; target: BmpMonitorTarget } & SessionRef)
  /** `ipv4 unicast` / `ipv4 vpn` of a BMP session, where `trace-prefix` is set. */
  | ({ view: 'bmp-session-ipv4-unicast' } & SessionRef)
  | ({ view: 'bmp-session-ipv4-vpn' } & SessionRef)
  | { view: 'bgp' }
  | { view: 'bgp-af-ipv4' }
  | { view: 'bgp-af-ipv6' }
  /** `ipv4-family vpnv4` / `ipv6-family vpnv6` of the BGP view. */
  | { view: 'bgp-af-vpnv4' }
  | { view: 'bgp-af-vpnv6' }
  | { view: 'vpn-instance'; name: string }
  | { view: 'vpn-instance-af-ipv4'; name: string }
  | { view: 'vpn-instance-af-ipv6'; name: string }
  /** `ipv4-family vpn-instance NAME` of the BGP view: the instance's own BGP peers. */
  | { view: 'bgp-vpn-instance'; name: string }
  /** One node of a route-policy (`route-policy NAME permit node N`). */
  | { view: 'route-policy'; name: string; node: number }
  /** `user-interface vty FIRST [ LAST ]`. */
  | { view: 'ui-vty'; first: number; last: number };

/** Prompt suffix of a frame; null for the user view. */
export function viewSuffix(frame: ViewFrame): string | null {
  switch (frame.view) {
    case 'user':
      return null;
    case 'system':
      return '';
    case 'bmp':
      return 'bmp';
    case 'bmp-session':
      return sessionSuffix(frame);
    case 'bmp-monitor':
      return `${sessionSuffix(frame)}-${monitorSuffix(frame.target)}`;
    case 'bmp-session-ipv4-unicast':
      // The trace-prefix page's example: `[*HUAWEI-bmp-session-10.1.1.1-ipv4-unicast]`.
      return `${sessionSuffix(frame)}-ipv4-unicast`;
    case 'bmp-session-ipv4-vpn':
      // ⚠ INFERRED from the unicast view's prompt.
      return `${sessionSuffix(frame)}-ipv4-vpn`;
    case 'bgp':
      return 'bgp';
    case 'bgp-af-ipv4':
      return 'bgp-af-ipv4';
    case 'bgp-af-ipv6':
      return 'bgp-af-ipv6';
    case 'bgp-af-vpnv4':
    case 'bgp-af-vpnv6':
      // The `policy vpn-target` page's example: `[HUAWEI-bgp-af-vpnv4]`.
      return frame.view;
    case 'vpn-instance':
      return `vpn-instance-${frame.name}`;
    case 'vpn-instance-af-ipv4':
      return `vpn-instance-${frame.name}-af-ipv4`;
    case 'vpn-instance-af-ipv6':
      return `vpn-instance-${frame.name}-af-ipv6`;
    case 'bgp-vpn-instance':
      // The NE40E L3VPN configuration examples: `[*PE1-bgp-vpna]` after `ipv4-family vpn-instance vpna`.
      return `bgp-${frame.name}`;
    case 'route-policy':
      // The NE40E command pages print `[*HUAWEI-route-policy]` whatever the policy's name and node.
      return 'route-policy';
    case 'ui-vty':
      return `ui-vty${frame.first}${frame.last === frame.first ? '' : `-${frame.last}`}`;
  }
}

/**
 * `[*HUAWEI-bmp-session-10.1.1.1]`, with an alias `…-10.1.1.1-a` (docs/vrp-behaviour.md §1).
 * ⚠ INFERRED: a VPN-instance session shows the same suffix; no source shows its prompt.
 */
function sessionSuffix(s: SessionRef): string {
  return `bmp-session-${s.address}${s.alias ? '-' + s.alias : ''}`;
}

/**
 * Only `-public` is confirmed (docs/vrp-behaviour.md §1). ⚠ INFERRED, following the
 * reference's suggestion `<session-prompt>-<target>`: `-all-vpn-instance`,
 * `-<peer>`, `-<vpn>`, `-<vpn>-<peer>`.
 */
function monitorSuffix(t: BmpMonitorTarget): string {
  switch (t.kind) {
    case 'public':
      return 'public';
    case 'all-vpn-instance':
      return 'all-vpn-instance';
    case 'peer':
      return t.address;
    case 'vpn-instance':
      return t.vpnInstance;
    case 'vpn-instance-peer':
      return `${t.vpnInstance}-${t.address}`;
  }
}
