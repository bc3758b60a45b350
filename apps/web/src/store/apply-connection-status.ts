import type { ConnectionStatus, LabState } from './state.js';

/** The one other way the state changes: the socket's own lifecycle. */
export function applyConnectionStatus(state: LabState, status: ConnectionStatus): LabState {
  const c = state.connection;
  if (c.phase === status.phase && c.attempt === status.attempt && c.retryAt === status.retryAt) return state;
  return { ...state, connection: status };
}
