import type { BmpSessionView, StationErrorView, StationMessageView } from '@bmp-lab/protocol';

/** What the connection indicator shows (`data-state` of TEST_IDS.connectionState). */
export type ConnectionPhase = 'connecting' | 'open' | 'closed';

export interface ConnectionStatus {
  phase: ConnectionPhase;
  /** Consecutive failed attempts since the last successful open (0 while open). */
  attempt: number;
  /** Epoch ms of the next reconnect attempt while `closed`, else null. */
  retryAt: number | null;
}

/** Who we are talking to, from the server's `welcome`. */
export interface LabIdentity {
  labId: string;
  router: string;
  protocol: number;
}

/** The session table, normalised: rows by key plus their display order. */
export interface SessionsSlice {
  byKey: Readonly<Record<string, BmpSessionView>>;
  /** Keys sorted as `display bmp session` lists them (VPN, address, alias). */
  order: readonly string[];
}

/** A bounded log: the newest `limit` items, and how many older ones fell off. */
export interface BoundedLog<T> {
  items: readonly T[];
  dropped: number;
}

export interface StationSlice {
  messages: BoundedLog<StationMessageView>;
  errors: BoundedLog<StationErrorView>;
}

/** The last `error` frame the server sent (it could not act on something we sent). */
export interface ServerNotice {
  code: string;
  message: string;
  at: number;
}

/**
 * Everything the UI shows, mirrored from typed server messages. Plain data:
 * no functions, so the reducer stays pure and the state is easy to compare in
 * tests. Console output is deliberately absent: it streams straight into the
 * terminal (see connection/console-channel.ts).
 */
export interface LabState {
  connection: ConnectionStatus;
  lab: LabIdentity | null;
  sessions: SessionsSlice;
  station: StationSlice;
  notice: ServerNotice | null;
}

export const STATION_MESSAGE_LIMIT = 500;
export const STATION_ERROR_LIMIT = 50;

export function initialLabState(): LabState {
  return {
    connection: { phase: 'connecting', attempt: 0, retryAt: null },
    lab: null,
    sessions: { byKey: {}, order: [] },
    station: { messages: { items: [], dropped: 0 }, errors: { items: [], dropped: 0 } },
    notice: null,
  };
}
