import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { ALL_VIEWS, VIEW } from '../console/views.js';
import type { PolicyAction, PolicyApply, PolicyMatch, RoutePolicyNode } from '../policy/policy-config.js';
import { applyCommand, matchCommand } from '../config/render-config.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import { communitiesOf } from './policy-filters.js';
import {
  AS_PATH_FILTER_NAME,
  AS_PATH_FILTER_NUMBER,
  COMMUNITY_AA_NN,
  COMMUNITY_FILTER_NAME,
  COMMUNITY_FILTER_NUMBER,
  COMMUNITY_NUMBER,
  IP_PREFIX_NAME,
  ROUTE_POLICY_NAME,
} from './params.js';

/**
 * `route-policy` and the `if-match` / `apply` clauses of its nodes (NE40E
 * command pages of the same names), level 2. The clauses are kept in one
 * fixed order whatever order they were typed in. ⚠ INFERRED order: if-match
 * ip-prefix, as-path-filter, community-filter (as a field configuration shows
 * them); apply clauses alphabetically (as-path, community, cost,
 * local-preference, origin), the order the command reference lists them.
 */

const AS_NUMBER = { type: { kind: 'as-number' }, help: 'AS number' } as const;

const MATCH_ORDER: readonly PolicyMatch['kind'][] = ['ip-prefix', 'ipv6-prefix', 'as-path-filter', 'community-filter'];
const APPLY_ORDER: readonly string[] = ['as-path', 'community', 'cost', 'local-preference', 'origin'];

/** The apply slot a clause takes: `apply community none` and `apply community …` replace each other. */
function slot(a: PolicyApply): string {
  return a.kind === 'community-none' ? 'community' : a.kind;
}

/** The candidate node the route-policy view edits. */
function nodeOf(ctx: CommandContext): RoutePolicyNode | undefined {
  const f = ctx.frame;
  if (f.view !== 'route-policy') return undefined;
  const node = ctx.candidate.routePolicies?.find((p) => p.name === f.name)?.nodes.find((n) => n.node === f.node);
  if (!node) ctx.print(MSG.routePolicyNodeMissing);
  return node;
}

function setApply(node: RoutePolicyNode, apply: PolicyApply): void {
  node.applies = [...node.applies.filter((a) => slot(a) !== slot(apply)), apply].sort((a, b) => APPLY_ORDER.indexOf(slot(a)) - APPLY_ORDER.indexOf(slot(b)));
}

function undoApply(ctx: CommandContext, node: RoutePolicyNode, kind: string): void {
  if (!node.applies.some((a) => slot(a) === kind)) return ctx.print(MSG.configMissing);
  node.applies = node.applies.filter((a) => slot(a) !== kind);
}

function addMatch(node: RoutePolicyNode, match: PolicyMatch, replace: boolean): void {
  const rest = replace ? node.matches.filter((m) => m.kind !== match.kind) : node.matches;
  if (rest.some((m) => matchCommand(m) === matchCommand(match))) {
    node.matches = rest;
    return;
  }
  node.matches = [...rest, match].sort((a, b) => MATCH_ORDER.indexOf(a.kind) - MATCH_ORDER.indexOf(b.kind));
}

/**
 * `route-policy NAME { permit | deny } node N` (system view): creates the node
 * (or changes its mode, ⚠ INFERRED) and enters `[*HUAWEI-route-policy]`.
 * `undo route-policy NAME [ node N ]` deletes the node or the whole policy.
 */
export const routePolicy = defineCommand<CommandContext>({
  id: 'route-policy',
  summary: 'Creates a node of a route-policy and displays the route-policy view, or deletes a route-policy or one of its nodes.',
  syntax: ['route-policy route-policy-name { permit | deny } node node', 'undo route-policy route-policy-name [ node node ]'],
  params: { 'route-policy-name': ROUTE_POLICY_NAME, node: { type: { kind: 'integer', min: 0, max: 65535 }, help: 'Index of the node' } },
  keywords: keywords(['route-policy', 'permit', 'deny', 'node', 'undo'], {
    'route-policy': 'Configure a route-policy',
    permit: 'Specify the matching mode of the node as permit',
    deny: 'Specify the matching mode of the node as deny',
  }),
  views: [VIEW.system],
  level: 2,
  run(ctx, args) {
    const name = String(args.params['route-policy-name']);
    const n = args.params['node'] === undefined ? undefined : Number(args.params['node']);
    const policies = (ctx.candidate.routePolicies ??= []);
    const policy = policies.find((p) => p.name === name);
    if (args.undo) {
      if (!policy) return ctx.print(MSG.routePolicyMissing);
      if (n === undefined) {
        ctx.candidate.routePolicies = policies.filter((p) => p !== policy);
        return;
      }
      if (!policy.nodes.some((x) => x.node === n)) return ctx.print(MSG.routePolicyNodeMissing);
      policy.nodes = policy.nodes.filter((x) => x.node !== n);
      if (policy.nodes.length === 0) ctx.candidate.routePolicies = policies.filter((p) => p !== policy);
      return;
    }
    const action: PolicyAction = args.keywords.includes('deny') ? 'deny' : 'permit';
    const target = policy ?? { name, nodes: [] };
    if (!policy) policies.push(target);
    const existing = target.nodes.find((x) => x.node === n);
    if (existing) existing.action = action;
    else target.nodes = [...target.nodes, { node: n!, action, matches: [], applies: [] }].sort((a, b) => a.node - b.node);
    ctx.enter({ view: 'route-policy', name, node: n! });
  },
});

/** `if-match ip-prefix NAME`: one per node (a second replaces the first). A list that does not exist matches every route (the page). */
export const ifMatchIpPrefix = defineCommand<CommandContext>({
  id: 'if-match-ip-prefix',
  summary: 'Sets a matching rule based on an IPv4 prefix list.',
  syntax: ['if-match ip-prefix ip-prefix-name', 'undo if-match ip-prefix ip-prefix-name'],
  params: { 'ip-prefix-name': IP_PREFIX_NAME },
  keywords: keywords(['if-match', 'ip-prefix', 'undo']),
  views: [VIEW.routePolicy],
  level: 2,
  run(ctx, args) {
    const node = nodeOf(ctx);
    if (!node) return;
    const name = String(args.params['ip-prefix-name']);
    if (args.undo) {
      if (!node.matches.some((m) => m.kind === 'ip-prefix' && m.name === name)) return ctx.print(MSG.configMissing);
      node.matches = node.matches.filter((m) => !(m.kind === 'ip-prefix' && m.name === name));
      return;
    }
    addMatch(node, { kind: 'ip-prefix', name }, true);
  },
});

/**
 * `if-match ipv6 address prefix-list NAME` (NE40E page of that name): the
 * route's destination against an IPv6 prefix list; one per node, like
 * `if-match ip-prefix`. A list that does not exist matches every route (the
 * page). ⚠ INFERRED: with both an IPv4 and an IPv6 prefix list in one node, a
 * route passes when the list of its family permits it.
 */
export const ifMatchIpv6AddressPrefixList = defineCommand<CommandContext>({
  id: 'if-match-ipv6-address-prefix-list',
  summary: 'Sets a matching rule based on the destination addresses of IPv6 routes (an IPv6 prefix list).',
  syntax: ['if-match ipv6 address prefix-list ipv6-prefix-name', 'undo if-match ipv6 address prefix-list ipv6-prefix-name'],
  params: { 'ipv6-prefix-name': { ...IP_PREFIX_NAME, help: 'Name of the IPv6 prefix list' } },
  keywords: keywords(['if-match', 'ipv6', 'address', 'prefix-list', 'undo'], { ipv6: 'Match IPv6 routes' }),
  views: [VIEW.routePolicy],
  level: 2,
  run(ctx, args) {
    const node = nodeOf(ctx);
    if (!node) return;
    const name = String(args.params['ipv6-prefix-name']);
    if (args.undo) {
      if (!node.matches.some((m) => m.kind === 'ipv6-prefix' && m.name === name)) return ctx.print(MSG.configMissing);
      node.matches = node.matches.filter((m) => !(m.kind === 'ipv6-prefix' && m.name === name));
      return;
    }
    addMatch(node, { kind: 'ipv6-prefix', name }, true);
  },
});

/**
 * `if-match as-path-filter` with up to 16 numbered filters (a route matching
 * any of them matches) or one named filter. ⚠ INFERRED: a second clause
 * replaces the first. `undo` with numbers removes those, without the clause.
 */
export const ifMatchAsPathFilter = defineCommand<CommandContext>({
  id: 'if-match-as-path-filter',
  summary: 'Sets a matching rule based on AS_Path filters.',
  syntax: [
    'if-match as-path-filter as-path-filter-number &<1-16>',
    'if-match as-path-filter as-path-filter-name',
    'undo if-match as-path-filter [ as-path-filter-number ] &<1-16>',
    'undo if-match as-path-filter as-path-filter-name',
  ],
  params: { 'as-path-filter-number': AS_PATH_FILTER_NUMBER, 'as-path-filter-name': AS_PATH_FILTER_NAME },
  keywords: keywords(['if-match', 'as-path-filter', 'undo']),
  views: [VIEW.routePolicy],
  level: 2,
  run(ctx, args) {
    const node = nodeOf(ctx);
    if (!node) return;
    const named = args.params['as-path-filter-name'];
    const names = named !== undefined ? [String(named)] : (args.repeats[0] ?? []).map((r) => String(r.params['as-path-filter-number']));
    const clause = node.matches.find((m): m is Extract<PolicyMatch, { kind: 'as-path-filter' }> => m.kind === 'as-path-filter');
    if (args.undo) {
      if (!clause || !names.every((x) => clause.names.includes(x))) return ctx.print(MSG.configMissing);
      const rest = names.length === 0 ? [] : clause.names.filter((x) => !names.includes(x));
      node.matches = node.matches.flatMap((m) => (m !== clause ? [m] : rest.length > 0 ? [{ ...clause, names: rest }] : []));
      return;
    }
    addMatch(node, { kind: 'as-path-filter', names: [...new Set(names)] }, true);
  },
});

/**
 * `if-match community-filter` with up to 16 basic filters, each optionally
 * `whole-match` (the route must carry every community of the filter), or one
 * named filter. Clauses typed again add to the node (the page: several
 * clauses are ORed). ⚠ INFERRED: a line mixing filters with and without
 * `whole-match` is kept as one clause per run of equal flags.
 */
export const ifMatchCommunityFilter = defineCommand<CommandContext>({
  id: 'if-match-community-filter',
  summary: 'Sets a matching rule based on community filters.',
  syntax: [
    'if-match community-filter { basic-comm-filter-num [ whole-match ] } &<1-16>',
    'if-match community-filter comm-filter-name [ whole-match ]',
    'undo if-match community-filter [ basic-comm-filter-num ] &<1-16>',
    'undo if-match community-filter comm-filter-name',
  ],
  params: { 'basic-comm-filter-num': COMMUNITY_FILTER_NUMBER, 'comm-filter-name': COMMUNITY_FILTER_NAME },
  keywords: keywords(['if-match', 'community-filter', 'whole-match', 'undo']),
  views: [VIEW.routePolicy],
  level: 2,
  run(ctx, args) {
    const node = nodeOf(ctx);
    if (!node) return;
    const named = args.params['comm-filter-name'];
    const items =
      named !== undefined
        ? [{ name: String(named), whole: args.keywords.includes('whole-match') }]
        : (args.repeats[0] ?? []).map((r) => ({ name: String(r.params['basic-comm-filter-num']), whole: r.keywords.includes('whole-match') }));
    const clauses = node.matches.filter((m) => m.kind === 'community-filter');
    if (args.undo) {
      const have = new Set(clauses.flatMap((m) => (m.kind === 'community-filter' ? m.names : [])));
      if (clauses.length === 0 || !items.every((i) => have.has(i.name))) return ctx.print(MSG.configMissing);
      const drop = new Set(items.map((i) => i.name));
      node.matches = node.matches.flatMap((m): PolicyMatch[] => {
        if (m.kind !== 'community-filter') return [m];
        const rest = items.length === 0 ? [] : m.names.filter((x) => !drop.has(x));
        return rest.length > 0 ? [{ ...m, names: rest }] : [];
      });
      return;
    }
    const runs: { names: string[]; whole: boolean }[] = [];
    for (const i of items) {
      const last = runs.at(-1);
      if (last && last.whole === i.whole) last.names.push(i.name);
      else runs.push({ names: [i.name], whole: i.whole });
    }
    for (const r of runs) addMatch(node, r.whole ? { kind: 'community-filter', names: r.names, wholeMatch: true } : { kind: 'community-filter', names: r.names }, false);
  },
});

/**
 * `apply local-preference preference`. ⚠ INFERRED scope: the NE40E form with
 * `+ | -` (raise or lower the value) is not emulated.
 */
export const applyLocalPreference = defineCommand<CommandContext>({
  id: 'apply-local-preference',
  summary: 'Sets the local preference of BGP routes.',
  syntax: ['apply local-preference preference', 'undo apply local-preference'],
  params: { preference: { type: { kind: 'integer', min: 0, max: 4294967295 }, help: 'Local preference' } },
  keywords: keywords(['apply', 'local-preference', 'undo']),
  views: [VIEW.routePolicy],
  level: 2,
  run(ctx, args) {
    const node = nodeOf(ctx);
    if (!node) return;
    if (args.undo) return undoApply(ctx, node, 'local-preference');
    setApply(node, { kind: 'local-preference', value: Number(args.params['preference']) });
  },
});

/** `apply cost [ + | - ] cost`: sets, raises or lowers the MED (kept within 0–4294967295, the page). */
export const applyCost = defineCommand<CommandContext>({
  id: 'apply-cost',
  summary: 'Sets the MED of BGP routes (the cost of routes of other protocols).',
  syntax: ['apply cost [ + | - ] cost', 'undo apply cost'],
  params: { cost: { type: { kind: 'integer', min: 0, max: 4294967295 }, help: 'Cost' } },
  keywords: keywords(['apply', 'cost', '+', '-', 'undo']),
  views: [VIEW.routePolicy],
  level: 2,
  run(ctx, args) {
    const node = nodeOf(ctx);
    if (!node) return;
    if (args.undo) return undoApply(ctx, node, 'cost');
    const op = args.keywords.includes('+') ? '+' : args.keywords.includes('-') ? '-' : undefined;
    setApply(node, op ? { kind: 'cost', value: Number(args.params['cost']), op } : { kind: 'cost', value: Number(args.params['cost']) });
  },
});

/** `apply community …` (up to 32 communities, replacing the route's or, with `additive`, added to them) and `apply community none`. */
export const applyCommunity = defineCommand<CommandContext>({
  id: 'apply-community',
  summary: 'Sets, adds or deletes the community attribute of BGP routes.',
  syntax: [
    'apply community { community-number | aa:nn | internet | no-advertise | no-export | no-export-subconfed } &<1-32> [ additive ]',
    'apply community none',
    'undo apply community',
  ],
  params: { 'community-number': COMMUNITY_NUMBER, 'aa:nn': COMMUNITY_AA_NN },
  keywords: keywords(['apply', 'community', 'internet', 'no-advertise', 'no-export', 'no-export-subconfed', 'additive', 'none', 'undo'], {
    additive: 'Add the communities to those of the route',
    none: 'Delete all the communities of the route',
  }),
  views: [VIEW.routePolicy],
  level: 2,
  run(ctx, args) {
    const node = nodeOf(ctx);
    if (!node) return;
    if (args.undo) return undoApply(ctx, node, 'community');
    if (args.keywords.includes('none')) return setApply(node, { kind: 'community-none' });
    setApply(node, { kind: 'community', values: communitiesOf(args.repeats[0]), additive: args.keywords.includes('additive') });
  },
});

/**
 * `apply as-path AS… { additive | overwrite | delete }` (1 to 128 AS numbers)
 * and `apply as-path none overwrite` (clears the AS_Path).
 */
export const applyAsPath = defineCommand<CommandContext>({
  id: 'apply-as-path',
  summary: 'Adds AS numbers to, replaces, deletes AS numbers from, or clears the AS_Path of BGP routes.',
  syntax: ['apply as-path as-path-value &<1-128> { additive | overwrite | delete }', 'apply as-path none overwrite', 'undo apply as-path'],
  params: { 'as-path-value': AS_NUMBER },
  keywords: keywords(['apply', 'as-path', 'additive', 'overwrite', 'delete', 'none', 'undo'], {
    additive: 'Add the AS numbers before the original AS_Path',
    none: 'Clear the original AS_Path',
  }),
  views: [VIEW.routePolicy],
  level: 2,
  run(ctx, args) {
    const node = nodeOf(ctx);
    if (!node) return;
    if (args.undo) return undoApply(ctx, node, 'as-path');
    const asns = (args.repeats[0] ?? []).map((r) => Number(r.params['as-path-value']));
    const mode = args.keywords.includes('additive') ? 'additive' : args.keywords.includes('delete') ? 'delete' : 'overwrite';
    setApply(node, { kind: 'as-path', asns, mode });
  },
});

/** `apply origin { igp | egp as-number | incomplete }`. */
export const applyOrigin = defineCommand<CommandContext>({
  id: 'apply-origin',
  summary: 'Sets the Origin attribute of BGP routes.',
  syntax: ['apply origin { igp | egp as-number | incomplete }', 'undo apply origin'],
  params: { 'as-number': AS_NUMBER },
  keywords: keywords(['apply', 'origin', 'igp', 'egp', 'incomplete', 'undo']),
  views: [VIEW.routePolicy],
  level: 2,
  run(ctx, args) {
    const node = nodeOf(ctx);
    if (!node) return;
    if (args.undo) return undoApply(ctx, node, 'origin');
    const k = args.keywords;
    const value = k.includes('egp') ? 'egp' : k.includes('igp') ? 'igp' : 'incomplete';
    setApply(node, value === 'egp' ? { kind: 'origin', value, egpAs: Number(args.params['as-number']) } : { kind: 'origin', value });
  },
});

/**
 * `display route-policy [ route-policy-name ]` (all views, level 1), in the
 * layout VRP devices print. ⚠ INFERRED: the lab counts no matches
 * (`matched counts: 0`).
 */
export const displayRoutePolicy = defineCommand<CommandContext>({
  id: 'display-route-policy',
  summary: 'Displays route-policies.',
  syntax: ['display route-policy [ route-policy-name ]'],
  params: { 'route-policy-name': ROUTE_POLICY_NAME },
  keywords: keywords(['display', 'route-policy']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx, args) {
    const wanted = args.params['route-policy-name'];
    for (const p of ctx.running.routePolicies ?? []) {
      if (wanted !== undefined && p.name !== String(wanted)) continue;
      ctx.print(`Route-policy : ${p.name}`);
      for (const n of p.nodes) {
        ctx.print(`  ${n.action} : ${n.node} (matched counts: 0)`);
        if (n.matches.length > 0) ctx.print('    Match clauses :', ...n.matches.map((m) => '      ' + matchCommand(m)));
        if (n.applies.length > 0) ctx.print('    Apply clauses :', ...n.applies.map((a) => '      ' + applyCommand(a)));
      }
    }
  },
});
