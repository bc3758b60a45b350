import { defineCommand, maskLength } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import type { BgpConfig, BgpIpv4UnicastConfig, BgpIpv6UnicastConfig, BgpPeerConfig } from '../config/device-config.js';
import { naturalMaskLength } from '../config/render-config.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import { INTERFACE_NAME, INTERFACE_NUMBER, INTERFACE_TYPE, IPV4, IPV6 } from './params.js';
import { sourceText } from './session-connect-interface.js';
import { canonicalAddress, isIpv6Address, wireIpv6Prefix } from '../bgp/family.js';
import { maskIpv4 } from './helpers.js';
import { addPeer, enablePeer, findPeer } from './peer-index.js';

/**
 * The BGP commands, all level 2: the BGP view, IPv4 unicast
 * (`ipv4-family unicast`) and IPv6 unicast (`ipv6-family unicast`, BGP4+; the
 * NE40E pages "ipv6-family", "peer as-number (BGP view) (IPv6)", "peer enable
 * (BGP-IPv6 unicast address family view)", "network (BGP-IPv6 unicast
 * address family view)").
 */

const AS_NUMBER = { type: { kind: 'as-number' }, help: 'AS number' } as const;
const PEER = IPV4('IPv4 address of the peer');
const PEER6 = IPV6('IPv6 address of the peer');

function bgpOf(ctx: CommandContext): BgpConfig | undefined {
  return ctx.candidate.bgp ?? undefined;
}

function familyOf(bgp: BgpConfig): BgpIpv4UnicastConfig {
  return (bgp.ipv4Unicast ??= { enabledPeers: [], networks: [], importRoutes: [] });
}

export function ipv6FamilyOf(bgp: BgpConfig): BgpIpv6UnicastConfig {
  return (bgp.ipv6Unicast ??= { enabledPeers: [], networks: [] });
}

/** The peer address a line names, IPv4 or IPv6. */
export function peerAddressOf(params: Readonly<Record<string, string | number | undefined>>): string {
  return String(params['ipv4-address'] ?? params['ipv6-address']);
}

function peerOf(ctx: CommandContext, address: unknown): BgpPeerConfig | undefined {
  const peers = bgpOf(ctx)?.peers;
  const peer = peers ? findPeer(peers, String(address)) : undefined;
  if (!peer) ctx.print(MSG.peerMissing);
  return peer;
}

/** `bgp as-number` (system view): starts BGP and enters the BGP view; `undo bgp` deletes all BGP configuration. */
export const bgp = defineCommand<CommandContext>({
  id: 'bgp',
  summary: 'Enables BGP and displays the BGP view, or displays the BGP view directly if BGP is enabled.',
  syntax: ['bgp as-number', 'undo bgp [ as-number ]'],
  params: { 'as-number': AS_NUMBER },
  keywords: keywords(['bgp', 'undo']),
  views: [VIEW.system],
  level: 2,
  run(ctx, args) {
    const as = args.params['as-number'];
    const current = ctx.candidate.bgp;
    if (current && as !== undefined && current.asNumber !== as) return ctx.print(MSG.bgpAsDiffers);
    if (args.undo) {
      if (!current) return ctx.print(MSG.bgpMissing);
      ctx.candidate.bgp = null;
      return;
    }
    ctx.candidate.bgp ??= { asNumber: Number(as), peers: [], ipv4Unicast: { enabledPeers: [], networks: [], importRoutes: [] } };
    ctx.enter({ view: 'bgp' });
  },
});

/** `router-id` (BGP view): `0.0.0.0` is not allowed. */
export const routerId = defineCommand<CommandContext>({
  id: 'router-id',
  summary: 'Sets the router ID of BGP.',
  syntax: ['router-id ipv4-address', 'undo router-id'],
  params: { 'ipv4-address': { type: { kind: 'ipv4', forbidden: ['0.0.0.0'] }, help: 'Router ID in IPv4 address format' } },
  keywords: keywords(['router-id', 'undo']),
  views: [VIEW.bgp],
  level: 2,
  run(ctx, args) {
    const b = bgpOf(ctx);
    if (!b) return;
    if (args.undo) delete b.routerId;
    else b.routerId = String(args.params['ipv4-address']);
  },
});

/**
 * `peer X as-number N` creates a peer; an IPv4 peer is enabled in IPv4
 * unicast at once ("added automatically"), while an IPv6 peer is enabled in
 * no family until `peer X enable` in the family's view (the NE40E `peer
 * enable` pages: only IPv4 peers are enabled automatically, in IPv4 unicast).
 * `undo peer X` deletes it from every address family.
 */
export const peerAsNumber = defineCommand<CommandContext>({
  id: 'peer-as-number',
  summary: 'Creates a BGP peer and sets its AS number.',
  syntax: ['peer { ipv4-address | ipv6-address } as-number as-number', 'undo peer { ipv4-address | ipv6-address }'],
  params: { 'ipv4-address': PEER, 'ipv6-address': PEER6, 'as-number': AS_NUMBER },
  keywords: keywords(['peer', 'as-number', 'undo']),
  views: [VIEW.bgp],
  level: 2,
  run(ctx, args) {
    const b = bgpOf(ctx);
    if (!b) return;
    const address = peerAddressOf(args.params);
    const af = familyOf(b);
    if (args.undo) {
      if (!b.peers.some((p) => p.address === address)) return ctx.print(MSG.peerMissing);
      b.peers = b.peers.filter((p) => p.address !== address);
      // The peer leaves every family, and its policies go with it.
      for (const fam of [af, b.ipv6Unicast]) {
        if (!fam) continue;
        fam.enabledPeers = fam.enabledPeers.filter((p) => p !== address);
        if (fam.peerPolicies) {
          fam.peerPolicies = fam.peerPolicies.filter((x) => x.address !== address);
          if (fam.peerPolicies.length === 0) delete fam.peerPolicies;
        }
      }
      return;
    }
    const as = Number(args.params['as-number']);
    const found = findPeer(b.peers, address);
    // The same spelling is the same peer (an IPv6 address typed another way stays a line of its own, as before).
    const existing = found?.address === address ? found : undefined;
    if (existing) existing.asNumber = as;
    else addPeer(b.peers, { address, asNumber: as });
    if (!isIpv6Address(address)) enablePeer(af.enabledPeers, address);
  },
});

/** `peer X connect-interface …` (BGP view): the source of the peer's TCP connection. */
export const peerConnectInterface = defineCommand<CommandContext>({
  id: 'peer-connect-interface',
  summary: 'Specifies the source interface or address of the TCP connection to a BGP peer.',
  syntax: [
    'peer ipv4-address connect-interface { interface-name | ipv4-source-address | interface-type interface-number | interface-name ipv4-source-address | interface-type interface-number ipv4-source-address }',
    'undo peer ipv4-address connect-interface',
  ],
  params: {
    'ipv4-address': PEER,
    'interface-name': INTERFACE_NAME,
    'interface-type': INTERFACE_TYPE,
    'interface-number': INTERFACE_NUMBER,
    'ipv4-source-address': IPV4('Source IPv4 address'),
  },
  keywords: keywords(['peer', 'connect-interface', 'undo']),
  views: [VIEW.bgp],
  level: 2,
  run(ctx, args) {
    const peer = peerOf(ctx, args.params['ipv4-address']);
    if (!peer) return;
    if (args.undo) delete peer.connectInterface;
    else peer.connectInterface = sourceText(args)!;
  },
});

/** `keep-all-routes` (BGP view and IPv4 unicast view): keeps received routes (needed for `adj-rib-in pre-policy`). */
export const keepAllRoutes = defineCommand<CommandContext>({
  id: 'keep-all-routes',
  summary: 'Keeps all routes received from peers, including those the import policy rejects.',
  syntax: ['keep-all-routes', 'undo keep-all-routes'],
  keywords: keywords(['keep-all-routes', 'undo']),
  views: [VIEW.bgp, VIEW.bgpAfIpv4],
  level: 2,
  run(ctx, args) {
    const b = bgpOf(ctx);
    if (!b) return;
    if (args.undo) delete b.keepAllRoutes;
    else b.keepAllRoutes = true;
  },
});

/** `peer X keep-all-routes` (BGP view and IPv4 unicast view). */
export const peerKeepAllRoutes = defineCommand<CommandContext>({
  id: 'peer-keep-all-routes',
  summary: 'Keeps all routes received from one peer, including those the import policy rejects.',
  syntax: ['peer { ipv4-address | ipv6-address } keep-all-routes', 'undo peer { ipv4-address | ipv6-address } keep-all-routes'],
  params: { 'ipv4-address': PEER, 'ipv6-address': PEER6 },
  keywords: keywords(['peer', 'keep-all-routes', 'undo']),
  views: [VIEW.bgp, VIEW.bgpAfIpv4, VIEW.bgpAfIpv6],
  level: 2,
  run(ctx, args) {
    const peer = peerOf(ctx, peerAddressOf(args.params));
    if (!peer) return;
    if (args.undo) delete peer.keepAllRoutes;
    else peer.keepAllRoutes = true;
  },
});

/** `ipv4-family unicast` (BGP view): enters `[*HUAWEI-bgp-af-ipv4]`. */
export const ipv4FamilyUnicast = defineCommand<CommandContext>({
  id: 'ipv4-family-unicast',
  summary: 'Displays the BGP-IPv4 unicast address family view.',
  syntax: ['ipv4-family unicast'],
  keywords: keywords(['ipv4-family', 'unicast']),
  views: [VIEW.bgp],
  level: 2,
  run(ctx) {
    const b = bgpOf(ctx);
    if (!b) return;
    familyOf(b);
    ctx.enter({ view: 'bgp-af-ipv4' });
  },
});

/**
 * `ipv6-family [ unicast ]` (BGP view): enters `[*HUAWEI-bgp-af-ipv6]`, the
 * BGP4+ view; `undo ipv6-family [ unicast ]` deletes everything configured in it.
 */
export const ipv6FamilyUnicast = defineCommand<CommandContext>({
  id: 'ipv6-family-unicast',
  summary: 'Displays the BGP-IPv6 unicast address family view.',
  syntax: ['ipv6-family [ unicast ]', 'undo ipv6-family [ unicast ]'],
  keywords: keywords(['ipv6-family', 'unicast', 'undo']),
  views: [VIEW.bgp],
  level: 2,
  run(ctx, args) {
    const b = bgpOf(ctx);
    if (!b) return;
    if (args.undo) {
      delete b.ipv6Unicast;
      return;
    }
    ipv6FamilyOf(b);
    ctx.enter({ view: 'bgp-af-ipv6' });
  },
});

/**
 * `ipv4-family vpnv4` / `ipv6-family vpnv6` (BGP view): enter the BGP-VPNv4 /
 * BGP-VPNv6 address family view (`[*HUAWEI-bgp-af-vpnv4]`); the undo form
 * deletes everything configured in it. No peer is enabled there until
 * `peer X enable`.
 */
export const vpnFamily = defineCommand<CommandContext>({
  id: 'vpn-family',
  summary: 'Displays the BGP-VPNv4 or BGP-VPNv6 address family view.',
  syntax: ['ipv4-family vpnv4', 'undo ipv4-family vpnv4', 'ipv6-family vpnv6', 'undo ipv6-family vpnv6'],
  keywords: keywords(['ipv4-family', 'vpnv4', 'ipv6-family', 'vpnv6', 'undo']),
  views: [VIEW.bgp],
  level: 2,
  run(ctx, args) {
    const b = bgpOf(ctx);
    if (!b) return;
    const v6 = args.keywords.includes('vpnv6');
    if (args.undo) {
      if (v6) delete b.ipv6Vpnv6;
      else delete b.ipv4Vpnv4;
      return;
    }
    if (v6) b.ipv6Vpnv6 ??= { enabledPeers: [] };
    else b.ipv4Vpnv4 ??= { enabledPeers: [] };
    ctx.enter({ view: v6 ? 'bgp-af-vpnv6' : 'bgp-af-vpnv4' });
  },
});

/**
 * `peer X enable` (IPv4 and IPv6 unicast views): the peer exchanges routes of
 * that family. Enabling or disabling a family restarts the peer's session
 * (the page's configuration impact).
 */
export const peerEnable = defineCommand<CommandContext>({
  id: 'peer-enable',
  summary: 'Enables a BGP peer to exchange routes in the address family.',
  syntax: ['peer { ipv4-address | ipv6-address } enable', 'undo peer { ipv4-address | ipv6-address } enable'],
  params: { 'ipv4-address': PEER, 'ipv6-address': PEER6 },
  keywords: keywords(['peer', 'enable', 'undo']),
  views: [VIEW.bgpAfIpv4, VIEW.bgpAfIpv6, VIEW.bgpAfVpnv4, VIEW.bgpAfVpnv6],
  level: 2,
  run(ctx, args) {
    const b = bgpOf(ctx);
    const peer = b ? peerOf(ctx, peerAddressOf(args.params)) : undefined;
    if (!b || !peer) return;
    const address = peer.address;
    const view = ctx.frame.view;
    const af =
      view === 'bgp-af-ipv6'
        ? ipv6FamilyOf(b)
        : view === 'bgp-af-vpnv4'
          ? (b.ipv4Vpnv4 ??= { enabledPeers: [] })
          : view === 'bgp-af-vpnv6'
            ? (b.ipv6Vpnv6 ??= { enabledPeers: [] })
            : familyOf(b);
    if (args.undo) af.enabledPeers = af.enabledPeers.filter((p) => p !== address);
    else enablePeer(af.enabledPeers, address);
  },
});

/**
 * `network ipv4-address [ mask | mask-length ]` (BGP view and IPv4 unicast
 * view): advertises an exactly matching route. Without a mask the natural
 * (classful) mask applies. ⚠ INFERRED: host bits are cleared; the
 * `route-policy` option of `network` is not emulated.
 */
export const network = defineCommand<CommandContext>({
  id: 'network',
  summary: 'Advertises a route of the local routing table to BGP.',
  syntax: ['network ipv4-address [ mask | mask-length ]', 'undo network ipv4-address [ mask | mask-length ]'],
  params: {
    'ipv4-address': IPV4('IPv4 network address'),
    mask: { type: { kind: 'ipv4-mask' }, help: 'Network mask in dotted decimal notation' },
    'mask-length': { type: { kind: 'integer', min: 0, max: 32 }, help: 'Length of the network mask' },
  },
  keywords: keywords(['network', 'undo']),
  views: [VIEW.bgp, VIEW.bgpAfIpv4],
  level: 2,
  run(ctx, args) {
    const b = bgpOf(ctx);
    if (!b) return;
    const address = String(args.params['ipv4-address']);
    const p = args.params;
    const len = p['mask'] !== undefined ? maskLength(String(p['mask']))! : p['mask-length'] !== undefined ? Number(p['mask-length']) : naturalMaskLength(address);
    const prefix = `${maskIpv4(address, len)}/${len}`;
    const af = familyOf(b);
    if (args.undo) {
      if (!af.networks.includes(prefix)) return ctx.print(MSG.configMissing);
      af.networks = af.networks.filter((n) => n !== prefix);
    } else if (!af.networks.includes(prefix)) af.networks.push(prefix);
  },
});

/**
 * `network ipv6-address prefix-length` (IPv6 unicast view): advertises the
 * exactly matching route (ORIGIN IGP). ⚠ INFERRED: host bits are cleared, as
 * for IPv4; the `route-policy` and `route-filter` options are not emulated.
 */
export const networkIpv6 = defineCommand<CommandContext>({
  id: 'network-ipv6',
  summary: 'Advertises an IPv6 route of the local routing table to BGP.',
  syntax: ['network ipv6-address prefix-length', 'undo network ipv6-address prefix-length'],
  params: {
    'ipv6-address': IPV6('IPv6 network address'),
    'prefix-length': { type: { kind: 'integer', min: 0, max: 128 }, help: 'Length of the IPv6 prefix' },
  },
  keywords: keywords(['network', 'undo']),
  views: [VIEW.bgpAfIpv6],
  level: 2,
  run(ctx, args) {
    const b = bgpOf(ctx);
    if (!b) return;
    const len = Number(args.params['prefix-length']);
    const wire = wireIpv6Prefix(String(args.params['ipv6-address']), len);
    if (wire === null) return;
    const prefix = `${canonicalAddress(wire.slice(0, wire.lastIndexOf('/')))}/${len}`;
    const af = ipv6FamilyOf(b);
    if (args.undo) {
      if (!af.networks.includes(prefix)) return ctx.print(MSG.configMissing);
      af.networks = af.networks.filter((n) => n !== prefix);
    } else if (!af.networks.includes(prefix)) af.networks.push(prefix);
  },
});

/** `import-route { direct | static }` (IPv4 unicast view). ⚠ INFERRED: `med` and `route-policy` options are not emulated. */
export const importRoute = defineCommand<CommandContext>({
  id: 'import-route',
  summary: 'Imports routes of other protocols into BGP.',
  syntax: ['import-route { direct | static }', 'undo import-route { direct | static }'],
  keywords: keywords(['import-route', 'direct', 'static', 'undo']),
  views: [VIEW.bgpAfIpv4],
  level: 2,
  run(ctx, args) {
    const b = bgpOf(ctx);
    if (!b) return;
    const af = familyOf(b);
    const protocol = args.keywords.includes('direct') ? 'direct' : 'static';
    if (args.undo) {
      if (!af.importRoutes.includes(protocol)) return ctx.print(MSG.configMissing);
      af.importRoutes = af.importRoutes.filter((r) => r !== protocol);
    } else if (!af.importRoutes.includes(protocol)) af.importRoutes.push(protocol);
  },
});

/**
 * `import-route { direct | static }` (BGP-IPv6 unicast view; Huawei page
 * "import-route (BGP-IPv6 unicast address family view)"). As for IPv4, the
 * lab has no direct or static IPv6 routes, so the line is configuration only.
 * ⚠ INFERRED scope: `med`, `route-policy` and the OSPFv3 / IS-IS / RIPng
 * sources are not emulated.
 */
export const importRouteIpv6 = defineCommand<CommandContext>({
  id: 'import-route-ipv6',
  summary: 'Imports IPv6 routes of other protocols into BGP.',
  syntax: ['import-route { direct | static }', 'undo import-route { direct | static }'],
  keywords: keywords(['import-route', 'direct', 'static', 'undo']),
  views: [VIEW.bgpAfIpv6],
  level: 2,
  run(ctx, args) {
    const b = bgpOf(ctx);
    if (!b) return;
    const af = ipv6FamilyOf(b);
    const protocol = args.keywords.includes('direct') ? 'direct' : 'static';
    const current = af.importRoutes ?? [];
    if (args.undo) {
      if (!current.includes(protocol)) return ctx.print(MSG.configMissing);
      af.importRoutes = current.filter((r) => r !== protocol);
      if (af.importRoutes.length === 0) delete af.importRoutes;
    } else if (!current.includes(protocol)) af.importRoutes = [...current, protocol];
  },
});
