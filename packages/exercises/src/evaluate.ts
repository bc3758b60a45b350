import { evaluateStationRoute } from './routes.js';
import { samePeer } from './peers.js';
import type { CheckSpec, Evaluation, Facts, MessageFact, MessageFilter, SessionFact, SessionSelector } from './types.js';

const TYPE_NAMES: Record<string, string> = {
  initiation: 'Initiation',
  'peer-up': 'Peer Up',
  'route-monitoring': 'Route Monitoring',
  'statistics-report': 'Statistics Report',
  'peer-down': 'Peer Down',
  termination: 'Termination',
};

export function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

function sessionMatches(s: SessionFact, sel: SessionSelector): boolean {
  if (s.address !== sel.address) return false;
  if (sel.vpnInstance !== undefined && s.vpnInstance !== sel.vpnInstance) return false;
  if (sel.alias !== undefined && s.alias !== sel.alias) return false;
  return true;
}

function describeSession(sel: SessionSelector): string {
  return `${sel.vpnInstance ? `vpn-instance ${sel.vpnInstance} ` : ''}${sel.address}${sel.alias ? ` alias ${sel.alias}` : ''}`;
}

/** Why a message does not match the filter, or null when it does. */
function mismatch(m: MessageFact, f: MessageFilter): string | null {
  if (f.station !== undefined && m.station !== f.station) return `it reached station ${m.station}, not ${f.station}`;
  if (f.sysName !== undefined && m.sysName !== f.sysName) return `its router's sysName is ${m.sysName ?? '(none)'}, not ${f.sysName}`;
  if (f.peer !== undefined && !samePeer(m.peer, f.peer)) return `it is for peer ${m.peer ?? '(none)'}, not ${f.peer}`;
  const view = m.peerView ?? '';
  if (f.rib !== undefined && !view.startsWith(f.rib)) return `it reports ${view || 'no RIB'}, not ${f.rib}`;
  if (f.postPolicy !== undefined && f.rib !== 'loc-rib') {
    const post = view.endsWith('post-policy');
    if (post !== f.postPolicy) return `its L flag says ${post ? 'post-policy' : 'pre-policy'}, not ${f.postPolicy ? 'post-policy' : 'pre-policy'}`;
  }
  return null;
}

function describeFilter(type: string, f: MessageFilter): string {
  const parts = [typeName(type)];
  if (f.peer !== undefined) parts.push(`for peer ${f.peer}`);
  if (f.rib !== undefined) parts.push(f.rib === 'loc-rib' ? '(Loc-RIB)' : `(${f.rib}${f.postPolicy === undefined ? '' : f.postPolicy ? ' post-policy' : ' pre-policy'})`);
  else if (f.postPolicy !== undefined) parts.push(f.postPolicy ? '(post-policy)' : '(pre-policy)');
  if (f.sysName !== undefined) parts.push(`with sysName ${f.sysName}`);
  if (f.station !== undefined) parts.push(`on station ${f.station}`);
  return parts.join(' ');
}

/**
 * Evaluate one check against the facts. Pure: the same facts always give the
 * same answer. `pending` means nothing yet to judge; `fail` means the facts
 * contradict the check (e.g. a message arrived, but with the wrong flag).
 */
export function evaluate(spec: CheckSpec, facts: Facts): Evaluation {
  switch (spec.kind) {
    case 'config': {
      const lines = facts.config.map((l) => l.trim());
      let found: string | undefined;
      if (spec.line !== undefined) found = lines.find((l) => l === spec.line!.trim());
      else if (spec.regex !== undefined) {
        const re = new RegExp(spec.regex);
        found = lines.find((l) => re.test(l));
      }
      const what = spec.line !== undefined ? `"${spec.line}"` : `line matching /${spec.regex ?? ''}/`;
      if (spec.absent) {
        return found === undefined
          ? { state: 'pass', detail: `the running configuration has no ${what}` }
          : { state: 'fail', detail: `the running configuration still has "${found}"` };
      }
      return found !== undefined
        ? { state: 'pass', detail: `running configuration: ${found}` }
        : { state: 'fail', detail: `the running configuration has no ${what} (did you commit?)` };
    }
    case 'session': {
      const matches = facts.sessions.filter((s) => sessionMatches(s, spec.session));
      const name = `BMP session ${describeSession(spec.session)}`;
      if (spec.state === 'absent') {
        return matches.length === 0 ? { state: 'pass', detail: `${name} is not configured` } : { state: 'pending', detail: `${name} is still configured` };
      }
      if (matches.length === 0) {
        const others = facts.sessions.map((s) => describeSession(s)).join(', ');
        return { state: 'pending', detail: `the router has no ${name}${others ? ` (it has: ${others})` : ''}` };
      }
      const hit = matches.find((s) => s.state === spec.state);
      if (hit) return { state: 'pass', detail: `${name} is ${hit.state} (port ${hit.port ?? 'not set'})` };
      const s = matches[0]!;
      return { state: 'fail', detail: `${name} is ${s.state}${s.downReason ? ` (${s.downReason})` : ''}, port ${s.port ?? 'not set'}` };
    }
    case 'bgp-peer': {
      const p = facts.peers.find((x) => samePeer(x.address, spec.address));
      if (!p) return { state: 'pending', detail: `the router has no BGP peer ${spec.address}` };
      if (p.state === 'Established') return { state: 'pass', detail: `BGP peer ${p.address} (AS ${p.asn}) is Established` };
      return { state: 'fail', detail: `BGP peer ${p.address} (configured AS ${p.asn}) is ${p.state}` };
    }
    case 'station-message': {
      const { kind: _k, type, min: minRaw, ...filter } = spec;
      const min = minRaw ?? 1;
      const ofType = facts.messages.filter((m) => m.type === type);
      const hits = ofType.filter((m) => mismatch(m, filter) === null);
      const what = describeFilter(type, filter);
      if (hits.length >= min) return { state: 'pass', detail: `the station received ${hits.length} × ${what}` };
      if (ofType.length === 0) {
        return { state: 'pending', detail: `the station has received no ${typeName(type)} yet${facts.messages.length ? ` (${facts.messages.length} other messages)` : ''}` };
      }
      if (hits.length > 0) return { state: 'pending', detail: `the station received ${hits.length} of ${min} × ${what}` };
      return { state: 'fail', detail: `the station received ${ofType.length} × ${typeName(type)}, but none is ${what}: ${mismatch(ofType.at(-1)!, filter)}` };
    }
    case 'station-route': {
      const { kind: _k, ...route } = spec;
      return evaluateStationRoute(route, facts);
    }
    case 'statistics-interval': {
      const minReports = spec.minReports ?? 2;
      const reports = facts.messages.filter((m) => m.type === 'statistics-report' && (spec.station === undefined || m.station === spec.station));
      if (reports.length < minReports) {
        return { state: 'pending', detail: `the station has received ${reports.length} of ${minReports} Statistics Reports` };
      }
      // Gaps per station (one connection each in the lab), in protocol seconds.
      let worst = 0;
      const last = new Map<string, number>();
      for (const r of reports) {
        const prev = last.get(r.station);
        if (prev !== undefined) worst = Math.max(worst, ((r.receivedAt - prev) / 1000) * facts.timeScale);
        last.set(r.station, r.receivedAt);
      }
      const gap = Math.round(worst * 10) / 10;
      return gap <= spec.maxSeconds
        ? { state: 'pass', detail: `${reports.length} Statistics Reports, at most ${gap} s apart` }
        : { state: 'fail', detail: `Statistics Reports arrived up to ${gap} s apart (more than ${spec.maxSeconds} s); check statistics-timer` };
    }
    case 'termination-after-removal': {
      const name = `BMP session ${describeSession(spec.session)}`;
      if (facts.sessions.some((s) => sessionMatches(s, spec.session))) {
        return { state: 'pending', detail: `${name} is still configured on the router` };
      }
      const here = facts.messages.filter((m) => spec.station === undefined || m.station === spec.station);
      let lastInit = -1;
      here.forEach((m, i) => {
        if (m.type === 'initiation') lastInit = i;
      });
      if (lastInit < 0) return { state: 'pending', detail: `the station never received an Initiation${spec.station ? ` on ${spec.station}` : ''}, so there is nothing to terminate` };
      const term = here.slice(lastInit + 1).find((m) => m.type === 'termination');
      return term
        ? { state: 'pass', detail: `the station received a Termination (${term.summary}) after ${name} was removed` }
        : { state: 'fail', detail: `${name} is removed, but the station received no Termination after its last Initiation` };
    }
  }
}
