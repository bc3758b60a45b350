/**
 * The exercise format (README.md): plain data, one module per exercise under
 * src/ladder/. Nothing here knows about Node, the DOM or the server.
 */

export type CheckState = 'pass' | 'fail' | 'pending';

/** A monitoring station's received message, as the station decoded it (the real wire). */
export interface MessageFact {
  seq: number;
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
}

/** What checks are evaluated against. */
export interface Facts {
  /** The running configuration as `display current-configuration` prints it, one line each. */
  config: string[];
  sessions: SessionFact[];
  peers: PeerFact[];
  /** Station messages received since the exercise (re)started, oldest first. */
  messages: MessageFact[];
  /** Protocol timers run this many times faster than the wall clock (BMPLAB_TIME_SCALE). */
  timeScale: number;
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
}

/** A small declarative assertion. `wire` kinds read the station's messages only. */
export type CheckSpec =
  /** A line of the running configuration equals `line` (trimmed) or matches `regex`; `absent` inverts. */
  | { kind: 'config'; line?: string; regex?: string; absent?: boolean }
  /** The router's BMP session is up (or down, or not configured at all). */
  | { kind: 'session'; session: SessionSelector; state: 'up' | 'down' | 'absent' }
  /** The router's BGP peer is Established. */
  | { kind: 'bgp-peer'; address: string; state: 'established' }
  /** WIRE: the station received at least `min` (default 1) messages of `type` matching the filter. */
  | ({ kind: 'station-message'; type: string; min?: number } & MessageFilter)
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
  spec: CheckSpec;
}

export interface Step {
  text: string;
  /** Revealed one at a time, on request. */
  hints: string[];
  /** Known-good configuration once this step is done: VRP command lines from user view (`system-view` … `commit`). */
  checkpoint?: string[];
}

export interface Exercise {
  id: string;
  title: string;
  goal: string;
  /** Topology file (apps/server/labs/NAME) whose stations the lab must have. */
  topology: string;
  /** VRP command lines typed into the router at reset (from user view; committed). Empty: a blank router. */
  start: string[];
  steps: Step[];
  checks: Check[];
}

export interface Evaluation {
  state: CheckState;
  detail: string;
}

/** The check kinds that read the station's received messages (the real wire). */
export const WIRE_KINDS: ReadonlySet<CheckSpec['kind']> = new Set(['station-message', 'statistics-interval', 'termination-after-removal']);
