import type { ConnectionStatus, LabState } from './state.js';

/** The socket's own lifecycle. */
export function applyConnectionStatus(state: LabState, status: ConnectionStatus): LabState {
  const c = state.connection;
  if (c.phase === status.phase && c.attempt === status.attempt && c.retryAt === status.retryAt && (c.offline ?? false) === (status.offline ?? false)) {
    return state;
  }
  return { ...state, connection: status };
}
