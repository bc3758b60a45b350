import { defineCommand } from '@bmp-lab/cli-engine';
import type { PathAttribute } from '@bmp-lab/codec';
import type { BgpView, CommandContext } from './command-context.js';
import { ALL_VIEWS } from '../console/views.js';
import { keywords } from './keywords.js';
import { IPV4 } from './params.js';
import { asPathOf, better } from '../bgp/route.js';
import type { Route } from '../bgp/route.js';
import type { BgpPeerStatus } from '../bgp/bgp-instance.js';
import { DEFAULT_ROUTE_MODE } from '../bmp-client/feeds.js';

/**
 * `display bgp peer` (all views, level 1) in the NE40E layout of the
 * reference (§4): the totals share one line, columns as in the sample.
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
    const bgp = ctx.bgp();
    if (!bgp.identity) return; // ⚠ INFERRED: without `bgp` the device prints nothing.
    const up = bgp.peers.filter((p) => p.state === 'Established').length;
    ctx.print(
      ` BGP local router ID : ${bgp.identity.routerId}`,
      ` Local AS number : ${bgp.identity.asn}`,
      ` Total number of peers : ${bgp.peers.length}`.padEnd(43) + `Peers in established state : ${up}`,
      '  Peer            V    AS  MsgRcvd  MsgSent  OutQ  Up/Down       State PrefRcv',
      ...bgp.peers.map((p) => peerRow(p, ctx.now())),
    );
  },
});

function peerRow(p: BgpPeerStatus, now: number): string {
  return (
    '  ' +
    p.address.padEnd(16) +
    '4' +
    String(p.asn).padStart(6) +
    String(p.messagesReceived).padStart(9) +
    String(p.messagesSent).padStart(9) +
    '0'.padStart(6) +
    ' ' +
    upDown(now - p.since) +
    p.state.padStart(12) +
    String(p.prefixesReceived).padStart(8)
  );
}

/** Up/Down: `hh:mm:ss` below 24 hours, `xxxxhxxm` above (reference §4). */
export function upDown(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n: number) => String(n).padStart(2, '0');
  if (s < 86400) return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return `${String(Math.floor(s / 3600)).padStart(4, '0')}h${two(Math.floor((s % 3600) / 60))}m`;
}

/**
 * `display bgp routing-table` (all views, level 1): every path the device
 * has, best first (`*>`), in the NE40E layout of the reference (§4).
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
    const paths = allPaths(bgp);
    ctx.print(
      ` BGP Local router ID is ${bgp.identity.routerId}`,
      ' Status codes: * - valid, > - best, d - damped, x - best external, a - add path,',
      '               h - history,  i - internal, s - suppressed, S - Stale',
      '               Origin : i - IGP, e - EGP, ? - incomplete',
      ' RPKI validation codes: V - valid, I - invalid, N - not-found',
      '',
      ` Total Number of Routes: ${paths.length}`,
      '      Network            NextHop        MED        LocPrf    PrefVal Path/Ogn',
      ...paths.map(({ route, best }) => routeRow(route, best)),
    );
  },
});

/** Every candidate path per prefix (local routes and each peer's Adj-RIB-In), the best one first. */
function allPaths(bgp: BgpView): { route: Route; best: boolean }[] {
  const byPrefix = new Map<string, Route[]>();
  const add = (r: Route) => byPrefix.set(r.prefix, [...(byPrefix.get(r.prefix) ?? []), r]);
  for (const r of bgp.routes('loc-rib', null)) if (r.source.kind === 'local') add(r);
  for (const p of bgp.peers) for (const r of bgp.routes('adj-rib-in', p.address)) add(r);
  const out: { route: Route; best: boolean }[] = [];
  for (const prefix of [...byPrefix.keys()].sort(comparePrefixes)) {
    const routes = byPrefix.get(prefix)!;
    const best = routes.reduce((a, b) => better(a, b));
    out.push({ route: best, best: true }, ...routes.filter((r) => r !== best).map((route) => ({ route, best: false })));
  }
  return out;
}

function routeRow(r: Route, best: boolean): string {
  const attr = <T extends PathAttribute['type']>(t: T) => r.attributes.find((a) => a.type === t) as Extract<PathAttribute, { type: T }> | undefined;
  const nextHop = attr('nextHop')?.value ?? '0.0.0.0';
  const med = attr('multiExitDisc')?.value;
  const localPref = attr('localPref')?.value;
  const origin = { igp: 'i', egp: 'e', incomplete: '?' }[attr('origin')?.value ?? 'incomplete'];
  const path = asPathOf(r).join(' ');
  return (
    ' ' +
    (best ? '*>' : '* ').padEnd(5) +
    r.prefix.padEnd(20) +
    nextHop.padEnd(15) +
    (med === undefined ? '' : String(med)).padStart(2) +
    (localPref === undefined ? '' : String(localPref)).padStart(10) +
    '0'.padStart(12) +
    '      ' +
    (path ? `${path}${origin}` : origin)
  );
}

function comparePrefixes(a: string, b: string): number {
  const key = (p: string) => {
    const [addr, len] = p.split('/');
    return (addr ?? '').split('.').map((o) => o.padStart(3, '0')).join('.') + '/' + (len ?? '').padStart(2, '0');
  };
  return key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
}

/**
 * `display bgp bmp-monitor { all | ipv4 ipv4-address }` (all views, level 1,
 * NE40E syntax): which BGP peers each BMP session monitors, with which
 * route modes (reference §2.12). Peer `0.0.0.0` stands for `monitor public`,
 * `*0.0.0.0` for `monitor all-vpn-instance`; session state is lower case.
 */
export const displayBgpBmpMonitor = defineCommand<CommandContext>({
  id: 'display-bgp-bmp-monitor',
  summary: 'Displays the BGP peers that BMP monitors.',
  syntax: ['display bgp bmp-monitor all', 'display bgp bmp-monitor ipv4 ipv4-address'],
  params: { 'ipv4-address': IPV4('IPv4 address of a BGP peer') },
  keywords: keywords(['display', 'bgp', 'bmp-monitor', 'all', 'ipv4']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx, args) {
    const peer = args.params['ipv4-address'];
    const rows = monitorRows(ctx).filter((r) => peer === undefined || r.peer === String(peer));
    if (peer !== undefined) {
      // The single-family form: wider columns, no legend (reference §2.12).
      ctx.print('*>BGP ipv4-family unicast :', '  Peer                     Session Ip               Alias      State  route-mode');
      for (const [i, r] of rows.entries()) {
        const first = i === 0 || rows[i - 1]!.peer !== r.peer;
        ctx.print('  ' + (first ? r.peer : '').padEnd(25) + r.session.padEnd(25) + r.alias.padEnd(11) + r.state.padEnd(7) + r.mode);
      }
      return;
    }
    ctx.print('0.0.0.0 : monitor public / private', '*0.0.0.0 : monitor all vpn instances', '', '*>BGP ipv4-family unicast :');
    ctx.print('  Peer            Session Ip      Alias      State   route-mode');
    for (const [i, r] of rows.entries()) {
      const first = i === 0 || rows[i - 1]!.peer !== r.peer;
      ctx.print('  ' + (first ? r.peer : '').padEnd(16) + r.session.padEnd(16) + r.alias.padEnd(11) + r.state.padEnd(8) + r.mode);
    }
  },
});

interface MonitorRow {
  peer: string;
  session: string;
  alias: string;
  state: string;
  mode: string;
}

function monitorRows(ctx: CommandContext): MonitorRow[] {
  const states = new Map(ctx.bmpSessions().map((s) => [`${s.id.vpnInstance ?? ''}|${s.id.address}|${s.id.alias ?? ''}`, s.state === 'up' ? 'up' : 'down']));
  const rows: MonitorRow[] = [];
  for (const s of ctx.running.bmp?.sessions ?? []) {
    const state = states.get(`${s.vpnInstance ?? ''}|${s.address}|${s.alias ?? ''}`) ?? 'down';
    for (const m of s.monitors ?? []) {
      const t = m.target;
      const peer = t.kind === 'public' ? '0.0.0.0' : t.kind === 'all-vpn-instance' ? '*0.0.0.0' : t.kind === 'peer' ? t.address : null;
      if (peer === null) continue; // VPN-instance targets belong to the vpnv4 table.
      const modes = m.routeModes.length > 0 ? m.routeModes : [DEFAULT_ROUTE_MODE];
      for (const mode of modes) {
        if (mode.family !== 'ipv4-unicast') continue;
        const label =
          mode.rib === 'local-rib' ? 'local-rib' : `${mode.rib === 'adj-rib-in' ? 'in' : 'out'} ${mode.policy}`;
        rows.push({ peer, session: s.address, alias: s.alias ?? '', state, mode: label });
      }
    }
  }
  const order = (p: string) => (p === '0.0.0.0' ? '~0' : p === '*0.0.0.0' ? '~1' : p);
  return rows.sort((a, b) => (order(a.peer) < order(b.peer) ? -1 : order(a.peer) > order(b.peer) ? 1 : 0));
}
