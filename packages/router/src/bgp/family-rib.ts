import type { PathAttribute, UpdateMessage } from '@bmp-lab/codec';
import { endOfRib } from '@bmp-lab/codec';
import type { PolicyConfig } from '../policy/policy-config.js';
import { chainFingerprint, compileChain } from '../policy/evaluate.js';
import type { PolicyChain, PolicyVerdict, RouteFilter } from '../policy/evaluate.js';
import type { Clock } from '../bmp-client/transport.js';
import type { EstablishedInfo } from './bgp-session.js';
import { attributesKey } from './route.js';
import type { Route } from './route.js';
import { bestPath } from './best-path.js';
import { TurnedWork } from './turn-budget.js';
import type { Advertiser } from './advertise.js';
import { packUpdates } from './pack-updates.js';
import { FAMILY } from './family.js';
import { loopIn, reflectedAttributes, reflects } from './reflection.js';
import type { BgpFamily } from './family.js';
import type { FamilyPart } from './update-parts.js';

export type RibName = 'adj-rib-in' | 'adj-rib-out' | 'loc-rib';

/** Before or after a peer's import (Adj-RIB-In) or export (Adj-RIB-Out) policy (RFC 7854 L flag, RFC 8671). */
export type RibStage = 'pre-policy' | 'post-policy';

/** Routes that changed in one RIB of one family; `peer` is null for the Loc-RIB, whose stage is always post-policy. */
export interface RibChange {
  family: BgpFamily;
  rib: RibName;
  peer: string | null;
  stage: RibStage;
  announced: Route[];
  withdrawn: string[];
  /** The VPN instance whose RIB changed (the BGP instance adds it); absent for the public network. */
  vpnInstance?: string;
}

/** Counters a peer keeps for BMP Statistics Reports (RFC 7854 §4.8 types 0–2). */
export interface PeerCounters {
  rejectedByPolicy: number;
  duplicateAdvertisements: number;
  duplicateWithdraws: number;
}

/** A live table: its size now, and an iterator that stays valid while it changes. */
export interface LiveTable {
  size: number;
  values(): IterableIterator<Route>;
}

/** The BGP session of a peer, as the RIB of one family uses it. */
export interface RibPeer {
  readonly address: string;
  readonly asn: number;
  readonly established: EstablishedInfo | null;
  sendUpdate(update: UpdateMessage): void;
  /** Ask the peer for its routes of this family again (ROUTE-REFRESH); false when it cannot. */
  requestRouteRefresh(afi: number, safi: number): boolean;
}

/** One peer in one address family: its four tables and the policies that connect them. */
export class PeerRib {
  /** What the peer sent, before import policy; kept only with `keep-all-routes` (empty otherwise). */
  readonly adjInPre = new Map<string, Route>();
  /** What the import policy let in, with the attributes it set. */
  readonly adjInPost = new Map<string, Route>();
  /** What is selected for this peer before the export policy. */
  readonly adjOutPre = new Map<string, Route>();
  /** What was sent to the peer: after the export policy and the eBGP/iBGP rewriting. */
  readonly adjOutPost = new Map<string, Route>();
  readonly counters: PeerCounters = { rejectedByPolicy: 0, duplicateAdvertisements: 0, duplicateWithdraws: 0 };
  keepAll = false;
  importFilter: RouteFilter | null = null;
  importKey = '';
  exportFilter: RouteFilter | null = null;
  exportKey = '';
  /** The family was negotiated on the peer's current session (both OPENs carry it, RFC 4760 §8). */
  active = false;
  /** A client of this router as route reflector (`peer X reflect-client`, RFC 4456). */
  reflectClient = false;
  /** The import policy running again over the kept routes, a turn at a time (refreshImport), while it does. */
  reimport: TurnedWork | null = null;

  constructor(
    readonly peer: RibPeer,
    readonly advertiser: Advertiser,
  ) {}
}

export interface FamilyRibDeps {
  clock: Clock;
  /** The local AS (0 while BGP is not configured). */
  localAsn(): number;
  /** The router ID, which received ORIGINATOR_IDs are checked against (RFC 4456 §8). */
  routerId(): string;
  /** The cluster ID in force (`reflector cluster-id`, else the router ID). */
  clusterId(): string;
  ribChanged(change: RibChange): void;
  /** The initial table of a RIB is complete (the peer's End-of-RIB arrived, or ours was sent). */
  ribEnd(rib: RibName, peer: string): void;
  /**
   * VPN families: whether a received route may enter the post-policy
   * Adj-RIB-In (`policy vpn-target`: it carries a route target some local
   * VPN instance imports); a refused one counts as rejected by policy.
   */
  acceptsRoute?(attributes: readonly PathAttribute[]): boolean;
}

const EMPTY = new Map<string, Route>();

/**
 * The RIBs of one address family, as RFC 4271 §3.2 and RFC 7854 name them:
 * per peer an Adj-RIB-In before and after the import policy, the Loc-RIB of
 * best paths, and per peer an Adj-RIB-Out before and after the export
 * policy. Every change is reported per RIB and stage, so BMP can report each
 * stage. The BGP instance owns one per family and the sessions; this owns
 * the routes and the pipeline between the tables.
 */
export class FamilyRib {
  /** Best paths, by prefix. */
  readonly locRib = new Map<string, Route>();
  private readonly localRoutes = new Map<string, Route>();
  /** A VPN instance's routes imported from VPN tables (vpn-import.ts): by prefix, then by the VPN route's `RD:prefix`. */
  private readonly imported = new Map<string, Map<string, Route>>();
  /** The peers enabled in this family, by address. */
  readonly peers = new Map<string, PeerRib>();

  constructor(
    readonly family: BgpFamily,
    private readonly deps: FamilyRibDeps,
  ) {}

  addPeer(peer: RibPeer, advertiser: Advertiser): PeerRib {
    const p = new PeerRib(peer, advertiser);
    this.peers.set(peer.address, p);
    return p;
  }

  /** The peer is no longer configured in this family (its session is being closed). */
  removePeer(address: string): void {
    const p = this.peers.get(address);
    if (p) stopReimport(p);
    this.peers.delete(address);
  }

  /** A live view of one table; see BgpInstance.table. */
  table(rib: RibName, peer: string | null, stage: RibStage): LiveTable {
    if (rib === 'loc-rib') return this.locRib;
    const p = peer === null ? undefined : this.peers.get(peer);
    if (!p) return EMPTY;
    if (rib === 'adj-rib-in') return stage === 'pre-policy' ? p.adjInPre : p.adjInPost;
    return stage === 'pre-policy' ? p.adjOutPre : p.adjOutPost;
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
  configurePeer(p: PeerRib, keepAll: boolean, policies: PolicyConfig, chains: { import: PolicyChain; export: PolicyChain }): void {
    const importKey = chainFingerprint(policies, chains.import);
    const exportKey = chainFingerprint(policies, chains.export);
    const importChanged = importKey !== p.importKey;
    const exportChanged = exportKey !== p.exportKey;
    const keepChanged = keepAll !== p.keepAll;
    if (importChanged) {
      p.importKey = importKey;
      p.importFilter = compileChain(policies, chains.import);
    }
    if (exportChanged) {
      p.exportKey = exportKey;
      p.exportFilter = compileChain(policies, chains.export);
    }
    p.keepAll = keepAll;
    if (!p.active) return;
    if (keepChanged && !keepAll && p.adjInPre.size > 0) {
      // The received routes are no longer kept: the pre-policy view empties (BMP drops that feed).
      stopReimport(p);
      p.adjInPre.clear();
    }
    if (keepChanged && keepAll) {
      // Nothing received so far was kept: ask for it again to fill the pre-policy table.
      this.requestRefresh(p);
    } else if (importChanged) this.refreshImport(p);
    if (exportChanged) this.refreshAdjOut(p, this.advertisable(p));
  }

  /**
   * Whether the peer is a route reflector client, and whether it gets our
   * address as next hop (`next-hop-local`); true when either changed. The
   * caller then re-advertises (`readvertiseAll`): a client's routes go to
   * other peers than a non-client's.
   */
  configureReflection(p: PeerRib, client: boolean, nextHopLocal: boolean): boolean {
    const clientChanged = client !== p.reflectClient;
    p.reflectClient = client;
    return p.advertiser.setNextHopLocal(nextHopLocal) || clientChanged;
  }

  /** Work out every active peer's Adj-RIB-Out again (reflection settings or the cluster ID changed). */
  readvertiseAll(): void {
    for (const p of this.peers.values()) if (p.active) this.refreshAdjOut(p, this.advertisable(p));
  }

  /**
   * Run the import policy again: over the kept routes, or by asking the peer
   * to send them again. Over kept routes it runs a turn at a time
   * (TurnedWork, TURN_BUDGET_MS), reporting each turn's changes, so a policy
   * committed over a full table does not hold every lab's consoles for
   * seconds. The walk is over the live table: UPDATEs handled between turns go through
   * the new policy as they arrive, and a route they replace is met again
   * later (and found unchanged). A new run, the session going down or the
   * routes no longer being kept stops a run.
   */
  refreshImport(p: PeerRib): void {
    stopReimport(p);
    if (!p.keepAll) {
      this.requestRefresh(p);
      return;
    }
    const routes = p.adjInPre.values();
    let announced: Route[] = [];
    let withdrawn: string[] = [];
    const report = (): void => {
      const changed = { announced, withdrawn };
      announced = [];
      withdrawn = [];
      this.postChanged(p, changed.announced, changed.withdrawn);
    };
    const run = new TurnedWork(
      this.deps.clock,
      () => {
        for (let i = 0; i < REIMPORT_BATCH; i++) {
          const next = routes.next();
          if (next.done) return false;
          this.importRoute(p, next.value, announced, withdrawn);
        }
        return true;
      },
      {
        yielded: report,
        finished: () => {
          // Before reporting: a report that starts another run must not find this one still in place.
          p.reimport = null;
          for (const prefix of p.adjInPost.keys()) {
            if (!p.adjInPre.has(prefix)) {
              p.adjInPost.delete(prefix);
              withdrawn.push(prefix);
            }
          }
          report();
        },
      },
    );
    p.reimport = run;
    run.run();
  }

  private requestRefresh(p: PeerRib): void {
    const { afi, safi } = FAMILY[this.family];
    p.peer.requestRouteRefresh(afi, safi);
  }

  /**
   * The family is up on the peer's new session: advertise the Loc-RIB to it,
   * then End-of-RIB (RFC 4724: an empty UPDATE for IPv4, an empty
   * MP_UNREACH_NLRI for other families).
   */
  sessionUp(p: PeerRib): void {
    p.active = true;
    this.refreshAdjOut(p, [...this.locRib.keys()]);
    const { afi, safi } = FAMILY[this.family];
    p.peer.sendUpdate(endOfRib(afi, safi));
    this.deps.ribEnd('adj-rib-out', p.peer.address);
  }

  /** The peer's session ended: its tables empty, and best paths are chosen again without it. */
  sessionDown(p: PeerRib): void {
    stopReimport(p);
    const lost = [...p.adjInPost.keys()];
    p.adjInPre.clear();
    p.adjInPost.clear();
    p.adjOutPre.clear();
    p.adjOutPost.clear();
    p.active = false;
    this.recompute(lost);
  }

  /** What one UPDATE from the peer says about this family. */
  receive(p: PeerRib, part: FamilyPart): void {
    if (part.endOfRib) {
      this.deps.ribEnd('adj-rib-in', p.peer.address);
      return;
    }
    const at = this.deps.clock.now();
    const source = { kind: 'peer' as const, address: p.peer.address, asn: p.peer.asn, bgpId: p.peer.established?.peerBgpId ?? '0.0.0.0' };
    const preWithdrawn: string[] = [];
    const postWithdrawn: string[] = [];
    for (const prefix of part.withdrawn) {
      const inPre = p.adjInPre.delete(prefix);
      const inPost = p.adjInPost.delete(prefix);
      if (inPre) preWithdrawn.push(prefix);
      if (inPost) postWithdrawn.push(prefix);
      if (!inPre && !inPost) p.counters.duplicateWithdraws++;
    }
    const preAnnounced: Route[] = [];
    const postAnnounced: Route[] = [];
    if (part.announced.length > 0) {
      const attributes = part.attributes;
      const key = attributesKey(attributes);
      const labels = part.labels;
      for (let i = 0; i < part.announced.length; i++) {
        const prefix = part.announced[i]!;
        const route: Route = { prefix, attributes, source, at };
        const stack = labels?.[i];
        if (stack !== undefined) route.labels = stack;
        // A duplicate is the same attributes again (RFC 7854 §4.8 type 1); without kept routes
        // it can be told only while the post-policy route still has what was received.
        const had = p.keepAll ? p.adjInPre.get(prefix) : p.importFilter ? undefined : p.adjInPost.get(prefix);
        if (had && attributesKey(had.attributes) === key) p.counters.duplicateAdvertisements++;
        if (p.keepAll) {
          p.adjInPre.set(prefix, route);
          preAnnounced.push(route);
        }
        this.importRoute(p, route, postAnnounced, postWithdrawn);
      }
    }
    if (preAnnounced.length > 0 || preWithdrawn.length > 0) {
      this.deps.ribChanged({ family: this.family, rib: 'adj-rib-in', peer: p.peer.address, stage: 'pre-policy', announced: preAnnounced, withdrawn: preWithdrawn });
    }
    this.postChanged(p, postAnnounced, postWithdrawn);
  }

  /**
   * One received route through the import policy into the post-policy
   * Adj-RIB-In; what changed there is added to `announced`/`withdrawn`. An
   * unchanged route (same attributes) is not announced again.
   */
  private importRoute(p: PeerRib, route: Route, announced: Route[], withdrawn: string[]): void {
    const had = p.adjInPost.get(route.prefix);
    // A looped route is not taken: it stays out of the post-policy table (kept routes still show it was received).
    const asn = this.deps.localAsn();
    if (loopIn(route.attributes, { ebgp: p.peer.asn !== asn }, { asn, routerId: this.deps.routerId(), clusterId: this.deps.clusterId() })) {
      if (had) {
        p.adjInPost.delete(route.prefix);
        withdrawn.push(route.prefix);
      }
      return;
    }
    const refused = this.deps.acceptsRoute !== undefined && !this.deps.acceptsRoute(route.attributes);
    const verdict: PolicyVerdict | null = refused ? { permit: false } : p.importFilter ? p.importFilter(route.prefix, route.attributes) : null;
    if (verdict && !verdict.permit) {
      p.counters.rejectedByPolicy++;
      if (had) {
        p.adjInPost.delete(route.prefix);
        withdrawn.push(route.prefix);
      }
      return;
    }
    const attributes = verdict ? (verdict.attributes as PathAttribute[]) : route.attributes;
    if (had && had.attributes === attributes) return;
    const post = attributes === route.attributes ? route : { ...route, attributes, received: route.attributes };
    p.adjInPost.set(route.prefix, post);
    announced.push(post);
  }

  /** Report a change of the post-policy Adj-RIB-In and run best-path selection for it. */
  private postChanged(p: PeerRib, announced: Route[], withdrawn: string[]): void {
    if (announced.length === 0 && withdrawn.length === 0) return;
    this.deps.ribChanged({ family: this.family, rib: 'adj-rib-in', peer: p.peer.address, stage: 'post-policy', announced, withdrawn });
    this.recompute(withdrawn.concat(announced.map((r) => r.prefix)));
  }

  /**
   * The device's own routes of this family (`network`), given as prefixes in
   * the RIB's form: ORIGIN IGP, an empty AS_PATH, MED 0 and the device itself
   * as next hop (0.0.0.0, or :: in an MP_REACH_NLRI).
   */
  setLocalRoutes(networks: readonly string[]): void {
    const at = this.deps.clock.now();
    const wanted = new Set(networks);
    const changed: string[] = [];
    for (const p of [...this.localRoutes.keys()]) {
      if (!wanted.has(p)) {
        this.localRoutes.delete(p);
        changed.push(p);
      }
    }
    for (const p of wanted) {
      if (this.localRoutes.has(p)) continue;
      this.localRoutes.set(p, { prefix: p, attributes: localAttributes(this.family), source: { kind: 'local' }, at });
      changed.push(p);
    }
    this.recompute(changed);
  }

  /**
   * A route imported from a VPN table (`key` its `RD:prefix` there) becomes a
   * candidate for `prefix`, or stops being one (`route` null).
   */
  setImported(key: string, prefix: string, route: Route | null): void {
    let byKey = this.imported.get(prefix);
    if (route === null) {
      if (!byKey?.delete(key)) return;
      if (byKey.size === 0) this.imported.delete(prefix);
    } else {
      if (!byKey) this.imported.set(prefix, (byKey = new Map<string, Route>()));
      const had = byKey.get(key);
      if (had && had.attributes === route.attributes && had.source === route.source) return;
      byKey.set(key, route);
    }
    this.recompute([prefix]);
  }

  /** Every route imported from VPN tables, for displays. */
  importedRoutes(): Route[] {
    return [...this.imported.values()].flatMap((m) => [...m.values()]);
  }

  /** The `RD:prefix` keys of every imported route, to withdraw those no longer wanted. */
  importedKeys(): string[] {
    return [...this.imported.values()].flatMap((m) => [...m.keys()]);
  }

  /** Re-run best-path selection for these prefixes and pass the changes on. */
  private recompute(prefixes: readonly string[]): void {
    if (prefixes.length === 0) return;
    const localAsn = this.deps.localAsn();
    const announced: Route[] = [];
    const withdrawn: string[] = [];
    const candidates: Route[] = [];
    for (const prefix of new Set(prefixes)) {
      candidates.length = 0;
      const local = this.localRoutes.get(prefix);
      if (local) candidates.push(local);
      const imported = this.imported.get(prefix);
      if (imported) for (const r of imported.values()) candidates.push(r);
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
    this.deps.ribChanged({ family: this.family, rib: 'loc-rib', peer: null, stage: 'post-policy', announced, withdrawn });
    const changed = announced.map((r) => r.prefix).concat(withdrawn);
    for (const p of this.peers.values()) if (p.active) this.refreshAdjOut(p, changed);
  }

  /** Every prefix this peer has or may have in its Adj-RIB-Out. */
  advertisable(p: PeerRib): string[] {
    const prefixes = [...this.locRib.keys()];
    for (const prefix of p.adjOutPre.keys()) if (!this.locRib.has(prefix)) prefixes.push(prefix);
    return prefixes;
  }

  /**
   * What this peer should hear for these prefixes: the best path unless it
   * came from this peer, or from an iBGP peer when this one is iBGP too
   * (RFC 4271 §9.2) and route reflection does not pass it (RFC 4456 §6: a
   * client's routes to every iBGP peer, a non-client's to clients); then
   * through the export policy. A reflected route carries ORIGINATOR_ID and
   * our cluster ID in CLUSTER_LIST from the export policy on. Both stages
   * report their changes; the UPDATEs carry the post-policy one.
   */
  refreshAdjOut(p: PeerRib, prefixes: readonly string[]): void {
    const localAsn = this.deps.localAsn();
    const clusterId = this.deps.clusterId();
    const toIbgp = p.peer.asn === localAsn;
    const pre = { announced: [] as Route[], withdrawn: [] as string[] };
    const post = { announced: [] as Route[], withdrawn: [] as string[] };
    const at = this.deps.clock.now();
    for (const prefix of prefixes) {
      const best = this.locRib.get(prefix);
      const from = best?.source.kind === 'peer' ? best.source : null;
      const reflected = toIbgp && from !== null && from.asn === localAsn;
      const eligible =
        best &&
        from?.address !== p.peer.address &&
        (!reflected || reflects(this.peers.get(from.address)?.reflectClient ?? false, p.reflectClient)) &&
        mayAdvertise(best.attributes, toIbgp);
      if (eligible) {
        const had = p.adjOutPre.get(prefix);
        if (had?.attributes !== best.attributes || had.source !== best.source) {
          const r: Route = { ...best, at };
          p.adjOutPre.set(prefix, r);
          pre.announced.push(r);
        }
      } else if (p.adjOutPre.delete(prefix)) pre.withdrawn.push(prefix);
      let sent: PathAttribute[] | null = null;
      if (eligible) {
        const attributes = reflected ? reflectedAttributes(best.attributes, from.bgpId, clusterId) : best.attributes;
        const offered = p.advertiser.beforePolicy(attributes);
        const verdict = p.exportFilter ? p.exportFilter(prefix, offered) : null;
        if (!verdict || verdict.permit) sent = p.advertiser.onWire(verdict ? verdict.attributes : offered, reflected);
      }
      const had = p.adjOutPost.get(prefix);
      if (sent) {
        if (had?.attributes === sent) continue;
        const r: Route = { prefix, attributes: sent, source: best!.source, at };
        if (best!.labels) r.labels = best!.labels;
        p.adjOutPost.set(prefix, r);
        post.announced.push(r);
      } else if (had) {
        p.adjOutPost.delete(prefix);
        post.withdrawn.push(prefix);
      }
    }
    const address = p.peer.address;
    if (pre.announced.length > 0 || pre.withdrawn.length > 0) {
      this.deps.ribChanged({ family: this.family, rib: 'adj-rib-out', peer: address, stage: 'pre-policy', ...pre });
    }
    if (post.announced.length === 0 && post.withdrawn.length === 0) return;
    for (const u of packUpdates(post.announced, post.withdrawn, this.family)) p.peer.sendUpdate(u);
    this.deps.ribChanged({ family: this.family, rib: 'adj-rib-out', peer: address, stage: 'post-policy', ...post });
  }

  /** Send the whole post-policy Adj-RIB-Out again (ROUTE-REFRESH from the peer, or `refresh bgp … export`). */
  resendAdjOut(p: PeerRib): void {
    this.refreshAdjOut(p, this.advertisable(p));
    for (const u of packUpdates([...p.adjOutPost.values()], [], this.family)) p.peer.sendUpdate(u);
  }
}

/** Kept routes a re-import runs between looks at the clock (each goes through the policy, best path and Adj-RIB-Out). */
const REIMPORT_BATCH = 64;

function stopReimport(p: PeerRib): void {
  p.reimport?.cancel();
  p.reimport = null;
}

/** The attributes of a `network` route of the family. */
function localAttributes(family: BgpFamily): PathAttribute[] {
  if (family === 'ipv4-unicast') {
    return [
      { type: 'origin', value: 'igp' },
      { type: 'asPath', segments: [] },
      { type: 'nextHop', value: '0.0.0.0' },
      { type: 'multiExitDisc', value: 0 },
    ];
  }
  const { afi, safi } = FAMILY[family];
  return [
    { type: 'origin', value: 'igp' },
    { type: 'asPath', segments: [] },
    { type: 'multiExitDisc', value: 0 },
    { type: 'mpReachNlri', afi, safi, nextHops: ['::'], nlri: [] },
  ];
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
