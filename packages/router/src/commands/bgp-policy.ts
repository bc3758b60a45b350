import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandArgs } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import type { BgpConfig, BgpIpv4UnicastConfig, BgpIpv6UnicastConfig } from '../config/device-config.js';
import type { PeerPolicyBinding, PeerPolicyDirection } from '../policy/policy-config.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import { IP_PREFIX_NAME, IPV4, IPV6, ROUTE_POLICY_NAME } from './params.js';
import { ipv6FamilyOf, peerAddressOf } from './bgp.js';
import { canonicalAddress } from '../bgp/family.js';
import type { BgpFamily } from '../bgp/family.js';

/**
 * Routing policy applied by BGP in the IPv4 unicast family (NE40E pages
 * `peer route-policy`, `peer ip-prefix`, `filter-policy`, `refresh bgp`).
 * In the BGP view these commands configure IPv4 unicast, so both views write
 * the same place and the configuration shows them inside `ipv4-family
 * unicast`. `peer … route-policy` also exists in `ipv6-family unicast`,
 * where it configures IPv6 unicast (NE40E "peer route-policy import
 * (BGP-IPv6 unicast address family view)"). `peer … filter-policy` takes an
 * ACL, which the lab does not model: it is left out.
 */

const PEER = IPV4('IPv4 address of the peer');
const PEER6 = IPV6('IPv6 address of the peer');
type Direction = 'import' | 'export';

function familyOf(bgp: BgpConfig): BgpIpv4UnicastConfig {
  return (bgp.ipv4Unicast ??= { enabledPeers: [], networks: [], importRoutes: [] });
}

/** The family a policy line configures: IPv6 unicast in its own view, IPv4 unicast in the BGP and IPv4 views. */
function policyFamilyOf(ctx: CommandContext, bgp: BgpConfig): BgpIpv4UnicastConfig | BgpIpv6UnicastConfig {
  return ctx.frame.view === 'bgp-af-ipv6' ? ipv6FamilyOf(bgp) : familyOf(bgp);
}

function directionOf(args: CommandArgs): Direction {
  return args.keywords.includes('export') ? 'export' : 'import';
}

/** The family's binding of a peer, created in peer order; `tidy` drops bindings left empty. */
function bindingOf(bgp: BgpConfig, af: BgpIpv4UnicastConfig | BgpIpv6UnicastConfig, address: string): PeerPolicyBinding {
  const list = (af.peerPolicies ??= []);
  let b = list.find((x) => x.address === address);
  if (!b) {
    b = { address };
    list.push(b);
    const order = bgp.peers.map((p) => p.address);
    list.sort((x, y) => order.indexOf(x.address) - order.indexOf(y.address));
  }
  return b;
}

function tidy(af: BgpIpv4UnicastConfig | BgpIpv6UnicastConfig): void {
  for (const b of af.peerPolicies ?? []) {
    for (const dir of ['import', 'export'] as const) {
      const d = b[dir];
      if (d && d.routePolicy === undefined && d.ipPrefix === undefined) delete b[dir];
    }
  }
  af.peerPolicies = (af.peerPolicies ?? []).filter((b) => b.import || b.export);
  if (af.peerPolicies.length === 0) delete af.peerPolicies;
}

/** The candidate BGP and the peer the line names, or null after printing why not. */
function peerTarget(ctx: CommandContext, args: CommandArgs): { bgp: BgpConfig; address: string } | null {
  const bgp = ctx.candidate.bgp;
  if (!bgp) return null;
  const key = canonicalAddress(peerAddressOf(args.params));
  const peer = bgp.peers.find((p) => canonicalAddress(p.address) === key);
  if (!peer) {
    ctx.print(MSG.peerMissing);
    return null;
  }
  return { bgp, address: peer.address };
}

/** Set or clear one field of a peer's direction. */
function setPeerPolicy(ctx: CommandContext, args: CommandArgs, field: keyof PeerPolicyDirection, name: string | undefined): void {
  const t = peerTarget(ctx, args);
  if (!t) return;
  const dir = directionOf(args);
  const af = policyFamilyOf(ctx, t.bgp);
  const binding = bindingOf(t.bgp, af, t.address);
  const current = binding[dir]?.[field];
  if (args.undo) {
    // ⚠ INFERRED: undoing a name that is not the configured one changes nothing and says so.
    if (current === undefined || (name !== undefined && current !== name)) {
      tidy(af);
      return ctx.print(MSG.configMissing);
    }
    delete binding[dir]![field];
  } else (binding[dir] ??= {})[field] = name!;
  tidy(af);
}

/**
 * `peer ipv4-address route-policy route-policy-name { import | export }` (BGP
 * view and IPv4 unicast view). The route-policy must exist (VRP's default
 * `route-policy nonexistent-config-check`); a second one replaces the first.
 */
export const peerRoutePolicy = defineCommand<CommandContext>({
  id: 'peer-route-policy',
  summary: 'Applies a route-policy to the routes received from or advertised to a BGP peer.',
  syntax: [
    'peer { ipv4-address | ipv6-address } route-policy route-policy-name { import | export }',
    'undo peer { ipv4-address | ipv6-address } route-policy route-policy-name { import | export }',
  ],
  params: { 'ipv4-address': PEER, 'ipv6-address': PEER6, 'route-policy-name': ROUTE_POLICY_NAME },
  keywords: keywords(['peer', 'route-policy', 'import', 'export', 'undo']),
  views: [VIEW.bgp, VIEW.bgpAfIpv4, VIEW.bgpAfIpv6],
  level: 2,
  run(ctx, args) {
    const name = String(args.params['route-policy-name']);
    if (!args.undo && !(ctx.candidate.routePolicies ?? []).some((p) => p.name === name)) {
      if (!peerTarget(ctx, args)) return;
      return ctx.print(MSG.routePolicyMissing);
    }
    setPeerPolicy(ctx, args, 'routePolicy', name);
  },
});

/**
 * `peer ipv4-address ip-prefix ip-prefix-name { import | export }` (BGP view
 * and IPv4 unicast view). A prefix list that does not exist yet may be named
 * (the page tells to create it afterwards). `undo` may leave the name out.
 */
export const peerIpPrefix = defineCommand<CommandContext>({
  id: 'peer-ip-prefix',
  summary: 'Filters the routes received from or advertised to a BGP peer with an IPv4 prefix list.',
  syntax: ['peer ipv4-address ip-prefix ip-prefix-name { import | export }', 'undo peer ipv4-address ip-prefix [ ip-prefix-name ] { import | export }'],
  params: { 'ipv4-address': PEER, 'ip-prefix-name': IP_PREFIX_NAME },
  keywords: keywords(['peer', 'ip-prefix', 'import', 'export', 'undo']),
  views: [VIEW.bgp, VIEW.bgpAfIpv4],
  level: 2,
  run(ctx, args) {
    const name = args.params['ip-prefix-name'];
    setPeerPolicy(ctx, args, 'ipPrefix', name === undefined ? undefined : String(name));
  },
});

/**
 * `peer ipv6-address ipv6-prefix ipv6-prefix-name { import | export }` (IPv6
 * unicast view; NE40E "peer ipv6-prefix import (BGP-IPv6 unicast address
 * family view)"): filters the peer's IPv6 routes with an IPv6 prefix list,
 * which need not exist yet (the page). `undo` may leave the name out.
 */
export const peerIpv6Prefix = defineCommand<CommandContext>({
  id: 'peer-ipv6-prefix',
  summary: 'Filters the routes received from or advertised to a BGP4+ peer with an IPv6 prefix list.',
  syntax: [
    'peer { ipv6-address | ipv4-address } ipv6-prefix ipv6-prefix-name { import | export }',
    'undo peer { ipv6-address | ipv4-address } ipv6-prefix [ ipv6-prefix-name ] { import | export }',
  ],
  params: { 'ipv6-address': PEER6, 'ipv4-address': PEER, 'ipv6-prefix-name': { ...IP_PREFIX_NAME, help: 'Name of the IPv6 prefix list' } },
  keywords: keywords(['peer', 'ipv6-prefix', 'import', 'export', 'undo']),
  views: [VIEW.bgpAfIpv6],
  level: 2,
  run(ctx, args) {
    const name = args.params['ipv6-prefix-name'];
    setPeerPolicy(ctx, args, 'ipPrefix', name === undefined ? undefined : String(name));
  },
});

/**
 * `filter-policy ip-prefix ip-prefix-name { import | export }` (BGP view and
 * IPv4 unicast view): filters the routes of every peer of the family; a
 * second one replaces the first (the page). ⚠ INFERRED scope: the ACL forms
 * and the per-protocol `export` forms are not emulated.
 */
export const filterPolicy = defineCommand<CommandContext>({
  id: 'filter-policy',
  summary: 'Filters the routes received or advertised by BGP in the family with an IPv4 prefix list.',
  syntax: ['filter-policy ip-prefix ip-prefix-name { import | export }', 'undo filter-policy [ ip-prefix ip-prefix-name ] { import | export }'],
  params: { 'ip-prefix-name': IP_PREFIX_NAME },
  keywords: keywords(['filter-policy', 'ip-prefix', 'import', 'export', 'undo']),
  views: [VIEW.bgp, VIEW.bgpAfIpv4],
  level: 2,
  run(ctx, args) {
    const bgp = ctx.candidate.bgp;
    if (bgp) setFilterPolicy(ctx, args, familyOf(bgp), 'ip-prefix-name');
  },
});

/**
 * `filter-policy ipv6-prefix ipv6-prefix-name { import | export }` (BGP-IPv6
 * unicast view; Huawei page "filter-policy (BGP-IPv6 unicast address family
 * view)"): filters the IPv6 routes of every peer of the family with an IPv6
 * prefix list, before the peer's own `ipv6-prefix` and `route-policy`; a
 * second one replaces the first (the page). ⚠ INFERRED scope: the ACL6 forms
 * and the per-protocol `export` forms are not emulated.
 */
export const filterPolicyIpv6 = defineCommand<CommandContext>({
  id: 'filter-policy-ipv6',
  summary: 'Filters the IPv6 routes received or advertised by BGP in the family with an IPv6 prefix list.',
  syntax: ['filter-policy ipv6-prefix ipv6-prefix-name { import | export }', 'undo filter-policy [ ipv6-prefix ipv6-prefix-name ] { import | export }'],
  params: { 'ipv6-prefix-name': { ...IP_PREFIX_NAME, help: 'Name of the IPv6 prefix list' } },
  keywords: keywords(['filter-policy', 'ipv6-prefix', 'import', 'export', 'undo']),
  views: [VIEW.bgpAfIpv6],
  level: 2,
  run(ctx, args) {
    const bgp = ctx.candidate.bgp;
    if (bgp) setFilterPolicy(ctx, args, ipv6FamilyOf(bgp), 'ipv6-prefix-name');
  },
});

/**
 * `filter-policy … { import | export }` of one family block: set the prefix
 * list for that direction (a second one replaces the first), or undo it —
 * with a name, only when it is that list (VRP's "does not exist" otherwise).
 */
function setFilterPolicy(
  ctx: CommandContext,
  args: CommandArgs,
  af: { filterPolicy?: { import?: string; export?: string } },
  nameParam: 'ip-prefix-name' | 'ipv6-prefix-name',
): void {
  const dir = directionOf(args);
  const name = args.params[nameParam] === undefined ? undefined : String(args.params[nameParam]);
  if (args.undo) {
    const current = af.filterPolicy?.[dir];
    if (current === undefined || (name !== undefined && current !== name)) return ctx.print(MSG.configMissing);
    delete af.filterPolicy![dir];
    if (!af.filterPolicy!.import && !af.filterPolicy!.export) delete af.filterPolicy;
    return;
  }
  (af.filterPolicy ??= {})[dir] = name!;
}

/**
 * `refresh bgp { all | ipv4-address } { import | export }` (user view): soft
 * reset — the running BGP applies the policies again without closing any
 * session. A peer that is not configured gets VRP's peer error. ⚠ INFERRED:
 * level 2, like `reset bmp session`; nothing is printed on success.
 */
export const refreshBgp = defineCommand<CommandContext>({
  id: 'refresh-bgp',
  summary: 'Softly resets BGP connections so that changed routing policies take effect.',
  syntax: ['refresh bgp { all | ipv4-address } { import | export }'],
  params: { 'ipv4-address': PEER },
  keywords: keywords(['refresh', 'bgp', 'all', 'import', 'export'], {
    all: 'All BGP peers',
    import: 'Apply the import policies again (inbound soft reset)',
    export: 'Apply the export policies again (outbound soft reset)',
  }),
  views: [VIEW.user],
  level: 2,
  run(ctx, args) {
    const bgp = ctx.running.bgp;
    if (!bgp) return ctx.print(MSG.bgpMissing);
    const address = args.params['ipv4-address'];
    if (address !== undefined && !bgp.peers.some((p) => p.address === String(address))) return ctx.print(MSG.peerMissing);
    ctx.refreshBgp(address === undefined ? 'all' : String(address), directionOf(args));
  },
});

/**
 * `refresh bgp ipv6 { all | ipv6-address | ipv4-address } { import | export }`
 * (user view; NE40E "refresh bgp ipv6"): the soft reset of `refresh bgp` for
 * the IPv6 unicast family.
 */
export const refreshBgpIpv6 = defineCommand<CommandContext>({
  id: 'refresh-bgp-ipv6',
  summary: 'Softly resets BGP4+ connections so that changed routing policies take effect in IPv6 unicast.',
  syntax: ['refresh bgp ipv6 { all | ipv6-address | ipv4-address } { import | export }'],
  params: { 'ipv6-address': PEER6, 'ipv4-address': PEER },
  keywords: keywords(['refresh', 'bgp', 'ipv6', 'all', 'import', 'export'], {
    all: 'All BGP peers',
    import: 'Apply the import policies again (inbound soft reset)',
    export: 'Apply the export policies again (outbound soft reset)',
  }),
  views: [VIEW.user],
  level: 2,
  run(ctx, args) {
    const bgp = ctx.running.bgp;
    if (!bgp) return ctx.print(MSG.bgpMissing);
    const typed = args.params['ipv6-address'] ?? args.params['ipv4-address'];
    const family: BgpFamily = 'ipv6-unicast';
    if (typed === undefined) return void ctx.refreshBgp('all', directionOf(args), family);
    const key = canonicalAddress(String(typed));
    const peer = bgp.peers.find((p) => canonicalAddress(p.address) === key);
    if (!peer) return ctx.print(MSG.peerMissing);
    ctx.refreshBgp(peer.address, directionOf(args), family);
  },
});
