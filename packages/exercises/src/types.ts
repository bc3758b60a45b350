/**
 * The exercise format (README.md): plain data, one module per exercise under
 * src/ladder/. Nothing here knows about Node, the DOM or the server.
 */

export type CheckState = 'pass' | 'fail' | 'pending';

/** A route's path attributes in compact form, as a Route Monitoring message carried them. */
export interface RouteAttributesFact {
  /** `igp`, `egp`, `incomplete`, or null when absent. */
  origin: string | null;
  /** The AS_PATH's AS numbers in order, the neighbor's first (AS_SET members flattened in place). */
  asPath: number[];
  nextHop: string | null;
  /** MULTI_EXIT_DISC. */
  med: number | null;
  localPref: number | null;
  /** Standard communities, `aa:nn`. */
  communities: string[];
  /** ORIGINATOR_ID (RFC 4456): the router ID of the route's originator in the AS, set by a route reflector; null when absent. */
  originatorId: string | null;
  /** CLUSTER_LIST (RFC 4456): the cluster IDs of the reflectors the route passed, the last reflector's first; empty when absent. */
  clusterList: string[];
}

/**
 * What one Route Monitoring message said about routes: the prefixes it
 * announced (all with `attributes`) and withdrew. Both empty: an End-of-RIB
 * marker (the initial table of that view is complete).
 */
export interface RouteUpdateFact {
  announced: string[];
  withdrawn: string[];
  /** Null when the UPDATE announced nothing. */
  attributes: RouteAttributesFact | null;
}

/** A monitored RIB, named as the per-peer header's flags name it (L flag, O flag, peer type 3). */
export type RouteView = 'adj-rib-in pre-policy' | 'adj-rib-in post-policy' | 'adj-rib-out pre-policy' | 'adj-rib-out post-policy' | 'loc-rib';

export const ROUTE_VIEWS: readonly RouteView[] = ['adj-rib-in pre-policy', 'adj-rib-in post-policy', 'adj-rib-out pre-policy', 'adj-rib-out post-policy', 'loc-rib'];

/** A monitoring station's received message, as the station decoded it (the real wire). */
export interface MessageFact {
  seq: number;
  /** The station connection it arrived on (one TCP connection from the router; a reconnect is a new one). */
  connection: string;
  /** Epoch ms (wall clock) when the station received it. */
  receivedAt: number;
  /** Station endpoint as the lab names it, e.g. `10.1.1.1:1790`. */
  station: string;
  /** `initiation`, `peer-up`, `route-monitoring`, `statistics-report`, `peer-down`, `termination`. */
  type: string;
  /** Per-peer header address (`0.0.0.0` for Loc-RIB), or null. */
  peer: string | null;
  /** `adj-rib-in post-policy`, `adj-rib-out pre-policy`, `loc-rib`, … or null. */
  peerView: string | null;
  summary: string;
  /** sysName the router announced in the Initiation of this connection (null before one). */
  sysName: string | null;
  /** Route Monitoring only: the prefixes and attributes its UPDATE carried. */
  routes?: RouteUpdateFact;
  /** The router's BMP session that opened this connection (as the lab's network recorded it), null when unknown. */
  session?: SessionId | null;
  /**
   * Per-peer header's peer type (RFC 7854 §4.2: 0 global instance, 1 RD instance, 3 Loc-RIB per RFC 9069); null
   * for a message without one. Absent: not known (facts from before it was recorded).
   */
  peerType?: number | null;
  /** Per-peer header's Peer Distinguisher as VRP prints an RD (`100:1`), null when zero or without a header. */
  distinguisher?: string | null;
}

/** A BMP session's identity on the router: address, VPN instance (null: public network), alias (null: none). */
export interface SessionId {
  address: string;
  vpnInstance: string | null;
  alias: string | null;
}

/** One BMP session as the ROUTER sees it. */
export interface SessionFact {
  address: string;
  vpnInstance: string | null;
  alias: string | null;
  port: number | null;
  state: 'up' | 'down';
  downReason: string | null;
  statisticsTimer: number;
}

/** One BGP peer as the router sees it. */
export interface PeerFact {
  address: string;
  asn: number;
  /** `Idle`, `Connect`, `Active`, `OpenSent`, `OpenConfirm`, `Established`. */
  state: string;
  /** The VPN instance the peer belongs to (`ipv4-family vpn-instance NAME`); null or absent: the public network. */
  vpnInstance?: string | null;
}

/** What the router-reading checks (`config`, `session`, `bgp-peer`) read of one router. */
export interface RouterFacts {
  /** The running configuration as `display current-configuration` prints it, one line each. */
  config: string[];
  sessions: SessionFact[];
  peers: PeerFact[];
}

/** What checks are evaluated against: the lab's first router's facts, the other routers' and the station's. */
export interface Facts extends RouterFacts {
  /**
   * The lab's other routers, by the name the lab gives each (the sysname of
   * the exercise's `routers`, as the topology names it). The first router is
   * never here: its facts are `config`, `sessions` and `peers` above. Absent:
   * a lab of one router.
   */
  routers?: Record<string, RouterFacts>;
  /** Station messages received since the exercise (re)started, oldest first. */
  messages: MessageFact[];
  /**
   * Station connections still open. A closed connection's routes are gone
   * from the station (BMP holds routes only while the session lives).
   * Absent: every connection counts as open.
   */
  openConnections?: string[];
  /** Protocol timers run this many times faster than the wall clock (BMPLAB_TIME_SCALE). */
  timeScale: number;
  /**
   * The trainee acted since the exercise opened or was reset (a commit, or a
   * checkpoint restored). Until then no check is judged: each stays neutral
   * (`pending`), except a wire check once a message it is about arrived.
   * Absent: acted.
   */
  acted?: boolean;
}

/** Which session a check means: address, and optionally VPN instance and alias (absent: any). */
export interface SessionSelector {
  address: string;
  vpnInstance?: string | null;
  alias?: string | null;
}

/** Which station messages a check means. */
export interface MessageFilter {
  /** Station endpoint name, e.g. `10.1.1.1:1790`. */
  station?: string;
  /** sysName of the router connection (from its Initiation). */
  sysName?: string;
  /** Per-peer header address. */
  peer?: string;
  /** The L flag: true for post-policy, false for pre-policy. */
  postPolicy?: boolean;
  /** adj-rib-in, adj-rib-out or loc-rib (peer type 3). */
  rib?: 'adj-rib-in' | 'adj-rib-out' | 'loc-rib';
  /** The router's BMP session that opened the connection (alias `null`: a session without alias). */
  session?: SessionSelector;
  /** The per-peer header's peer type: 0 global instance, 1 RD instance (a VPN instance's peer), 3 Loc-RIB. */
  peerType?: number;
  /** The per-peer header's Peer Distinguisher, as an RD is typed (`100:1`, `1.1.1.1:1`). */
  distinguisher?: string;
}

/** What a route must carry for a `station-route` check to pass (each field optional). */
export interface RouteExpectation {
  /** Standard communities (`aa:nn`) the route must carry, all of them (others may be there too). */
  community?: string[];
  /** The AS_PATH: `first` AS (the neighbor it came through), or the `exact` path. */
  asPath?: { first?: number; exact?: number[] };
  localPref?: number;
  med?: number;
  /** ORIGINATOR_ID (RFC 4456), an IPv4 address: the router ID of the client the reflected route came from. */
  originatorId?: string;
  /** CLUSTER_LIST (RFC 4456), exactly these cluster IDs in this order (IPv4 addresses). */
  clusterList?: string[];
}

/** Which router a router-reading check means: its sysname in the exercise's `routers`; absent, the lab's first router. */
export interface RouterSelector {
  router?: string;
}

/** A small declarative assertion. `wire` kinds read the station's messages only. */
export type CheckSpec =
  /**
   * A line of the running configuration equals `line` (trimmed) or matches
   * `regex`; with `parent`, only where the line it sits directly under matches
   * that regex (a line elsewhere fails: it is in the wrong view). `absent`
   * inverts. `says` names what is looked for in plain words (required with
   * `regex`: a trainee never reads a regular expression).
   */
  | ({ kind: 'config'; line?: string; regex?: string; parent?: string; says?: string; absent?: boolean } & RouterSelector)
  /** The router's BMP session is up (or down, or not configured at all). */
  | ({ kind: 'session'; session: SessionSelector; state: 'up' | 'down' | 'absent' } & RouterSelector)
  /** The router's BGP peer is Established: a public-network peer, or with `vpnInstance` one of that VPN instance's. */
  | ({ kind: 'bgp-peer'; address: string; state: 'established'; vpnInstance?: string } & RouterSelector)
  /** WIRE: the station received at least `min` (default 1) messages of `type` matching the filter. */
  | ({ kind: 'station-message'; type: string; min?: number } & MessageFilter)
  /**
   * WIRE: the station's copy of `view` (of `peer`, on `station`), rebuilt from
   * the Route Monitoring, Peer Up and Peer Down messages of each connection
   * since the exercise (re)started, holds `prefix` with the expected
   * attributes (`present: true`), or provably does not hold it (`present:
   * false`: the view's initial table ended with End-of-RIB and the prefix is
   * not in it). With `sysName`, only the connections of the router that
   * announced that sysName in its Initiation (two routers' Loc-RIBs apart).
   */
  | ({ kind: 'station-route'; prefix: string; view: RouteView; peer?: string; station?: string; sysName?: string; present: boolean } & RouteExpectation)
  /** WIRE: at least `minReports` (default 2) Statistics Reports on a connection, never more than `maxSeconds` (protocol time) apart. */
  | { kind: 'statistics-interval'; station?: string; maxSeconds: number; minReports?: number }
  /** The session is no longer configured on the router, and (WIRE) the station received a Termination after its last Initiation. */
  | { kind: 'termination-after-removal'; session: SessionSelector; station?: string };

export interface Check {
  id: string;
  /** What the trainee reads beside the check mark. */
  label: string;
  /** Index of the step this check belongs to. */
  step: number;
  /** Shown with the check while it is not passing. */
  hint?: string;
  /**
   * Shown instead of the evaluator's detail while the check fails: a nudge
   * (what to look at) where the detail would give the answer away, as in the
   * troubleshooting exercise.
   */
  nudge?: string;
  spec: CheckSpec;
}

export interface Step {
  text: string;
  /** Revealed one at a time, on request. */
  hints: string[];
  /** Known-good configuration once this step is done: VRP command lines from user view (`system-view` … `commit`). */
  checkpoint?: string[];
  /**
   * The same for the exercise's other routers, by sysname (restored with
   * `checkpoint`, which a step with these must have). A router not named here
   * is restored to its `start`.
   */
  routerCheckpoints?: Record<string, string[]>;
}

/** A router the exercise's lab needs besides the lab's own (first) router. */
export interface ExerciseRouter {
  /** Its name in the lab (consoles, `router` of checks) and the sysname it announces in its BMP Initiation. */
  sysname: string;
  /** Its lab address (IPv4): what the other routers peer with, and the source of its BMP sessions. */
  address: string;
  /** VRP command lines typed into it at reset (from user view; committed), like the exercise's `start`. */
  start: string[];
}

export interface Exercise {
  id: string;
  title: string;
  goal: string;
  /** Topology file (apps/server/labs/NAME) whose stations the lab must have. */
  topology: string;
  /** VRP command lines typed into the router at reset (from user view; committed). Empty: a blank router. */
  start: string[];
  /** Routers the lab needs besides its own (first) one, each with its start configuration. Absent: one router. */
  routers?: ExerciseRouter[];
  steps: Step[];
  checks: Check[];
}

export interface Evaluation {
  state: CheckState;
  detail: string;
}

/** The check kinds that read the station's received messages (the real wire). */
export const WIRE_KINDS: ReadonlySet<CheckSpec['kind']> = new Set(['station-message', 'station-route', 'statistics-interval', 'termination-after-removal']);
