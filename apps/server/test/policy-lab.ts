/**
 * The routing-policy setup the interop tests share, as console lines typed
 * from the system view: an import filter on 10.2.2.2 (deny 198.18.1.0/24)
 * that also adds community 100:200, local preference 200 on AS 300's
 * 198.18.0.0/24, and an export filter keeping 203.0.113.0/24 from 10.3.3.3;
 * both peers with keep-all-routes. Ends back in the system view.
 */
export const STAGED_POLICY_LINES: readonly string[] = [
  'ip ip-prefix no-198-18-1 index 10 deny 198.18.1.0 24',
  'ip ip-prefix no-198-18-1 index 20 permit 0.0.0.0 0 less-equal 32',
  'ip ip-prefix p-198-18-0 index 10 permit 198.18.0.0 24',
  'ip ip-prefix no-203 index 10 deny 203.0.113.0 24',
  'ip ip-prefix no-203 index 20 permit 0.0.0.0 0 less-equal 32',
  'route-policy from-200 permit node 10',
  'if-match ip-prefix no-198-18-1',
  'apply community 100:200 additive',
  'quit',
  'route-policy from-300 permit node 10',
  'if-match ip-prefix p-198-18-0',
  'apply local-preference 200',
  'quit',
  'route-policy from-300 permit node 20',
  'quit',
  'bgp 100',
  'peer 10.2.2.2 as-number 200',
  'peer 10.3.3.3 as-number 300',
  'keep-all-routes',
  'peer 10.2.2.2 route-policy from-200 import',
  'peer 10.3.3.3 route-policy from-300 import',
  'peer 10.3.3.3 ip-prefix no-203 export',
  'quit',
];

/** A BMP session (typed in the BMP view) reporting every IPv4 stage: Adj-RIB-In and -Out pre/post, Loc-RIB; ends in the BMP view. */
export function everyStageSession(address: string, port: number): string[] {
  return [
    `bmp-session ${address}`,
    `tcp connect port ${port}`,
    'monitor public',
    'route-mode ipv4-family unicast adj-rib-in pre-policy',
    'route-mode ipv4-family unicast adj-rib-in post-policy',
    'route-mode ipv4-family unicast adj-rib-out pre-policy',
    'route-mode ipv4-family unicast adj-rib-out post-policy',
    'route-mode ipv4-family unicast local-rib',
    'quit',
    'quit',
  ];
}
