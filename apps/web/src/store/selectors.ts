import type { BmpSessionView, StationRibView, StationRouterView } from '@bmp-lab/protocol';
import type { LabState } from './state.js';

/**
 * Selectors return values already in the state (never fresh arrays or
 * objects), so `useStore` re-renders only when that slice really changed.
 */
export const selectConnection = (s: LabState) => s.connection;
export const selectLab = (s: LabState) => s.lab;
export const selectNotice = (s: LabState) => s.notice;
export const selectStorage = (s: LabState) => s.storage;
export const selectSessionOrder = (s: LabState) => s.sessions.order;
export const selectSession =
  (key: string) =>
  (s: LabState): BmpSessionView | undefined =>
    s.sessions.byKey[key];
export const selectStationMessages = (s: LabState) => s.station.messages;
export const selectStationErrors = (s: LabState) => s.station.errors;
export const selectStationRouters = (s: LabState) => s.station.routers;
export const selectStationRouterOrder = (s: LabState) => s.station.routerOrder;
export const selectSelectedSeq = (s: LabState) => s.station.selectedSeq;
export const selectStationDetail = (s: LabState) => s.station.detail;
export const selectConsoles = (s: LabState) => s.consoles;
export const selectTopology = (s: LabState) => s.topology;
const NO_ROUTERS: readonly never[] = [];
/** The lab's routers (empty before the welcome): the same array until the next welcome. */
export const selectLabRouters = (s: LabState) => s.lab?.routers ?? NO_ROUTERS;
export const selectTimeline = (key: string) => (s: LabState) => s.sessions.timeline[key];
export const selectRates = (key: string) => (s: LabState) => s.sessions.rates[key];
export const selectSessionsByKey = (s: LabState) => s.sessions.byKey;

/**
 * The station connection a session's routes are read from: the newest open
 * one the server linked to the session (`StationRouterView.sessionKey`); null
 * while none is open. An id string, so a card re-renders only when it changes.
 */
export const selectSessionConnectionId =
  (sessionKey: string) =>
  (s: LabState): string | null => {
    let best: StationRouterView | null = null;
    for (const id of s.station.routerOrder) {
      const r = s.station.routers[id];
      if (r === undefined || r.sessionKey !== sessionKey || r.closedAt !== null) continue;
      if (best === null || r.connectedAt >= best.connectedAt) best = r;
    }
    return best?.id ?? null;
  };

/**
 * The routes the station holds from one connection, per monitored peer and
 * view. The same array until the server sends a new view of that connection
 * (`station.router`, throttled during a dump): a live Route Monitoring only
 * moves the connection's counters, never this.
 */
export const selectConnectionRoutes =
  (connectionId: string | null) =>
  (s: LabState): readonly StationRibView[] | null =>
    connectionId === null ? null : (s.station.routers[connectionId]?.routes ?? null);

/** The prefix the Routes tab compares across views, if one is open. */
export const selectComparedPrefix = (s: LabState): string | null => s.station.comparedPrefix;
