import type { BmpMessage, BmpMessageTypeName, PrefixList } from '@bmp-lab/codec';
import type { LoggedMessage } from './log/logged-message.js';
import type { RouteAttributes } from './rib/route-attributes.js';
import type { RibViewSummary } from './rib/station-rib.js';

// What the station tells its owner, in the shapes the server sends to
// browsers unchanged (the protocol package declares the same shapes; the
// server checks at compile time that they agree). Endpoints appear here only
// in their wire form, `address:port`.

/** A router connection the station has (or had): identity, counts, peers up, routes held. */
export interface RouterCard {
  /** Unique per connection: station name and router endpoint, `10.1.1.1:1790<-127.0.0.1:50123`. */
  id: string;
  /** The station endpoint as the lab names it, e.g. `10.1.1.1:1790`. */
  station: string;
  /**
   * The router's end of the connection: for a lab router's session, as the
   * router names it (its lab address, `10.0.0.1:50123`); else the TCP
   * endpoint as the station's socket saw it.
   */
  router: string;
  /** The router's end as the station's socket saw it (`127.0.0.1:50123` behind a lab address). */
  socket: string;
  /** From the Initiation. */
  sysName: string | null;
  sysDescr: string | null;
  connectedAt: number;
  closedAt: number | null;
  /** Messages received on this connection, by type. */
  received: Record<BmpMessageTypeName, number>;
  bytes: number;
  /** Distinct peers announced with Peer Up and not (yet) down (`Loc-RIB` for a Loc-RIB instance). */
  peersUp: string[];
  /** The routes the station holds from this connection, per monitored peer and view (none once it closed). */
  routes: RibViewSummary[];
  /** The lab router's BMP session that opened the connection, or null (an external router). */
  sessionKey: string | null;
}

/**
 * One route the station holds, with its path attributes (an attribute the
 * route did not carry is null): the `station/routes` answer's entries.
 */
export interface StationRoute extends RouteAttributes {
  /** The RouterCard id of the connection that reported it. */
  router: string;
  /** The monitored peer's address (`0.0.0.0` for a Loc-RIB instance). */
  peer: string;
  /** Its route distinguisher, 16 hex digits. */
  distinguisher: string;
  /** `adj-rib-in pre-policy`, `adj-rib-in post-policy`, `adj-rib-out pre-policy`, `adj-rib-out post-policy` or `loc-rib`. */
  view: string;
  /** `203.0.113.0/24`, `2001:db8:1000::/48`; another family as `afi/safi prefix`. */
  prefix: string;
}

/** One received message as the station logged it. */
export interface StationMessageRecord {
  /** Unique and increasing per station, across restarts. */
  seq: number;
  receivedAt: number;
  station: string;
  router: string;
  /** The RouterCard id of its connection. */
  connection: string;
  type: BmpMessageTypeName;
  length: number;
  /** One line saying what it carries. */
  summary: string;
  /** Per-peer header: the peer's address (`0.0.0.0` for a Loc-RIB instance), or null. */
  peer: string | null;
  /** Per-peer header in words, e.g. `adj-rib-in post-policy`, `loc-rib`; null without one. */
  peerView: string | null;
  /** With a non-zero Peer Distinguisher only (a VPN instance's peer or Loc-RIB): the per-peer header's peer type. */
  peerType?: number | undefined;
  /** With it: the Peer Distinguisher (the instance's RD), 16 hex digits. */
  distinguisher?: string | undefined;
  sessionKey: string | null;
}

/** Something that went wrong on a connection, in words. */
export interface StationErrorReport {
  receivedAt: number;
  station: string;
  router: string;
  /** The decoder's error code, or `STATION_REJECTED` when the station closed the connection. */
  code: string;
  message: string;
}

/**
 * What the station reports as it happens, in order:
 * - `message`: a message was logged (and handed to the sink): its log
 *   entry (whose record is made when first read), the station's one
 *   decoding of it and its bytes, and whether viewers are to be sent it now
 *   (`live`; see LiveMessageBudget);
 * - `catch-up`: messages were logged that viewers were not sent one by one:
 *   send them the newest; the cards of the connections they came on follow
 *   (`router`), with the counts;
 * - `router`: a connection's card changed (at once for a new connection, a
 *   first message of a type, a Peer Up or Down, a link to its session, the
 *   end; during a dump of Route Monitoring at most every refresh interval);
 * - `error`: a decode error (the first ones of a connection one by one, then
 *   summed up) or a connection the station gave up on.
 */
export type StationUpdate =
  /** `decoded`: as the station decoded it, unicast and multicast prefixes as runs over `bytes` (PrefixRun). */
  | { kind: 'message'; logged: LoggedMessage; decoded: BmpMessage<PrefixList>; bytes: Uint8Array; live: boolean }
  | { kind: 'catch-up' }
  | { kind: 'router'; router: RouterCard }
  | { kind: 'error'; error: StationErrorReport };
