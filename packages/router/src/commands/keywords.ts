/**
 * `?` descriptions of every keyword the device knows, in one place so that a
 * word reads the same in every command. ⚠ INFERRED: Huawei's pages do not
 * print the help strings of these keywords (reference §3.6, §6 item 4); the
 * wording follows VRP's style (`clear  Clear operation`, `display  Display
 * information`).
 */
export const KEYWORD_HELP = {
  undo: 'Negate a command or set its default',
  display: 'Display information',
  bmp: 'BGP Monitoring Protocol (BMP)',
  'bmp-session': 'Specify a BMP session address',
  'vpn-instance': 'Specify a VPN instance',
  alias: 'Specify an alias name of the BMP session',
  tcp: 'Configure TCP connection parameters',
  connect: 'The device initiates the TCP connection',
  port: 'Specify the port number of the monitoring server',
  password: 'Specify an authentication password',
  md5: 'MD5 authentication',
  keychain: 'Keychain authentication',
  'connect-interface': 'Specify the source interface or address of the TCP connection',
  'statistics-timer': 'Set the interval for sending BMP statistics report messages',
  monitor: 'Specify the BGP peers to monitor',
  public: 'BGP peers of the public network',
  'all-vpn-instance': 'BGP peers of all VPN instances',
  peer: 'Specify a BGP peer',
  'route-mode': 'Specify the type of routes to report',
  'ipv4-family': 'IPv4 address family',
  'ipv6-family': 'IPv6 address family',
  unicast: 'Unicast address family',
  'labeled-unicast': 'Labeled unicast address family',
  vpnv4: 'VPNv4 address family',
  vpnv6: 'VPNv6 address family',
  'adj-rib-in': 'Routes received from peers (Adj-RIB-In)',
  'adj-rib-out': 'Routes advertised to peers (Adj-RIB-Out)',
  'pre-policy': 'Routes before the routing policy is applied',
  'post-policy': 'Routes after the routing policy is applied',
  'local-rib': 'Routes of the Local-RIB',
  'add-path': 'Report Add-Path routes',
  all: 'Report all routes',
  'path-marking': 'Report the path status',
  reset: 'Reset operation',
  session: 'BMP session',
  verbose: 'Detailed information',
  'default-parameter': 'Default parameters',
  'current-configuration': 'Current configuration',
  configuration: 'Configuration',
  candidate: 'Candidate configuration',
  changes: 'Uncommitted configuration changes',
  this: 'Configuration of the current view',
  version: 'System version information',
  bgp: 'Border Gateway Protocol (BGP)',
  'routing-table': 'Routing table',
  'bmp-monitor': 'BMP monitoring of BGP peers',
  ipv4: 'IPv4 address family',
  'router-id': 'Configure a router ID',
  'as-number': 'Specify the AS number of the peer',
  enable: 'Enable the peer in the address family',
  'keep-all-routes': 'Keep all routes received from peers',
  network: 'Advertise a route to BGP',
  'import-route': 'Import routes of other protocols',
  direct: 'Direct routes',
  static: 'Static routes',
  ip: 'Specify IP configuration',
  'route-distinguisher': 'Configure a route distinguisher',
  sysname: 'Specify the host name',
  commit: 'Commit configuration',
  quit: 'Exit from the current mode and enter the prior mode',
  return: 'Return to the user view',
  'system-view': 'Enter the system view',
  clear: 'Clear operation',
  'screen-length': 'Set the number of lines displayed on a screen',
  temporary: 'Take effect on the current user terminal interface only',
} as const;

export type Keyword = keyof typeof KEYWORD_HELP;

/** The help texts of a command's keywords, with per-command wording where a word means something else there. */
export function keywords(words: readonly Keyword[], overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...Object.fromEntries(words.map((w) => [w, KEYWORD_HELP[w]])), ...overrides };
}

