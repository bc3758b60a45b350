export { listenStation, STATION_MAX_CONNECTIONS, STATION_MAX_PENDING } from './station-listener.js';
export type { StationListener, StationListenerOptions } from './station-listener.js';
export { systemStationClock } from './station-clock.js';
export { prefaultedTableMemory, type PrefaultedWords } from './prefaulted-table-memory.js';
