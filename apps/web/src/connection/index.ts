export { createLabConnection, type LabConnection, type LabConnectionOptions } from './lab-connection.js';
export { createConsoleChannel, type ConsoleChannel, type ConsoleSink } from './console-channel.js';
export { labSocketUrl } from './ws-url.js';
export { backoffDelay } from './backoff.js';
