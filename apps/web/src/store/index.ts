export * from './state.js';
export { applyServerMessage, applyServerMessages } from './apply-server-message.js';
export { applyConnectionStatus } from './apply-connection-status.js';
export { applyUiAction, type UiAction } from './apply-ui-action.js';
export { createLabStore, dispatchUi, receiveServerMessage, receiveServerMessages, setConnectionStatus, type LabStore } from './lab-store.js';
export { extendTimeline, addRateSample, rateSeries, totalSent } from './session-history.js';
export * from './selectors.js';
