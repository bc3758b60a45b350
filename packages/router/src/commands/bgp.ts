import { defineCommand, maskLength } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import type { BgpConfig, BgpIpv4UnicastConfig, BgpPeerConfig } from '../config/device-config.js';
import { naturalMaskLength } from '../config/render-config.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import { INTERFACE_NAME, INTERFACE_NUMBER, INTERFACE_TYPE, IPV4 } from './params.js';
import { sourceText } from './session-connect-interface.js';

/** The BGP commands of reference §4, all level 2. */

const AS_NUMBER = { type: { kind: 'as-number' }, help: 'AS number' } as const;
const PEER = IPV4('IPv4 address of the peer');

function bgpOf(ctx: CommandContext): BgpConfig | undefined {
  return ctx.candidate.bgp ?? undefined;
}

function familyOf(bgp: BgpConfig): BgpIpv4UnicastConfig {
  return (bgp.ipv4Unicast ??= { enabledPeers: [], networks: [], importRoutes: [] });
}

function peerOf(ctx: CommandContext, address: unknown): BgpPeerConfig | undefined {
  const peer = bgpOf(ctx)?.peers.find((p) => p.address === address);
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
 * `peer X as-number N` creates a peer and enables it in IPv4 unicast
 * (reference §4: "added automatically"); `undo peer X` deletes it from every
 * address family.
 */
export const peerAsNumber = defineCommand<CommandContext>({
  id: 'peer-as-number',
  summary: 'Creates a BGP peer and sets its AS number.',
  syntax: ['peer ipv4-address as-number as-number', 'undo peer ipv4-address'],
  params: { 'ipv4-address': PEER, 'as-number': AS_NUMBER },
  keywords: keywords(['peer', 'as-number', 'undo']),
  views: [VIEW.bgp],
  level: 2,
  run(ctx, args) {
    const b = bgpOf(ctx);
    if (!b) return;
    const address = String(args.params['ipv4-address']);
    const af = familyOf(b);
    if (args.undo) {
      if (!b.peers.some((p) => p.address === address)) return ctx.print(MSG.peerMissing);
      b.peers = b.peers.filter((p) => p.address !== address);
      af.enabledPeers = af.enabledPeers.filter((p) => p !== address);
      // The peer's policies go with it.
      if (af.peerPolicies) {
        af.peerPolicies = af.peerPolicies.filter((x) => x.address !== address);
        if (af.peerPolicies.length === 0) delete af.peerPolicies;
      }
      return;
    }
    const as = Number(args.params['as-number']);
    const existing = b.peers.find((p) => p.address === address);
    if (existing) existing.asNumber = as;
    else b.peers.push({ address, asNumber: as });
    if (!af.enabledPeers.includes(address)) af.enabledPeers.push(address);
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
  syntax: ['peer ipv4-address keep-all-routes', 'undo peer ipv4-address keep-all-routes'],
  params: { 'ipv4-address': PEER },
  keywords: keywords(['peer', 'keep-all-routes', 'undo']),
  views: [VIEW.bgp, VIEW.bgpAfIpv4],
  level: 2,
  run(ctx, args) {
    const peer = peerOf(ctx, args.params['ipv4-address']);
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

/** `peer X enable` (IPv4 unicast view). */
export const peerEnable = defineCommand<CommandContext>({
  id: 'peer-enable',
  summary: 'Enables a BGP peer to exchange routes in the address family.',
  syntax: ['peer ipv4-address enable', 'undo peer ipv4-address enable'],
  params: { 'ipv4-address': PEER },
  keywords: keywords(['peer', 'enable', 'undo']),
  views: [VIEW.bgpAfIpv4],
  level: 2,
  run(ctx, args) {
    const address = String(args.params['ipv4-address']);
    const b = bgpOf(ctx);
    if (!b || !peerOf(ctx, address)) return;
    const af = familyOf(b);
    if (args.undo) af.enabledPeers = af.enabledPeers.filter((p) => p !== address);
    else if (!af.enabledPeers.includes(address)) af.enabledPeers.push(address);
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
    const prefix = `${maskAddress(address, len)}/${len}`;
    const af = familyOf(b);
    if (args.undo) {
      if (!af.networks.includes(prefix)) return ctx.print(MSG.configMissing);
      af.networks = af.networks.filter((n) => n !== prefix);
    } else if (!af.networks.includes(prefix)) af.networks.push(prefix);
  },
});

function maskAddress(address: string, len: number): string {
  const n = address.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const m = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  const v = (n & m) >>> 0;
  return [24, 16, 8, 0].map((s) => (v >>> s) & 255).join('.');
}

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
