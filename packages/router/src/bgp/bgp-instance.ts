import { AFI, CEASE_SUBCODE, SAFI, endOfRib, endOfRibFamily } from '@bmp-lab/codec';
import type { PathAttribute, UpdateMessage } from '@bmp-lab/codec';
import type { BgpConfig, DeviceConfig } from '../config/device-config.js';
import type { PolicyConfig } from '../policy/policy-config.js';
import { chainFingerprint, compileChain } from '../policy/evaluate.js';
import type { PolicyChain, RouteFilter } from '../policy/evaluate.js';
import type { Clock, Dialer } from '../bmp-client/transport.js';
import { BgpSession } from './bgp-session.js';
import type { BgpDownReason, BgpState, EstablishedInfo } from './bgp-session.js';
import { attributesKey } from './route.js';
import type { Route } from './route.js';
import { bestPath } from './best-path.js';
import { Advertiser } from './advertise.js';
import { packUpdates } from './pack-updates.js';

/** BGP's TCP port (RFC 4271 §8.2.1). */
export const BGP_PORT = 179;

/**
 * ⚠ INFERRED: a VRP router without `router-id` takes one from its interfaces;
 * the lab router has none modelled, so it uses 1.1.1.1 (Huawei's BMP examples do).
 */
export const DEFAULT_ROUTER_ID = '1.1.1.1';

export type RibName = 'adj-rib-in' | 'adj-rib-out' | 'loc-rib';

/** Before or after a peer's import (Adj-RIB-In) or export (Adj-RIB-Out) policy (RFC 7854 L flag, RFC 8671). */
export type RibStage = 'pre-policy' | 'post-policy';

/** Routes that changed in one RIB; `peer` is null for the Loc-RIB, whose stage is always post-policy. */
export interface RibChange {
  rib: RibName;
  peer: string | null;
  stage: RibStage;
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
  /** Routes the import policy accepted (VRP's PrefRcv). */
  prefixesReceived: number;
  established: EstablishedInfo | null;
  counters: PeerCounters;
}

/** A live table: its size now, and an iterator that stays valid while it changes. */
export interface LiveTable {
  size: number;
  values(): IterableIterator<Route>;
}

interface PeerRuntime {
  counters: PeerCounters;
  address: string;
  asn: number;
  session: BgpSession;
  /** What the peer sent, before import policy; kept only with `keep-all-routes` (empty otherwise). */
  adjInPre: Map<string, Route>;
  /** What the import policy let in, with the attributes it set. */
  adjInPost: Map<string, Route>;
  /** What is selected for this peer before the export policy. */
  adjOutPre: Map<string, Route>;
  /** What was sent to the peer: after the export policy and the eBGP/iBGP rewriting. */
  adjOutPost: Map<string, Route>;
  keepAll: boolean;
  importFilter: RouteFilter | null;
  importKey: string;
  exportFilter: RouteFilter | null;
  exportKey: string;
  established: EstablishedInfo | null;
  advertiser: Advertiser;
}

const EMPTY = new Map<string, Route>();

/**
 * The device's BGP: one session per configured peer, dialled through the lab
 * network, and its RIBs as RFC 4271 §3.2 and RFC 7854 name them — per peer
 * an Adj-RIB-In before and after the import policy, the Loc-RIB of best
 * paths, and per peer an Adj-RIB-Out before and after the export policy.
 * Every change is reported per RIB and stage, so BMP can report each stage.
 */
export class BgpInstance {
  private config: BgpConfig | null = null;
  private policies: PolicyConfig = {};
  private routerId = DEFAULT_ROUTER_ID;
  private readonly peers = new Map<string, PeerRuntime>();
  private readonly localRoutes = new Map<string, Route>();
  private readonly locRib = new Map<string, Route>();

  constructor(private readonly deps: { dialer: Dialer; clock: Clock; events: BgpInstanceEvents }) {}

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
    const { ipPrefixes, asPathFilters, communityFilters, routePolicies } = device;
    this.policies = structuredCopy({
      ...(ipPrefixes ? { ipPrefixes } : {}),
      ...(asPathFilters ? { asPathFilters } : {}),
      ...(communityFilters ? { communityFilters } : {}),
      ...(routePolicies ? { routePolicies } : {}),
    });
    this.routerId = next?.routerId ?? DEFAULT_ROUTER_ID;
    const wanted = new Map((next?.peers ?? []).map((p) => [p.address, p]));
    for (const [address, peer] of [...this.peers]) {
      const cfg = wanted.get(address);
      if (!cfg || restartAll || cfg.asNumber !== peer.asn) this.removePeer(peer);
    }
    for (const [address, cfg] of wanted) if (!this.peers.has(address)) this.addPeer(address, cfg.asNumber);
    for (const peer of this.peers.values()) this.applyPeerPolicy(peer);
    this.setLocalRoutes(next?.ipv4Unicast?.networks ?? []);
  }

  peerStatuses(): BgpPeerStatus[] {
    return [...this.peers.values()].map((p) => this.status(p));
  }

  /** The routes of one RIB and stage, for a display. */
  routes(rib: RibName, peer: string | null, stage: RibStage = 'post-policy'): Route[] {
    return [...this.table(rib, peer, stage).values()];
  }

  /**
   * A live view of one RIB, for a table dump that may pause for a long time:
   * a Map's iterator skips routes deleted meanwhile, yields the current value
   * of a route that changed, and reaches routes added later.
   */
  table(rib: RibName, peer: string | null, stage: RibStage = 'post-policy'): LiveTable {
    if (rib === 'loc-rib') return this.locRib;
    const p = peer === null ? undefined : this.peers.get(peer);
    if (!p) return EMPTY;
    if (rib === 'adj-rib-in') return stage === 'pre-policy' ? p.adjInPre : p.adjInPost;
    return stage === 'pre-policy' ? p.adjOutPre : p.adjOutPost;
  }

  /** Whether this peer's routes are kept before import policy (`keep-all-routes`, globally or for the peer). */
  keepsAllRoutes(address: string): boolean {
    return this.peers.get(address)?.keepAll ?? false;
  }

  peerStatus(address: string): BgpPeerStatus | null {
    const p = this.peers.get(address);
    return p ? this.status(p) : null;
  }

  /**
   * `refresh bgp`: for import, run the import policy again over the kept
   * routes, or ask the peer for its table (ROUTE-REFRESH) when none are kept;
   * for export, run the export policy again and re-send the Adj-RIB-Out.
   * Returns the Established peers it refreshed.
   */
  refresh(target: 'all' | string, direction: 'import' | 'export'): string[] {
    const peers = target === 'all' ? [...this.peers.values()] : [this.peers.get(target)].filter((p) => p !== undefined);
    const done: string[] = [];
    for (const p of peers) {
      if (!p.established) continue;
      if (direction === 'import') this.refreshImport(p);
      else this.resendAdjOut(p);
      done.push(p.address);
    }
    return done;
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
      adjInPre: new Map(),
      adjInPost: new Map(),
      adjOutPre: new Map(),
      adjOutPost: new Map(),
      keepAll: false,
      importFilter: null,
      importKey: '',
      exportFilter: null,
      exportKey: '',
      established: null,
      advertiser: new Advertiser(localAsn, this.routerId, asn !== localAsn),
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
          routeRefresh: (afi, safi) => {
            if (afi === AFI.IPV4 && safi === SAFI.UNICAST) this.resendAdjOut(runtime);
          },
        },
      }),
    };
    this.peers.set(address, runtime);
    this.applyPeerPolicy(runtime);
    runtime.session.start();
  }

  private removePeer(peer: PeerRuntime): void {
    // `undo peer` closes with Cease / Peer De-configured (RFC 4486).
    peer.session.stop(CEASE_SUBCODE.PEER_DE_CONFIGURED);
    this.peers.delete(peer.address);
  }

  /** The import and export chains of one peer, from the running configuration. */
  private chains(address: string): { import: PolicyChain; export: PolicyChain } {
    const af = this.config?.ipv4Unicast;
    const binding = af?.peerPolicies?.find((b) => b.address === address);
    const chain = (filterPolicy: string | undefined, d: { routePolicy?: string; ipPrefix?: string } | undefined): PolicyChain => ({
      ...(filterPolicy !== undefined ? { filterPolicy } : {}),
      ...(d?.ipPrefix !== undefined ? { ipPrefix: d.ipPrefix } : {}),
      ...(d?.routePolicy !== undefined ? { routePolicy: d.routePolicy } : {}),
    });
    return { import: chain(af?.filterPolicy?.import, binding?.import), export: chain(af?.filterPolicy?.export, binding?.export) };
  }

  /**
   * Bring a peer in line with the committed policy configuration. A changed
   * import policy is applied at once to the kept routes; without
   * `keep-all-routes` the router asks the peer for its routes again
   * (ROUTE-REFRESH). Huawei's routing-policy guide says the routing
   * management module tells BGP of a changed policy at once (unless
   * `route-policy-change notify-delay` is set), and its BGP guide that a
   * device with route-refresh sends ROUTE-REFRESH when its policy changes;
   * `refresh bgp` does the same by hand. ⚠ INFERRED: turning
   * `keep-all-routes` on while the peer is up fills the pre-policy table by
   * a ROUTE-REFRESH rather than by resetting the session (the manual resets
   * only peers without route-refresh).
   */
  private applyPeerPolicy(peer: PeerRuntime): void {
    const cfg = this.config?.peers.find((p) => p.address === peer.address);
    const keepAll = Boolean(this.config?.keepAllRoutes || cfg?.keepAllRoutes);
    const chains = this.chains(peer.address);
    const importKey = chainFingerprint(this.policies, chains.import);
    const exportKey = chainFingerprint(this.policies, chains.export);
    const importChanged = importKey !== peer.importKey;
    const exportChanged = exportKey !== peer.exportKey;
    const keepChanged = keepAll !== peer.keepAll;
    if (importChanged) {
      peer.importKey = importKey;
      peer.importFilter = compileChain(this.policies, chains.import);
    }
    if (exportChanged) {
      peer.exportKey = exportKey;
      peer.exportFilter = compileChain(this.policies, chains.export);
    }
    peer.keepAll = keepAll;
    if (!peer.established) return;
    if (keepChanged && !keepAll && peer.adjInPre.size > 0) {
      // The received routes are no longer kept: the pre-policy view empties (BMP drops that feed).
      peer.adjInPre.clear();
    }
    if (keepChanged && keepAll) {
      // Nothing received so far was kept: ask for it again to fill the pre-policy table.
      peer.session.requestRouteRefresh(AFI.IPV4, SAFI.UNICAST);
    } else if (importChanged) this.refreshImport(peer);
    if (exportChanged) this.refreshAdjOut(peer, this.advertisable(peer));
  }

  /** Run the import policy again: over the kept routes, or by asking the peer to send them again. */
  private refreshImport(peer: PeerRuntime): void {
    if (!peer.keepAll) {
      peer.session.requestRouteRefresh(AFI.IPV4, SAFI.UNICAST);
      return;
    }
    const announced: Route[] = [];
    const withdrawn: string[] = [];
    for (const route of peer.adjInPre.values()) this.importRoute(peer, route, announced, withdrawn);
    for (const prefix of peer.adjInPost.keys()) {
      if (!peer.adjInPre.has(prefix)) {
        peer.adjInPost.delete(prefix);
        withdrawn.push(prefix);
      }
    }
    this.postChanged(peer, announced, withdrawn);
  }

  /**
   * One received route through the import policy into the post-policy
   * Adj-RIB-In; what changed there is added to `announced`/`withdrawn`. An
   * unchanged route (same attributes) is not announced again.
   */
  private importRoute(peer: PeerRuntime, route: Route, announced: Route[], withdrawn: string[]): void {
    const verdict = peer.importFilter ? peer.importFilter(route.prefix, route.attributes) : null;
    const had = peer.adjInPost.get(route.prefix);
    if (verdict && !verdict.permit) {
      peer.counters.rejectedByPolicy++;
      if (had) {
        peer.adjInPost.delete(route.prefix);
        withdrawn.push(route.prefix);
      }
      return;
    }
    const attributes = verdict ? (verdict.attributes as PathAttribute[]) : route.attributes;
    if (had && had.attributes === attributes) return;
    const post = attributes === route.attributes ? route : { ...route, attributes };
    peer.adjInPost.set(route.prefix, post);
    announced.push(post);
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
    if (endOfRibFamily(u)) {
      this.deps.events.ribEnd('adj-rib-in', peer.address);
      return;
    }
    const at = this.deps.clock.now();
    const source = { kind: 'peer' as const, address: peer.address, asn: peer.asn, bgpId: peer.established?.peerBgpId ?? '0.0.0.0' };
    const preWithdrawn: string[] = [];
    const postWithdrawn: string[] = [];
    for (const prefix of u.withdrawnRoutes) {
      const inPre = peer.adjInPre.delete(prefix);
      const inPost = peer.adjInPost.delete(prefix);
      if (inPre) preWithdrawn.push(prefix);
      if (inPost) postWithdrawn.push(prefix);
      if (!inPre && !inPost) peer.counters.duplicateWithdraws++;
    }
    const key = attributesKey(u.pathAttributes);
    const preAnnounced: Route[] = [];
    const postAnnounced: Route[] = [];
    for (const prefix of u.nlri) {
      const route: Route = { prefix, attributes: u.pathAttributes, source, at };
      // A duplicate is the same attributes again (RFC 7854 §4.8 type 1); without kept routes
      // it can be told only while the post-policy route still has what was received.
      const had = peer.keepAll ? peer.adjInPre.get(prefix) : peer.importFilter ? undefined : peer.adjInPost.get(prefix);
      if (had && attributesKey(had.attributes) === key) peer.counters.duplicateAdvertisements++;
      if (peer.keepAll) {
        peer.adjInPre.set(prefix, route);
        preAnnounced.push(route);
      }
      this.importRoute(peer, route, postAnnounced, postWithdrawn);
    }
    if (preAnnounced.length > 0 || preWithdrawn.length > 0) {
      this.deps.events.ribChanged({ rib: 'adj-rib-in', peer: peer.address, stage: 'pre-policy', announced: preAnnounced, withdrawn: preWithdrawn });
    }
    this.postChanged(peer, postAnnounced, postWithdrawn);
  }

  /** Report a change of the post-policy Adj-RIB-In and run best-path selection for it. */
  private postChanged(peer: PeerRuntime, announced: Route[], withdrawn: string[]): void {
    if (announced.length === 0 && withdrawn.length === 0) return;
    this.deps.events.ribChanged({ rib: 'adj-rib-in', peer: peer.address, stage: 'post-policy', announced, withdrawn });
    this.recompute(withdrawn.concat(announced.map((r) => r.prefix)));
  }

  private onDown(peer: PeerRuntime, reason: BgpDownReason): void {
    const status = this.status(peer);
    const lost = [...peer.adjInPost.keys()];
    peer.adjInPre.clear();
    peer.adjInPost.clear();
    peer.adjOutPre.clear();
    peer.adjOutPost.clear();
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
      // `network` routes: ORIGIN IGP, empty AS_PATH, next hop the device itself.
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
    const localAsn = this.config?.asNumber ?? 0;
    const announced: Route[] = [];
    const withdrawn: string[] = [];
    const candidates: Route[] = [];
    for (const prefix of new Set(prefixes)) {
      candidates.length = 0;
      const local = this.localRoutes.get(prefix);
      if (local) candidates.push(local);
      for (const p of this.peers.values()) {
        const r = p.adjInPost.get(prefix);
        if (r) candidates.push(r);
      }
      const best = bestPath(candidates, localAsn);
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
    this.deps.events.ribChanged({ rib: 'loc-rib', peer: null, stage: 'post-policy', announced, withdrawn });
    const changed = announced.map((r) => r.prefix).concat(withdrawn);
    for (const p of this.peers.values()) if (p.established) this.refreshAdjOut(p, changed);
  }

  /** Every prefix this peer has or may have in its Adj-RIB-Out. */
  private advertisable(peer: PeerRuntime): string[] {
    const prefixes = [...this.locRib.keys()];
    for (const p of peer.adjOutPre.keys()) if (!this.locRib.has(p)) prefixes.push(p);
    return prefixes;
  }

  /**
   * What this peer should hear for these prefixes: the best path unless it
   * came from this peer, or from an iBGP peer when this one is iBGP too
   * (RFC 4271 §9.2, no route reflection configured); then through the export
   * policy. Both stages report their changes; the UPDATEs carry the post-policy one.
   */
  private refreshAdjOut(peer: PeerRuntime, prefixes: readonly string[]): void {
    const localAsn = this.config?.asNumber ?? 0;
    const toIbgp = peer.asn === localAsn;
    const pre = { announced: [] as Route[], withdrawn: [] as string[] };
    const post = { announced: [] as Route[], withdrawn: [] as string[] };
    const at = this.deps.clock.now();
    for (const prefix of prefixes) {
      const best = this.locRib.get(prefix);
      const eligible =
        best &&
        !(best.source.kind === 'peer' && (best.source.address === peer.address || (toIbgp && best.source.asn === localAsn))) &&
        mayAdvertise(best.attributes, toIbgp);
      if (eligible) {
        const had = peer.adjOutPre.get(prefix);
        if (had?.attributes !== best.attributes || had.source !== best.source) {
          const r: Route = { ...best, at };
          peer.adjOutPre.set(prefix, r);
          pre.announced.push(r);
        }
      } else if (peer.adjOutPre.delete(prefix)) pre.withdrawn.push(prefix);
      let sent: PathAttribute[] | null = null;
      if (eligible) {
        const offered = peer.advertiser.beforePolicy(best.attributes);
        const verdict = peer.exportFilter ? peer.exportFilter(prefix, offered) : null;
        if (!verdict || verdict.permit) sent = peer.advertiser.onWire(verdict ? verdict.attributes : offered);
      }
      const had = peer.adjOutPost.get(prefix);
      if (sent) {
        if (had?.attributes === sent) continue;
        const r: Route = { prefix, attributes: sent, source: best!.source, at };
        peer.adjOutPost.set(prefix, r);
        post.announced.push(r);
      } else if (had) {
        peer.adjOutPost.delete(prefix);
        post.withdrawn.push(prefix);
      }
    }
    if (pre.announced.length > 0 || pre.withdrawn.length > 0) {
      this.deps.events.ribChanged({ rib: 'adj-rib-out', peer: peer.address, stage: 'pre-policy', ...pre });
    }
    if (post.announced.length === 0 && post.withdrawn.length === 0) return;
    for (const u of packUpdates(post.announced, post.withdrawn)) peer.session.sendUpdate(u);
    this.deps.events.ribChanged({ rib: 'adj-rib-out', peer: peer.address, stage: 'post-policy', ...post });
  }

  /** Send the whole post-policy Adj-RIB-Out again (ROUTE-REFRESH from the peer, or `refresh bgp … export`). */
  private resendAdjOut(peer: PeerRuntime): void {
    this.refreshAdjOut(peer, this.advertisable(peer));
    for (const u of packUpdates([...peer.adjOutPost.values()], [])) peer.session.sendUpdate(u);
  }

  private status(p: PeerRuntime): BgpPeerStatus {
    return {
      address: p.address,
      asn: p.asn,
      state: p.session.state,
      since: p.session.since,
      messagesReceived: p.session.counters.received,
      messagesSent: p.session.counters.sent,
      prefixesReceived: p.adjInPost.size,
      established: p.established,
      counters: { ...p.counters },
    };
  }
}

/** RFC 1997 well-known communities that limit advertisement. */
const NO_EXPORT = '65535:65281';
const NO_ADVERTISE = '65535:65282';
const NO_EXPORT_SUBCONFED = '65535:65283';

/**
 * Whether a route's communities let it go to this peer (RFC 1997): never
 * with NO_ADVERTISE, and with NO_EXPORT or NO_EXPORT_SUBCONFED only inside
 * the AS (no confederations are modelled, so the two mean the same here).
 */
function mayAdvertise(attributes: readonly PathAttribute[], toIbgp: boolean): boolean {
  for (const a of attributes) {
    if (a.type !== 'communities') continue;
    if (a.values.includes(NO_ADVERTISE)) return false;
    if (!toIbgp && (a.values.includes(NO_EXPORT) || a.values.includes(NO_EXPORT_SUBCONFED))) return false;
  }
  return true;
}

function structuredCopy<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}
