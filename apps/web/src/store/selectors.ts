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
