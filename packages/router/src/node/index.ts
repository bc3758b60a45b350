export { tcpDial, wrapSocket } from './tcp-connection.js';
export { systemClock } from './system-clock.js';
