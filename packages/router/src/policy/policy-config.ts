/**
 * Routing policy as configured (system view): IP prefix lists, AS-path
 * filters, community filters and route-policies. Plain data inside
 * DeviceConfig, so a candidate copy can edit it and `commit` makes it running.
 *
 * Semantics follow Huawei's NE40E "Routing Policy" configuration guide and
 * command reference (`ip ip-prefix`, `ip as-path-filter`, `ip
 * community-filter`, `route-policy`, `if-match …`, `apply …`); see
 * docs/vrp-behaviour.md.
 */

export type PolicyAction = 'permit' | 'deny';

/** `ip ip-prefix NAME [ index N ] { permit | deny } ADDRESS LEN [ match-network ] [ greater-equal GE ] [ less-equal LE ]`. */
export interface IpPrefixEntry {
  index: number;
  action: PolicyAction;
  /** The address as typed (host bits may be set; matching uses the first `maskLength` bits). */
  address: string;
  maskLength: number;
  matchNetwork?: boolean;
  greaterEqual?: number;
  lessEqual?: number;
}

export interface IpPrefixList {
  name: string;
  /** Sorted by index. */
  entries: IpPrefixEntry[];
}

/** `ip as-path-filter NAME [ index N ] { permit | deny } REGEX`. */
export interface AsPathFilterEntry {
  index: number;
  action: PolicyAction;
  /** A VRP regular expression over the AS_PATH text (`_` matches a delimiter). */
  regex: string;
}

export interface AsPathFilter {
  /** A number 1–256 or a name; kept as typed. */
  name: string;
  entries: AsPathFilterEntry[];
}

/** A community as configured: a number, `aa:nn`, or one of the well-known names. */
export type CommunityValue = string;

/** `ip community-filter { basic NAME | NUMBER } [ index N ] { permit | deny } COMMUNITY &<1-20>`. */
export interface CommunityFilterEntry {
  index: number;
  action: PolicyAction;
  /** Every listed community must be carried by the route for the entry to match (empty: any route). */
  communities: CommunityValue[];
}

export interface CommunityFilter {
  /** A number 1–99 (basic) or a basic filter's name; kept as typed. */
  name: string;
  entries: CommunityFilterEntry[];
}

/** One `if-match` clause of a route-policy node. */
export type PolicyMatch =
  | { kind: 'ip-prefix'; name: string }
  /** `if-match ipv6 address prefix-list NAME`: an IPv6 prefix list (`ip ipv6-prefix`). */
  | { kind: 'ipv6-prefix'; name: string }
  | { kind: 'as-path-filter'; names: string[] }
  | { kind: 'community-filter'; names: string[]; wholeMatch?: boolean };

/** One `apply` clause of a route-policy node. */
export type PolicyApply =
  | { kind: 'local-preference'; value: number }
  /** `apply cost [ + | - ] N` sets (or raises / lowers) the MED. */
  | { kind: 'cost'; value: number; op?: '+' | '-' }
  /** `apply community … [ additive ]`; `values` as configured (numbers, `aa:nn`, well-known names). */
  | { kind: 'community'; values: CommunityValue[]; additive: boolean }
  /** `apply community none`: the route leaves with no communities. */
  | { kind: 'community-none' }
  /**
   * `apply as-path AS… { additive | overwrite | delete }`: prepend the AS
   * numbers, replace the AS_PATH with them, or remove them from it;
   * `apply as-path none overwrite` is `overwrite` with no AS numbers (the
   * AS_PATH is cleared).
   */
  | { kind: 'as-path'; asns: number[]; mode: 'additive' | 'overwrite' | 'delete' }
  | { kind: 'origin'; value: 'igp' | 'egp' | 'incomplete'; egpAs?: number };

/** `route-policy NAME { permit | deny } node N` and the clauses inside it. */
export interface RoutePolicyNode {
  node: number;
  action: PolicyAction;
  matches: PolicyMatch[];
  applies: PolicyApply[];
}

export interface RoutePolicy {
  name: string;
  /** Sorted by node number. */
  nodes: RoutePolicyNode[];
}

/** Every policy object of the device, as the evaluator reads them. */
export interface PolicyConfig {
  ipPrefixes?: IpPrefixList[];
  /** `ip ipv6-prefix`: the same entries, with IPv6 addresses (upper case, as typed and cleared of host bits) and lengths up to 128. */
  ipv6Prefixes?: IpPrefixList[];
  asPathFilters?: AsPathFilter[];
  communityFilters?: CommunityFilter[];
  routePolicies?: RoutePolicy[];
}

/**
 * What a peer applies in one direction in one family (`peer X route-policy …
 * import|export`, and `peer X ip-prefix …` in IPv4 unicast or `peer X
 * ipv6-prefix …` in IPv6 unicast: `ipPrefix` names the family's prefix list).
 */
export interface PeerPolicyDirection {
  routePolicy?: string;
  ipPrefix?: string;
}

/** One peer's policies in the IPv4 unicast family. */
export interface PeerPolicyBinding {
  address: string;
  import?: PeerPolicyDirection;
  export?: PeerPolicyDirection;
}

/** `filter-policy ip-prefix NAME { import | export }` of the IPv4 unicast family: applies to every peer. */
export interface FamilyFilterPolicy {
  import?: string;
  export?: string;
}
