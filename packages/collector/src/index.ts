// The monitoring station: connection → framing → decoding → identity and
// counts → route table → message log → capture → error and refresh policy,
// one aggregate (Station) emitting typed updates. Pure: src/node/ holds the
// TCP listener and the real clock.
export {
  Station,
  ROUTER_REFRESH_MS,
  CLOSED_KEPT,
  ROUTE_VIEWS,
  formatRouteCursor,
  parseRouteCursor,
  type StationOptions,
  type ConnectionInput,
  type AcceptedTcp,
  type StationRouteQuery,
  type RouteCursor,
} from './station.js';
export type { StationUpdate, RouterCard, StationMessageRecord, StationErrorReport, StationRoute } from './station-updates.js';
export { formatEndpoint, formatStation, tcpConnectionKey, type Endpoint, type StationAddress } from './endpoint.js';
export type { StationClock, StationTimer } from './clock.js';
export { StationStream, MAX_DECODE_ERRORS } from './stream/station-stream.js';
export type { StationEvent } from './stream/station-events.js';
export { summarizeBmpMessage, messagePeer } from './stream/summarize.js';
export { StationConnection, connectionId, type ConnectionOrigin, type SessionLink } from './connection/station-connection.js';
export { writePcap, ConnectionCapture, PCAP_LIMIT_BYTES, PCAP_STATION_LIMIT_BYTES, type CaptureBudget, type PcapStream } from './connection/pcap.js';
export { messageRecord, recordFromBytes, type MessageOrigin } from './log/message-record.js';
export { MessageLog, STATION_LOG_SIZE, STATION_LOG_BYTES, STATION_MESSAGE_KEPT_BYTES, type MessageSink } from './log/message-log.js';
export { LoggedMessage } from './log/logged-message.js';
export { DEFAULT_STATION_BOUNDS, STALL_CHECK_MS, type StationBounds } from './policy/connection-bounds.js';
export { StationErrorFanout, ERRORS_SHOWN_PER_CONNECTION, ERROR_SUMMARY_MS } from './policy/error-fanout.js';
export { TrailingThrottle } from './policy/trailing-throttle.js';
export { LiveMessageBudget, LIVE_MESSAGE_BURST, LIVE_MESSAGES_PER_SECOND, CATCH_UP_MS, LIVE_MESSAGE_LIMITS, type LiveMessageLimits } from './policy/live-message-budget.js';
export { StationRib, type RibViewSummary, type RibRoute, type RibRouteFilter, type RibPosition } from './rib/station-rib.js';
export { Ipv6RouteTable } from './rib/ipv6-route-table.js';
export { AttributeSets } from './rib/attribute-sets.js';
export { routeAttributes, asPathView, type RouteAttributes, type AsPathView } from './rib/route-attributes.js';
export { parseRoutePrefix, type RoutePrefix } from './rib/route-prefix.js';
export { Ipv4RouteTable } from './rib/ipv4-route-table.js';
export { HEAP_TABLE_MEMORY, PREPARE_MIN_SLOTS, type TableMemory, type PreparedWords } from './rib/table-memory.js';
export { peerViewName } from './rib/peer-view.js';
export { PmacctExporter, type PmacctRecord } from './export/pmacct.js';
