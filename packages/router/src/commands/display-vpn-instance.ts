import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { ALL_VIEWS } from '../console/views.js';
import type { VpnFamilySettings } from '../config/device-config.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import { VPN_NAME } from './params.js';
import { comparePrefixes, peerRow, ranked, routeRow, tableHead } from './display-bgp.js';

/**
 * `display ip vpn-instance [ verbose ] [ vpn-instance-name ]` (all views,
 * level 1; NE40E page "display ip vpn-instance"): the totals, then one row
 * per instance and family (name, RD, family), or with `verbose` each
 * instance's families with RD and VPN targets. ⚠ INFERRED: the verbose
 * form leaves out the page's interface, create-date, up-time and label
 * lines (the lab has no interfaces or label allocation).
 */
export const displayIpVpnInstance = defineCommand<CommandContext>({
  id: 'display-ip-vpn-instance',
  summary: 'Displays information about VPN instances.',
  syntax: ['display ip vpn-instance [ verbose ] [ vpn-instance-name ]'],
  params: { 'vpn-instance-name': VPN_NAME },
  keywords: keywords(['display', 'ip', 'vpn-instance', 'verbose']),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx, args) {
    const config = ctx.running;
    const named = args.params['vpn-instance-name'];
    if (named !== undefined && !config.vpnInstances.includes(String(named))) return ctx.print(MSG.vpnMissing);
    const names = named === undefined ? config.vpnInstances : [String(named)];
    const families = (name: string) => {
      const s = config.vpnInstanceSettings?.[name];
      return [...(s?.ipv4Family ? [{ word: 'IPv4', text: 'ipv4', f: s.ipv4Family }] : []), ...(s?.ipv6Family ? [{ word: 'IPv6', text: 'ipv6', f: s.ipv6Family }] : [])];
    };
    const all = config.vpnInstances;
    ctx.print(
      ` Total VPN-Instances configured      : ${all.length}`,
      ` Total IPv4 VPN-Instances configured : ${all.filter((n) => config.vpnInstanceSettings?.[n]?.ipv4Family).length}`,
      ` Total IPv6 VPN-Instances configured : ${all.filter((n) => config.vpnInstanceSettings?.[n]?.ipv6Family).length}`,
      '',
    );
    if (!args.keywords.includes('verbose')) {
      ctx.print('  VPN-Instance Name               RD                    Address-family');
      for (const name of names) {
        for (const { word, f } of families(name)) ctx.print(`  ${name.padEnd(32)}${(f.routeDistinguisher ?? '').padEnd(22)}${word}`);
      }
      return;
    }
    names.forEach((name) => {
      ctx.print(` VPN-Instance Name and ID : ${name}, ${all.indexOf(name) + 1}`);
      for (const { text, f } of families(name)) ctx.print(` Address family ${text}`, ...familyDetail(f));
      ctx.print('');
    });
  },
});

function familyDetail(f: VpnFamilySettings): string[] {
  return [
    ...(f.routeDistinguisher ? [`  Route Distinguisher : ${f.routeDistinguisher}`] : []),
    ...(f.exportTargets?.length ? [`  Export VPN Targets : ${f.exportTargets.join(' ')}`] : []),
    ...(f.importTargets?.length ? [`  Import VPN Targets : ${f.importTargets.join(' ')}`] : []),
  ];
}

/** The instance's BGP as displays read it; null (after printing why) when the instance does not exist. */
function vpnBgp(ctx: CommandContext, name: string) {
  if (!ctx.running.vpnInstances.includes(name)) {
    ctx.print(MSG.vpnMissing);
    return null;
  }
  const bgp = ctx.bgp();
  if (!bgp.identity || !bgp.vpn) return null; // ⚠ INFERRED: without `bgp` the device prints nothing.
  return { identity: bgp.identity, ...bgp.vpn(name) };
}

/**
 * `display bgp vpnv4 vpn-instance vpn-instance-name peer` (all views, level
 * 1; NE40E page "display bgp peer"): the instance's peers in the layout of
 * `display bgp peer`, with the `VPN-Instance NAME, Router ID X:` line the
 * NE40E samples of VPN-instance peer displays print above the columns.
 */
export const displayBgpVpnInstancePeer = vpnInstanceBgpDisplay('peer', 'Displays the BGP peers of a VPN instance.', (ctx, name, v) => {
  const up = v.peers.filter((p) => p.state === 'Established').length;
  ctx.print(
    ` BGP local router ID : ${v.identity.routerId}`,
    ` Local AS number : ${v.identity.asn}`,
    ` Total number of peers : ${v.peers.length}`.padEnd(43) + `Peers in established state : ${up}`,
    '',
    `  VPN-Instance ${name}, Router ID ${v.identity.routerId}:`,
    '  Peer            V    AS  MsgRcvd  MsgSent  OutQ  Up/Down       State PrefRcv',
    ...v.peers.map((p) => peerRow(p, ctx.now(), 'ipv4-unicast')),
  );
});

/**
 * `display bgp vpnv4 vpn-instance vpn-instance-name routing-table` (all
 * views, level 1): every path of the instance after import policy, best
 * first, in the layout of `display bgp routing-table` with the
 * `VPN-Instance NAME, Router ID X:` line before the total (the NE40E samples).
 */
export const displayBgpVpnInstanceRoutingTable = vpnInstanceBgpDisplay('routing-table', 'Displays the BGP routes of a VPN instance.', (ctx, name, v) => {
  const byPrefix = new Map<string, import('../bgp/route.js').Route[]>();
  // The instance's own peers' routes, and the VPNv4 routes it imports by route target (RFC 4364 §4.3.5).
  for (const r of [...v.peers.flatMap((p) => v.routes('adj-rib-in', p.address)), ...(v.imported?.() ?? [])]) {
    const list = byPrefix.get(r.prefix) ?? [];
    if (list.length === 0) byPrefix.set(r.prefix, list);
    list.push(r);
  }
  const rows: string[] = [];
  let total = 0;
  for (const [, routes] of [...byPrefix].sort(([a], [b]) => comparePrefixes(a, b))) {
    ranked(routes, v.identity.asn).forEach((r, i) => rows.push(routeRow(r, i === 0 ? '*>' : '* ', v.identity.asn)));
    total += routes.length;
  }
  const head = tableHead(v.identity.routerId, total);
  const at = head.findIndex((l) => l.startsWith(' Total Number of Routes'));
  ctx.print(...head.slice(0, at), ` VPN-Instance ${name}, Router ID ${v.identity.routerId}:`, '', ...head.slice(at), ...rows);
});

/**
 * `display bgp vpnv4 vpn-instance vpn-instance-name <last>` (all views, level 1, output filter): both instance displays
 * take the instance the same way and print nothing more than `vpnBgp`'s message when it does not exist.
 */
function vpnInstanceBgpDisplay(last: 'peer' | 'routing-table', summary: string, show: (ctx: CommandContext, name: string, v: NonNullable<ReturnType<typeof vpnBgp>>) => void) {
  return defineCommand<CommandContext>({
    id: `display-bgp-vpnv4-vpn-instance-${last}`,
    summary,
    syntax: [`display bgp vpnv4 vpn-instance vpn-instance-name ${last}`],
    params: { 'vpn-instance-name': VPN_NAME },
    keywords: keywords(['display', 'bgp', 'vpnv4', 'vpn-instance', last]),
    views: ALL_VIEWS,
    level: 1,
    outputFilter: true,
    run(ctx, args) {
      const name = String(args.params['vpn-instance-name']);
      const v = vpnBgp(ctx, name);
      if (v) show(ctx, name, v);
    },
  });
}
