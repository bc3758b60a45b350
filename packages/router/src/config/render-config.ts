import type { BgpConfig, BgpVpnInstanceConfig, BmpMonitorConfig, BmpMonitorTarget, BmpSessionConfig, DeviceConfig, RouteMode, VpnFamilySettings } from './device-config.js';
import { ipv4Netmask, numberToIpv4 } from '@bmp-lab/codec';
import { monitorKey, sessionKey } from './device-config.js';
import { userInterfaceBlocks } from './user-interface.js';
import type {
  AsPathFilter,
  CommunityFilter,
  IpPrefixEntry,
  IpPrefixList,
  PeerPolicyBinding,
  PolicyApply,
  PolicyMatch,
  RoutePolicy,
  RoutePolicyNode,
} from '../policy/policy-config.js';

/**
 * Render configuration as VRP prints it (docs/vrp-behaviour.md §2.13, §4): one more
 * leading space per nested view; a left-aligned `#` closes a top-level block;
 * an indented `#` separates sub-blocks and sits at their indent. Defaults are
 * hidden.
 */
export function renderConfig(config: DeviceConfig): string[] {
  const lines: string[] = [];
  for (const node of configTree(config)) {
    lines.push('#');
    renderNode(node, 0, lines);
  }
  lines.push('#', 'return');
  return lines;
}

/**
 * A configuration line; a block is a view command with the lines of its view;
 * a group is several lines of the same object that sit together between two
 * `#` (the entries of one prefix list or filter).
 */
export type ConfigNode = string | ConfigBlock | ConfigGroup;

export interface ConfigGroup {
  group: string[];
  /** The object (`ip-prefix|<name>` …), for telling sections apart. */
  id: string;
}

export interface ConfigBlock {
  line: string;
  /** Which view the block is (`bmp`, `bmp-session|<key>`, `bgp`, `vpn-instance|<name>` …), for `display this`. */
  id: string;
  body: ConfigNode[];
}

/** The top-level items of the configuration, in VRP's order. */
export function configTree(config: DeviceConfig): ConfigNode[] {
  const nodes: ConfigNode[] = [`sysname ${config.sysname}`];
  for (const name of config.vpnInstances) nodes.push(vpnInstanceBlock(config, name));
  // ⚠ INFERRED order: `bgp` before `bmp` (BMP reports on BGP); no source shows both blocks in one file.
  if (config.bgp) nodes.push(bgpBlock(config.bgp));
  nodes.push(...policyNodes(config));
  if (config.bmp) nodes.push(bmpBlock(config));
  nodes.push(...userInterfaceBlocks(config));
  return nodes;
}

/**
 * The routing-policy objects, after the `bgp` block: prefix lists (IPv4,
 * then ⚠ INFERRED IPv6 ones), then AS_Path filters, then route-policies, one section per list or filter and
 * one per route-policy node — the order and sectioning of the NE/CE
 * configuration examples (`bgp`, `ip ip-prefix`, `ip as-path-filter`,
 * `route-policy`). ⚠ INFERRED: community filters, which no example shows
 * beside the others, sit before the route-policies that use them, after the
 * AS_Path filters; and the policy objects come before `bmp`, which no example
 * shows with them.
 */
export function policyNodes(config: DeviceConfig): ConfigNode[] {
  return [
    ...(config.ipPrefixes ?? []).map((l): ConfigNode => ({ group: l.entries.map((e) => ipPrefixCommand(l, e)), id: `ip-prefix|${l.name}` })),
    ...(config.ipv6Prefixes ?? []).map((l): ConfigNode => ({ group: l.entries.map((e) => ipPrefixCommand(l, e, 'ipv6')), id: `ipv6-prefix|${l.name}` })),
    ...(config.asPathFilters ?? []).map((f): ConfigNode => ({ group: asPathFilterCommands(f), id: `as-path-filter|${f.name}` })),
    ...(config.communityFilters ?? []).map((f): ConfigNode => ({ group: communityFilterCommands(f), id: `community-filter|${f.name}` })),
    ...(config.routePolicies ?? []).flatMap((p) => p.nodes.map((n) => routePolicyBlock(p, n))),
  ];
}

export function ipPrefixCommand(list: IpPrefixList, e: IpPrefixEntry, family: 'ip' | 'ipv6' = 'ip'): string {
  const options = [
    e.matchNetwork ? ' match-network' : '',
    e.greaterEqual !== undefined ? ` greater-equal ${e.greaterEqual}` : '',
    e.lessEqual !== undefined ? ` less-equal ${e.lessEqual}` : '',
  ].join('');
  return `ip ${family}-prefix ${quoteIfNeeded(list.name)} index ${e.index} ${e.action} ${e.address} ${e.maskLength}${options}`;
}

function asPathFilterCommands(f: AsPathFilter): string[] {
  return f.entries.map((e) => `ip as-path-filter ${quoteIfNeeded(f.name)} index ${e.index} ${e.action} ${quoteIfNeeded(e.regex)}`);
}

function communityFilterCommands(f: CommunityFilter): string[] {
  const head = /^\d+$/.test(f.name) ? `ip community-filter ${f.name}` : `ip community-filter basic ${quoteIfNeeded(f.name)}`;
  return f.entries.map((e) => `${head} index ${e.index} ${e.action}${e.communities.map((c) => ' ' + c).join('')}`);
}

/** The block id of a route-policy node (its view, for `display this`). */
export function routePolicyId(name: string, node: number): string {
  return `route-policy|${name}|${node}`;
}

function routePolicyBlock(p: RoutePolicy, n: RoutePolicyNode): ConfigBlock {
  return {
    line: `route-policy ${quoteIfNeeded(p.name)} ${n.action} node ${n.node}`,
    id: routePolicyId(p.name, n.node),
    body: [...n.matches.map(matchCommand), ...n.applies.map(applyCommand)],
  };
}

/** An `if-match` clause as configured. */
export function matchCommand(m: PolicyMatch): string {
  switch (m.kind) {
    case 'ip-prefix':
      return `if-match ip-prefix ${quoteIfNeeded(m.name)}`;
    case 'ipv6-prefix':
      return `if-match ipv6 address prefix-list ${quoteIfNeeded(m.name)}`;
    case 'as-path-filter':
      return `if-match as-path-filter ${m.names.map(quoteIfNeeded).join(' ')}`;
    case 'community-filter':
      return `if-match community-filter ${m.names.map((x) => quoteIfNeeded(x) + (m.wholeMatch ? ' whole-match' : '')).join(' ')}`;
  }
}

/** An `apply` clause as configured. */
export function applyCommand(a: PolicyApply): string {
  switch (a.kind) {
    case 'local-preference':
      return `apply local-preference ${a.value}`;
    case 'cost':
      return `apply cost ${a.op ? a.op + ' ' : ''}${a.value}`;
    case 'community':
      return `apply community ${a.values.join(' ')}${a.additive ? ' additive' : ''}`;
    case 'community-none':
      return 'apply community none';
    case 'as-path':
      return a.asns.length === 0 ? `apply as-path none ${a.mode}` : `apply as-path ${a.asns.join(' ')} ${a.mode}`;
    case 'origin':
      return `apply origin ${a.value}${a.value === 'egp' && a.egpAs !== undefined ? ` ${a.egpAs}` : ''}`;
  }
}

/** Lines of a node at `depth` (one space per level), with VRP's `#` separators between sub-blocks. */
export function renderNode(node: ConfigNode, depth: number, out: string[] = []): string[] {
  const pad = ' '.repeat(depth);
  if (typeof node === 'string') {
    out.push(pad + node);
    return out;
  }
  if ('group' in node) {
    for (const line of node.group) out.push(pad + line);
    return out;
  }
  out.push(pad + node.line);
  node.body.forEach((child, i) => {
    if (typeof child !== 'string' && i > 0) out.push(pad + ' #');
    renderNode(child, depth + 1, out);
  });
  return out;
}

/** The block with this id anywhere in the tree, and its depth. */
export function findBlock(nodes: readonly ConfigNode[], id: string, depth = 0): { block: ConfigBlock; depth: number } | undefined {
  for (const n of nodes) {
    if (typeof n === 'string' || 'group' in n) continue;
    if (n.id === id) return { block: n, depth };
    const inner = findBlock(n.body, id, depth + 1);
    if (inner) return inner;
  }
  return undefined;
}

/** The `bmp` block alone. */
export function renderBmp(config: DeviceConfig): string[] {
  return config.bmp ? renderNode(bmpBlock(config), 0) : [];
}

/** The `bgp` block alone. */
export function renderBgp(config: DeviceConfig): string[] {
  return config.bgp ? renderNode(bgpBlock(config.bgp), 0) : [];
}

function vpnInstanceBlock(config: DeviceConfig, name: string): ConfigBlock {
  const settings = config.vpnInstanceSettings?.[name];
  const body: ConfigNode[] = [];
  if (settings?.ipv4Family) body.push({ line: 'ipv4-family', id: `vpn-instance-af-ipv4|${name}`, body: vpnFamilyLines(settings.ipv4Family) });
  if (settings?.ipv6Family) body.push({ line: 'ipv6-family', id: `vpn-instance-af-ipv6|${name}`, body: vpnFamilyLines(settings.ipv6Family) });
  return { line: `ip vpn-instance ${quoteIfNeeded(name)}`, id: `vpn-instance|${name}`, body };
}

/**
 * A VPN instance family's lines: the RD, then one line per VPN target and
 * direction, exports first, as the NE40E L3VPN examples' configuration files
 * show them (`vpn-target 111:1 export-extcommunity`, then `… import-extcommunity`;
 * a target typed with `both` appears as the two).
 */
function vpnFamilyLines(f: VpnFamilySettings): string[] {
  return [
    ...(f.routeDistinguisher ? [`route-distinguisher ${f.routeDistinguisher}`] : []),
    ...(f.exportTargets ?? []).map((t) => `vpn-target ${t} export-extcommunity`),
    ...(f.importTargets ?? []).map((t) => `vpn-target ${t} import-extcommunity`),
  ];
}

/**
 * `ipv4-family vpn-instance NAME` blocks after the public families, as the
 * NE40E L3VPN examples show them (the instance's peers inside).
 * ⚠ INFERRED: `keep-all-routes` first, a peer's `keep-all-routes` after its `as-number`.
 */
function bgpVpnInstanceBlock(v: BgpVpnInstanceConfig): ConfigBlock {
  const body: ConfigNode[] = [];
  if (v.keepAllRoutes) body.push('keep-all-routes');
  for (const p of v.peers) {
    body.push(`peer ${p.address} as-number ${p.asNumber}`);
    if (p.keepAllRoutes) body.push(`peer ${p.address} keep-all-routes`);
  }
  return { line: `ipv4-family vpn-instance ${quoteIfNeeded(v.name)}`, id: `bgp-vpn-instance|${v.name}`, body };
}

function bmpBlock(config: DeviceConfig): ConfigBlock {
  const bmp = config.bmp!;
  const body: ConfigNode[] = [];
  // ⚠ INFERRED (docs/vrp-behaviour.md §2.13): `statistics-timer` is shown when it was
  // configured, even at its default (the real sample shows `statistics-timer 3600`).
  if (bmp.statisticsTimer !== undefined) body.push(`statistics-timer ${bmp.statisticsTimer}`);
  if (bmp.connectInterface) body.push(`connect-interface ${bmp.connectInterface}`);
  for (const s of bmp.sessions) body.push(sessionBlock(s));
  return { line: 'bmp', id: 'bmp', body };
}

function sessionBlock(s: BmpSessionConfig): ConfigBlock {
  const key = sessionKey(s);
  const body: ConfigNode[] = [];
  // Session leaf lines come before the monitor blocks (docs/vrp-behaviour.md §2.13).
  if (s.port !== null) body.push(tcpLine(s));
  if (s.connectInterface) body.push(`connect-interface ${s.connectInterface}`);
  for (const m of s.monitors ?? []) body.push(monitorBlock(key, m));
  body.push(...traceBlocks(key, s.trace));
  return { line: sessionCommand(s), id: `bmp-session|${key}`, body };
}

/** ⚠ INFERRED: the `ipv4 unicast` / `ipv4 vpn` blocks follow the monitor blocks (no sample shows both). */
function traceBlocks(session: string, trace: BmpSessionConfig['trace']): ConfigBlock[] {
  const out: ConfigBlock[] = [];
  if (trace?.ipv4Unicast) {
    const body = trace.ipv4Unicast.prefixes.map((p) => `trace-prefix ${tracePrefixText(p)}`);
    out.push({ line: 'ipv4 unicast', id: `bmp-session-ipv4-unicast|${session}`, body });
  }
  if (trace?.ipv4Vpn) {
    const body = trace.ipv4Vpn.prefixes.map((p) => `trace-prefix route-distinguisher ${p.rd} ${tracePrefixText(p.prefix)}`);
    out.push({ line: 'ipv4 vpn', id: `bmp-session-ipv4-vpn|${session}`, body });
  }
  return out;
}

/** `10.1.1.0 24`, or `all`. */
export function tracePrefixText(p: string): string {
  return p === 'all' ? 'all' : p.replace('/', ' ');
}

function tcpLine(s: BmpSessionConfig): string {
  const auth = s.tcpAuthentication;
  const tail = !auth ? '' : auth.kind === 'md5' ? ` password md5 ${auth.cipher}` : ` keychain ${auth.name}`;
  return `tcp connect port ${s.port}${tail}`;
}

function monitorBlock(session: string, m: BmpMonitorConfig): ConfigBlock {
  return { line: monitorCommand(m.target), id: `bmp-monitor|${session}|${monitorKey(m.target)}`, body: m.routeModes.map(routeModeCommand) };
}

export function monitorCommand(t: BmpMonitorTarget): string {
  switch (t.kind) {
    case 'public':
      return 'monitor public';
    case 'all-vpn-instance':
      return 'monitor all-vpn-instance';
    case 'peer':
      return `monitor peer ${t.address}`;
    case 'vpn-instance':
      return `monitor vpn-instance ${quoteIfNeeded(t.vpnInstance)}`;
    case 'vpn-instance-peer':
      return `monitor vpn-instance ${quoteIfNeeded(t.vpnInstance)} peer ${t.address}`;
  }
}

const FAMILY_WORDS: Record<RouteMode['family'], string> = {
  'ipv4-unicast': 'ipv4-family unicast',
  'ipv6-unicast': 'ipv6-family unicast',
  'ipv4-labeled-unicast': 'ipv4-family labeled-unicast',
  'ipv4-vpnv4': 'ipv4-family vpnv4',
  'ipv6-vpnv6': 'ipv6-family vpnv6',
};

export function familyWords(f: RouteMode['family']): string {
  return FAMILY_WORDS[f];
}

export function routeModeCommand(r: RouteMode): string {
  const family = FAMILY_WORDS[r.family];
  if (r.rib !== 'local-rib') return `route-mode ${family} ${r.rib} ${r.policy}`;
  return `route-mode ${family} local-rib${r.option ? ' ' + r.option : ''}${r.pathMarking ? ' path-marking' : ''}`;
}

function bgpBlock(bgp: BgpConfig): ConfigBlock {
  const body: ConfigNode[] = [];
  if (bgp.routerId) body.push(`router-id ${bgp.routerId}`);
  for (const p of bgp.peers) {
    body.push(`peer ${p.address} as-number ${p.asNumber}`);
    if (p.connectInterface) body.push(`peer ${p.address} connect-interface ${p.connectInterface}`);
  }
  const af = bgp.ipv4Unicast ?? { enabledPeers: [], networks: [], importRoutes: [] };
  // The NE40E sample (docs/vrp-behaviour.md §4) shows `undo synchronization` first in every
  // IPv4 unicast block. ⚠ INFERRED order of the rest: keep-all-routes, network,
  // import-route, then the per-peer lines in peer order.
  const afBody: ConfigNode[] = ['undo synchronization'];
  if (bgp.keepAllRoutes) afBody.push('keep-all-routes');
  // Huawei's route reflector examples show `reflector cluster-id` in this block, before the peers'
  // lines; ⚠ INFERRED: after keep-all-routes and before network.
  if (bgp.reflectorClusterId !== undefined) afBody.push(`reflector cluster-id ${bgp.reflectorClusterId}`);
  for (const n of af.networks) afBody.push(networkCommand(n));
  for (const r of af.importRoutes) afBody.push(`import-route ${r}`);
  // ⚠ INFERRED: the family-wide filter-policy after import-route (as OSPF shows
  // it), and a peer's policy lines after `enable` in keyword order (an example
  // shows `peer X enable`, `peer X as-path-filter …`, `peer X route-policy …`).
  if (af.filterPolicy?.import) afBody.push(`filter-policy ip-prefix ${quoteIfNeeded(af.filterPolicy.import)} import`);
  if (af.filterPolicy?.export) afBody.push(`filter-policy ip-prefix ${quoteIfNeeded(af.filterPolicy.export)} export`);
  // Looked up once per block, not once per peer: rendering stays linear in the number of peers.
  const enabled = new Set(af.enabledPeers);
  const policiesOf = policiesByPeer(af.peerPolicies);
  for (const p of bgp.peers) {
    const policies = policiesOf.get(p.address);
    const line = (what: string, name: string | undefined, dir: string) => {
      if (name !== undefined) afBody.push(`peer ${p.address} ${what} ${quoteIfNeeded(name)} ${dir}`);
    };
    if (enabled.has(p.address)) afBody.push(`peer ${p.address} enable`);
    line('ip-prefix', policies?.import?.ipPrefix, 'import');
    line('ip-prefix', policies?.export?.ipPrefix, 'export');
    if (p.keepAllRoutes && !p.address.includes(':')) afBody.push(`peer ${p.address} keep-all-routes`);
    // ⚠ INFERRED: in keyword order with the others (Huawei's examples show `enable` before `reflect-client`).
    if (p.nextHopLocal) afBody.push(`peer ${p.address} next-hop-local`);
    if (p.reflectClient) afBody.push(`peer ${p.address} reflect-client`);
    line('route-policy', policies?.import?.routePolicy, 'import');
    line('route-policy', policies?.export?.routePolicy, 'export');
  }
  body.push({ line: 'ipv4-family unicast', id: 'bgp-af-ipv4', body: afBody });
  if (bgp.ipv6Unicast) body.push(ipv6FamilyBlock(bgp));
  if (bgp.ipv4Vpnv4) body.push(vpnFamilyBlock(bgp, bgp.ipv4Vpnv4, 'ipv4-family vpnv4', 'bgp-af-vpnv4'));
  if (bgp.ipv6Vpnv6) body.push(vpnFamilyBlock(bgp, bgp.ipv6Vpnv6, 'ipv6-family vpnv6', 'bgp-af-vpnv6'));
  for (const v of bgp.vpnInstances ?? []) body.push(bgpVpnInstanceBlock(v));
  return { line: `bgp ${bgp.asNumber}`, id: 'bgp', body };
}

/**
 * `ipv6-family unicast` after `ipv4-family unicast`, as the NE40E BGP4+
 * example's configuration file shows it: the `network` lines, then the peers'
 * `enable` lines in peer order (with no `undo synchronization`). ⚠ INFERRED:
 * a peer's policy and `keep-all-routes` lines follow its `enable` as in the
 * IPv4 block; `peer X keep-all-routes` of an IPv6 peer shows here.
 */
function ipv6FamilyBlock(bgp: BgpConfig): ConfigBlock {
  const af = bgp.ipv6Unicast!;
  const body: ConfigNode[] = af.networks.map((n) => `network ${n.slice(0, n.lastIndexOf('/'))} ${n.slice(n.lastIndexOf('/') + 1)}`);
  // ⚠ INFERRED: import-route and the family-wide filter-policy after network, before the peers, as in the IPv4 block.
  for (const r of af.importRoutes ?? []) body.push(`import-route ${r}`);
  if (af.filterPolicy?.import) body.push(`filter-policy ipv6-prefix ${quoteIfNeeded(af.filterPolicy.import)} import`);
  if (af.filterPolicy?.export) body.push(`filter-policy ipv6-prefix ${quoteIfNeeded(af.filterPolicy.export)} export`);
  const enabled = new Set(af.enabledPeers);
  const policiesOf = policiesByPeer(af.peerPolicies);
  for (const p of bgp.peers) {
    const policies = policiesOf.get(p.address);
    if (enabled.has(p.address)) body.push(`peer ${p.address} enable`);
    if (policies?.import?.ipPrefix !== undefined) body.push(`peer ${p.address} ipv6-prefix ${quoteIfNeeded(policies.import.ipPrefix)} import`);
    if (policies?.export?.ipPrefix !== undefined) body.push(`peer ${p.address} ipv6-prefix ${quoteIfNeeded(policies.export.ipPrefix)} export`);
    if (p.keepAllRoutes && p.address.includes(':')) body.push(`peer ${p.address} keep-all-routes`);
    if (policies?.import?.routePolicy !== undefined) body.push(`peer ${p.address} route-policy ${quoteIfNeeded(policies.import.routePolicy)} import`);
    if (policies?.export?.routePolicy !== undefined) body.push(`peer ${p.address} route-policy ${quoteIfNeeded(policies.export.routePolicy)} export`);
  }
  return { line: 'ipv6-family unicast', id: 'bgp-af-ipv6', body };
}

/**
 * `ipv4-family vpnv4` / `ipv6-family vpnv6` between the unicast families and
 * the `ipv4-family vpn-instance` blocks, as Huawei's BGP/MPLS IP VPN
 * configuration files place them: `policy vpn-target` (on by default, and
 * printed) then the peers' `enable` lines in peer order.
 */
function vpnFamilyBlock(bgp: BgpConfig, af: { enabledPeers: string[] }, line: string, id: string): ConfigBlock {
  const enabled = new Set(af.enabledPeers);
  const body: ConfigNode[] = ['policy vpn-target'];
  for (const p of bgp.peers) if (enabled.has(p.address)) body.push(`peer ${p.address} enable`);
  return { line, id, body };
}

/** A family's policy bindings by peer address; the first binding of an address wins, as `find` would pick it. */
function policiesByPeer(bindings: readonly PeerPolicyBinding[] | undefined): Map<string, PeerPolicyBinding> {
  const byPeer = new Map<string, PeerPolicyBinding>();
  for (const b of bindings ?? []) if (!byPeer.has(b.address)) byPeer.set(b.address, b);
  return byPeer;
}

/**
 * `network a.b.c.d/len` as VRP prints it: ⚠ INFERRED — the mask in dotted
 * form, left out when it is the address's natural (classful) mask.
 */
export function networkCommand(prefix: string): string {
  const [address, lenText] = prefix.split('/');
  const len = Number(lenText);
  if (len === naturalMaskLength(address!)) return `network ${address}`;
  return `network ${address} ${lengthToMask(len)}`;
}

export function naturalMaskLength(address: string): number {
  const first = Number(address.split('.')[0]);
  return first < 128 ? 8 : first < 192 ? 16 : 24;
}

export function lengthToMask(len: number): string {
  return numberToIpv4(ipv4Netmask(len));
}

export function sessionCommand(s: BmpSessionConfig): string {
  // ⚠ INFERRED (docs/vrp-behaviour.md §2.13): alias and VPN forms follow the command syntax.
  const vpn = s.vpnInstance ? `vpn-instance ${quoteIfNeeded(s.vpnInstance)} ` : '';
  const alias = s.alias ? ` alias ${quoteIfNeeded(s.alias)}` : '';
  return `bmp-session ${vpn}${s.address}${alias}`;
}

/** A name with spaces was typed in double quotes and is printed the same way. */
export function quoteIfNeeded(name: string): string {
  return name.includes(' ') ? `"${name}"` : name;
}
