import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import type { BgpPeerConfig, BgpVpnInstanceConfig } from '../config/device-config.js';
import { vpnIpv4Rd } from '../config/device-config.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import { IPV4, VPN_NAME } from './params.js';
import { addPeer, findPeer } from './peer-index.js';

/**
 * The BGP-VPN instance IPv4 address family view (`ipv4-family vpn-instance
 * NAME` in the BGP view, level 2; NE40E page "ipv4-family (BGP view)"): the
 * VPN instance's own BGP peers (a PE's CEs), with RIBs apart from the public
 * network's. The instance must exist and its IPv4 family have an RD (the
 * page's prerequisite). IPv4 peers only (an IPv6 VPN instance family is
 * `ipv6-family vpn-instance`, not emulated).
 */
export const ipv4FamilyVpnInstance = defineCommand<CommandContext>({
  id: 'ipv4-family-vpn-instance',
  summary: 'Enables the BGP-VPN instance IPv4 address family and displays its view.',
  syntax: ['ipv4-family vpn-instance vpn-instance-name', 'undo ipv4-family vpn-instance vpn-instance-name'],
  params: { 'vpn-instance-name': VPN_NAME },
  keywords: keywords(['ipv4-family', 'vpn-instance', 'undo']),
  views: [VIEW.bgp],
  level: 2,
  run(ctx, args) {
    const b = ctx.candidate.bgp;
    if (!b) return;
    const name = String(args.params['vpn-instance-name']);
    const list = b.vpnInstances ?? [];
    if (args.undo) {
      if (!list.some((v) => v.name === name)) return ctx.print(MSG.configMissing);
      b.vpnInstances = list.filter((v) => v.name !== name);
      if (b.vpnInstances.length === 0) delete b.vpnInstances;
      return;
    }
    if (!ctx.candidate.vpnInstances.includes(name)) return ctx.print(MSG.vpnMissing);
    if (!list.some((v) => v.name === name)) {
      if (vpnIpv4Rd(ctx.candidate, name) === null) return ctx.print(MSG.rdMissing);
      (b.vpnInstances ??= []).push({ name, peers: [] });
    }
    ctx.enter({ view: 'bgp-vpn-instance', name });
  },
});

/** The `ipv4-family vpn-instance` block of the open view, or undefined (then nothing is changed). */
function vpnBlock(ctx: CommandContext): BgpVpnInstanceConfig | undefined {
  const frame = ctx.frame;
  if (frame.view !== 'bgp-vpn-instance') return undefined;
  return ctx.candidate.bgp?.vpnInstances?.find((v) => v.name === frame.name);
}

function vpnPeerOf(ctx: CommandContext, block: BgpVpnInstanceConfig, address: string): BgpPeerConfig | undefined {
  const peer = findPeer(block.peers, address);
  if (!peer) ctx.print(MSG.peerMissing);
  return peer;
}

/**
 * `peer ipv4-address as-number as-number` (BGP-VPN instance IPv4 address
 * family view): a peer of the VPN instance (a CE), enabled in the instance's
 * IPv4 unicast at once; its session is dialled inside the instance.
 */
export const vpnPeerAsNumber = defineCommand<CommandContext>({
  id: 'vpn-peer-as-number',
  summary: 'Creates a BGP peer of a VPN instance and sets its AS number.',
  syntax: ['peer ipv4-address as-number as-number', 'undo peer ipv4-address'],
  params: { 'ipv4-address': IPV4('IPv4 address of the peer'), 'as-number': { type: { kind: 'as-number' }, help: 'AS number' } },
  keywords: keywords(['peer', 'as-number', 'undo']),
  views: [VIEW.bgpVpnInstance],
  level: 2,
  run(ctx, args) {
    const block = vpnBlock(ctx);
    if (!block) return;
    const address = String(args.params['ipv4-address']);
    if (args.undo) {
      if (!findPeer(block.peers, address)) return ctx.print(MSG.peerMissing);
      block.peers = block.peers.filter((p) => p.address !== address);
      return;
    }
    const as = Number(args.params['as-number']);
    const existing = findPeer(block.peers, address);
    if (existing) existing.asNumber = as;
    else addPeer(block.peers, { address, asNumber: as });
  },
});

/** `keep-all-routes` (BGP-VPN instance IPv4 address family view): keeps the instance's received routes (needed for `adj-rib-in pre-policy`). */
export const vpnKeepAllRoutes = defineCommand<CommandContext>({
  id: 'vpn-keep-all-routes',
  summary: 'Keeps all routes received from the peers of a VPN instance.',
  syntax: ['keep-all-routes', 'undo keep-all-routes'],
  keywords: keywords(['keep-all-routes', 'undo']),
  views: [VIEW.bgpVpnInstance],
  level: 2,
  run(ctx, args) {
    const block = vpnBlock(ctx);
    if (!block) return;
    if (args.undo) delete block.keepAllRoutes;
    else block.keepAllRoutes = true;
  },
});

/** `peer X keep-all-routes` (BGP-VPN instance IPv4 address family view). */
export const vpnPeerKeepAllRoutes = defineCommand<CommandContext>({
  id: 'vpn-peer-keep-all-routes',
  summary: 'Keeps all routes received from one peer of a VPN instance.',
  syntax: ['peer ipv4-address keep-all-routes', 'undo peer ipv4-address keep-all-routes'],
  params: { 'ipv4-address': IPV4('IPv4 address of the peer') },
  keywords: keywords(['peer', 'keep-all-routes', 'undo']),
  views: [VIEW.bgpVpnInstance],
  level: 2,
  run(ctx, args) {
    const block = vpnBlock(ctx);
    const peer = block ? vpnPeerOf(ctx, block, String(args.params['ipv4-address'])) : undefined;
    if (!peer) return;
    if (args.undo) delete peer.keepAllRoutes;
    else peer.keepAllRoutes = true;
  },
});
