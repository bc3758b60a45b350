/**
 * Error texts of semantic checks (the line parsed, but the configuration
 * refuses it). ⚠ INFERRED unless noted: Huawei documents none of these for
 * the BMP and BGP commands (docs/vrp-behaviour.md §6 item 4); the wording follows VRP's
 * `Error: …` style and is kept in this one place.
 */
export const MSG = {
  /** The only device text found for a missing VPN instance (docs/vrp-behaviour.md §2.4, [S23]). */
  vpnMissing: 'Error: The VPN instance does not exist.',
  sessionMissing: 'Error: The BMP session does not exist.',
  configMissing: 'Error: The configuration does not exist.',
  monitorMissing: 'Error: The monitor configuration does not exist.',
  bgpAsDiffers: 'Error: The AS number is different from the AS number of the running BGP.',
  bgpMissing: 'Error: BGP is not configured.',
  peerMissing: 'Error: The peer does not exist.',
  rdExists: 'Error: The route distinguisher of the VPN instance cannot be changed. Delete it first.',
  rdMissing: 'Error: Configure the route distinguisher first.',
  badRegex: 'Error: The regular expression is invalid.',
  // Routing policy (⚠ INFERRED wording: the NE40E pages state the rules, not the device's text).
  /** `ip ip-prefix … greater-equal/less-equal` outside masklen <= ge <= le <= 32. */
  prefixRange: 'Error: The prefix range is invalid. It must meet: mask-length <= greater-equal-value <= less-equal-value <= 32.',
  /** `match-network` with an address other than 0.0.0.0. */
  matchNetwork: 'Error: The match-network parameter can be configured only when the IP address is 0.0.0.0.',
  /** ⚠ INFERRED wording, as the IPv4 ones with IPv6's bounds. */
  prefixRange6: 'Error: The prefix range is invalid. It must meet: mask-length <= greater-equal-value <= less-equal-value <= 128.',
  matchNetwork6: 'Error: The match-network parameter can be configured only when the IPv6 address is ::.',
  ipPrefixMissing: 'Error: The IP prefix list does not exist.',
  /** The NE40E page: an IP prefix list in use cannot be deleted. */
  ipPrefixInUse: 'Error: The IP prefix list is in use and cannot be deleted.',
  asPathFilterMissing: 'Error: The AS_Path filter does not exist.',
  communityFilterMissing: 'Error: The community filter does not exist.',
  /** Also what a peer command naming a route-policy that does not exist prints (route-policy nonexistent-config-check is on by default). */
  routePolicyMissing: 'Error: The route-policy does not exist.',
  routePolicyNodeMissing: 'Error: The node of the route-policy does not exist.',
  /** `display bgp routing-table ipv4-address` for a prefix the table does not have (seen on a VRP device). */
  networkMissing: 'Info: The network does not exist.',
} as const;
