import type { BmpSessionView, ServerMessage, StationMessageView } from '@bmp-lab/protocol';
import { appendToLog, resetLog } from './bounded-log.js';
import { sortedKeys } from './session-order.js';
import {
  STATION_ERROR_LIMIT,
  STATION_MESSAGE_LIMIT,
  type LabState,
  type SessionsSlice,
  type StationSlice,
} from './state.js';

/**
 * The only way server data enters the UI state: a pure reducer over validated
 * `ServerMessage`s. It returns the same object when a message changes nothing
 * (console output, a duplicate), so subscribers are not woken for nothing.
 */
export function applyServerMessage(state: LabState, msg: ServerMessage): LabState {
  switch (msg.type) {
    case 'welcome':
      return { ...state, lab: { labId: msg.labId, router: msg.router, protocol: msg.protocol }, notice: null };
    case 'console.output':
      // Streams into the terminal; never kept in the store (it is unbounded).
      return state;
    case 'sessions.snapshot':
      return { ...state, sessions: sessionsFrom(msg.sessions) };
    case 'session.updated':
      return { ...state, sessions: upsertSession(state.sessions, msg.session) };
    case 'session.removed':
      return removeSession(state, msg.key);
    case 'station.snapshot':
      return {
        ...state,
        station: { ...state.station, messages: resetLog(msg.messages, STATION_MESSAGE_LIMIT) },
      };
    case 'station.message':
      return appendStationMessage(state, msg.message);
    case 'station.error':
      return {
        ...state,
        station: { ...state.station, errors: appendToLog(state.station.errors, msg.error, STATION_ERROR_LIMIT) },
      };
    case 'error':
      return { ...state, notice: { code: msg.code, message: msg.message, at: Date.now() } };
  }
}

function sessionsFrom(list: readonly BmpSessionView[]): SessionsSlice {
  const byKey: Record<string, BmpSessionView> = {};
  for (const s of list) byKey[s.key] = s;
  return { byKey, order: sortedKeys(byKey) };
}

function upsertSession(sessions: SessionsSlice, session: BmpSessionView): SessionsSlice {
  const known = session.key in sessions.byKey;
  const byKey = { ...sessions.byKey, [session.key]: session };
  // Sort keys (address, alias, VPN) never change for a given key, so an
  // update of a known row keeps the order array (and its identity).
  return { byKey, order: known ? sessions.order : sortedKeys(byKey) };
}

function removeSession(state: LabState, key: string): LabState {
  if (!(key in state.sessions.byKey)) return state;
  const byKey = { ...state.sessions.byKey };
  delete byKey[key];
  return { ...state, sessions: { byKey, order: state.sessions.order.filter((k) => k !== key) } };
}

function appendStationMessage(state: LabState, message: StationMessageView): LabState {
  const items = state.station.messages.items;
  const last = items[items.length - 1];
  // A message seen already (e.g. both in a snapshot and live) is not shown twice.
  if (last !== undefined && message.seq <= last.seq && items.some((m) => m.seq === message.seq)) return state;
  const station: StationSlice = {
    ...state.station,
    messages: appendToLog(state.station.messages, message, STATION_MESSAGE_LIMIT),
  };
  return { ...state, station };
}
