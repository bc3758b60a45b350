import type {
  BmpSessionView,
  LabRouterView,
  ExerciseProgressEntry,
  ExerciseStateView,
  ExerciseSummary,
  DissectionNodeView,
  StationErrorView,
  StationMessageView,
  StationRouterView,
  StorageStateView,
  TopologyView,
} from '@bmp-lab/protocol';

/** What the connection indicator shows (`data-state` of TEST_IDS.connectionState). */
export type ConnectionPhase = 'connecting' | 'open' | 'closed';

export interface ConnectionStatus {
  phase: ConnectionPhase;
  /** Consecutive failed attempts since the last successful open (0 while open). */
  attempt: number;
  /** Epoch ms of the next reconnect attempt while `closed`, else null. */
  retryAt: number | null;
  /** The browser says it has no network: reconnects wait for it to come back. */
  offline?: boolean;
}

/** Who we are talking to, from the server's `welcome`. */
export interface LabIdentity {
  labId: string;
  router: string;
  protocol: number;
  stations: readonly string[];
  /** Which of `stations` takes reports from routers outside the lab, if any. */
  externalStation: string | null;
  /** Every router of the lab, `router` first (a server without `welcome.routers`: just `router`). */
  routers: readonly LabRouterView[];
}

/** One state the session was in, from the updates this page has seen. */
export interface TimelineEntry {
  /** Epoch ms the state began (the session's `since`). */
  at: number;
  state: 'up' | 'down';
  reason: string | null;
}

/** Total messages sent at a moment: the message-rate chart is built from the deltas. */
export interface RateSample {
  at: number;
  total: number;
}

/** The session table, normalised: rows by key plus their display order. */
export interface SessionsSlice {
  byKey: Readonly<Record<string, BmpSessionView>>;
  /** Keys sorted as `display bmp session` lists them (VPN, address, alias). */
  order: readonly string[];
  /** State changes per session, oldest first, bounded. */
  timeline: Readonly<Record<string, readonly TimelineEntry[]>>;
  /** Sent totals over the last minute, per session. */
  rates: Readonly<Record<string, readonly RateSample[]>>;
}

/** A bounded log: the newest `limit` items, and how many older ones fell off. */
export interface BoundedLog<T> {
  items: readonly T[];
  dropped: number;
}

/** A received message's bytes and dissection, as `station.detail` answered. */
export interface StationDetail {
  seq: number;
  hex: string;
  tree: readonly DissectionNodeView[];
}

export interface StationSlice {
  messages: BoundedLog<StationMessageView>;
  errors: BoundedLog<StationErrorView>;
  /** Router connections the station has (or had), by id, and their order of arrival. */
  routers: Readonly<Record<string, StationRouterView>>;
  routerOrder: readonly string[];
  /** Messages with seq up to this one were cleared by the user (a snapshot must not bring them back). */
  clearedThrough: number;
  /** The message the inspector shows, and its detail once the server answered. */
  selectedSeq: number | null;
  detail: StationDetail | null;
  /** The prefix the Routes tab compares across views (null: none). */
  comparedPrefix: string | null;
}

/** One console tab (its output streams straight into its terminal, never into the store). */
export interface ConsoleTab {
  /** This page's id for the tab (stable across reconnects). */
  localId: string;
  title: string;
  /** The sysname of the router the console is on (asked for, or as the server said); null: not known yet. */
  router: string | null;
  /** The server's console id, once opened. */
  consoleId: string | null;
  status: 'opening' | 'open' | 'closed';
  /** Why the server closed it. */
  reason: string | null;
}

export interface ConsolesSlice {
  tabs: readonly ConsoleTab[];
  active: string | null;
}

/** The last `error` frame the server sent (it could not act on something we sent). */
export interface ServerNotice {
  code: string;
  message: string;
  at: number;
}

/**
 * Everything the UI shows, mirrored from typed server messages (and the
 * socket's and consoles' lifecycle). Plain data: no functions, so the reducer
 * stays pure and the state is easy to compare in tests. Console output is
 * deliberately absent: it streams straight into the terminals.
 */
/** The exercise ladder, the lab's open exercise and the exercises it finished, as the server sent them. */
export interface ExercisesSlice {
  ladder: readonly ExerciseSummary[];
  current: ExerciseStateView | null;
  progress: readonly ExerciseProgressEntry[];
}

export interface LabState {
  exercises: ExercisesSlice;
  connection: ConnectionStatus;
  lab: LabIdentity | null;
  sessions: SessionsSlice;
  station: StationSlice;
  consoles: ConsolesSlice;
  notice: ServerNotice | null;
  /** The server's storage (`storage.state`); null until the server says. */
  storage: StorageStateView | null;
  /** The lab's nodes and sessions (`topology.state`); null until the server says. */
  topology: TopologyView | null;
}

export const STATION_MESSAGE_LIMIT = 5_000;
export const STATION_ERROR_LIMIT = 50;
export const TIMELINE_LIMIT = 50;
/** How far back the rate chart looks. */
export const RATE_WINDOW_MS = 60_000;

export function initialLabState(): LabState {
  return {
    connection: { phase: 'connecting', attempt: 0, retryAt: null },
    exercises: { ladder: [], current: null, progress: [] },
    lab: null,
    sessions: { byKey: {}, order: [], timeline: {}, rates: {} },
    station: {
      messages: { items: [], dropped: 0 },
      errors: { items: [], dropped: 0 },
      routers: {},
      routerOrder: [],
      clearedThrough: -1,
      selectedSeq: null,
      detail: null,
      comparedPrefix: null,
    },
    consoles: { tabs: [], active: null },
    notice: null,
    storage: null,
    topology: null,
  };
}
