import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandArgs, Repetition } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { ALL_VIEWS, VIEW } from '../console/views.js';
import type { DeviceConfig } from '../config/device-config.js';
import type { AsPathFilter, CommunityFilter, CommunityValue, IpPrefixEntry, IpPrefixList, PolicyAction } from '../policy/policy-config.js';
import { compileAsPathRegex } from '../policy/as-path-regex.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import {
  AS_PATH_FILTER_NAME,
  AS_PATH_FILTER_NUMBER,
  COMMUNITY_AA_NN,
  COMMUNITY_FILTER_NAME,
  COMMUNITY_FILTER_NUMBER,
  COMMUNITY_NUMBER,
  ENTRY_INDEX,
  IP_PREFIX_NAME,
  IPV4,
  IPV6,
} from './params.js';
import { wireIpv6Prefix } from '../bgp/family.js';
import { parseIpv6 } from '@bmp-lab/cli-engine';
import { maskIpv4 } from './helpers.js';

/**
 * The filters a route-policy or a BGP peer refers to, all in the system view
 * at level 2 (NE40E command pages `ip ip-prefix`, `ip as-path-filter`,
 * `ip community-filter`, and their `display` pages).
 */

/** One entry of any indexed filter. */
interface Indexed {
  index: number;
}

/**
 * The index VRP gives an entry typed without one: 10 for the first, then the
 * next multiple of 10 above the highest index (the pages: "increases with a
 * step of 10 according to the configuration order, and the first number is
 * 10"). ⚠ INFERRED: after a hand-picked index such as 15 the next is 20.
 */
export function nextIndex(entries: readonly Indexed[]): number {
  const max = Math.max(0, ...entries.map((e) => e.index));
  return Math.floor(max / 10) * 10 + 10;
}

/** Put an entry in index order; an entry with the same index is replaced (the pages: the new entry overwrites it). */
function upsert<T extends Indexed>(entries: T[], entry: T): void {
  const at = entries.findIndex((e) => e.index >= entry.index);
  if (at < 0) entries.push(entry);
  else if (entries[at]!.index === entry.index) entries[at] = entry;
  else entries.splice(at, 0, entry);
}

function actionOf(args: CommandArgs): PolicyAction {
  return args.keywords.includes('deny') ? 'deny' : 'permit';
}

// ---- ip ip-prefix -----------------------------------------------------------

/** Whether a route-policy, a peer or the family's filter-policy names the list. */
function ipPrefixInUse(config: DeviceConfig, name: string): boolean {
  const byPolicy = (config.routePolicies ?? []).some((p) => p.nodes.some((n) => n.matches.some((m) => m.kind === 'ip-prefix' && m.name === name)));
  const af = config.bgp?.ipv4Unicast;
  const byPeer = (af?.peerPolicies ?? []).some((b) => b.import?.ipPrefix === name || b.export?.ipPrefix === name);
  const byFamily = af?.filterPolicy?.import === name || af?.filterPolicy?.export === name;
  return byPolicy || byPeer || byFamily;
}

function sameEntry(a: IpPrefixEntry, b: IpPrefixEntry): boolean {
  return (
    a.action === b.action &&
    a.address === b.address &&
    a.maskLength === b.maskLength &&
    !!a.matchNetwork === !!b.matchNetwork &&
    a.greaterEqual === b.greaterEqual &&
    a.lessEqual === b.lessEqual
  );
}

/**
 * `ip ip-prefix` (system view): one entry of an IPv4 prefix list. The address
 * is stored ANDed with the mask (the page: `1.1.1.1 24` is kept as
 * `1.1.1.0 24`); `match-network` needs the address 0.0.0.0; the lengths obey
 * mask-length <= greater-equal <= less-equal <= 32. `undo` with an index
 * deletes that entry, without one the whole list; a list in use cannot be
 * deleted (the page's precaution).
 */
export const ipIpPrefix = defineCommand<CommandContext>({
  id: 'ip-ip-prefix',
  summary: 'Configures an entry of an IPv4 prefix list, or deletes a prefix list or one of its entries.',
  syntax: [
    'ip ip-prefix ip-prefix-name [ index index-number ] { permit | deny } ipv4-address mask-length [ match-network ] [ greater-equal greater-equal-value ] [ less-equal less-equal-value ]',
    'undo ip ip-prefix ip-prefix-name [ index index-number ]',
  ],
  params: {
    'ip-prefix-name': IP_PREFIX_NAME,
    'index-number': ENTRY_INDEX,
    'ipv4-address': IPV4('IPv4 address'),
    'mask-length': { type: { kind: 'integer', min: 0, max: 32 }, help: 'Mask length' },
    'greater-equal-value': { type: { kind: 'integer', min: 0, max: 32 }, help: 'Minimum mask length' },
    'less-equal-value': { type: { kind: 'integer', min: 0, max: 32 }, help: 'Maximum mask length' },
  },
  keywords: keywords(['ip', 'ip-prefix', 'index', 'permit', 'deny', 'match-network', 'greater-equal', 'less-equal', 'undo']),
  views: [VIEW.system],
  level: 2,
  run(ctx, args) {
    editPrefixList(ctx, args, IPV4_PREFIX_LIST);
  },
});

// ---- ip ipv6-prefix ---------------------------------------------------------

const IPV6_PREFIX_NAME = { ...IP_PREFIX_NAME, help: 'Name of the IPv6 prefix list' };

/** Whether a route-policy, a peer of IPv6 unicast or the family's filter-policy names the IPv6 list. */
function ipv6PrefixInUse(config: DeviceConfig, name: string): boolean {
  const byPolicy = (config.routePolicies ?? []).some((p) => p.nodes.some((n) => n.matches.some((m) => m.kind === 'ipv6-prefix' && m.name === name)));
  const af = config.bgp?.ipv6Unicast;
  const byPeer = (af?.peerPolicies ?? []).some((b) => b.import?.ipPrefix === name || b.export?.ipPrefix === name);
  const byFamily = af?.filterPolicy?.import === name || af?.filterPolicy?.export === name;
  return byPolicy || byPeer || byFamily;
}

/**
 * `ip ipv6-prefix` (system view; NE40E page of that name): one entry of an
 * IPv6 prefix list, with the rules of `ip ip-prefix` over 128 bits: the
 * address is kept ANDed with the mask (`2001:db8::1 64` as `2001:DB8:: 64`),
 * `match-network` needs the address `::`, mask-length <= greater-equal <=
 * less-equal <= 128, the index defaults to the next step of 10, and a list in
 * use cannot be deleted.
 */
export const ipIpv6Prefix = defineCommand<CommandContext>({
  id: 'ip-ipv6-prefix',
  summary: 'Configures an entry of an IPv6 prefix list, or deletes a prefix list or one of its entries.',
  syntax: [
    'ip ipv6-prefix ipv6-prefix-name [ index index-number ] { permit | deny } ipv6-address mask-length [ match-network ] [ greater-equal greater-equal-value ] [ less-equal less-equal-value ]',
    'undo ip ipv6-prefix ipv6-prefix-name [ index index-number ]',
  ],
  params: {
    'ipv6-prefix-name': IPV6_PREFIX_NAME,
    'index-number': ENTRY_INDEX,
    'ipv6-address': IPV6('IPv6 address'),
    'mask-length': { type: { kind: 'integer', min: 0, max: 128 }, help: 'Prefix length' },
    'greater-equal-value': { type: { kind: 'integer', min: 0, max: 128 }, help: 'Minimum prefix length' },
    'less-equal-value': { type: { kind: 'integer', min: 0, max: 128 }, help: 'Maximum prefix length' },
  },
  keywords: keywords(['ip', 'ipv6-prefix', 'index', 'permit', 'deny', 'match-network', 'greater-equal', 'less-equal', 'undo']),
  views: [VIEW.system],
  level: 2,
  run(ctx, args) {
    editPrefixList(ctx, args, IPV6_PREFIX_LIST);
  },
});

/**
 * `display ip ipv6-prefix [ ipv6-prefix-name ]` (all views, level 1): per
 * list `Prefix-list6 NAME`, the counters, then its entries in the columns of
 * `display ip ip-prefix` (the NE40E sample of `display ip ipv6-prefix`
 * prints them unindented; ⚠ INFERRED: the lab keeps the IPv4 layout's
 * indent). ⚠ INFERRED: the lab counts no matches (Permitted/Denied 0).
 */
export const displayIpIpv6Prefix = defineCommand<CommandContext>({
  id: 'display-ip-ipv6-prefix',
  summary: 'Displays IPv6 prefix lists.',
  syntax: ['display ip ipv6-prefix [ ipv6-prefix-name ]'],
  params: { 'ipv6-prefix-name': IPV6_PREFIX_NAME },
  keywords: keywords(['display', 'ip', 'ipv6-prefix']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx, args) {
    const name = args.params['ipv6-prefix-name'];
    for (const list of ctx.running.ipv6Prefixes ?? []) {
      if (name !== undefined && list.name !== String(name)) continue;
      ctx.print(`Prefix-list6 ${list.name}`, 'Permitted 0', 'Denied 0', ...list.entries.map(prefixRow));
    }
  },
});

/** `display ip ip-prefix [ ip-prefix-name ]` (all views, level 1). ⚠ INFERRED: the lab counts no matches (Permitted/Denied 0). */
export const displayIpIpPrefix = defineCommand<CommandContext>({
  id: 'display-ip-ip-prefix',
  summary: 'Displays IPv4 prefix lists.',
  syntax: ['display ip ip-prefix [ ip-prefix-name ]'],
  params: { 'ip-prefix-name': IP_PREFIX_NAME },
  keywords: keywords(['display', 'ip', 'ip-prefix']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx, args) {
    const name = args.params['ip-prefix-name'];
    for (const list of ctx.running.ipPrefixes ?? []) {
      if (name !== undefined && list.name !== String(name)) continue;
      ctx.print(`Prefix-list ${list.name}`, 'Permitted 0', 'Denied 0', ...list.entries.map(prefixRow));
    }
  },
});

/** An entry as the NE40E sample lays it out (index, mode, prefix, then `ge`/`le` in fixed columns). */
function prefixRow(e: IpPrefixEntry): string {
  const range = [e.greaterEqual !== undefined ? `ge ${e.greaterEqual}`.padEnd(8) : '', e.lessEqual !== undefined ? `le ${e.lessEqual}` : ''].join('');
  const tail = [range.trim() ? range : '', e.matchNetwork ? 'match-network' : ''].filter(Boolean).join(' ');
  return ('    index: ' + String(e.index).padEnd(14) + e.action.padEnd(11) + `${e.address}/${e.maskLength}`.padEnd(23) + tail).trimEnd();
}

// ---- ip as-path-filter -------------------------------------------------------

function filterName(args: CommandArgs, number: string, name: string): string {
  return String(args.params[number] ?? args.params[name]);
}

/**
 * `ip as-path-filter` (system view): one entry of an AS_Path filter, named
 * by a number 1–256 or a name. ⚠ INFERRED: a regular expression with spaces
 * is typed in double quotes (the page allows spaces; the lab's lexer ends an
 * unquoted word at a space). `undo` with an index, or with the mode and
 * expression, deletes entries; without either the whole filter.
 */
export const ipAsPathFilter = defineCommand<CommandContext>({
  id: 'ip-as-path-filter',
  summary: 'Configures an entry of an AS_Path filter, or deletes a filter or some of its entries.',
  syntax: [
    'ip as-path-filter { as-path-filter-number | as-path-filter-name } [ index index-number ] { deny | permit } regular-expression',
    'undo ip as-path-filter { as-path-filter-number | as-path-filter-name } [ index index-number ] [ { deny | permit } regular-expression ]',
  ],
  params: {
    'as-path-filter-number': AS_PATH_FILTER_NUMBER,
    'as-path-filter-name': AS_PATH_FILTER_NAME,
    'index-number': ENTRY_INDEX,
    'regular-expression': { type: { kind: 'string', min: 1, max: 1024, caseSensitive: true }, help: 'Regular expression of the AS_Path' },
  },
  keywords: keywords(['ip', 'as-path-filter', 'index', 'deny', 'permit', 'undo']),
  views: [VIEW.system],
  level: 2,
  run(ctx, args) {
    const name = filterName(args, 'as-path-filter-number', 'as-path-filter-name');
    const filters = (ctx.candidate.asPathFilters ??= []);
    const filter = filters.find((f) => f.name === name);
    const index = args.params['index-number'] === undefined ? undefined : Number(args.params['index-number']);
    const regex = args.params['regular-expression'] === undefined ? undefined : String(args.params['regular-expression']);
    if (args.undo) {
      if (!filter) return ctx.print(MSG.asPathFilterMissing);
      const hit = (e: AsPathFilter['entries'][number]) => (index === undefined || e.index === index) && (regex === undefined || (e.regex === regex && e.action === actionOf(args)));
      if (index === undefined && regex === undefined) {
        ctx.candidate.asPathFilters = filters.filter((f) => f !== filter);
        return;
      }
      if (!filter.entries.some(hit)) return ctx.print(MSG.configMissing);
      filter.entries = filter.entries.filter((e) => !hit(e));
      if (filter.entries.length === 0) ctx.candidate.asPathFilters = filters.filter((f) => f !== filter);
      return;
    }
    // Refused as the policy evaluator would refuse it (a pattern it cannot compile matches nothing).
    if (compileAsPathRegex(regex!) === null) return ctx.print(MSG.badRegex);
    const target = filter ?? { name, entries: [] };
    if (!filter) filters.push(target);
    const action = actionOf(args);
    if (index === undefined && target.entries.some((e) => e.action === action && e.regex === regex)) return;
    upsert(target.entries, { index: index ?? nextIndex(target.entries), action, regex: regex! });
  },
});

/** `display ip as-path-filter [ number | name ]` (all views, level 1), in the NE40E sample's columns. */
export const displayIpAsPathFilter = defineCommand<CommandContext>({
  id: 'display-ip-as-path-filter',
  summary: 'Displays AS_Path filters.',
  syntax: ['display ip as-path-filter [ as-path-filter-number | as-path-filter-name ]'],
  params: { 'as-path-filter-number': AS_PATH_FILTER_NUMBER, 'as-path-filter-name': AS_PATH_FILTER_NAME },
  keywords: keywords(['display', 'ip', 'as-path-filter']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx, args) {
    const wanted = args.params['as-path-filter-number'] ?? args.params['as-path-filter-name'];
    for (const f of ctx.running.asPathFilters ?? []) {
      if (wanted !== undefined && f.name !== String(wanted)) continue;
      ctx.print(/^\d+$/.test(f.name) ? `As path filter number: ${f.name}` : `As path filter name: ${f.name}`);
      for (const e of f.entries) ctx.print('          index: ' + String(e.index).padEnd(7) + e.action.padEnd(10) + e.regex);
    }
  },
});

// ---- ip community-filter ------------------------------------------------------

const COMMUNITY_WORDS = ['internet', 'no-advertise', 'no-export', 'no-export-subconfed'] as const;

/** The communities of a repeated `{ community-number | aa:nn | internet | … }` part, as configured. */
export function communitiesOf(reps: readonly Repetition[] | undefined): CommunityValue[] {
  return (reps ?? []).map((r) => {
    const v = r.params['community-number'] ?? r.params['aa:nn'];
    return v !== undefined ? String(v) : r.keywords[0]!;
  });
}

const COMMUNITY_ALTERNATIVES = '[ community-number | aa:nn | internet | no-export-subconfed | no-advertise | no-export ] &<1-20>';

/**
 * `ip community-filter` (system view): one entry of a basic community filter,
 * numbered 1–99 or named (`basic NAME`). Every community of an entry must be
 * carried by a route; an entry without communities matches any route.
 * ⚠ INFERRED: `internet strict-match` and the advanced (regular-expression)
 * filters are not emulated.
 */
export const ipCommunityFilter = defineCommand<CommandContext>({
  id: 'ip-community-filter',
  summary: 'Configures an entry of a basic community filter, or deletes a filter or some of its entries.',
  syntax: [
    `ip community-filter { basic comm-filter-name | basic-comm-filter-num } [ index index-number ] { deny | permit } ${COMMUNITY_ALTERNATIVES}`,
    `undo ip community-filter { basic comm-filter-name | basic-comm-filter-num } [ index index-number ] [ deny | permit ] ${COMMUNITY_ALTERNATIVES}`,
  ],
  params: {
    'comm-filter-name': COMMUNITY_FILTER_NAME,
    'basic-comm-filter-num': COMMUNITY_FILTER_NUMBER,
    'index-number': ENTRY_INDEX,
    'community-number': COMMUNITY_NUMBER,
    'aa:nn': COMMUNITY_AA_NN,
  },
  keywords: keywords(['ip', 'community-filter', 'basic', 'index', 'deny', 'permit', ...COMMUNITY_WORDS, 'undo']),
  views: [VIEW.system],
  level: 2,
  run(ctx, args) {
    const name = filterName(args, 'basic-comm-filter-num', 'comm-filter-name');
    const filters = (ctx.candidate.communityFilters ??= []);
    const filter = filters.find((f) => f.name === name);
    const index = args.params['index-number'] === undefined ? undefined : Number(args.params['index-number']);
    const communities = communitiesOf(args.repeats[0]);
    const mode = args.keywords.includes('deny') ? 'deny' : args.keywords.includes('permit') ? 'permit' : undefined;
    if (args.undo) {
      if (!filter) return ctx.print(MSG.communityFilterMissing);
      if (index === undefined && mode === undefined && communities.length === 0) {
        ctx.candidate.communityFilters = filters.filter((f) => f !== filter);
        return;
      }
      const hit = (e: CommunityFilter['entries'][number]) =>
        (index === undefined || e.index === index) && (mode === undefined || e.action === mode) && (communities.length === 0 || e.communities.join(' ') === communities.join(' '));
      if (!filter.entries.some(hit)) return ctx.print(MSG.configMissing);
      filter.entries = filter.entries.filter((e) => !hit(e));
      if (filter.entries.length === 0) ctx.candidate.communityFilters = filters.filter((f) => f !== filter);
      return;
    }
    const target = filter ?? { name, entries: [] };
    if (!filter) filters.push(target);
    const action = actionOf(args);
    if (index === undefined && target.entries.some((e) => e.action === action && e.communities.join(' ') === communities.join(' '))) return;
    upsert(target.entries, { index: index ?? nextIndex(target.entries), action, communities });
  },
});

/** `display ip community-filter [ number | name ]` (all views, level 1), in the NE40E sample's layout. */
export const displayIpCommunityFilter = defineCommand<CommandContext>({
  id: 'display-ip-community-filter',
  summary: 'Displays community filters.',
  syntax: ['display ip community-filter [ basic-comm-filter-num | comm-filter-name ]'],
  params: { 'basic-comm-filter-num': COMMUNITY_FILTER_NUMBER, 'comm-filter-name': COMMUNITY_FILTER_NAME },
  keywords: keywords(['display', 'ip', 'community-filter']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx, args) {
    const wanted = args.params['basic-comm-filter-num'] ?? args.params['comm-filter-name'];
    for (const f of ctx.running.communityFilters ?? []) {
      if (wanted !== undefined && f.name !== String(wanted)) continue;
      ctx.print(/^\d+$/.test(f.name) ? `Community filter Number: ${f.name}` : `Named Community basic filter: ${f.name}`);
      for (const e of f.entries) ctx.print(('  index: ' + String(e.index).padEnd(7) + e.action + ' ' + e.communities.join(' ')).trimEnd());
    }
  },
});

/** What differs between `ip ip-prefix` and `ip ipv6-prefix`; the rules are the same. */
interface PrefixListFamily {
  nameParam: string;
  addressParam: string;
  /** The only address `match-network` accepts. */
  anyAddress: string;
  lists(config: DeviceConfig): IpPrefixList[] | undefined;
  setLists(config: DeviceConfig, lists: IpPrefixList[] | undefined): void;
  inUse(config: DeviceConfig, name: string): boolean;
  /** The typed address with its host bits cleared, as the list keeps it. */
  network(typed: string, len: number): string;
  errors: { matchNetwork: string; range: string };
}

const IPV4_PREFIX_LIST: PrefixListFamily = {
  nameParam: 'ip-prefix-name',
  addressParam: 'ipv4-address',
  anyAddress: '0.0.0.0',
  lists: (c) => c.ipPrefixes,
  setLists: (c, lists) => {
    if (lists) c.ipPrefixes = lists;
    else delete c.ipPrefixes;
  },
  inUse: (c, name) => ipPrefixInUse(c, name),
  network: (typed, len) => maskIpv4(typed, len),
  errors: { matchNetwork: MSG.matchNetwork, range: MSG.prefixRange },
};

const IPV6_PREFIX_LIST: PrefixListFamily = {
  nameParam: 'ipv6-prefix-name',
  addressParam: 'ipv6-address',
  anyAddress: '::',
  lists: (c) => c.ipv6Prefixes,
  setLists: (c, lists) => {
    if (lists) c.ipv6Prefixes = lists;
    else delete c.ipv6Prefixes;
  },
  inUse: (c, name) => ipv6PrefixInUse(c, name),
  network: (typed, len) => {
    const wire = wireIpv6Prefix(typed, len)!;
    return parseIpv6(wire.slice(0, wire.lastIndexOf('/')))!;
  },
  errors: { matchNetwork: MSG.matchNetwork6, range: MSG.prefixRange6 },
};

/**
 * One `ip ip-prefix` / `ip ipv6-prefix` line: add or replace an entry, or
 * (`undo`) delete an entry or the whole list — never a list a policy or a
 * peer still names. An emptied list is gone.
 */
function editPrefixList(ctx: CommandContext, args: CommandArgs, f: PrefixListFamily): void {
  const p = args.params;
  const name = String(p[f.nameParam]);
  const lists = f.lists(ctx.candidate) ?? [];
  const list = lists.find((l) => l.name === name);
  const index = p['index-number'] === undefined ? undefined : Number(p['index-number']);
  if (args.undo) {
    if (!list) return ctx.print(MSG.ipPrefixMissing);
    if (index !== undefined && !list.entries.some((e) => e.index === index)) return ctx.print(MSG.configMissing);
    const rest = index === undefined ? [] : list.entries.filter((e) => e.index !== index);
    if (rest.length === 0 && f.inUse(ctx.candidate, name)) return ctx.print(MSG.ipPrefixInUse);
    if (rest.length > 0) list.entries = rest;
    else {
      const left = lists.filter((l) => l !== list);
      f.setLists(ctx.candidate, left.length > 0 ? left : undefined);
    }
    return;
  }
  const typed = String(p[f.addressParam]);
  const len = Number(p['mask-length']);
  const matchNetwork = args.keywords.includes('match-network');
  if (matchNetwork && typed !== f.anyAddress) return ctx.print(f.errors.matchNetwork);
  const ge = p['greater-equal-value'] === undefined ? undefined : Number(p['greater-equal-value']);
  const le = p['less-equal-value'] === undefined ? undefined : Number(p['less-equal-value']);
  if ((ge !== undefined && ge < len) || (le !== undefined && le < (ge ?? len))) return ctx.print(f.errors.range);
  const entry: IpPrefixEntry = { index: 0, action: actionOf(args), address: f.network(typed, len), maskLength: len };
  if (matchNetwork) entry.matchNetwork = true;
  if (ge !== undefined) entry.greaterEqual = ge;
  if (le !== undefined) entry.lessEqual = le;
  const target: IpPrefixList = list ?? { name, entries: [] };
  if (!list) f.setLists(ctx.candidate, [...lists, target]);
  // ⚠ INFERRED: the same rule typed again without an index adds nothing.
  if (index === undefined && target.entries.some((e) => sameEntry(e, entry))) return;
  entry.index = index ?? nextIndex(target.entries);
  upsert(target.entries, entry);
}
