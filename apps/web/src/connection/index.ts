export { createLabConnection, type LabConnection, type LabConnectionOptions } from './lab-connection.js';
export { createConsoleChannel, type ConsoleChannel, type ConsoleSink } from './console-channel.js';
export type { ConsoleSet } from './console-set.js';
export { webStorage, memoryStorage, type ConsoleStorage } from './console-storage.js';
export { labSocketUrl } from './ws-url.js';
export { backoffDelay } from './backoff.js';
export { realTimers, type Timers } from './socket.js';
