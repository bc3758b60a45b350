import { defineCommand, maskLength } from '@bmp-lab/cli-engine';
import { ipv6ToBytes } from '@bmp-lab/codec';
import type { PathAttribute } from '@bmp-lab/codec';
import type { BgpView, CommandContext } from './command-context.js';
import { ALL_VIEWS } from '../console/views.js';
import { keywords } from './keywords.js';
import { IPV4, IPV6 } from './params.js';
import { MSG } from './messages.js';
import { asPathOf } from '../bgp/route.js';
import { bestPath, comparePaths } from '../bgp/best-path.js';
import type { BestPathRule } from '../bgp/best-path.js';
import type { Route } from '../bgp/route.js';
import type { BgpFamily, BgpPeerStatus } from '../bgp/bgp-instance.js';
import { peerEnabledIn } from '../config/device-config.js';
import { canonicalAddress, wireIpv6Prefix } from '../bgp/family.js';
import { nextHopOf } from '../bgp/update-parts.js';
import { maskIpv4 } from './helpers.js';

/** The peers of one family: those enabled in it (`display bgp peer` lists the IPv4 unicast ones only). */
function familyPeers(ctx: CommandContext, bgp: BgpView, family: BgpFamily): BgpPeerStatus[] {
  return bgp.peers.filter((p) => peerEnabledIn(ctx.running.bgp, p.address, family));
}

function printPeers(ctx: CommandContext, family: BgpFamily): void {
  const bgp = ctx.bgp();
  if (!bgp.identity) return; // ⚠ INFERRED: without `bgp` the device prints nothing.
  const peers = familyPeers(ctx, bgp, family);
  const up = peers.filter((p) => p.state === 'Established').length;
  ctx.print(
    ` BGP local router ID : ${bgp.identity.routerId}`,
    ` Local AS number : ${bgp.identity.asn}`,
    ` Total number of peers : ${peers.length}`.padEnd(43) + `Peers in established state : ${up}`,
    '  Peer            V    AS  MsgRcvd  MsgSent  OutQ  Up/Down       State PrefRcv',
    ...peers.map((p) => peerRow(p, ctx.now(), family)),
  );
}

/**
 * `display bgp peer` (all views, level 1) in the NE40E layout: the totals
 * share one line, columns as in the sample. It lists the peers of IPv4
 * unicast only (the page's precaution: other families have their own form).
 */
export const displayBgpPeer = defineCommand<CommandContext>({
  id: 'display-bgp-peer',
  summary: 'Displays information about BGP peers.',
  syntax: ['display bgp peer'],
  keywords: keywords(['display', 'bgp', 'peer']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx) {
    printPeers(ctx, 'ipv4-unicast');
  },
});

/**
 * `display bgp ipv6 peer` (all views, level 1; NE40E "display bgp ipv6
 * peer"): the peers enabled in IPv6 unicast, in the layout of `display bgp
 * peer`, PrefRcv counting their IPv6 routes. ⚠ INFERRED: an address longer
 * than the 16-column Peer field is followed by one space (the NE40E BGP4+
 * example's addresses all fit).
 */
export const displayBgpIpv6Peer = defineCommand<CommandContext>({
  id: 'display-bgp-ipv6-peer',
  summary: 'Displays information about BGP4+ (IPv6 unicast) peers.',
  syntax: ['display bgp ipv6 peer'],
  keywords: keywords(['display', 'bgp', 'ipv6', 'peer']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx) {
    printPeers(ctx, 'ipv6-unicast');
  },
});

export function peerRow(p: BgpPeerStatus, now: number, family: BgpFamily): string {
  const received = p.families?.find((f) => f.family === family)?.prefixesReceived ?? p.prefixesReceived;
  return (
    '  ' +
    (p.address.length < 16 ? p.address.padEnd(16) : `${p.address} `) +
    '4' +
    String(p.asn).padStart(6) +
    String(p.messagesReceived).padStart(9) +
    String(p.messagesSent).padStart(9) +
    '0'.padStart(6) +
    ' ' +
    upDown(now - p.since) +
    p.state.padStart(12) +
    String(received).padStart(8)
  );
}

/** Up/Down: `hh:mm:ss` below 24 hours, `xxxxhxxm` above (docs/vrp-behaviour.md §4). */
export function upDown(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 86400) return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return `${String(Math.floor(s / 3600)).padStart(4, '0')}h${two(Math.floor((s % 3600) / 60))}m`;
}

/** The legend every routing-table listing starts with (the NE40E samples); the IPv4 listing adds its column header. */
export function tableHead(routerId: string, total: number, family: BgpFamily = 'ipv4-unicast'): string[] {
  return [
    ` BGP Local router ID is ${routerId}`,
    ' Status codes: * - valid, > - best, d - damped, x - best external, a - add path,',
    '               h - history,  i - internal, s - suppressed, S - Stale',
    '               Origin : i - IGP, e - EGP, ? - incomplete',
    ' RPKI validation codes: V - valid, I - invalid, N - not-found',
    '',
    ` Total Number of Routes: ${total}`,
    ...(family === 'ipv4-unicast' ? ['      Network            NextHop        MED        LocPrf    PrefVal Path/Ogn'] : []),
  ];
}

/** The rows of one path in a family's listing; `status` is `*>`, `* ` or blank; `first` is the prefix's first path. */
function pathRows(r: Route, status: string, asn: number, family: BgpFamily, first = true): string[] {
  return family === 'ipv4-unicast' ? [routeRow(r, status, asn)] : ipv6RouteRows(r, status, asn, first);
}

/** Every path of a family, best first per prefix, prefixes in address order. */
function listing(bgp: BgpView, asn: number, family: BgpFamily): string[] {
  const byPrefix = [...candidates(bgp, family)].sort(([a], [b]) => comparePrefixes(a, b));
  const rows: string[] = [];
  let total = 0;
  for (const [, routes] of byPrefix) {
    ranked(routes, asn).forEach((r, i) => rows.push(...pathRows(r, i === 0 ? '*>' : '* ', asn, family, i === 0)));
    total += routes.length;
  }
  return [...tableHead(bgp.identity!.routerId, total, family), ...rows];
}

/**
 * `display bgp routing-table` (all views, level 1): every path the device
 * has after import policy (a route the policy denies is not listed; LocPrf and
 * MED are as the policy set them), best first (`*>`), in the NE40E layout;
 * a path from an iBGP peer is marked `i`.
 */
export const displayBgpRoutingTable = defineCommand<CommandContext>({
  id: 'display-bgp-routing-table',
  summary: 'Displays BGP routes.',
  syntax: ['display bgp routing-table'],
  keywords: keywords(['display', 'bgp', 'routing-table']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx) {
    const bgp = ctx.bgp();
    if (!bgp.identity) return;
    ctx.print(...listing(bgp, bgp.identity.asn, 'ipv4-unicast'));
  },
});

/**
 * `display bgp ipv6 routing-table` (all views, level 1; NE40E "display bgp
 * ipv6 routing-table" and the BGP4+ configuration example): the IPv6 unicast
 * paths after import policy, best first, each path in VRP's five-line form
 * (`Network : … PrefixLen : …`, `NextHop`, `MED`, `Label`, `Path/Ogn`); a
 * prefix's other paths start with their status alone. IPv6 addresses are
 * printed compressed in upper case, as the command pages' samples show them.
 */
export const displayBgpIpv6RoutingTable = defineCommand<CommandContext>({
  id: 'display-bgp-ipv6-routing-table',
  summary: 'Displays BGP4+ (IPv6 unicast) routes.',
  syntax: ['display bgp ipv6 routing-table'],
  keywords: keywords(['display', 'bgp', 'ipv6', 'routing-table']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx) {
    const bgp = ctx.bgp();
    if (!bgp.identity) return;
    ctx.print(...listing(bgp, bgp.identity.asn, 'ipv6-unicast'));
  },
});

/** Every candidate path per prefix of a family: the device's own routes and each peer's Adj-RIB-In after import policy. */
function candidates(bgp: BgpView, family: BgpFamily = 'ipv4-unicast'): Map<string, Route[]> {
  const byPrefix = new Map<string, Route[]>();
  const add = (r: Route) => byPrefix.set(r.prefix, [...(byPrefix.get(r.prefix) ?? []), r]);
  for (const r of bgp.routes('loc-rib', null, 'post-policy', family)) if (r.source.kind === 'local') add(r);
  for (const p of bgp.peers) for (const r of bgp.routes('adj-rib-in', p.address, 'post-policy', family)) add(r);
  return byPrefix;
}

/** The paths of one prefix, the best first (best-path.ts), the others in preference order. */
export function ranked(routes: readonly Route[], asn: number): Route[] {
  return [...routes].sort((a, b) => comparePaths(a, b, asn).order);
}

function sameSource(a: Route, b: Route): boolean {
  return a.source.kind === 'local' ? b.source.kind === 'local' : b.source.kind === 'peer' && b.source.address === a.source.address;
}

function isIbgp(r: Route, asn: number): boolean {
  return r.source.kind === 'peer' && r.source.asn === asn;
}

function attr<T extends PathAttribute['type']>(r: Route, t: T): Extract<PathAttribute, { type: T }> | undefined {
  return r.attributes.find((a) => a.type === t) as Extract<PathAttribute, { type: T }> | undefined;
}

/** One row of an IPv4 routing-table listing; `status` is `*>`, `* ` or blank. */
export function routeRow(r: Route, status: string, asn: number): string {
  const nextHop = attr(r, 'nextHop')?.value ?? '0.0.0.0';
  const med = attr(r, 'multiExitDisc')?.value;
  const localPref = attr(r, 'localPref')?.value;
  const origin = { igp: 'i', egp: 'e', incomplete: '?' }[attr(r, 'origin')?.value ?? 'incomplete'];
  const path = asPathOf(r).join(' ');
  return (
    ' ' +
    (status + (isIbgp(r, asn) ? 'i' : '')).padEnd(5) +
    r.prefix.padEnd(20) +
    nextHop.padEnd(15) +
    (med === undefined ? '' : String(med)).padStart(2) +
    (localPref === undefined ? '' : String(localPref)).padStart(10) +
    '0'.padStart(12) +
    '      ' +
    (path ? `${path}${origin}` : origin)
  );
}

/** An IPv6 address as VRP prints it: compressed, upper case. */
function shown(address: string): string {
  return address.toUpperCase();
}

/**
 * The rows of one IPv6 path (the NE40E BGP4+ example): the first path of a
 * prefix names it (`*>  Network  : 2001:DB8:8::   PrefixLen : 64`), each
 * other path starts with its status alone; values sit in a 41-column field.
 * Path/Ogn separates the AS path from the origin code by a space. ⚠ INFERRED:
 * a prefix's later paths show their status as ` *` (` * i` for iBGP).
 */
function ipv6RouteRows(r: Route, status: string, asn: number, first: boolean): string[] {
  const mark = (status + (isIbgp(r, asn) ? 'i' : ' ')).padEnd(3);
  const slash = r.prefix.lastIndexOf('/');
  const med = attr(r, 'multiExitDisc')?.value;
  const localPref = attr(r, 'localPref')?.value;
  const origin = { igp: 'i', egp: 'e', incomplete: '?' }[attr(r, 'origin')?.value ?? 'incomplete'];
  const path = asPathOf(r).join(' ');
  const field = (label: string, value: string, right?: string) => `     ${label.padEnd(8)} : ${right === undefined ? value : value.padEnd(41) + right}`.trimEnd();
  return [
    first ? ` ${mark} Network  : ${shown(r.prefix.slice(0, slash)).padEnd(41)}PrefixLen : ${r.prefix.slice(slash + 1)}` : ` ${mark}`.trimEnd(),
    field('NextHop', shown(nextHopOf(r.attributes) ?? '::'), `LocPrf    : ${localPref ?? ''}`),
    field('MED', med === undefined ? '' : String(med), 'PrefVal   : 0'),
    field('Label', ''),
    field('Path/Ogn', path ? `${path} ${origin}` : origin),
  ];
}

/**
 * `display bgp [ ipv6 ] routing-table peer ADDRESS { received-routes |
 * advertised-routes | accepted-routes | not-accepted-routes }` (all views,
 * level 1; NE40E "display bgp routing-table peer", and the IPv6 form of
 * "display bgp ipv6 routing-table"). Received routes are the Adj-RIB-In
 * before import policy when the peer's routes are kept (`keep-all-routes`);
 * otherwise VRP stores only what the import policy accepted (the
 * `keep-all-routes` pages), and that is what it lists (a CE configuration
 * example lists 2 received routes of 7 sent, the other 5 being denied by the
 * import prefix list). Accepted routes are the Adj-RIB-In after import
 * policy, not-accepted ones those the policy denied (known only when kept),
 * advertised ones the Adj-RIB-Out after export policy, as sent. ⚠ INFERRED:
 * a peer that is not configured gets VRP's peer error.
 */
function printPeerRoutes(ctx: CommandContext, peerText: string, which: string | undefined, family: BgpFamily): void {
  const bgp = ctx.bgp();
  if (!bgp.identity) return;
  const asn = bgp.identity.asn;
  const key = canonicalAddress(peerText);
  const peer = bgp.peers.find((p) => canonicalAddress(p.address) === key)?.address;
  if (peer === undefined) return ctx.print(MSG.peerMissing);
  const kept = bgp.keepsAllRoutes(peer, family);
  const accepted = bgp.routes('adj-rib-in', peer, 'post-policy', family);
  let routes: Route[];
  switch (which) {
    case 'advertised-routes':
      routes = bgp.routes('adj-rib-out', peer, 'post-policy', family);
      break;
    case 'accepted-routes':
      routes = accepted;
      break;
    case 'not-accepted-routes': {
      const ok = new Set(accepted.map((r) => r.prefix));
      routes = kept ? bgp.routes('adj-rib-in', peer, 'pre-policy', family).filter((r) => !ok.has(r.prefix)) : [];
      break;
    }
    default:
      routes = kept ? bgp.routes('adj-rib-in', peer, 'pre-policy', family) : accepted;
  }
  routes = [...routes].sort((a, b) => comparePrefixes(a.prefix, b.prefix));
  const all = candidates(bgp, family);
  const status = (r: Route): string => {
    if (which === 'advertised-routes') return '*>';
    if (which === 'not-accepted-routes') return '';
    const best = bestPath(all.get(r.prefix) ?? [], asn);
    return best && sameSource(best, r) ? '*>' : '* ';
  };
  ctx.print(...tableHead(bgp.identity.routerId, routes.length, family), ...routes.flatMap((r) => pathRows(r, status(r), asn, family)));
}

const PEER_ROUTES = ['received-routes', 'advertised-routes', 'accepted-routes', 'not-accepted-routes'] as const;

export const displayBgpRoutingTablePeer = defineCommand<CommandContext>({
  id: 'display-bgp-routing-table-peer',
  summary: 'Displays the routes received from, accepted from or advertised to a BGP peer.',
  syntax: ['display bgp routing-table peer ipv4-address { received-routes | advertised-routes | accepted-routes | not-accepted-routes }'],
  params: { 'ipv4-address': IPV4('IPv4 address of the peer') },
  keywords: keywords(['display', 'bgp', 'routing-table', 'peer', ...PEER_ROUTES]),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx, args) {
    printPeerRoutes(
      ctx,
      String(args.params['ipv4-address']),
      args.keywords.find((k) => k.endsWith('-routes')),
      'ipv4-unicast',
    );
  },
});

export const displayBgpIpv6RoutingTablePeer = defineCommand<CommandContext>({
  id: 'display-bgp-ipv6-routing-table-peer',
  summary: 'Displays the IPv6 routes received from, accepted from or advertised to a BGP4+ peer.',
  syntax: ['display bgp ipv6 routing-table peer { ipv6-address | ipv4-address } { received-routes | advertised-routes | accepted-routes | not-accepted-routes }'],
  params: { 'ipv6-address': IPV6('IPv6 address of the peer'), 'ipv4-address': IPV4('IPv4 address of the peer') },
  keywords: keywords(['display', 'bgp', 'ipv6', 'routing-table', 'peer', ...PEER_ROUTES]),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx, args) {
    const peer = String(args.params['ipv6-address'] ?? args.params['ipv4-address']);
    printPeerRoutes(
      ctx,
      peer,
      args.keywords.find((k) => k.endsWith('-routes')),
      'ipv6-unicast',
    );
  },
});

/** Why a path lost to the best one, as VRP words it (`not preferred for …`). */
const NOT_PREFERRED: Record<BestPathRule, string> = {
  'local-preference': 'Local_Pref',
  'locally-originated': 'route type',
  'as-path-length': 'AS-Path',
  // A VRP device prints `not preferred for Origin` (capitalised).
  origin: 'Origin',
  med: 'MED',
  'ebgp-over-ibgp': 'peer type',
  'cluster-list-length': 'Cluster List',
  'router-id': 'router ID',
  'peer-address': 'peer address',
};

/** Well-known communities by name, as VRP prints them (RFC 1997). */
const WELL_KNOWN_COMMUNITIES: Record<string, string> = {
  '0:0': 'internet',
  '65535:65281': 'no-export',
  '65535:65282': 'no-advertise',
  '65535:65283': 'no-export-subconfed',
};

/** Every path to one prefix with its attributes, best first, each other one with the rule it lost on. */
function printPrefix(ctx: CommandContext, prefix: string | undefined, family: BgpFamily): void {
  const bgp = ctx.bgp();
  const asn = bgp.identity!.asn;
  const all = candidates(bgp, family);
  const routes = prefix === undefined ? [] : ranked(all.get(prefix) ?? [], asn);
  if (routes.length === 0) return ctx.print(MSG.networkMissing);
  const best = routes[0]!;
  const advertisedTo = bgp.peers.map((x) => x.address).filter((peer) => bgp.routes('adj-rib-out', peer, 'post-policy', family).some((r) => r.prefix === prefix));
  const v6 = family === 'ipv6-unicast';
  ctx.print(
    '',
    ` BGP local router ID : ${bgp.identity!.routerId}`,
    ` Local AS number : ${asn}`,
    // The IPv6 page's sample has no add-path count.
    ` Paths:   ${routes.length} available, 1 best, 1 select, 0 best-external${v6 ? '' : ', 0 add-path'}`,
  );
  routes.forEach((r, i) => {
    if (i > 0) ctx.print('');
    const lost = i === 0 ? undefined : NOT_PREFERRED[comparePaths(best, r, asn).rule];
    ctx.print(...pathDetail(r, asn, ctx.now(), lost, family));
    if (i === 0 && advertisedTo.length > 0) ctx.print(` Advertised to such ${advertisedTo.length} peers:`, ...advertisedTo.map((a) => `    ${a}`));
    else ctx.print(' Not advertised to any peer yet');
  });
}

/**
 * `display bgp routing-table ipv4-address [ mask-length | mask ]` (all views,
 * level 1; NE40E "display bgp routing-table"): every path to one prefix with
 * its attributes, the best first, each other one with the rule it lost on
 * (best-path.ts), in the NE40E layout. Without a mask the longest prefix
 * containing the address is shown (⚠ INFERRED; the page's samples look an
 * address up that way). ⚠ INFERRED: the lab has no interfaces or IGP, so the
 * relay and out-interface lines are left out; a path of the device's own is
 * shown as a direct route (preference 0).
 */
export const displayBgpRoutingTablePrefix = defineCommand<CommandContext>({
  id: 'display-bgp-routing-table-prefix',
  summary: 'Displays the paths BGP has to one prefix, with their attributes and why the best one was chosen.',
  syntax: ['display bgp routing-table ipv4-address [ mask-length | mask ]'],
  params: {
    'ipv4-address': IPV4('IPv4 network address'),
    'mask-length': { type: { kind: 'integer', min: 0, max: 32 }, help: 'Length of the network mask' },
    mask: { type: { kind: 'ipv4-mask' }, help: 'Network mask in dotted decimal notation' },
  },
  keywords: keywords(['display', 'bgp', 'routing-table']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx, args) {
    const bgp = ctx.bgp();
    if (!bgp.identity) return;
    const address = String(args.params['ipv4-address']);
    const p = args.params;
    const len = p['mask'] !== undefined ? maskLength(String(p['mask'])) : p['mask-length'] !== undefined ? Number(p['mask-length']) : undefined;
    const prefix = len !== undefined ? `${maskIpv4(address, len)}/${len}` : longestMatch([...candidates(bgp).keys()], address);
    printPrefix(ctx, prefix, 'ipv4-unicast');
  },
});

/**
 * `display bgp ipv6 routing-table ipv6-address [ prefix-length ]` (all views,
 * level 1; NE40E "display bgp ipv6 routing-table"): the per-prefix form of
 * IPv6 unicast, as for IPv4, the next hop read from MP_REACH_NLRI. Without a
 * length the longest prefix holding the address is shown (⚠ INFERRED, as for IPv4).
 */
export const displayBgpIpv6RoutingTablePrefix = defineCommand<CommandContext>({
  id: 'display-bgp-ipv6-routing-table-prefix',
  summary: 'Displays the paths BGP4+ has to one IPv6 prefix, with their attributes and why the best one was chosen.',
  syntax: ['display bgp ipv6 routing-table ipv6-address [ prefix-length ]'],
  params: {
    'ipv6-address': IPV6('IPv6 network address'),
    'prefix-length': { type: { kind: 'integer', min: 0, max: 128 }, help: 'Length of the IPv6 prefix' },
  },
  keywords: keywords(['display', 'bgp', 'ipv6', 'routing-table']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx, args) {
    const bgp = ctx.bgp();
    if (!bgp.identity) return;
    const address = String(args.params['ipv6-address']);
    const len = args.params['prefix-length'];
    const prefix = len !== undefined ? (wireIpv6Prefix(address, Number(len)) ?? undefined) : longestMatchIpv6([...candidates(bgp, 'ipv6-unicast').keys()], address);
    printPrefix(ctx, prefix, 'ipv6-unicast');
  },
});

/** The lines of one path; `lost` names the rule it lost on, undefined for the best path. */
function pathDetail(r: Route, asn: number, now: number, lost: string | undefined, family: BgpFamily): string[] {
  const v6 = family === 'ipv6-unicast';
  const own = r.source.kind === 'local';
  const nobody = v6 ? '::' : '0.0.0.0';
  const from = r.source.kind === 'peer' ? `${r.source.address} (${r.source.bgpId})` : `${nobody} (0.0.0.0)`;
  const med = attr(r, 'multiExitDisc')?.value;
  const localPref = attr(r, 'localPref')?.value;
  const communities = attr(r, 'communities')?.values ?? [];
  const path = asPathOf(r).join(' ');
  const facts = [
    `AS-path ${path || 'Nil'}`,
    `origin ${attr(r, 'origin')?.value ?? 'incomplete'}`,
    ...(med === undefined ? [] : [`MED ${med}`]),
    ...(localPref === undefined ? [] : [`localpref ${localPref}`]),
    'pref-val 0',
    'valid',
    own ? 'local' : isIbgp(r, asn) ? 'internal' : 'external',
    ...(lost === undefined ? ['best', 'select'] : []),
    own ? 'pre 0' : 'pre 255',
    ...(lost === undefined ? [] : [`not preferred for ${lost}`]),
  ];
  const nextHop = nextHopOf(r.attributes) ?? nobody;
  const originator = attr(r, 'originatorId')?.value;
  const clusters = attr(r, 'clusterList')?.values;
  return [
    ` BGP routing table entry information of ${v6 ? shown(r.prefix) : r.prefix}:`,
    ` From: ${from}`,
    ` Route Duration: ${duration(now - r.at)}`,
    ` Original nexthop: ${v6 ? shown(nextHop) : nextHop}`,
    ' Qos information : 0x0',
    // ⚠ INFERRED: several communities are separated by a comma and a space.
    ...(communities.length > 0 ? [` Community: ${communities.map((c) => WELL_KNOWN_COMMUNITIES[c] ?? `<${c}>`).join(', ')}`] : []),
    ` ${facts.join(', ')}`,
    // A reflected route (RFC 4456): the NE40E page's Originator and Cluster list fields, after the
    // attributes. ⚠ INFERRED: several cluster IDs are separated by a comma and a space.
    ...(originator === undefined ? [] : [` Originator: ${originator}`]),
    ...(clusters === undefined ? [] : [` Cluster list: ${clusters.join(', ')}`]),
  ];
}

/** `0d00h07m45s` (NE40E samples). */
function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 86400)}d${two(Math.floor((s % 86400) / 3600))}h${two(Math.floor((s % 3600) / 60))}m${two(s % 60)}s`;
}

/** The longest of `prefixes` that contains `address`. */
function longestMatch(prefixes: readonly string[], address: string): string | undefined {
  let found: string | undefined;
  let foundLen = -1;
  for (const p of prefixes) {
    const [net, lenText] = p.split('/');
    const len = Number(lenText);
    if (len > foundLen && maskIpv4(address, len) === net) {
      found = p;
      foundLen = len;
    }
  }
  return found;
}

/** The longest of the IPv6 `prefixes` (wire form) that contains `address`. */
function longestMatchIpv6(prefixes: readonly string[], address: string): string | undefined {
  let found: string | undefined;
  let foundLen = -1;
  for (const p of prefixes) {
    const len = Number(p.slice(p.lastIndexOf('/') + 1));
    if (len > foundLen && wireIpv6Prefix(address, len) === p) {
      found = p;
      foundLen = len;
    }
  }
  return found;
}

/** Prefixes in address order, then by length (IPv4 by octets, IPv6 by its 16 octets). */
export function comparePrefixes(a: string, b: string): number {
  const key = (p: string) => {
    const slash = p.lastIndexOf('/');
    const addr = p.slice(0, slash);
    const len = p.slice(slash + 1).padStart(3, '0');
    if (!addr.includes(':'))
      return (
        addr
          .split('.')
          .map((o) => o.padStart(3, '0'))
          .join('.') +
        '/' +
        len
      );
    return Array.from(ipv6ToBytes(addr), (x) => x.toString(16).padStart(2, '0')).join('') + '/' + len;
  };
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}
