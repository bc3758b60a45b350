/**
 * The VPN configurations the router's and the server's VPN tests type, as VRP console lines from the system view: one
 * home for each, so the router's own tests and the interop tests configure the same thing. Both rest on the default
 * lab's neighbors (apps/server/labs/default.yaml): the CE 10.5.5.5 (AS 65005) inside VPN instance vpna, and 10.2.2.2
 * (AS 200), also a PE announcing VPNv4/VPNv6 routes.
 */

/**
 * VPN instance vpna (IPv4, RD 100:1, VPN target 100:1 both) and the CE 10.5.5.5 as its BGP peer. Ends in the
 * BGP-VPN instance view of vpna, so a test can add to the peer (`keep-all-routes`, …) before leaving it.
 */
export const VPNA_CE_LINES: readonly string[] = [
  'ip vpn-instance vpna',
  'ipv4-family',
  'route-distinguisher 100:1',
  'vpn-target 100:1 both',
  'quit',
  'quit',
  'bgp 100',
  'ipv4-family vpn-instance vpna',
  'peer 10.5.5.5 as-number 65005',
];

/**
 * VPN instance vpna in both families (IPv4: RD 100:1, target 100:1 both; IPv6: RD 100:1, import 100:1), 10.2.2.2
 * enabled in `ipv4-family vpnv4` and `ipv6-family vpnv6`, and vpna's BGP instance (so its Loc-RIB takes the VPNv4
 * routes it imports). Ends back in the system view.
 */
export const PE_VPNV4_LINES: readonly string[] = [
  'ip vpn-instance vpna',
  'ipv4-family',
  'route-distinguisher 100:1',
  'vpn-target 100:1 both',
  'quit',
  'ipv6-family',
  'route-distinguisher 100:1',
  'vpn-target 100:1 import-extcommunity',
  'quit',
  'quit',
  'bgp 100',
  'peer 10.2.2.2 as-number 200',
  'ipv4-family vpnv4',
  'peer 10.2.2.2 enable',
  'quit',
  'ipv6-family vpnv6',
  'peer 10.2.2.2 enable',
  'quit',
  'ipv4-family vpn-instance vpna',
  'quit',
  'quit',
];

/**
 * In a BMP session's view, what the VPN tests monitor with PE_VPNV4_LINES: 10.2.2.2's VPNv4 and VPNv6 routes after
 * import policy (with their RD and label, RFC 4364 §4.3.4, RFC 4659) and vpna's Loc-RIB. Ends in the session's
 * `monitor vpn-instance vpna` view.
 */
export const PE_VPN_MONITOR_LINES: readonly string[] = [
  'monitor public',
  'route-mode ipv4-family vpnv4 adj-rib-in post-policy',
  'route-mode ipv6-family vpnv6 adj-rib-in post-policy',
  'quit',
  'monitor vpn-instance vpna',
  'route-mode ipv4-family unicast local-rib',
];
