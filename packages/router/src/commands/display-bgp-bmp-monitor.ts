import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { ALL_VIEWS } from '../console/views.js';
import { keywords } from './keywords.js';
import { IPV4, IPV6 } from './params.js';
import type { BgpFamily } from '../bgp/bgp-instance.js';
import { DEFAULT_ROUTE_MODE } from '../bmp-client/feeds.js';
import { canonicalAddress } from '../bgp/family.js';

/**
 * `display bgp bmp-monitor { all | ipv4 ipv4-address | ipv6 { ipv4-address |
 * ipv6-address } }` (all views, level 1, NE40E syntax): which BGP peers each
 * BMP session monitors, with which route modes, one section per address
 * family. Peer `0.0.0.0` stands for `monitor public`, `*0.0.0.0` for
 * `monitor all-vpn-instance`; session state is lower case. The NE40E sample
 * prints the IPv6 section after the IPv4 one, its State column one character
 * wider. ⚠ INFERRED: the IPv6 section appears only when some route-mode
 * selects IPv6 unicast, and `ipv6 PEER` prints the single-family form with
 * the wide columns of the sample's `vpnv4 PEER`.
 */
export const displayBgpBmpMonitor = defineCommand<CommandContext>({
  id: 'display-bgp-bmp-monitor',
  summary: 'Displays the BGP peers that BMP monitors.',
  syntax: ['display bgp bmp-monitor all', 'display bgp bmp-monitor ipv4 ipv4-address', 'display bgp bmp-monitor ipv6 { ipv4-address | ipv6-address }'],
  params: { 'ipv4-address': IPV4('IPv4 address of a BGP peer'), 'ipv6-address': IPV6('IPv6 address of a BGP peer') },
  keywords: keywords(['display', 'bgp', 'bmp-monitor', 'all', 'ipv4', 'ipv6']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx, args) {
    const typed = args.params['ipv4-address'] ?? args.params['ipv6-address'];
    if (typed !== undefined) {
      const family: BgpFamily = args.keywords.includes('ipv6') ? 'ipv6-unicast' : 'ipv4-unicast';
      const peer = canonicalAddress(String(typed));
      const rows = monitorRows(ctx, family).filter((r) => canonicalAddress(r.peer) === peer);
      // The single-family form: wider columns, no legend.
      ctx.print(`*>BGP ${familyWords(family)} :`, '  Peer                     Session Ip               Alias      State  route-mode');
      for (const [i, r] of rows.entries()) {
        const first = i === 0 || rows[i - 1]!.peer !== r.peer;
        ctx.print('  ' + (first ? r.peer : '').padEnd(25) + r.session.padEnd(25) + r.alias.padEnd(11) + r.state.padEnd(7) + r.mode);
      }
      return;
    }
    ctx.print('0.0.0.0 : monitor public / private', '*0.0.0.0 : monitor all vpn instances', '', '*>BGP ipv4-family unicast :');
    ctx.print('  Peer            Session Ip      Alias      State   route-mode');
    printMonitorRows(ctx, monitorRows(ctx, 'ipv4-unicast'), 8);
    const v6 = monitorRows(ctx, 'ipv6-unicast');
    if (v6.length === 0) return;
    ctx.print('', '*>BGP ipv6-family unicast :', '  Peer            Session Ip      Alias      State    route-mode');
    printMonitorRows(ctx, v6, 9);
  },
});

function familyWords(family: BgpFamily): string {
  return family === 'ipv6-unicast' ? 'ipv6-family unicast' : 'ipv4-family unicast';
}

function printMonitorRows(ctx: CommandContext, rows: readonly MonitorRow[], stateWidth: number): void {
  for (const [i, r] of rows.entries()) {
    const first = i === 0 || rows[i - 1]!.peer !== r.peer;
    const peer = first ? r.peer : '';
    ctx.print('  ' + (peer.length < 16 ? peer.padEnd(16) : `${peer} `) + r.session.padEnd(16) + r.alias.padEnd(11) + r.state.padEnd(stateWidth) + r.mode);
  }
}

interface MonitorRow {
  peer: string;
  session: string;
  alias: string;
  state: string;
  mode: string;
}

function monitorRows(ctx: CommandContext, family: BgpFamily): MonitorRow[] {
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
        if (mode.family !== family) continue;
        const label =
          mode.rib === 'local-rib' ? 'local-rib' : `${mode.rib === 'adj-rib-in' ? 'in' : 'out'} ${mode.policy}`;
        rows.push({ peer, session: s.address, alias: s.alias ?? '', state, mode: label });
      }
    }
  }
  const order = (p: string) => (p === '0.0.0.0' ? '~0' : p === '*0.0.0.0' ? '~1' : p);
  return rows.sort((a, b) => (order(a.peer) < order(b.peer) ? -1 : order(a.peer) > order(b.peer) ? 1 : 0));
}
