import { defineCommand } from '@bmp-lab/cli-engine';
import type { CommandContext } from './command-context.js';
import { VIEW } from '../console/views.js';
import type { BgpPeerConfig } from '../config/device-config.js';
import { keywords } from './keywords.js';
import { MSG } from './messages.js';
import { IPV4 } from './params.js';
import { findPeer } from './peer-index.js';

/**
 * Route reflection (RFC 4456) and the next hop toward iBGP peers, IPv4
 * unicast: the NE40E/CE pages "peer reflect-client", "reflector cluster-id"
 * and "peer next-hop-local" list the BGP view and the BGP-IPv4 unicast
 * address family view among their views; both write the same setting, which
 * `display current-configuration` shows in `ipv4-family unicast`.
 */

const PEER = IPV4('IPv4 address of the peer');

function configuredPeer(ctx: CommandContext, address: unknown): BgpPeerConfig | undefined {
  const peers = ctx.candidate.bgp?.peers;
  const peer = peers ? findPeer(peers, String(address)) : undefined;
  if (!peer) ctx.print(MSG.peerMissing);
  return peer;
}

/** `peer X reflect-client`: this router becomes a route reflector and the peer its client. */
export const peerReflectClient = defineCommand<CommandContext>({
  id: 'peer-reflect-client',
  summary: 'Configures the device as a route reflector and the peer as its client.',
  syntax: ['peer ipv4-address reflect-client', 'undo peer ipv4-address reflect-client'],
  params: { 'ipv4-address': PEER },
  keywords: keywords(['peer', 'reflect-client', 'undo']),
  views: [VIEW.bgp, VIEW.bgpAfIpv4],
  level: 2,
  run(ctx, args) {
    const peer = configuredPeer(ctx, args.params['ipv4-address']);
    if (!peer) return;
    if (args.undo) delete peer.reflectClient;
    else peer.reflectClient = true;
  },
});

/** `peer X next-hop-local`: routes advertised to this (iBGP) peer carry the router's own address as next hop. */
export const peerNextHopLocal = defineCommand<CommandContext>({
  id: 'peer-next-hop-local',
  summary: 'Sets the local address as the next hop of routes advertised to a peer.',
  syntax: ['peer ipv4-address next-hop-local', 'undo peer ipv4-address next-hop-local'],
  params: { 'ipv4-address': PEER },
  keywords: keywords(['peer', 'next-hop-local', 'undo']),
  views: [VIEW.bgp, VIEW.bgpAfIpv4],
  level: 2,
  run(ctx, args) {
    const peer = configuredPeer(ctx, args.params['ipv4-address']);
    if (!peer) return;
    if (args.undo) delete peer.nextHopLocal;
    else peer.nextHopLocal = true;
  },
});

/**
 * `reflector cluster-id { cluster-id-value | ipv4-address }`: the cluster ID of
 * the reflector, an integer 1 to 4294967295 or a dotted IPv4 address (the CE
 * page's value column); kept and printed as typed. `undo reflector
 * cluster-id` goes back to the router ID. ⚠ INFERRED: an undo naming a
 * different ID than the configured one is refused like other undo forms here.
 */
export const reflectorClusterId = defineCommand<CommandContext>({
  id: 'reflector-cluster-id',
  summary: 'Sets the cluster ID of the route reflector.',
  syntax: ['reflector cluster-id { cluster-id-value | ipv4-address }', 'undo reflector cluster-id [ cluster-id-value | ipv4-address ]'],
  params: {
    'cluster-id-value': { type: { kind: 'integer', min: 1, max: 4294967295 }, help: 'Cluster ID as an integer' },
    'ipv4-address': IPV4('Cluster ID in IPv4 address format'),
  },
  keywords: keywords(['reflector', 'cluster-id', 'undo']),
  views: [VIEW.bgp, VIEW.bgpAfIpv4],
  level: 2,
  run(ctx, args) {
    const b = ctx.candidate.bgp;
    if (!b) return;
    const p = args.params;
    const typed = p['cluster-id-value'] !== undefined ? String(p['cluster-id-value']) : p['ipv4-address'] !== undefined ? String(p['ipv4-address']) : undefined;
    if (!args.undo) {
      b.reflectorClusterId = typed!;
      return;
    }
    if (typed !== undefined && b.reflectorClusterId !== typed) return ctx.print(MSG.configMissing);
    delete b.reflectorClusterId;
  },
});
