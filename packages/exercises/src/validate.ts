import { ROUTE_VIEWS } from './types.js';
import type { Check, Exercise } from './types.js';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * A router's name in exercise data: it is a console's name, a `router` of
 * checks and the sysName of its Initiation, so letters, digits, `-` and `_`
 * (no spaces, no dots: `admin.<sysname>` names an SSH console).
 */
const SYSNAME = /^[A-Za-z][A-Za-z0-9_-]{0,45}$/;

/** Configuration lines typed from user view must end there, so the next reset starts from the same place. */
function endsInUserView(lines: readonly string[]): boolean {
  return lines.length === 0 || lines.at(-1) === 'return';
}

/** Problems with the exercise's other routers: names, addresses, start configurations. */
function routerProblems(e: Exercise): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  const addresses = new Set<string>();
  for (const r of e.routers ?? []) {
    if (!SYSNAME.test(r.sysname)) problems.push(`${e.id}: router "${r.sysname}" needs a sysname of letters, digits, - and _ (a letter first, at most 46)`);
    if (names.has(r.sysname)) problems.push(`${e.id}: two routers are named ${r.sysname}`);
    names.add(r.sysname);
    if (!IPV4.test(r.address)) problems.push(`${e.id}: router ${r.sysname} needs an IPv4 lab address like 10.0.0.2, not "${r.address}"`);
    else if (addresses.has(r.address)) problems.push(`${e.id}: two routers have the lab address ${r.address}`);
    addresses.add(r.address);
    if (!endsInUserView(r.start)) problems.push(`${e.id}: router ${r.sysname}'s start must end in user view (return)`);
  }
  return problems;
}

/** Problems with one check's data. `routers`: the names a check's `router` may give. */
function checkProblems(e: Exercise, c: Check, routers: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(c.step) || c.step < 0 || c.step >= e.steps.length) problems.push(`${e.id}: check ${c.id} names step ${c.step}, which does not exist`);
  const spec = c.spec;
  // The lab's first router is named by leaving `router` out; a name must be one of the exercise's other routers.
  if ((spec.kind === 'config' || spec.kind === 'session' || spec.kind === 'bgp-peer') && spec.router !== undefined && !routers.has(spec.router)) {
    problems.push(`${e.id}: check ${c.id} names router ${spec.router}, which is not among the exercise's routers (leave router out for the lab's own)`);
  }
  if (spec.kind === 'config') {
    if (spec.line === undefined && spec.regex === undefined) problems.push(`${e.id}: config check ${c.id} needs line or regex`);
    for (const [field, re] of [
      ['regex', spec.regex],
      ['parent', spec.parent],
    ] as const) {
      if (re === undefined) continue;
      try {
        new RegExp(re);
      } catch {
        problems.push(`${e.id}: config check ${c.id} has an invalid ${field}`);
      }
    }
    // The trainee reads what is looked for in words, never a regular expression.
    if ((spec.regex !== undefined || spec.parent !== undefined) && !spec.says) problems.push(`${e.id}: config check ${c.id} needs says (its regex in words)`);
  }
  if (spec.kind === 'station-route') {
    // IPv6 prefixes as the station decodes them: compressed, lower case (RFC 5952).
    const ipv4 = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(spec.prefix);
    const ipv6 = /^[0-9a-f:]+\/\d{1,3}$/.test(spec.prefix) && spec.prefix.includes(':');
    if (!ipv4 && !ipv6) problems.push(`${e.id}: route check ${c.id} needs an IPv4 prefix like 198.18.1.0/24 or an IPv6 one like 2001:db8:1000::/48`);
    if (!ROUTE_VIEWS.includes(spec.view)) problems.push(`${e.id}: route check ${c.id} names an unknown view "${spec.view}"`);
    if (spec.view !== 'loc-rib' && spec.peer === undefined) problems.push(`${e.id}: route check ${c.id} needs the peer of its ${spec.view}`);
    if (spec.sysName !== undefined && spec.sysName.trim() === '') problems.push(`${e.id}: route check ${c.id} has an empty sysName`);
    if (spec.originatorId !== undefined && !IPV4.test(spec.originatorId)) problems.push(`${e.id}: route check ${c.id} needs an originatorId like 1.1.1.1 (a router ID)`);
    if (spec.clusterList !== undefined && (spec.clusterList.length === 0 || !spec.clusterList.every((id) => IPV4.test(id)))) {
      problems.push(`${e.id}: route check ${c.id} needs a clusterList of cluster IDs like 3.3.3.3`);
    }
    const expects =
      spec.community !== undefined ||
      spec.asPath !== undefined ||
      spec.localPref !== undefined ||
      spec.med !== undefined ||
      spec.originatorId !== undefined ||
      spec.clusterList !== undefined;
    if (!spec.present && expects) problems.push(`${e.id}: route check ${c.id} expects attributes of a route that must be absent`);
  }
  return problems;
}

/** Problems with an exercise's data (empty when it is well formed). */
export function validateExercise(e: Exercise): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9-]+$/.test(e.id)) problems.push(`${e.id}: id must be lower-case letters, digits and dashes`);
  if (!e.title || !e.goal) problems.push(`${e.id}: title and goal are required`);
  if (e.steps.length === 0) problems.push(`${e.id}: at least one step`);
  if (e.checks.length === 0) problems.push(`${e.id}: at least one check`);
  problems.push(...routerProblems(e));
  const routers = new Set((e.routers ?? []).map((r) => r.sysname));
  const ids = new Set<string>();
  for (const c of e.checks) {
    if (ids.has(c.id)) problems.push(`${e.id}: duplicate check id ${c.id}`);
    ids.add(c.id);
    problems.push(...checkProblems(e, c, routers));
  }
  for (const [i, s] of e.steps.entries()) {
    if (s.checkpoint && !endsInUserView(s.checkpoint)) problems.push(`${e.id}: step ${i}'s checkpoint must end in user view (return)`);
    if (s.routerCheckpoints === undefined) continue;
    // One restore sets the whole lab: the first router's checkpoint, the others' (or their start).
    if (s.checkpoint === undefined) problems.push(`${e.id}: step ${i} has router checkpoints but no checkpoint of the lab's own router`);
    for (const [name, lines] of Object.entries(s.routerCheckpoints)) {
      if (!routers.has(name)) problems.push(`${e.id}: step ${i} has a checkpoint for router ${name}, which is not among the exercise's routers`);
      if (!endsInUserView(lines)) problems.push(`${e.id}: step ${i}'s checkpoint of router ${name} must end in user view (return)`);
    }
  }
  if (!endsInUserView(e.start)) problems.push(`${e.id}: start must end in user view (return)`);
  return problems;
}
