import { CEASE_SUBCODE, endOfRib, endOfRibFamily } from '@bmp-lab/codec';
import type { PathAttribute, UpdateMessage } from '@bmp-lab/codec';
import type { BgpConfig, DeviceConfig } from '../config/device-config.js';
import type { Clock, Dialer } from '../bmp-client/transport.js';
import { BgpSession } from './bgp-session.js';
import type { BgpDownReason, BgpState, EstablishedInfo } from './bgp-session.js';
import { attributesKey, better } from './route.js';
import type { Route } from './route.js';
import { packUpdates } from './pack-updates.js';

/** BGP's TCP port (RFC 4271 §8.2.1). */
export const BGP_PORT = 179;

/**
 * ⚠ INFERRED: a VRP router without `router-id` takes one from its interfaces;
 * the lab router has none modelled, so it uses 1.1.1.1 (the reference's examples do).
 */
export const DEFAULT_ROUTER_ID = '1.1.1.1';

export type RibName = 'adj-rib-in' | 'adj-rib-out' | 'loc-rib';

/** Routes that changed in one RIB; `peer` is null for the Loc-RIB. */
export interface RibChange {
  rib: RibName;
  peer: string | null;
  announced: Route[];
  withdrawn: string[];
}

/** Why a peer left Established: BGP's own reason, or it was removed from the configuration. */
export type PeerDownCause = BgpDownReason;

export interface BgpInstanceEvents {
  peerUp(peer: BgpPeerStatus): void;
  peerDown(peer: BgpPeerStatus, cause: PeerDownCause): void;
  ribChanged(change: RibChange): void;
  /** The initial table of a RIB is complete (the peer's End-of-RIB arrived, or ours was sent). */
  ribEnd(rib: RibName, peer: string): void;
  peerStateChanged(peer: BgpPeerStatus): void;
}

/** Counters a peer keeps for BMP Statistics Reports (RFC 7854 §4.8 types 0–2). */
export interface PeerCounters {
  rejectedByPolicy: number;
  duplicateAdvertisements: number;
  duplicateWithdraws: number;
}

export interface BgpPeerStatus {
  address: string;
  asn: number;
  state: BgpState;
  since: number;
  messagesReceived: number;
  messagesSent: number;
  prefixesReceived: number;
  established: EstablishedInfo | null;
  counters: PeerCounters;
}

interface PeerRuntime {
  counters: PeerCounters;
  address: string;
  asn: number;
  session: BgpSession;
  adjIn: Map<string, Route>;
  adjOut: Map<string, Route>;
  established: EstablishedInfo | null;
}

/**
 * The device's BGP: one session per configured peer, dialled through the lab
 * network, and the RIBs — Adj-RIB-In per peer, the Loc-RIB of best routes,
 * Adj-RIB-Out per peer. No import or export policy is configured in the lab,
 * so pre- and post-policy views of a RIB hold the same routes.
 */
export class BgpInstance {
  private config: BgpConfig | null = null;
  private routerId = DEFAULT_ROUTER_ID;
  private readonly peers = new Map<string, PeerRuntime>();
  private readonly localRoutes = new Map<string, Route>();
  private readonly locRib = new Map<string, Route>();

  constructor(
    private readonly deps: { dialer: Dialer; clock: Clock; events: BgpInstanceEvents },
  ) {}

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
    this.routerId = next?.routerId ?? DEFAULT_ROUTER_ID;
    const wanted = new Map((next?.peers ?? []).map((p) => [p.address, p]));
    for (const [address, peer] of [...this.peers]) {
      const cfg = wanted.get(address);
      if (!cfg || restartAll || cfg.asNumber !== peer.asn) this.removePeer(peer);
    }
    for (const [address, cfg] of wanted) if (!this.peers.has(address)) this.addPeer(address, cfg.asNumber);
    this.setLocalRoutes(next?.ipv4Unicast?.networks ?? []);
  }

  peerStatuses(): BgpPeerStatus[] {
    return [...this.peers.values()].map((p) => this.status(p));
  }

  /** The routes of one RIB, for a BMP dump or a display. */
  routes(rib: RibName, peer: string | null): Route[] {
    if (rib === 'loc-rib') return [...this.locRib.values()];
    const p = peer === null ? undefined : this.peers.get(peer);
    if (!p) return [];
    return [...(rib === 'adj-rib-in' ? p.adjIn : p.adjOut).values()];
  }

  /**
   * A live view of one RIB, for a table dump that may pause for a long time:
   * a Map's iterator skips routes deleted meanwhile, yields the current value
   * of a route that changed, and reaches routes added later.
   */
  table(rib: RibName, peer: string | null): { size: number; values(): IterableIterator<Route> } {
    if (rib === 'loc-rib') return this.locRib;
    const p = peer === null ? undefined : this.peers.get(peer);
    return p ? (rib === 'adj-rib-in' ? p.adjIn : p.adjOut) : new Map<string, Route>();
  }

  peerStatus(address: string): BgpPeerStatus | null {
    const p = this.peers.get(address);
    return p ? this.status(p) : null;
  }

  /** Stop every session (device shutdown). */
  stop(): void {
    for (const p of [...this.peers.values()]) this.removePeer(p);
  }

  private addPeer(address: string, asn: number): void {
    const localAsn = this.config?.asNumber;
    if (localAsn === undefined) return;
    const runtime: PeerRuntime = {
      counters: { rejectedByPolicy: 0, duplicateAdvertisements: 0, duplicateWithdraws: 0 },
      address,
      asn,
      adjIn: new Map(),
      adjOut: new Map(),
      established: null,
      session: new BgpSession({
        clock: this.deps.clock,
        local: { asn: localAsn, bgpId: this.routerId },
        peer: { address, asn },
        dial: () => this.deps.dialer.dial({ address, port: BGP_PORT, vpnInstance: null }),
        events: {
          stateChanged: () => this.deps.events.peerStateChanged(this.status(runtime)),
          established: (info) => this.onEstablished(runtime, info),
          update: (u) => this.onUpdate(runtime, u),
          down: (reason) => this.onDown(runtime, reason),
        },
      }),
    };
    this.peers.set(address, runtime);
    runtime.session.start();
  }

  private removePeer(peer: PeerRuntime): void {
    // `undo peer` closes with Cease / Peer De-configured (RFC 4486).
    peer.session.stop(CEASE_SUBCODE.PEER_DE_CONFIGURED);
    this.peers.delete(peer.address);
  }

  private onEstablished(peer: PeerRuntime, info: EstablishedInfo): void {
    peer.established = info;
    this.deps.events.peerUp(this.status(peer));
    // Advertise the Loc-RIB to the new peer, then End-of-RIB (RFC 4724).
    this.refreshAdjOut(peer, [...this.locRib.keys()]);
    peer.session.sendUpdate(endOfRib());
    this.deps.events.ribEnd('adj-rib-out', peer.address);
  }

  private onUpdate(peer: PeerRuntime, u: UpdateMessage): void {
    const at = this.deps.clock.now();
    const source = { kind: 'peer' as const, address: peer.address, asn: peer.asn, bgpId: peer.established?.peerBgpId ?? '0.0.0.0' };
    if (endOfRibFamily(u)) {
      this.deps.events.ribEnd('adj-rib-in', peer.address);
      return;
    }
    const announced: Route[] = u.nlri.map((prefix) => ({ prefix, attributes: u.pathAttributes, source, at }));
    const withdrawn = u.withdrawnRoutes.filter((p) => peer.adjIn.has(p));
    peer.counters.duplicateWithdraws += u.withdrawnRoutes.length - withdrawn.length;
    const key = attributesKey(u.pathAttributes);
    for (const r of announced) {
      const had = peer.adjIn.get(r.prefix);
      if (had && attributesKey(had.attributes) === key) peer.counters.duplicateAdvertisements++;
    }
    for (const p of withdrawn) peer.adjIn.delete(p);
    for (const r of announced) peer.adjIn.set(r.prefix, r);
    if (announced.length === 0 && withdrawn.length === 0) return;
    this.deps.events.ribChanged({ rib: 'adj-rib-in', peer: peer.address, announced, withdrawn });
    this.recompute([...withdrawn, ...announced.map((r) => r.prefix)]);
  }

  private onDown(peer: PeerRuntime, reason: BgpDownReason): void {
    const status = this.status(peer);
    const lost = [...peer.adjIn.keys()];
    peer.adjIn.clear();
    peer.adjOut.clear();
    peer.established = null;
    this.deps.events.peerDown(status, reason);
    this.recompute(lost);
  }

  private setLocalRoutes(networks: readonly string[]): void {
    const at = this.deps.clock.now();
    const changed: string[] = [];
    for (const p of [...this.localRoutes.keys()]) {
      if (!networks.includes(p)) {
        this.localRoutes.delete(p);
        changed.push(p);
      }
    }
    for (const p of networks) {
      if (this.localRoutes.has(p)) continue;
      // `network` routes: ORIGIN IGP, empty AS_PATH, next hop the device itself (reference §4).
      const attributes: PathAttribute[] = [
        { type: 'origin', value: 'igp' },
        { type: 'asPath', segments: [] },
        { type: 'nextHop', value: '0.0.0.0' },
        { type: 'multiExitDisc', value: 0 },
      ];
      this.localRoutes.set(p, { prefix: p, attributes, source: { kind: 'local' }, at });
      changed.push(p);
    }
    this.recompute(changed);
  }

  /** Re-run best-path selection for these prefixes and pass the changes on. */
  private recompute(prefixes: readonly string[]): void {
    if (prefixes.length === 0) return;
    const announced: Route[] = [];
    const withdrawn: string[] = [];
    for (const prefix of new Set(prefixes)) {
      let best: Route | undefined = this.localRoutes.get(prefix);
      for (const p of this.peers.values()) {
        const r = p.adjIn.get(prefix);
        if (r) best = best ? better(best, r) : r;
      }
      const current = this.locRib.get(prefix);
      if (best === current) continue;
      if (best) {
        this.locRib.set(prefix, best);
        announced.push(best);
      } else if (current) {
        this.locRib.delete(prefix);
        withdrawn.push(prefix);
      }
    }
    if (announced.length === 0 && withdrawn.length === 0) return;
    this.deps.events.ribChanged({ rib: 'loc-rib', peer: null, announced, withdrawn });
    const changed = [...announced.map((r) => r.prefix), ...withdrawn];
    for (const p of this.peers.values()) if (p.established) this.refreshAdjOut(p, changed);
  }

  /** What this peer should hear for these prefixes; send the difference as UPDATEs. */
  private refreshAdjOut(peer: PeerRuntime, prefixes: readonly string[]): void {
    const announced: Route[] = [];
    const withdrawn: string[] = [];
    for (const prefix of prefixes) {
      const best = this.locRib.get(prefix);
      const out = best && !(best.source.kind === 'peer' && best.source.address === peer.address) ? this.exported(best) : undefined;
      const had = peer.adjOut.get(prefix);
      if (out) {
        peer.adjOut.set(prefix, out);
        announced.push(out);
      } else if (had) {
        peer.adjOut.delete(prefix);
        withdrawn.push(prefix);
      }
    }
    if (announced.length === 0 && withdrawn.length === 0) return;
    for (const u of packUpdates(announced, withdrawn)) peer.session.sendUpdate(u);
    this.deps.events.ribChanged({ rib: 'adj-rib-out', peer: peer.address, announced, withdrawn });
  }

  /** A route as sent to an eBGP peer: our AS prepended, next hop self, MED not passed on (RFC 4271 §5.1). */
  private exported(route: Route): Route {
    const asn = this.config?.asNumber ?? 0;
    const attributes: PathAttribute[] = [];
    for (const a of route.attributes) {
      if (a.type === 'asPath') {
        const first = a.segments[0];
        const segments =
          first && first.type === 'sequence'
            ? [{ type: 'sequence' as const, asns: [asn, ...first.asns] }, ...a.segments.slice(1)]
            : [{ type: 'sequence' as const, asns: [asn] }, ...a.segments];
        attributes.push({ type: 'asPath', segments });
      } else if (a.type === 'nextHop') attributes.push({ type: 'nextHop', value: this.routerId });
      else if (a.type !== 'multiExitDisc' && a.type !== 'localPref') attributes.push(a);
    }
    return { ...route, attributes, at: this.deps.clock.now() };
  }

  private status(p: PeerRuntime): BgpPeerStatus {
    return {
      address: p.address,
      asn: p.asn,
      state: p.session.state,
      since: p.session.since,
      messagesReceived: p.session.counters.received,
      messagesSent: p.session.counters.sent,
      prefixesReceived: p.adjIn.size,
      established: p.established,
      counters: { ...p.counters },
    };
  }
}

function structuredCopy<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
