export * from './state.js';
export { applyServerMessage } from './apply-server-message.js';
export { applyConnectionStatus } from './apply-connection-status.js';
export { createLabStore, receiveServerMessage, receiveServerMessages, setConnectionStatus, type LabStore } from './lab-store.js';
export * from './selectors.js';
