import { CEASE_SUBCODE, isIpv4 } from '@bmp-lab/codec';
import type { UpdateMessage } from '@bmp-lab/codec';
import type { BgpConfig, BgpPeerConfig, BgpVpnInstanceConfig, DeviceConfig } from '../config/device-config.js';
import { peerEnabledIn, vpnIpv4Rd } from '../config/device-config.js';
import type { PolicyConfig } from '../policy/policy-config.js';
import type { PolicyChain } from '../policy/evaluate.js';
import type { Clock, Dialer, StreamConnection } from '../bmp-client/transport.js';
import { BgpSession } from './bgp-session.js';
import type { BgpDownReason, BgpState, EstablishedInfo } from './bgp-session.js';
import { Advertiser } from './advertise.js';
import { FamilyRib } from './family-rib.js';
import { clusterIdAddress } from './reflection.js';
import type { LiveTable, PeerCounters, PeerRib, RibChange, RibName, RibPeer, RibStage } from './family-rib.js';
import { BGP_FAMILIES, FAMILY, canonicalAddress, familyOf, isVpnFamily, ipv4MappedNextHop, ipv6LocalAddressFor, isIpv6Address, wireIpv6, wireIpv6Prefix } from './family.js';
import type { BgpFamily } from './family.js';
import { splitUpdate } from './update-parts.js';
import { carriesTarget, importTargets, importedByAny, importedRoute } from './vpn-import.js';
import type { Route } from './route.js';

export type { LiveTable, PeerCounters, RibChange, RibName, RibStage } from './family-rib.js';
export type { BgpFamily } from './family.js';

/** BGP's TCP port (RFC 4271 §8.2.1). */
export const BGP_PORT = 179;

/**
 * ⚠ INFERRED: a VRP router without `router-id` takes one from its interfaces;
 * the lab router has none modelled, so it uses 1.1.1.1 (Huawei's BMP examples
 * do) unless its owner names another default (`defaultRouterId`: a lab's other
 * routers take their lab address, so two routers never share an identifier).
 */
export const DEFAULT_ROUTER_ID = '1.1.1.1';

/** Why a peer left Established: BGP's own reason, or it was removed from the configuration. */
export type PeerDownCause = BgpDownReason;

export interface BgpInstanceEvents {
  peerUp(peer: BgpPeerStatus): void;
  peerDown(peer: BgpPeerStatus, cause: PeerDownCause): void;
  ribChanged(change: RibChange): void;
  /**
   * The initial table of a RIB of one family is complete (the peer's
   * End-of-RIB arrived, or ours was sent); `vpnInstance` null for the public network.
   */
  ribEnd(rib: RibName, peer: string, family: BgpFamily, vpnInstance: string | null): void;
  peerStateChanged(peer: BgpPeerStatus): void;
}

export interface BgpPeerStatus {
  /** As the device keeps it (IPv6 compressed, upper case). */
  address: string;
  /** The VPN instance the peer belongs to (`ipv4-family vpn-instance NAME`); null for the public network. */
  vpnInstance: string | null;
  asn: number;
  state: BgpState;
  since: number;
  messagesReceived: number;
  messagesSent: number;
  /** Routes the import policy accepted, all families (VRP's PrefRcv). */
  prefixesReceived: number;
  /** The families the peer is enabled in, each with the routes its import policy accepted there. */
  families: { family: BgpFamily; prefixesReceived: number }[];
  /** On an IPv6 peer, `localAddress` is the router's lab address toward it (family.ts), not the loopback socket's. */
  established: EstablishedInfo | null;
  /** All families together (RFC 7854 §4.8 types 0–2 count per peer). */
  counters: PeerCounters;
}

/** A configured peer: its session, and its RIBs in each family it is enabled in. */
interface PeerRuntime extends RibPeer {
  readonly address: string;
  readonly vpnInstance: string | null;
  readonly asn: number;
  readonly session: BgpSession;
  established: EstablishedInfo | null;
  /** The IPv4 source address of `peer X connect-interface`, passed to the dialer; null without one. */
  source: string | null;
  /** Per enabled family, in BGP_FAMILIES order. */
  readonly ribs: Map<BgpFamily, PeerRib>;
}

/**
 * The device's BGP: one session per configured peer, dialled through the lab
 * network, and one FamilyRib per address family (IPv4 unicast, IPv6
 * unicast), each with the per-peer Adj-RIBs-In and -Out of the peers enabled
 * in it and its own Loc-RIB. A peer's OPEN offers the families it is enabled
 * in; an UPDATE is split by family and each part goes to that family's RIB.
 * Every change is reported per family, RIB and stage, so BMP can report each.
 *
 * Each VPN instance with BGP peers (`ipv4-family vpn-instance NAME`, the
 * instance having an IPv4 RD) has a FamilyRib of its own for IPv4 unicast:
 * its peers' Adj-RIBs and its own Loc-RIB, apart from the public network's
 * and every other instance's (RFC 4364 §3: a VRF per site). Its peers dial
 * inside the instance. Peers are keyed by `peerKey(vpnInstance, address)`.
 */
export class BgpInstance {
  private config: BgpConfig | null = null;
  private policies: PolicyConfig = {};
  private routerId = DEFAULT_ROUTER_ID;
  /** `reflector cluster-id` as an address, else the router ID (the `reflector cluster-id` page's default). */
  private clusterId = DEFAULT_ROUTER_ID;
  private readonly peers = new Map<string, PeerRuntime>();
  private readonly ribs: Record<BgpFamily, FamilyRib>;
  /** IPv4 unicast of each VPN instance that has BGP, by instance name. */
  private readonly vpnRibs = new Map<string, FamilyRib>();
  /** The running `ipv4-family vpn-instance` blocks of instances that can run (they exist and have an IPv4 RD). */
  private vpnConfigs = new Map<string, BgpVpnInstanceConfig>();
  /** Import targets (hex) of each VPN instance whose IPv4 / IPv6 family has an RD: `policy vpn-target` and import into instances. */
  private vpnv4Targets = new Map<string, Set<string>>();
  private vpnv6Targets = new Map<string, Set<string>>();

  constructor(private readonly deps: { dialer: Dialer; clock: Clock; events: BgpInstanceEvents; defaultRouterId?: string }) {
    this.routerId = this.clusterId = deps.defaultRouterId ?? DEFAULT_ROUTER_ID;
    this.ribs = {
      'ipv4-unicast': this.newRib('ipv4-unicast', null),
      'ipv6-unicast': this.newRib('ipv6-unicast', null),
      'ipv4-vpnv4': this.newRib('ipv4-vpnv4', null),
      'ipv6-vpnv6': this.newRib('ipv6-vpnv6', null),
    };
  }

  private newRib(family: BgpFamily, vpnInstance: string | null): FamilyRib {
    const events = this.deps.events;
    const vpnTable = vpnInstance === null && isVpnFamily(family);
    const ribChanged = (change: RibChange) => {
      events.ribChanged(vpnInstance === null ? change : { ...change, vpnInstance });
      // The VPNv4 Loc-RIB feeds the VPN instances that import its routes.
      if (family === 'ipv4-vpnv4' && vpnInstance === null && change.rib === 'loc-rib') this.importVpnRoutes(change.withdrawn.concat(change.announced.map((r) => r.prefix)));
    };
    return new FamilyRib(family, {
      ...(vpnTable ? { acceptsRoute: (attributes) => importedByAny(attributes, family === 'ipv4-vpnv4' ? this.vpnv4Targets : this.vpnv6Targets) } : {}),
      clock: this.deps.clock,
      localAsn: () => this.config?.asNumber ?? 0,
      routerId: () => this.routerId,
      clusterId: () => this.clusterId,
      ribChanged,
      ribEnd: (name, peer) => events.ribEnd(name, peer, family, vpnInstance),
    });
  }

  /** The RIB a peer's routes of a family live in: its VPN instance's, or the public network's. */
  private ribOf(peer: { vpnInstance: string | null }, family: BgpFamily): FamilyRib {
    return peer.vpnInstance === null ? this.ribs[family] : this.vpnRibs.get(peer.vpnInstance)!;
  }

  get localAsn(): number | null {
    return this.config?.asNumber ?? null;
  }

  get bgpId(): string {
    return this.routerId;
  }

  apply(device: DeviceConfig): void {
    const next = device.bgp ?? null;
    const prev = this.config;
    const restartAll = !next || !prev || prev.asNumber !== next.asNumber || (prev.routerId ?? null) !== (next.routerId ?? null);
    this.config = next ? structuredCopy(next) : null;
    const { ipPrefixes, ipv6Prefixes, asPathFilters, communityFilters, routePolicies } = device;
    this.policies = structuredCopy({
      ...(ipPrefixes ? { ipPrefixes } : {}),
      ...(ipv6Prefixes ? { ipv6Prefixes } : {}),
      ...(asPathFilters ? { asPathFilters } : {}),
      ...(communityFilters ? { communityFilters } : {}),
      ...(routePolicies ? { routePolicies } : {}),
    });
    this.routerId = next?.routerId ?? this.deps.defaultRouterId ?? DEFAULT_ROUTER_ID;
    const clusterId = clusterIdAddress(next?.reflectorClusterId, this.routerId);
    const clusterChanged = clusterId !== this.clusterId;
    this.clusterId = clusterId;
    // A VPN instance runs BGP when it exists and its IPv4 family has an RD (the RD page: the family "takes effect only after being assigned an RD").
    this.vpnConfigs = new Map((next?.vpnInstances ?? []).filter((v) => vpnIpv4Rd(device, v.name) !== null).map((v) => [v.name, v]));
    const wanted = new Map<string, { vpnInstance: string | null; address: string; cfg: BgpPeerConfig }>();
    for (const p of next?.peers ?? []) wanted.set(peerKey(null, p.address), { vpnInstance: null, address: canonicalAddress(p.address), cfg: p });
    for (const v of this.vpnConfigs.values()) {
      for (const p of v.peers) wanted.set(peerKey(v.name, p.address), { vpnInstance: v.name, address: canonicalAddress(p.address), cfg: p });
    }
    for (const [key, peer] of [...this.peers]) {
      const cfg = wanted.get(key)?.cfg;
      if (!cfg || restartAll || cfg.asNumber !== peer.asn) this.removePeer(peer, CEASE_SUBCODE.PEER_DE_CONFIGURED);
      else if (!sameFamilies([...peer.ribs.keys()], this.enabledFamilies(peer.address, peer.vpnInstance))) {
        // Enabling or disabling a family tears the session down and brings it up again (the NE40E `peer enable` page).
        this.removePeer(peer, CEASE_SUBCODE.OTHER_CONFIGURATION_CHANGE);
      }
    }
    for (const name of [...this.vpnRibs.keys()]) if (!this.vpnConfigs.has(name)) this.vpnRibs.delete(name);
    for (const name of this.vpnConfigs.keys()) if (!this.vpnRibs.has(name)) this.vpnRibs.set(name, this.newRib('ipv4-unicast', name));
    for (const [key, w] of wanted) if (!this.peers.has(key)) this.addPeer(w.address, w.cfg.asNumber, w.vpnInstance);
    let reflectionChanged = clusterChanged;
    for (const peer of this.peers.values()) if (this.applyPeerPolicy(peer)) reflectionChanged = true;
    if (reflectionChanged) {
      for (const f of BGP_FAMILIES) this.ribs[f].readvertiseAll();
      for (const rib of this.vpnRibs.values()) rib.readvertiseAll();
    }
    this.applyVpnTargets(device);
    this.ribs['ipv4-unicast'].setLocalRoutes(next?.ipv4Unicast?.networks ?? []);
    this.ribs['ipv6-unicast'].setLocalRoutes((next?.ipv6Unicast?.networks ?? []).flatMap((n) => ipv6Network(n) ?? []));
  }

  /**
   * The instances' import targets changed (or instances came and went): the
   * VPN tables' `policy vpn-target` check runs again over the routes received
   * (from kept routes, else by ROUTE-REFRESH), and the instances import again.
   */
  private applyVpnTargets(device: DeviceConfig): void {
    const v4 = importTargets(device, 'ipv4Family');
    const v6 = importTargets(device, 'ipv6Family');
    const changed4 = targetsKey(v4) !== targetsKey(this.vpnv4Targets);
    const changed6 = targetsKey(v6) !== targetsKey(this.vpnv6Targets);
    this.vpnv4Targets = v4;
    this.vpnv6Targets = v6;
    for (const [family, changed] of [
      ['ipv4-vpnv4', changed4],
      ['ipv6-vpnv6', changed6],
    ] as const) {
      if (!changed) continue;
      for (const pr of this.ribs[family].peers.values()) if (pr.active) this.ribs[family].refreshImport(pr);
    }
    const keys = new Set(this.ribs['ipv4-vpnv4'].locRib.keys());
    for (const rib of this.vpnRibs.values()) for (const k of rib.importedKeys()) keys.add(k);
    this.importVpnRoutes([...keys]);
  }

  /** Bring the instances' imported routes in line with these VPNv4 Loc-RIB entries (`RD:prefix`). */
  private importVpnRoutes(keys: readonly string[]): void {
    if (keys.length === 0 || this.vpnRibs.size === 0) return;
    const locRib = this.ribs['ipv4-vpnv4'].locRib;
    for (const [name, rib] of this.vpnRibs) {
      const targets = this.vpnv4Targets.get(name) ?? new Set<string>();
      for (const key of new Set(keys)) {
        const route = locRib.get(key);
        const wanted = route && carriesTarget(route.attributes, targets) ? importedRoute(route) : null;
        const prefix = wanted?.prefix ?? key.slice(key.indexOf(':', key.indexOf(':') + 1) + 1);
        rib.setImported(key, prefix, wanted);
      }
    }
  }

  /** The public network's peers. */
  peerStatuses(): BgpPeerStatus[] {
    return [...this.peers.values()].filter((p) => p.vpnInstance === null).map((p) => this.status(p));
  }

  /** The peers of one VPN instance (`ipv4-family vpn-instance NAME`), those of instances that run. */
  vpnPeerStatuses(vpnInstance: string): BgpPeerStatus[] {
    return [...this.peers.values()].filter((p) => p.vpnInstance === vpnInstance).map((p) => this.status(p));
  }

  /** The routes of one RIB and stage of a family, for a display. */
  routes(rib: RibName, peer: string | null, stage: RibStage = 'post-policy', family: BgpFamily = 'ipv4-unicast', vpnInstance: string | null = null): Route[] {
    return [...this.table(rib, peer, stage, family, vpnInstance).values()];
  }

  /**
   * A live view of one RIB, for a table dump that may pause for a long time:
   * a Map's iterator skips routes deleted meanwhile, yields the current value
   * of a route that changed, and reaches routes added later.
   */
  table(rib: RibName, peer: string | null, stage: RibStage = 'post-policy', family: BgpFamily = 'ipv4-unicast', vpnInstance: string | null = null): LiveTable {
    const familyRib = vpnInstance === null ? this.ribs[family] : family === 'ipv4-unicast' ? this.vpnRibs.get(vpnInstance) : undefined;
    return familyRib ? familyRib.table(rib, peer === null ? null : canonicalAddress(peer), stage) : NO_ROUTES;
  }

  /** The routes a VPN instance imported from VPNv4 by route target (candidates of its IPv4 unicast), for displays. */
  importedRoutes(vpnInstance: string): Route[] {
    return this.vpnRibs.get(vpnInstance)?.importedRoutes() ?? [];
  }

  /** The running VPN instances with BGP (`ipv4-family vpn-instance` and an IPv4 RD), in configuration order. */
  vpnInstanceNames(): string[] {
    return [...this.vpnRibs.keys()];
  }

  /** Whether this peer's routes are kept before import policy (`keep-all-routes`, globally or for the peer). */
  keepsAllRoutes(address: string, family: BgpFamily = 'ipv4-unicast', vpnInstance: string | null = null): boolean {
    return this.peers.get(peerKey(vpnInstance, address))?.ribs.get(family)?.keepAll ?? false;
  }

  peerStatus(address: string, vpnInstance: string | null = null): BgpPeerStatus | null {
    const p = this.peers.get(peerKey(vpnInstance, address));
    return p ? this.status(p) : null;
  }

  /**
   * `refresh bgp [ ipv6 ]`: for import, run the family's import policy again
   * over the kept routes, or ask the peer for its table (ROUTE-REFRESH) when
   * none are kept; for export, run the export policy again and re-send the
   * Adj-RIB-Out. Returns the Established peers it refreshed.
   */
  refresh(target: string /* 'all' or a peer address */, direction: 'import' | 'export', family: BgpFamily = 'ipv4-unicast'): string[] {
    const peers = target === 'all' ? [...this.peers.values()].filter((p) => p.vpnInstance === null) : [this.peers.get(peerKey(null, target))].filter((p) => p !== undefined);
    const rib = this.ribs[family];
    const done: string[] = [];
    for (const p of peers) {
      const pr = p.ribs.get(family);
      if (!p.established || !pr?.active) continue;
      if (direction === 'import') rib.refreshImport(pr);
      else rib.resendAdjOut(pr);
      done.push(p.address);
    }
    return done;
  }

  /** An incoming BGP connection (Device.acceptBgp): to the peer configured with its remote address, or closed. */
  accept(connection: StreamConnection): void {
    // The lab's listener is the public network's; a VPN instance's peers are only dialled.
    const peer = this.peers.get(peerKey(null, connection.remoteAddress));
    if (!peer) {
      connection.destroy();
      return;
    }
    peer.session.accept(connection);
  }

  /** Stop every session (device shutdown). */
  stop(): void {
    for (const p of [...this.peers.values()]) this.removePeer(p, CEASE_SUBCODE.PEER_DE_CONFIGURED);
  }

  /** The families a peer is enabled in, in BGP_FAMILIES order; a VPN instance's IPv4 peer, its IPv4 unicast. */
  private enabledFamilies(address: string, vpnInstance: string | null): BgpFamily[] {
    if (vpnInstance !== null) return isIpv6Address(address) ? [] : ['ipv4-unicast'];
    return BGP_FAMILIES.filter((f) => peerEnabledIn(this.config, address, f));
  }

  /**
   * A configured peer. Its OPEN offers the families it is enabled in; a peer
   * enabled in none does not start (⚠ INFERRED: VRP lists it under no family's
   * `display bgp … peer` and exchanges nothing with it; the lab keeps it Idle).
   */
  private addPeer(address: string, asn: number, vpnInstance: string | null): void {
    const localAsn = this.config?.asNumber;
    if (localAsn === undefined) return;
    const families = this.enabledFamilies(address, vpnInstance);
    const ribs = new Map<BgpFamily, PeerRib>();
    const runtime: PeerRuntime = {
      address,
      vpnInstance,
      asn,
      established: null,
      source: null,
      ribs,
      sendUpdate: (u: UpdateMessage) => void runtime.session.sendUpdate(u),
      requestRouteRefresh: (afi: number, safi: number) => runtime.session.requestRouteRefresh(afi, safi),
      session: new BgpSession({
        clock: this.deps.clock,
        local: { asn: localAsn, bgpId: this.routerId, families: families.map((f) => ({ afi: FAMILY[f].afi, safi: FAMILY[f].safi })) },
        peer: { address, asn },
        dial: () => this.deps.dialer.dial({ address, port: BGP_PORT, vpnInstance, ...(runtime.source !== null ? { sourceAddress: runtime.source } : {}) }),
        events: {
          stateChanged: () => this.deps.events.peerStateChanged(this.status(runtime)),
          established: (info) => this.onEstablished(runtime, info),
          update: (u) => this.onUpdate(runtime, u),
          down: (reason) => this.onDown(runtime, reason),
          routeRefresh: (afi, safi) => {
            const family = familyOf(afi, safi);
            const pr = family ? ribs.get(family) : undefined;
            if (family && pr?.active) this.ribOf(runtime, family).resendAdjOut(pr);
          },
        },
      }),
    };
    for (const f of families) ribs.set(f, this.ribOf(runtime, f).addPeer(runtime, new Advertiser(localAsn, this.nextHopSelf(address, f), asn !== localAsn)));
    this.peers.set(peerKey(vpnInstance, address), runtime);
    this.applyPeerPolicy(runtime);
    if (families.length > 0) runtime.session.start();
  }

  /**
   * Our next hop toward a peer in a family: the router ID for IPv4 unicast;
   * for IPv6 unicast the router's lab address toward an IPv6 peer, or the
   * router ID as an IPv4-mapped address toward an IPv4 one (family.ts).
   */
  private nextHopSelf(address: string, family: BgpFamily): string {
    if (family === 'ipv4-unicast' || family === 'ipv4-vpnv4') return this.routerId;
    // RFC 4659 §3.2.1.1: a VPNv6 route over an IPv4 backbone has the PE's IPv4 address, IPv4-mapped, as next hop.
    if (family === 'ipv6-vpnv6') return wireIpv6(ipv4MappedNextHop(this.routerId));
    return isIpv6Address(address) ? ipv6LocalAddressFor(address) : wireIpv6(ipv4MappedNextHop(this.routerId));
  }

  /** `undo peer` closes with Cease / Peer De-configured (RFC 4486); a changed family set with Other Configuration Change. */
  private removePeer(peer: PeerRuntime, subcode: number): void {
    peer.session.stop(subcode);
    for (const f of peer.ribs.keys()) this.ribOf(peer, f).removePeer(peer.address);
    this.peers.delete(peerKey(peer.vpnInstance, peer.address));
  }

  /** The import and export chains of one peer in one family, from the running configuration. */
  private chains(address: string, family: BgpFamily): { import: PolicyChain; export: PolicyChain } {
    // The lab has no routing policy in the VPNv4 / VPNv6 views; `policy vpn-target` is the FamilyRib's acceptsRoute.
    if (isVpnFamily(family)) return { import: {}, export: {} };
    const af = family === 'ipv4-unicast' ? this.config?.ipv4Unicast : this.config?.ipv6Unicast;
    // The family-wide filter-policy: an IPv4 prefix list in IPv4 unicast, an IPv6 one in IPv6 unicast.
    const filterPolicy = af?.filterPolicy;
    const binding = af?.peerPolicies?.find((b) => canonicalAddress(b.address) === address);
    // In IPv6 unicast the peer's prefix list is an IPv6 one (`peer X ipv6-prefix`).
    const chain = (fp: string | undefined, d: { routePolicy?: string; ipPrefix?: string } | undefined): PolicyChain => ({
      ...(fp !== undefined ? { filterPolicy: fp } : {}),
      ...(d?.ipPrefix !== undefined ? { ipPrefix: d.ipPrefix } : {}),
      ...(d?.routePolicy !== undefined ? { routePolicy: d.routePolicy } : {}),
      ...(family === 'ipv6-unicast' ? { ipv6: true } : {}),
    });
    return { import: chain(filterPolicy?.import, binding?.import), export: chain(filterPolicy?.export, binding?.export) };
  }

  /**
   * Bring a peer's RIBs in line with the committed policy configuration.
   * ⚠ INFERRED: `keep-all-routes` (BGP view, or `peer X keep-all-routes`)
   * keeps the peer's routes in every family it is enabled in. True when its
   * route reflection settings changed (`reflect-client`, `next-hop-local`,
   * both IPv4 unicast only). A changed `connect-interface` source is used
   * from the peer's next connection (⚠ INFERRED: the session is not reset).
   */
  private applyPeerPolicy(peer: PeerRuntime): boolean {
    const vpn = peer.vpnInstance === null ? null : this.vpnConfigs.get(peer.vpnInstance);
    const cfg = (vpn ? vpn.peers : (this.config?.peers ?? [])).find((p) => canonicalAddress(p.address) === peer.address);
    // ⚠ INFERRED: `keep-all-routes` of the BGP view covers the public network; a VPN instance has its own (in its view).
    const keepAll = Boolean((vpn ? vpn.keepAllRoutes : this.config?.keepAllRoutes) || cfg?.keepAllRoutes);
    peer.source = sourceAddressOf(cfg?.connectInterface);
    let reflectionChanged = false;
    for (const [family, pr] of peer.ribs) {
      const rib = this.ribOf(peer, family);
      // A VPN instance's peers have no routing policy in the lab (no `peer … route-policy` in its view).
      rib.configurePeer(pr, keepAll, this.policies, vpn ? { import: {}, export: {} } : this.chains(peer.address, family));
      const v4 = family === 'ipv4-unicast';
      if (rib.configureReflection(pr, v4 && cfg?.reflectClient === true, v4 && cfg?.nextHopLocal === true)) reflectionChanged = true;
    }
    return reflectionChanged;
  }

  private onEstablished(peer: PeerRuntime, info: EstablishedInfo): void {
    // Over the lab's loopback sockets an IPv6 session runs on IPv4: its ends are the lab's IPv6 addresses.
    peer.established = isIpv6Address(peer.address) ? { ...info, localAddress: ipv6LocalAddressFor(peer.address), remoteAddress: wireIpv6(peer.address) } : info;
    this.deps.events.peerUp(this.status(peer));
    for (const { afi, safi } of info.families) {
      const family = familyOf(afi, safi);
      const pr = family ? peer.ribs.get(family) : undefined;
      if (family && pr) this.ribOf(peer, family).sessionUp(pr);
    }
  }

  private onUpdate(peer: PeerRuntime, u: UpdateMessage): void {
    for (const part of splitUpdate(u)) {
      const pr = peer.ribs.get(part.family);
      // Routes of a family the session did not negotiate are ignored.
      if (pr?.active) this.ribOf(peer, part.family).receive(pr, part);
    }
  }

  private onDown(peer: PeerRuntime, reason: BgpDownReason): void {
    const status = this.status(peer);
    peer.established = null;
    for (const pr of peer.ribs.values()) pr.active = false;
    this.deps.events.peerDown(status, reason);
    for (const [family, pr] of peer.ribs) this.ribOf(peer, family).sessionDown(pr);
  }

  private status(p: PeerRuntime): BgpPeerStatus {
    const counters: PeerCounters = { rejectedByPolicy: 0, duplicateAdvertisements: 0, duplicateWithdraws: 0 };
    const families: BgpPeerStatus['families'] = [];
    let prefixesReceived = 0;
    for (const [family, pr] of p.ribs) {
      counters.rejectedByPolicy += pr.counters.rejectedByPolicy;
      counters.duplicateAdvertisements += pr.counters.duplicateAdvertisements;
      counters.duplicateWithdraws += pr.counters.duplicateWithdraws;
      families.push({ family, prefixesReceived: pr.adjInPost.size });
      prefixesReceived += pr.adjInPost.size;
    }
    return {
      address: p.address,
      vpnInstance: p.vpnInstance,
      asn: p.asn,
      state: p.session.state,
      since: p.session.since,
      messagesReceived: p.session.counters.received,
      messagesSent: p.session.counters.sent,
      prefixesReceived,
      families,
      established: p.established,
      counters,
    };
  }
}

/**
 * The source address in `peer X connect-interface` text (`LoopBack0 10.1.1.1`,
 * `10.1.1.1`); null for an interface alone: the lab has no interfaces, and
 * the dialer then uses the router's lab address.
 */
function sourceAddressOf(connectInterface: string | undefined): string | null {
  const last = connectInterface?.split(' ').at(-1);
  return last !== undefined && isIpv4(last) ? last : null;
}

/** `network` of the IPv6 family (`address/len` as the parser stored it) as the RIB keys it. */
function ipv6Network(text: string): string | null {
  const i = text.lastIndexOf('/');
  return i < 0 ? null : wireIpv6Prefix(text.slice(0, i), Number(text.slice(i + 1)));
}

/** How the instance keys a peer: the public network's by address (as before VPN instances), a VPN instance's `NAME/address`. */
export function peerKey(vpnInstance: string | null, address: string): string {
  const a = canonicalAddress(address);
  return vpnInstance === null ? a : `${vpnInstance}/${a}`;
}

const NO_ROUTES: LiveTable = { size: 0, values: () => new Map<string, Route>().values() };

function targetsKey(m: ReadonlyMap<string, ReadonlySet<string>>): string {
  return JSON.stringify([...m].map(([name, t]) => [name, [...t].sort()]));
}

function sameFamilies(a: readonly BgpFamily[], b: readonly BgpFamily[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

function structuredCopy<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
