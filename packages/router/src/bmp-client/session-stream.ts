import { ZERO_DISTINGUISHER } from '@bmp-lab/codec';
import type { BmpMessage } from '@bmp-lab/codec';
import type { BgpFamily, BgpPeerStatus, LiveTable, PeerCounters, RibChange, RibName, RibStage } from '../bgp/bgp-instance.js';
import type { BgpDownReason } from '../bgp/bgp-session.js';
import type { Route } from '../bgp/route.js';
import { endOfRibMessage, peerDown, peerDownReason, peerUp, perPeerHeader, routeMonitoring, statisticsReport } from './bmp-builders.js';
import type { LocalIdentity } from './bmp-builders.js';
import { headerKey } from './feeds.js';
import type { Feed } from './feeds.js';
import { VRP_SYS_DESCR } from './vrp-identity.js';

/** Read-only view of the device that a BMP session reports on. */
export interface MonitorView {
  sysName(): string;
  /** Null while BGP is not configured. */
  local(): LocalIdentity | null;
  /** A peer of the public network (`vpnInstance` null) or of a VPN instance. */
  peer(address: string, vpnInstance: string | null): BgpPeerStatus | null;
  /** A live RIB of one family at one stage: its size now, and an iterator that stays valid while the RIB changes. */
  table(rib: RibName, peer: string | null, stage: RibStage, family: BgpFamily, vpnInstance: string | null): LiveTable;
  counters(peer: string, vpnInstance: string | null): PeerCounters | null;
  /** The Peer Distinguisher of a VPN instance's peers (its RD, 16 hex digits); absent, or for the public network, zero. */
  distinguisher?(vpnInstance: string | null): string;
  now(): number;
}

/** Prefixes per batch of a lazy table dump: small enough to pause often under back-pressure. */
const DUMP_BATCH = 500;

/**
 * What one BMP session says on its current connection, derived from the
 * device's BGP state and the session's feeds. It remembers which feeds got a
 * Peer Up on this connection, so Route Monitoring and Peer Down go only to
 * feeds the station was told about (pmacct drops them otherwise). Feeds of
 * several families under one per-peer header (`headerKey`) share its Peer Up
 * and its Statistics Report. Pure: returns messages (table dumps lazily),
 * sends nothing itself.
 */
export class SessionStream {
  private feeds: Feed[] = [];
  private readonly up = new Set<string>();

  constructor(private readonly view: MonitorView) {}

  /** A new connection: Initiation, Peer Up for every feed that can be up, then each table and its End-of-RIB. */
  *greeting(feeds: readonly Feed[]): Generator<BmpMessage> {
    this.feeds = [...feeds];
    this.up.clear();
    yield {
      type: 'initiation',
      tlvs: [
        { type: 'sysDescr', value: VRP_SYS_DESCR },
        { type: 'sysName', value: this.view.sysName() },
      ],
    };
    const opened: Feed[] = [];
    for (const feed of this.feeds) {
      const m = this.peerUpFor(feed);
      if (m) {
        opened.push(feed);
        yield* m;
      }
    }
    for (const feed of opened) yield* this.dump(feed);
  }

  /**
   * The monitoring configuration changed: Peer Up and table for new feeds;
   * Peer Down (reason 5, "no longer sent … for configuration reasons") for a
   * peer none of whose feeds remain.
   */
  *setFeeds(feeds: readonly Feed[]): Generator<BmpMessage> {
    const next = new Map(feeds.map((f) => [f.key, f]));
    const dropped = this.feeds.filter((f) => !next.has(f.key) && this.up.delete(f.key));
    const stillUp = new Set(this.feeds.filter((f) => this.up.has(f.key) && next.has(f.key)).map((f) => peerIdentity(f)));
    for (const f of onePerPeer(dropped)) {
      if (!stillUp.has(peerIdentity(f))) yield peerDown(this.header(f), { kind: 'peer-de-configured', code: 5 });
    }
    const known = new Set(this.feeds.map((f) => f.key));
    this.feeds = [...feeds];
    for (const f of this.feeds) {
      if (known.has(f.key) && this.up.has(f.key)) continue;
      const m = this.peerUpFor(f);
      if (m) {
        yield* m;
        yield* this.dump(f);
      }
    }
  }

  peerUp(peer: string, vpnInstance: string | null = null): BmpMessage[] {
    return this.feeds.filter((f) => f.peer === peer && f.vpnInstance === vpnInstance && !this.up.has(f.key)).flatMap((f) => this.peerUpFor(f) ?? []);
  }

  /**
   * The BGP session ended: one Peer Down for the peer (RFC 7854 §4.9 — it is
   * the session that went down), though each of its feeds had a Peer Up of its
   * own. pmacct, for one, forgets the peer at the first Peer Down and discards
   * any further one.
   */
  peerDown(peer: string, reason: BgpDownReason, vpnInstance: string | null = null): BmpMessage[] {
    const feeds = this.feeds.filter((f) => f.peer === peer && f.vpnInstance === vpnInstance && this.up.delete(f.key));
    return onePerPeer(feeds).map((f) => peerDown(this.header(f), peerDownReason(reason)));
  }

  ribChanged(change: RibChange): BmpMessage[] {
    const vpn = change.vpnInstance ?? null;
    return this.feeds
      .filter((f) => f.family === change.family && f.rib === change.rib && f.peer === change.peer && f.vpnInstance === vpn && stageOf(f) === change.stage && this.up.has(f.key))
      .flatMap((f) => routeMonitoring(this.header(f, change.announced[0]?.at), change.announced, change.withdrawn, f.family));
  }

  ribEnd(rib: RibName, peer: string, family: BgpFamily, vpnInstance: string | null = null): BmpMessage[] {
    return this.feeds
      .filter((f) => f.family === family && f.rib === rib && f.peer === peer && f.vpnInstance === vpnInstance && this.up.has(f.key))
      .map((f) => endOfRibMessage(this.header(f), f.family));
  }

  /**
   * One Statistics Report per per-peer header that is up (RFC 7854 §4.8),
   * with counts from the RIBs: its families' gauges side by side.
   */
  statistics(): BmpMessage[] {
    const groups = new Map<string, { feed: Feed; routes: number }[]>();
    for (const f of this.feeds) {
      if (!this.up.has(f.key)) continue;
      const key = headerKey(f);
      const group = groups.get(key) ?? [];
      if (group.length === 0) groups.set(key, group);
      group.push({ feed: f, routes: this.view.table(f.rib, f.peer, stageOf(f), f.family, f.vpnInstance).size });
    }
    return [...groups.values()].map((group) => {
      const f = group[0]!.feed;
      return statisticsReport(this.header(f), group, f.peer ? this.view.counters(f.peer, f.vpnInstance) : null);
    });
  }

  /** Feeds that got a Peer Up on this connection (for displays). */
  feedsUp(): Feed[] {
    return this.feeds.filter((f) => this.up.has(f.key));
  }

  allFeeds(): Feed[] {
    return [...this.feeds];
  }

  /**
   * Open a feed: its Peer Up, or null when it cannot be up. A feed whose
   * per-peer header another up feed (of another family) already opened is up
   * at once, with no second Peer Up (an empty list).
   */
  private peerUpFor(feed: Feed): BmpMessage[] | null {
    const local = this.view.local();
    if (!local) return null;
    const peer = feed.peer === null ? null : this.view.peer(feed.peer, feed.vpnInstance);
    if (feed.peer !== null && peer?.state !== 'Established') return null;
    const key = headerKey(feed);
    if (this.feeds.some((f) => f !== feed && this.up.has(f.key) && headerKey(f) === key)) {
      this.up.add(feed.key);
      return [];
    }
    const m = peerUp(feed, peer, local, this.view.now(), this.distinguisher(feed));
    if (!m) return null;
    this.up.add(feed.key);
    return [m];
  }

  /** The feed's current table, read lazily batch by batch so a stalled station holds no copy of it. */
  private *dump(feed: Feed): Generator<BmpMessage> {
    // The RIB's own live iterator: a route withdrawn meanwhile is skipped, a changed one sent as it is now.
    const routes = this.view.table(feed.rib, feed.peer, stageOf(feed), feed.family, feed.vpnInstance).values();
    for (;;) {
      if (!this.up.has(feed.key)) return;
      const batch: Route[] = [];
      for (let r = routes.next(); !r.done; r = routes.next()) {
        batch.push(r.value);
        if (batch.length === DUMP_BATCH) break;
      }
      if (batch.length === 0) break;
      yield* routeMonitoring(this.header(feed), batch, [], feed.family);
    }
    if (this.up.has(feed.key)) yield endOfRibMessage(this.header(feed), feed.family);
  }

  private distinguisher(feed: Feed): string {
    return (feed.vpnInstance !== null && this.view.distinguisher?.(feed.vpnInstance)) || ZERO_DISTINGUISHER;
  }

  private header(feed: Feed, at = this.view.now()) {
    const local = this.view.local() ?? { asn: 0, bgpId: '0.0.0.0' };
    const peer = feed.peer === null ? null : this.view.peer(feed.peer, feed.vpnInstance);
    return perPeerHeader(feed, peer, local, at, this.distinguisher(feed));
  }
}

/** The RIB stage a feed reports; the Loc-RIB has one stage, reported as post-policy. */
function stageOf(f: Feed): RibStage {
  return f.rib === 'loc-rib' || f.postPolicy ? 'post-policy' : 'pre-policy';
}

/** A station tells peers apart by type, distinguisher and address, not by the L and O flags. */
function peerIdentity(f: Feed): string {
  const id = f.peer ?? 'loc-rib';
  return f.vpnInstance === null ? id : `${f.vpnInstance}/${id}`;
}

function onePerPeer(feeds: readonly Feed[]): Feed[] {
  const seen = new Set<string>();
  return feeds.filter((f) => !seen.has(peerIdentity(f)) && seen.add(peerIdentity(f)));
}
