export { StationStream, MAX_DECODE_ERRORS } from './station-stream.js';
export type { StationEvent, StreamOrigin } from './station-events.js';
export { summarizeBmpMessage } from './summarize.js';
export { StationRib, type RibViewSummary } from './rib/station-rib.js';
export { Ipv4RouteTable } from './rib/ipv4-route-table.js';
export { peerViewName } from './rib/peer-view.js';
