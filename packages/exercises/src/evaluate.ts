import { evaluateConfig } from './config-check.js';
import { evaluateStationRoute } from './routes.js';
import { samePeer } from './peers.js';
import { routerOf } from './router-facts.js';
import type { Check, CheckSpec, Evaluation, Facts, MessageFact, MessageFilter, RouterFacts, SessionId, SessionSelector } from './types.js';

const TYPE_NAMES: Record<string, string> = {
  initiation: 'Initiation',
  'peer-up': 'Peer Up',
  'route-monitoring': 'Route Monitoring',
  'statistics-report': 'Statistics Report',
  'peer-down': 'Peer Down',
  termination: 'Termination',
  'route-policy-trace': 'Route Policy and Attribute Trace',
};

export function typeName(type: string): string {
  return TYPE_NAMES[type] ?? type;
}

function sessionMatches(s: SessionId, sel: SessionSelector): boolean {
  if (s.address !== sel.address) return false;
  if (sel.vpnInstance !== undefined && s.vpnInstance !== sel.vpnInstance) return false;
  if (sel.alias !== undefined && s.alias !== sel.alias) return false;
  return true;
}

function describeSession(sel: SessionSelector): string {
  return `${sel.vpnInstance ? `vpn-instance ${sel.vpnInstance} ` : ''}${sel.address}${sel.alias ? ` alias ${sel.alias}` : sel.alias === null ? ' (no alias)' : ''}`;
}

/** Why a message does not match the filter, or null when it does. */
function mismatch(m: MessageFact, f: MessageFilter): string | null {
  if (f.station !== undefined && m.station !== f.station) return `it reached station ${m.station}, not ${f.station}`;
  if (f.session !== undefined) {
    if (!m.session) return 'the station cannot tell which BMP session opened its connection';
    if (!sessionMatches(m.session, f.session)) return `it came from BMP session ${describeSession(m.session)}, not ${describeSession(f.session)}`;
  }
  if (f.sysName !== undefined && m.sysName !== f.sysName) return `its router's sysName is ${m.sysName ?? '(none)'}, not ${f.sysName}`;
  if (f.peer !== undefined && !samePeer(m.peer, f.peer)) return `it is for peer ${m.peer ?? '(none)'}, not ${f.peer}`;
  if (f.peerType !== undefined && m.peerType !== f.peerType) return `its peer type is ${m.peerType ?? 'not known'}, not ${f.peerType}`;
  if (f.distinguisher !== undefined && m.distinguisher !== f.distinguisher) return `its Peer Distinguisher is ${m.distinguisher ?? 'zero'}, not ${f.distinguisher}`;
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
  if (f.peerType !== undefined) parts.push(`with peer type ${f.peerType}${f.peerType === 1 ? ' (RD instance)' : ''}`);
  if (f.distinguisher !== undefined) parts.push(`with RD ${f.distinguisher}`);
  if (f.sysName !== undefined) parts.push(`with sysName ${f.sysName}`);
  if (f.session !== undefined) parts.push(`from BMP session ${describeSession(f.session)}`);
  if (f.station !== undefined) parts.push(`on station ${f.station}`);
  return parts.join(' ');
}

type RouterSpec = Extract<CheckSpec, { kind: 'config' | 'session' | 'bgp-peer' }>;

/** A check that reads one router, against that router's facts. */
function evaluateRouterCheck(spec: RouterSpec, facts: RouterFacts): Evaluation {
  switch (spec.kind) {
    case 'config':
      return evaluateConfig(spec, facts.config);
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
      const vpn = spec.vpnInstance ?? null;
      const p = facts.peers.find((x) => samePeer(x.address, spec.address) && (x.vpnInstance ?? null) === vpn);
      const name = `BGP peer ${spec.address}${vpn === null ? '' : ` in VPN instance ${vpn}`}`;
      if (!p) {
        const elsewhere = facts.peers.find((x) => samePeer(x.address, spec.address));
        const where = elsewhere ? ` (it has ${elsewhere.address} in ${elsewhere.vpnInstance ? `VPN instance ${elsewhere.vpnInstance}` : 'the public network'})` : '';
        return { state: 'pending', detail: `the router has no ${name}${where}` };
      }
      if (p.state === 'Established') return { state: 'pass', detail: `${name} (AS ${p.asn}) is Established` };
      return { state: 'fail', detail: `${name} (configured AS ${p.asn}) is ${p.state}` };
    }
  }
}

/**
 * Evaluate one check against the facts. Pure: the same facts always give the
 * same answer. `pending` means nothing yet to judge; `fail` means the facts
 * contradict the check (e.g. a message arrived, but with the wrong flag).
 */
export function evaluate(spec: CheckSpec, facts: Facts): Evaluation {
  switch (spec.kind) {
    case 'config':
    case 'session':
    case 'bgp-peer':
      return routerOf(spec.router, facts, (router) => evaluateRouterCheck(spec, router));
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
      let lastTerm = -1;
      here.forEach((m, i) => {
        if (m.type === 'initiation') lastInit = i;
        if (m.type === 'termination') lastTerm = i;
      });
      // A Termination closes a connection that was open, even one whose Initiation came before the window (a checkpoint).
      if (lastTerm > lastInit) return { state: 'pass', detail: `the station received a Termination (${here[lastTerm]!.summary}) after ${name} was removed` };
      if (lastInit < 0)
        return { state: 'pending', detail: `the station received neither an Initiation nor a Termination${spec.station ? ` on ${spec.station}` : ''} since the exercise started` };
      return { state: 'fail', detail: `${name} is removed, but the station received no Termination after its last Initiation` };
    }
  }
}

/** The station messages a wire check is about (its type, on its station): their arrival makes the check live. */
function messagesAbout(spec: CheckSpec, facts: Facts): MessageFact[] {
  const on = (m: MessageFact, station: string | undefined) => station === undefined || m.station === station;
  switch (spec.kind) {
    case 'station-message':
      return facts.messages.filter((m) => m.type === spec.type && on(m, spec.station));
    case 'station-route':
      // Another router's routes on the same station are not what a check of one router's (sysName) is about.
      return facts.messages.filter(
        (m) => (m.type === 'peer-up' || m.type === 'route-monitoring') && on(m, spec.station) && (spec.sysName === undefined || m.sysName === spec.sysName),
      );
    case 'statistics-interval':
      return facts.messages.filter((m) => m.type === 'statistics-report' && on(m, spec.station));
    case 'termination-after-removal':
      return facts.messages.filter((m) => m.type === 'termination' && on(m, spec.station));
    default:
      return [];
  }
}

/** A detail as a sentence: capital first letter, full stop. */
function sentence(text: string): string {
  const t = text.trim();
  if (t === '') return t;
  const capital = t[0]!.toUpperCase() + t.slice(1);
  return /[.?!:]$/.test(capital) ? capital : `${capital}.`;
}

/** What a check says before the trainee has done anything since the exercise opened or was reset. */
export const NOT_YET = 'Not checked yet: make your change and commit it.';

/**
 * One check as the trainee sees it. Fair: until the trainee acts after the
 * exercise opened or was reset (`facts.acted`), a check is neutral — neither
 * red nor green — unless it reads the wire and a message it is about has
 * arrived since. A check with a `nudge` shows it instead of a failing detail
 * (which would name the fault).
 */
export function evaluateCheck(check: Check, facts: Facts): Evaluation {
  if (facts.acted === false && messagesAbout(check.spec, facts).length === 0) return { state: 'pending', detail: NOT_YET };
  const r = evaluate(check.spec, facts);
  if (r.state === 'fail' && check.nudge !== undefined) return { state: 'fail', detail: sentence(check.nudge) };
  return { state: r.state, detail: sentence(r.detail) };
}
