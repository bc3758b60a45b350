export { tcpDial, wrapSocket } from './tcp-connection.js';
export { systemClock } from './system-clock.js';
export { listenStream } from './stream-listener.js';
export type { StreamListener } from './stream-listener.js';
