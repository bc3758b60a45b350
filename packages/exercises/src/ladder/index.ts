import { ROUTE_VIEWS } from '../types.js';
import type { Exercise } from '../types.js';
import { seedSession } from './01-seed-session.js';
import { monitorPeers } from './02-monitor-peers.js';
import { prePostPolicy } from './03-pre-post-policy.js';
import { locRib } from './04-loc-rib.js';
import { twoStations } from './05-two-stations.js';
import { vpnInstance } from './06-vpn-instance.js';
import { statistics } from './07-statistics.js';
import { troubleshoot } from './08-troubleshoot.js';
import { termination } from './09-termination.js';
import { exportPolicy } from './10-export-policy.js';
import { localPreference } from './11-local-preference.js';
import { ipv6Monitoring } from './12-ipv6-monitoring.js';

/** The ladder, in order: the seed's task first. */
export const LADDER: readonly Exercise[] = [
  seedSession,
  monitorPeers,
  prePostPolicy,
  locRib,
  twoStations,
  vpnInstance,
  statistics,
  troubleshoot,
  termination,
  exportPolicy,
  localPreference,
  ipv6Monitoring,
];

export function findExercise(id: string): Exercise | undefined {
  return LADDER.find((e) => e.id === id);
}

/** Problems with an exercise's data (empty when it is well formed). */
export function validateExercise(e: Exercise): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9-]+$/.test(e.id)) problems.push(`${e.id}: id must be lower-case letters, digits and dashes`);
  if (!e.title || !e.goal) problems.push(`${e.id}: title and goal are required`);
  if (e.steps.length === 0) problems.push(`${e.id}: at least one step`);
  if (e.checks.length === 0) problems.push(`${e.id}: at least one check`);
  const ids = new Set<string>();
  for (const c of e.checks) {
    if (ids.has(c.id)) problems.push(`${e.id}: duplicate check id ${c.id}`);
    ids.add(c.id);
    if (!Number.isInteger(c.step) || c.step < 0 || c.step >= e.steps.length) problems.push(`${e.id}: check ${c.id} names step ${c.step}, which does not exist`);
    if (c.spec.kind === 'config' && c.spec.line === undefined && c.spec.regex === undefined) problems.push(`${e.id}: config check ${c.id} needs line or regex`);
    if (c.spec.kind === 'config') {
      for (const [field, re] of [['regex', c.spec.regex], ['parent', c.spec.parent]] as const) {
        if (re === undefined) continue;
        try {
          new RegExp(re);
        } catch {
          problems.push(`${e.id}: config check ${c.id} has an invalid ${field}`);
        }
      }
      // The trainee reads what is looked for in words, never a regular expression.
      if ((c.spec.regex !== undefined || c.spec.parent !== undefined) && !c.spec.says) problems.push(`${e.id}: config check ${c.id} needs says (its regex in words)`);
    }
    if (c.spec.kind === 'station-route') {
      const r = c.spec;
      // IPv6 prefixes as the station decodes them: compressed, lower case (RFC 5952).
      const ipv4 = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/.test(r.prefix);
      const ipv6 = /^[0-9a-f:]+\/\d{1,3}$/.test(r.prefix) && r.prefix.includes(':');
      if (!ipv4 && !ipv6) problems.push(`${e.id}: route check ${c.id} needs an IPv4 prefix like 198.18.1.0/24 or an IPv6 one like 2001:db8:1000::/48`);
      if (!ROUTE_VIEWS.includes(r.view)) problems.push(`${e.id}: route check ${c.id} names an unknown view "${r.view}"`);
      if (r.view !== 'loc-rib' && r.peer === undefined) problems.push(`${e.id}: route check ${c.id} needs the peer of its ${r.view}`);
      const expects = r.community !== undefined || r.asPath !== undefined || r.localPref !== undefined || r.med !== undefined;
      if (!r.present && expects) problems.push(`${e.id}: route check ${c.id} expects attributes of a route that must be absent`);
    }
  }
  for (const [i, s] of e.steps.entries()) {
    if (s.checkpoint && s.checkpoint.length > 0 && s.checkpoint.at(-1) !== 'return') problems.push(`${e.id}: step ${i}'s checkpoint must end in user view (return)`);
  }
  if (e.start.length > 0 && e.start.at(-1) !== 'return') problems.push(`${e.id}: start must end in user view (return)`);
  return problems;
}
