/**
 * The routing-policy engine: a route (prefix + path attributes) through one
 * peer's import or export chain gives a verdict and, when permitted, the
 * attributes the route leaves with. Pure: no I/O, no clock.
 *
 * VRP behaviour followed here, as checked in Huawei's documentation
 * (NetEngine 40E / NetEngine 8000 command references and configuration
 * guides, found with the search tool; page titles in quotes):
 *
 * - "ip ip-prefix": entries are tried by ascending index and the first entry
 *   whose range holds the route decides (permit: the route passes the list;
 *   deny: it fails); a route that no entry holds fails. An entry's range is
 *   the first mask-length bits of its address plus a window of prefix
 *   lengths: no bound given → exactly mask-length; only greater-equal →
 *   [ge, 32]; only less-equal → [mask-length, le]; both → [ge, le].
 *   `0.0.0.0 0` alone holds only the default route; `0.0.0.0 0 less-equal
 *   32` holds every route. `match-network` (address 0.0.0.0 only) selects
 *   routes by destination address: `0.0.0.0 8 match-network` is every route
 *   to 0.x.x.x whatever its length, where `0.0.0.0 8` is only the /8 routes.
 * - "ip as-path-filter" and the AS_Path regular-expression table of the BGP
 *   configuration guide: the metacharacters of as-path-regex.ts; `_` stands
 *   for a comma, a brace, a parenthesis or a space, and also for the start or
 *   the end of the path; `^$` is the empty AS_PATH (routes from the local
 *   AS). Rules are tried in order, the first matching one decides, and a
 *   route that matches none is denied (the filter's default is deny).
 * - "ip community-filter basic" and "if-match community-filter": a rule lists
 *   communities as aa:nn (each 0–65535), as a number (0–4294967295) or as
 *   internet / no-export / no-advertise / no-export-subconfed; whole-match
 *   asks for exactly the listed communities; the filters named in one
 *   if-match are alternatives (OR).
 * - "route-policy" and "Creating a Route-Policy": nodes are tried by
 *   ascending node number; a permit node whose if-match clauses all hold runs
 *   its apply clauses and ends the matching; such a deny node rejects the
 *   route; a route that no node matches is rejected. The "route-policy" page
 *   adds that clauses on different attributes must all hold (AND) while
 *   clauses on the same attribute are alternatives (OR). A node with no
 *   if-match matches every route.
 * - "if-match ip-prefix", "if-match as-path-filter", "if-match
 *   community-filter" and the guide's "Configuring an if-match Clause": a
 *   clause naming a filter that is not configured matches every route.
 * - "route-policy nonexistent-config-check" (NE40E): by default a command
 *   may not refer to a policy object that does not exist, and such a
 *   reference does not take effect.
 * - "apply as-path": additive adds the listed ASNs to the AS_Path, overwrite
 *   replaces the AS_Path with them; "apply cost": sets the MED, `+`/`-` raise
 *   or lower it; "apply community": replaces the communities, with additive
 *   adds to them, `none` removes them; "apply local-preference", "apply
 *   origin" set LOCAL_PREF and ORIGIN.
 *
 * ⚠ INFERRED (not stated in the pages found):
 * - A chain that names a route-policy or IP prefix list that does not exist
 *   skips that stage (the route passes it unchanged): read from "does not
 *   take effect" above, and consistent with if-match clauses, where a missing
 *   filter matches everything. A list or policy with no entries/nodes is
 *   treated as not existing (VRP creates it with its first entry).
 * - The order family filter-policy → peer ip-prefix → peer route-policy is
 *   the brief's; it cannot change a verdict here, since only the last stage
 *   changes attributes and the prefix lists look at the prefix alone.
 * - `match-network` without bounds allows any length; with greater-equal or
 *   less-equal the missing bound is 0 or 32.
 * - AS_PATH text: ASNs in asplain separated by spaces, an AS_SET as
 *   `{a,b}` (old VRP `display bgp paths` output), a confederation sequence
 *   as `(a b)`, a confederation set as `(a,b)`; only AS_PATH is read (not
 *   AS4_PATH). An invalid or oversized regular expression matches no route.
 * - A community rule that lists `internet`, or lists nothing, matches every
 *   route, with or without whole-match.
 * - `apply as-path … additive` puts the listed ASNs in front, in the order
 *   listed, merged into a leading AS_SEQUENCE and split every 255 ASNs (the
 *   first segment taking the remainder); `apply cost +/-` clamps to
 *   0..4294967295 and counts a missing MED as 0.
 * - A changed COMMUNITIES attribute lists each community once, ascending by
 *   value; an additive apply that adds nothing leaves the attribute as it was.
 *
 * Caching (routes of one UPDATE share one attributes array): everything that
 * depends only on the attributes — AS-path and community matches, apply
 * outputs, verdict objects — is computed once per array (WeakMap keyed by
 * object identity). Apply outputs are also shared across compilations by
 * the content of the apply clauses (apply.ts), so after a policy change the
 * same input array through unchanged clauses yields the very same output
 * array; a permit that changes nothing yields the input array itself.
 */
import { ipv4ToNumber, ipv6ToBytes, isIpv6, scanIpv4 } from '@bmp-lab/codec';
import type { AsPathSegment, PathAttribute } from '@bmp-lab/codec';
import type { AsPathFilter, CommunityFilter, IpPrefixList, PolicyApply, PolicyConfig, RoutePolicy } from './policy-config.js';
import { compileApplies, type AttributeTransform } from './apply.js';
import { compileAsPathRegex, type AsPathMatcher } from './as-path-regex.js';
import { INTERNET, parseCommunity } from './community.js';

export type PolicyVerdict = { permit: true; attributes: readonly PathAttribute[] } | { permit: false };

/** What applies to a route in one direction for one peer, in VRP's order. */
export interface PolicyChain {
  /** Family-wide `filter-policy ip-prefix NAME`. */
  filterPolicy?: string;
  /** `peer X ip-prefix NAME` (IPv4 unicast) or `peer X ipv6-prefix NAME` (IPv6 unicast: `ipv6` set). */
  ipPrefix?: string;
  /** `peer X route-policy NAME`. */
  routePolicy?: string;
  /** The chain's prefix lists (`filterPolicy`, `ipPrefix`) are IPv6 ones (`ip ipv6-prefix`). */
  ipv6?: boolean;
}

export type RouteFilter = (prefix: string /* 'a.b.c.d/len' */, attributes: readonly PathAttribute[]) => PolicyVerdict;

// ---------------------------------------------------------------------------
// Normalised form of a chain: what the outcome depends on, and nothing else.
// compileChain builds from it and chainFingerprint prints it, so the two
// always agree.

interface PrefixEntrySpec {
  permit: boolean;
  /** Network bits of the entry (host bits cleared), unsigned; for IPv6, 32 hex digits. */
  net: number | string;
  len: number;
  ge: number;
  le: number;
}
/** An IPv4 list, or an IPv6 one (`ip ipv6-prefix`); a list holds routes of its own family only. */
interface PrefixListSpec {
  v6: boolean;
  entries: PrefixEntrySpec[];
}

interface AsPathRuleSpec {
  permit: boolean;
  regex: string;
}

interface CommunityRuleSpec {
  permit: boolean;
  /** Lists `internet` or nothing: holds for every route. */
  any: boolean;
  /** Sorted, once each. */
  values: number[];
}

interface CommunityRefSpec {
  whole: boolean;
  rules: CommunityRuleSpec[];
}

interface NodeSpec {
  permit: boolean;
  /** null: no prefix condition (none configured, or one names a missing list). */
  prefixLists: PrefixListSpec[] | null;
  /** null: no AS-path condition; else any of these filters. */
  asPath: AsPathRuleSpec[][] | null;
  /** null: no community condition; else any of these. */
  community: CommunityRefSpec[] | null;
  applies: PolicyApply[];
}

interface ChainSpec {
  filterPolicy: PrefixListSpec | null;
  ipPrefix: PrefixListSpec | null;
  routePolicy: NodeSpec[] | null;
}

function byIndex<T extends { index: number }>(entries: readonly T[]): T[] {
  return [...entries].sort((x, y) => x.index - y.index);
}

function maskOf(len: number): number {
  return len <= 0 ? 0 : len >= 32 ? 0xffffffff : (0xffffffff << (32 - len)) >>> 0;
}

function prefixListSpec(list: IpPrefixList | undefined, v6 = false): PrefixListSpec | null {
  if (!list || list.entries.length === 0) return null;
  const max = v6 ? 128 : 32;
  const entries = byIndex(list.entries).map((e) => {
    const len = e.maskLength;
    let ge: number;
    let le: number;
    if (e.matchNetwork) {
      ge = e.greaterEqual ?? 0;
      le = e.lessEqual ?? max;
    } else if (e.greaterEqual === undefined && e.lessEqual === undefined) {
      ge = le = len;
    } else {
      ge = e.greaterEqual ?? len;
      le = e.lessEqual ?? max;
    }
    const net = v6 ? ipv6NetHex(e.address, len) : ((ipv4ToNumber(e.address) ?? 0) & maskOf(len)) >>> 0;
    return { permit: e.action === 'permit', net, len, ge, le };
  });
  return { v6, entries };
}

/** The first `len` bits of an IPv6 address as 32 hex digits, the rest zero ('' for an invalid address, which no route holds). */
function ipv6NetHex(address: string, len: number): string {
  if (!isIpv6(address)) return '';
  const b = ipv6ToBytes(address);
  clearHostBits(b, len);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function clearHostBits(b: Uint8Array, len: number): void {
  for (let i = 0; i < 16; i++) {
    const keep = Math.max(0, Math.min(8, len - i * 8));
    b[i] = b[i]! & ((0xff << (8 - keep)) & 0xff);
  }
}

function asPathSpec(filter: AsPathFilter | undefined): AsPathRuleSpec[] | null {
  if (!filter || filter.entries.length === 0) return null;
  return byIndex(filter.entries).map((e) => ({ permit: e.action === 'permit', regex: e.regex }));
}

function communitySpec(filter: CommunityFilter | undefined): CommunityRuleSpec[] | null {
  if (!filter || filter.entries.length === 0) return null;
  return byIndex(filter.entries).map((e) => {
    const any = e.communities.length === 0 || e.communities.some((c) => c.toLowerCase() === INTERNET);
    const values = new Set<number>();
    for (const c of e.communities) {
      const n = parseCommunity(c);
      if (n !== undefined && c.toLowerCase() !== INTERNET) values.add(n);
    }
    return { permit: e.action === 'permit', any, values: [...values].sort((x, y) => x - y) };
  });
}

function nodeSpec(config: PolicyConfig, node: RoutePolicy['nodes'][number]): NodeSpec {
  let prefixLists: PrefixListSpec[] | null = null;
  let prefixAlways = false;
  let asPath: AsPathRuleSpec[][] | null = null;
  let asPathAlways = false;
  let community: CommunityRefSpec[] | null = null;
  let communityAlways = false;
  for (const m of node.matches) {
    // ⚠ INFERRED: an IPv4 and an IPv6 prefix list in one node test the same attribute (the destination): either may hold.
    if (m.kind === 'ip-prefix' || m.kind === 'ipv6-prefix') {
      const v6 = m.kind === 'ipv6-prefix';
      const list = prefixListSpec(
        (v6 ? config.ipv6Prefixes : config.ipPrefixes)?.find((l) => l.name === m.name),
        v6,
      );
      if (list) (prefixLists ??= []).push(list);
      else prefixAlways = true;
    } else if (m.kind === 'as-path-filter') {
      for (const name of m.names) {
        const rules = asPathSpec(config.asPathFilters?.find((f) => f.name === name));
        if (rules) (asPath ??= []).push(rules);
        else asPathAlways = true;
      }
    } else {
      for (const name of m.names) {
        const rules = communitySpec(config.communityFilters?.find((f) => f.name === name));
        if (rules) (community ??= []).push({ whole: m.wholeMatch === true, rules });
        else communityAlways = true;
      }
    }
  }
  return {
    permit: node.action === 'permit',
    prefixLists: prefixAlways ? null : prefixLists,
    asPath: asPathAlways ? null : asPath,
    community: communityAlways ? null : community,
    applies: node.applies,
  };
}

function chainSpec(config: PolicyConfig, chain: PolicyChain): ChainSpec {
  const v6 = chain.ipv6 === true;
  const list = (name: string | undefined): PrefixListSpec | null =>
    name === undefined
      ? null
      : prefixListSpec(
          (v6 ? config.ipv6Prefixes : config.ipPrefixes)?.find((l) => l.name === name),
          v6,
        );
  let routePolicy: NodeSpec[] | null = null;
  if (chain.routePolicy !== undefined) {
    const policy = config.routePolicies?.find((p) => p.name === chain.routePolicy);
    if (policy && policy.nodes.length > 0) {
      routePolicy = [...policy.nodes].sort((x, y) => x.node - y.node).map((n) => nodeSpec(config, n));
    }
  }
  return { filterPolicy: list(chain.filterPolicy), ipPrefix: list(chain.ipPrefix), routePolicy };
}

/** A string that changes exactly when the outcome of the chain could change (the referenced objects' contents, including absence). */
export function chainFingerprint(config: PolicyConfig, chain: PolicyChain): string {
  return JSON.stringify(chainSpec(config, chain));
}

// ---------------------------------------------------------------------------
// Compiled form.

type PrefixTest = (addr: number, len: number) => boolean;

function compilePrefixList(list: PrefixListSpec): PrefixTest {
  if (list.v6) return compileIpv6PrefixList(list.entries);
  const spec = list.entries;
  const n = spec.length;
  const permit = new Uint8Array(n);
  const net = new Int32Array(n);
  const mask = new Int32Array(n);
  const ge = new Int8Array(n);
  const le = new Int8Array(n);
  spec.forEach((e, i) => {
    permit[i] = e.permit ? 1 : 0;
    net[i] = (e.net as number) | 0;
    mask[i] = maskOf(e.len) | 0;
    ge[i] = Math.max(0, Math.min(33, e.ge));
    le[i] = Math.max(-1, Math.min(32, e.le));
  });
  return (addr, len) => {
    for (let i = 0; i < n; i++) {
      if ((addr & mask[i]!) === net[i] && len >= ge[i]! && len <= le[i]!) return permit[i] === 1;
    }
    return false;
  };
}

/**
 * An IPv6 list's test. It reads the IPv6 prefix `parsePrefix` left in
 * `parsedV6` (an IPv4 route leaves none, and so passes no IPv6 list, as an
 * IPv6 route passes no IPv4 list: its `len` is -1 there).
 */
function compileIpv6PrefixList(spec: readonly PrefixEntrySpec[]): PrefixTest {
  const entries = spec.map((e) => {
    const hex = e.net as string;
    const net = hex === '' ? null : Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
    return { permit: e.permit, net, len: e.len, ge: e.ge, le: e.le };
  });
  return () => {
    const len = parsedV6Len;
    if (len < 0) return false;
    for (const e of entries) {
      if (len >= e.ge && len <= e.le && e.net !== null && sameBits(parsedV6, e.net, e.len)) return e.permit;
    }
    return false;
  };
}

/** Whether the first `len` bits of `b` are those of `net` (whose other bits are zero). */
function sameBits(b: Uint8Array, net: Uint8Array, len: number): boolean {
  for (let i = 0; i < 16 && i * 8 < len; i++) {
    const keep = Math.min(8, len - i * 8);
    if ((b[i]! & ((0xff << (8 - keep)) & 0xff)) !== net[i]) return false;
  }
  return true;
}

/** What the attribute-dependent tests read, computed at most once per attributes array. */
interface AttrState {
  /** Per node: -1 not yet known, 0 fails, 1 holds (attribute conditions only). */
  tests: Int8Array;
  verdicts: (PolicyVerdict | undefined)[];
  pathText?: string;
  communities?: number[];
}

function pathTextOf(st: AttrState, attributes: readonly PathAttribute[]): string {
  if (st.pathText === undefined) {
    const a = attributes.find((x) => x.type === 'asPath');
    st.pathText = a && a.type === 'asPath' ? asPathText(a.segments) : '';
  }
  return st.pathText;
}

function communitiesOf(st: AttrState, attributes: readonly PathAttribute[]): number[] {
  if (st.communities === undefined) {
    const set = new Set<number>();
    for (const a of attributes) {
      if (a.type !== 'communities') continue;
      for (const t of a.values) {
        const n = parseCommunity(t);
        if (n !== undefined) set.add(n);
      }
    }
    st.communities = [...set].sort((x, y) => x - y);
  }
  return st.communities;
}

/** Whether sorted `sub` is contained in sorted `all`. */
function containsAll(all: readonly number[], sub: readonly number[]): boolean {
  let i = 0;
  for (const v of sub) {
    while (i < all.length && all[i]! < v) i++;
    if (i >= all.length || all[i] !== v) return false;
  }
  return true;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

type AttrTest = (st: AttrState, attributes: readonly PathAttribute[]) => boolean;

function compileAsPathFilters(filters: AsPathRuleSpec[][]): AttrTest {
  const compiled = filters.map((rules) => rules.map((r) => ({ permit: r.permit, match: compileAsPathRegex(r.regex) })));
  const filterPermits = (rules: { permit: boolean; match: AsPathMatcher | null }[], text: string): boolean => {
    for (const r of rules) if (r.match?.(text)) return r.permit;
    return false;
  };
  return (st, attributes) => {
    const text = pathTextOf(st, attributes);
    return compiled.some((rules) => filterPermits(rules, text));
  };
}

function compileCommunityFilters(refs: CommunityRefSpec[]): AttrTest {
  const filterPermits = (ref: CommunityRefSpec, have: readonly number[]): boolean => {
    for (const r of ref.rules) {
      const holds = r.any || (ref.whole ? sameNumbers(have, r.values) : containsAll(have, r.values));
      if (holds) return r.permit;
    }
    return false;
  };
  return (st, attributes) => {
    const have = communitiesOf(st, attributes);
    return refs.some((ref) => filterPermits(ref, have));
  };
}

interface CompiledNode {
  permit: boolean;
  prefix: PrefixTest | null;
  attr: AttrTest | null;
  transform: AttributeTransform | null;
}

function compileNode(spec: NodeSpec): CompiledNode {
  let prefix: PrefixTest | null = null;
  if (spec.prefixLists) {
    const tests = spec.prefixLists.map(compilePrefixList);
    prefix = tests.length === 1 ? tests[0]! : (addr, len) => tests.some((t) => t(addr, len));
  }
  const attrTests: AttrTest[] = [];
  if (spec.asPath) attrTests.push(compileAsPathFilters(spec.asPath));
  if (spec.community) attrTests.push(compileCommunityFilters(spec.community));
  const attr: AttrTest | null = attrTests.length === 0 ? null : attrTests.length === 1 ? attrTests[0]! : (st, a) => attrTests.every((t) => t(st, a));
  return { permit: spec.permit, prefix, attr, transform: spec.permit ? compileApplies(spec.applies) : null };
}

const DENY: PolicyVerdict = Object.freeze({ permit: false });

/** One verdict object per output array. */
const permitVerdicts = new WeakMap<readonly PathAttribute[], PolicyVerdict>();

function permitVerdict(attributes: readonly PathAttribute[]): PolicyVerdict {
  let v = permitVerdicts.get(attributes);
  if (!v) {
    v = Object.freeze({ permit: true as const, attributes });
    permitVerdicts.set(attributes, v);
  }
  return v;
}

type PolicyEval = (addr: number, len: number, attributes: readonly PathAttribute[]) => PolicyVerdict;

function compilePolicy(specs: NodeSpec[]): PolicyEval {
  const nodes = specs.map(compileNode);
  const n = nodes.length;
  const states = new WeakMap<readonly PathAttribute[], AttrState>();
  return (addr, len, attributes) => {
    let st = states.get(attributes);
    if (!st) {
      st = { tests: new Int8Array(n).fill(-1), verdicts: new Array<PolicyVerdict | undefined>(n) };
      states.set(attributes, st);
    }
    for (let i = 0; i < n; i++) {
      const node = nodes[i]!;
      if (node.prefix && !node.prefix(addr, len)) continue;
      if (node.attr) {
        let t = st.tests[i]!;
        if (t < 0) st.tests[i] = t = node.attr(st, attributes) ? 1 : 0;
        if (t === 0) continue;
      }
      if (!node.permit) return DENY;
      return (st.verdicts[i] ??= permitVerdict(node.transform ? node.transform(attributes) : attributes));
    }
    return DENY;
  };
}

// Prefix text → (address, length), without allocating.
let parsedAddr = 0;
let parsedLen = -1;
/** An IPv6 prefix's address and length (-1: the prefix is not IPv6). */
const parsedV6 = new Uint8Array(16);
let parsedV6Len = -1;

/**
 * Parses 'a.b.c.d/len' into parsedAddr/parsedLen, or an IPv6 prefix into
 * parsedV6/parsedV6Len; on failure (and for the other family) the length is
 * -1, which no prefix entry holds.
 */
function parsePrefix(text: string): void {
  parsedAddr = 0;
  parsedLen = -1;
  parsedV6Len = -1;
  if (text.includes(':')) {
    const slash = text.lastIndexOf('/');
    const len = Number(text.slice(slash + 1));
    const address = text.slice(0, slash);
    if (slash < 0 || !Number.isInteger(len) || len < 0 || len > 128 || !isIpv6(address)) return;
    parsedV6.set(ipv6ToBytes(address));
    parsedV6Len = len;
    return;
  }
  const slash = text.indexOf('/');
  if (slash < 0) return;
  // Leading zeros as this parser has always read them: `010.0.0.0/8` is 10.0.0.0/8.
  const addr = scanIpv4(text, 0, slash, true);
  if (addr < 0) return;
  let len = 0;
  let lenDigits = 0;
  for (let i = slash + 1; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9 || ++lenDigits > 2) return;
    len = len * 10 + c;
  }
  if (lenDigits === 0 || len > 32) return;
  parsedAddr = addr | 0;
  parsedLen = len;
}

/** Null when the chain is empty: every route passes unchanged. (Also when every name it references is missing: VRP then applies no policy.) */
export function compileChain(config: PolicyConfig, chain: PolicyChain): RouteFilter | null {
  const spec = chainSpec(config, chain);
  const lists = [spec.filterPolicy, spec.ipPrefix].filter((l): l is PrefixListSpec => l !== null).map(compilePrefixList);
  const policy = spec.routePolicy ? compilePolicy(spec.routePolicy) : null;
  if (lists.length === 0 && !policy) return null;
  const first = lists[0] ?? null;
  const second = lists[1] ?? null;
  return (prefix, attributes) => {
    parsePrefix(prefix);
    const addr = parsedAddr;
    const len = parsedLen;
    if (first && !first(addr, len)) return DENY;
    if (second && !second(addr, len)) return DENY;
    return policy ? policy(addr, len, attributes) : permitVerdict(attributes);
  };
}

/**
 * An AS_PATH as the text AS-path regular expressions run over: ASNs in
 * asplain separated by spaces, an AS_SET as `{a,b}`, a confederation
 * sequence as `(a b)`, a confederation set as `(a,b)`; the empty path is ''.
 */
export function asPathText(segments: readonly AsPathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (out.length > 0) out += ' ';
    switch (s.type) {
      case 'sequence':
        out += s.asns.join(' ');
        break;
      case 'set':
        out += `{${s.asns.join(',')}}`;
        break;
      case 'confedSequence':
        out += `(${s.asns.join(' ')})`;
        break;
      case 'confedSet':
        out += `(${s.asns.join(',')})`;
        break;
    }
  }
  return out;
}
