import { defineCommand } from '@bmp-lab/cli-engine';
import { routeDistinguisherBytes, splitVpnPrefix, toHex } from '@bmp-lab/codec';
import type { BgpView, CommandContext } from './command-context.js';
import { ALL_VIEWS } from '../console/views.js';
import { keywords } from './keywords.js';
import { comparePrefixes, ranked, routeRow, tableHead } from './display-bgp.js';
import { unicastAttributes } from '../bgp/vpn-import.js';
import type { Route } from '../bgp/route.js';

const COLUMNS = '      Network            NextHop        MED        LocPrf    PrefVal Path/Ogn';

/**
 * `display bgp vpnv4 { all | route-distinguisher RD } routing-table` (all
 * views, level 1; NE40E "display bgp vpnv4 routing-table"): the VPNv4 paths
 * received from PEs after `policy vpn-target`, grouped by route
 * distinguisher (`Route Distinguisher: 200:1`), each in the row layout of
 * `display bgp routing-table`, best first. `all` then lists each VPN
 * instance's table (`VPN-Instance NAME, Router ID X:`), the imported routes
 * among its own peers' (as `display bgp vpnv4 vpn-instance NAME
 * routing-table` does). ⚠ INFERRED: the blank lines and the total line
 * wording (`Total number of routes from all PE`) follow the NE40E samples'
 * shape; the column widths are those of the IPv4 listing.
 */
export const displayBgpVpnv4RoutingTable = defineCommand<CommandContext>({
  id: 'display-bgp-vpnv4-routing-table',
  summary: 'Displays the BGP VPNv4 routes.',
  syntax: ['display bgp vpnv4 all routing-table', 'display bgp vpnv4 route-distinguisher vrfRD routing-table'],
  params: { vrfRD: { type: { kind: 'route-distinguisher' }, help: 'Route distinguisher (e.g. 200:1 or 1.1.1.1:1)' } },
  keywords: keywords(['display', 'bgp', 'vpnv4', 'all', 'route-distinguisher', 'routing-table'], { all: 'All VPNv4 routes and every VPN instance' }),
  views: ALL_VIEWS,
  level: 1,
  outputFilter: true,
  run(ctx, args) {
    const bgp = ctx.bgp();
    if (!bgp.identity) return; // ⚠ INFERRED: without `bgp` the device prints nothing.
    const only = args.params.vrfRD === undefined ? null : rdKey(String(args.params.vrfRD));
    const asn = bgp.identity.asn;
    const groups = vpnv4Groups(bgp, only);
    const total = [...groups.values()].reduce((n, byPrefix) => n + [...byPrefix.values()].reduce((m, l) => m + l.length, 0), 0);
    const head = tableHead(bgp.identity.routerId, total);
    const at = head.findIndex((l) => l.startsWith(' Total Number of Routes'));
    const lines = [...head.slice(0, at), '', ` Total number of routes from all PE: ${total}`];
    for (const [rd, byPrefix] of groups) {
      lines.push(` Route Distinguisher: ${rd}`, '', COLUMNS, '');
      for (const [, routes] of [...byPrefix].sort(([a], [b]) => comparePrefixes(a, b))) {
        ranked(routes, asn).forEach((r, i) => lines.push(routeRow(r, i === 0 ? '*>' : '* ', asn)));
      }
      lines.push('');
    }
    if (only === null && bgp.vpn && bgp.vpnNames) {
      for (const name of bgp.vpnNames()) {
        const v = bgp.vpn(name);
        const byPrefix = new Map<string, Route[]>();
        for (const r of [...v.peers.flatMap((p) => v.routes('adj-rib-in', p.address)), ...(v.imported?.() ?? [])]) byPrefix.set(r.prefix, [...(byPrefix.get(r.prefix) ?? []), r]);
        const count = [...byPrefix.values()].reduce((n, l) => n + l.length, 0);
        lines.push(` VPN-Instance ${name}, Router ID ${bgp.identity.routerId}:`, '', ` Total Number of Routes: ${count}`, COLUMNS, '');
        for (const [, routes] of [...byPrefix].sort(([a], [b]) => comparePrefixes(a, b))) {
          ranked(routes, asn).forEach((r, i) => lines.push(routeRow(r, i === 0 ? '*>' : '* ', asn)));
        }
        lines.push('');
      }
    }
    while (lines.at(-1) === '') lines.pop();
    ctx.print(...lines);
  },
});

/**
 * The VPNv4 paths of every peer enabled in VPNv4 (post-policy Adj-RIB-In) as
 * IPv4 rows, by RD then plain prefix; RDs in the order first seen. Only one
 * RD's when `only` is given (compared by its eight octets, `rdKey`).
 */
function vpnv4Groups(bgp: BgpView, only: string | null): Map<string, Map<string, Route[]>> {
  const groups = new Map<string, Map<string, Route[]>>();
  for (const p of bgp.peers) {
    for (const r of bgp.routes('adj-rib-in', p.address, 'post-policy', 'ipv4-vpnv4')) {
      const parts = splitVpnPrefix(r.prefix);
      if (parts === null || (only !== null && rdKey(parts.rd) !== only)) continue;
      let byPrefix = groups.get(parts.rd);
      if (!byPrefix) groups.set(parts.rd, (byPrefix = new Map<string, Route[]>()));
      const row: Route = { ...r, prefix: parts.prefix, attributes: unicastAttributes(r.attributes) };
      byPrefix.set(parts.prefix, [...(byPrefix.get(parts.prefix) ?? []), row]);
    }
  }
  return groups;
}

/** An RD's eight octets as hex, so `200:1` typed matches `200:1` however it was written. */
function rdKey(rd: string): string {
  const b = routeDistinguisherBytes(rd);
  return b === null ? rd : toHex(b);
}
