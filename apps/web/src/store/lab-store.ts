import type { ServerMessage } from '@bmp-lab/protocol';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { applyConnectionStatus } from './apply-connection-status.js';
import { applyServerMessage, applyServerMessages } from './apply-server-message.js';
import { applyUiAction, type UiAction } from './apply-ui-action.js';
import { initialLabState, type ConnectionStatus, type LabState } from './state.js';

/** The app's one store: framework-free (zustand/vanilla); React reads it with `useStore`. */
export type LabStore = StoreApi<LabState>;

export function createLabStore(initial: LabState = initialLabState()): LabStore {
  return createStore<LabState>()(() => initial);
}

/** Feed one validated server message through the reducer. */
export function receiveServerMessage(store: LabStore, msg: ServerMessage): void {
  store.setState(applyServerMessage(store.getState(), msg), true);
}

/**
 * Feed several messages at once: one state change, one notification. The
 * connection batches a burst (a table dump of Route Monitoring) this way so
 * the UI renders once per batch, not once per message.
 */
export function receiveServerMessages(store: LabStore, msgs: readonly ServerMessage[]): void {
  store.setState(applyServerMessages(store.getState(), msgs), true);
}

export function setConnectionStatus(store: LabStore, status: ConnectionStatus): void {
  store.setState(applyConnectionStatus(store.getState(), status), true);
}

export function dispatchUi(store: LabStore, action: UiAction): void {
  store.setState(applyUiAction(store.getState(), action), true);
}
