import type { BmpSessionView } from '@bmp-lab/protocol';
import type { LabState } from './state.js';

/**
 * Selectors return values already in the state (never fresh arrays or
 * objects), so `useStore` re-renders only when that slice really changed.
 */
export const selectConnection = (s: LabState) => s.connection;
export const selectLab = (s: LabState) => s.lab;
export const selectNotice = (s: LabState) => s.notice;
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
export const selectTimeline =
  (key: string) =>
  (s: LabState) =>
    s.sessions.timeline[key];
export const selectRates =
  (key: string) =>
  (s: LabState) =>
    s.sessions.rates[key];
export const selectSessionsByKey = (s: LabState) => s.sessions.byKey;
