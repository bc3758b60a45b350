export { listenStation } from './station-listener.js';
export type { StationListener, StationListenerOptions } from './station-listener.js';
export { systemStationClock } from './station-clock.js';
