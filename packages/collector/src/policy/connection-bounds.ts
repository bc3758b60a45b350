import type { StationConnection } from '../connection/station-connection.js';
import type { StationStream } from '../stream/station-stream.js';

/**
 * What one router connection may make the station hold, and how long it may
 * keep a slot without sending what BMP says it sends. A connection that goes
 * beyond one is closed with the reason, and what it held is freed.
 */
export interface StationBounds {
  /** Distinct monitored peers (type, distinguisher, address) one connection may announce. */
  maxPeers: number;
  /** Prefixes one connection may hold, all peers and views together. */
  maxPrefixes: number;
  /** Prefixes all open connections of the station may hold together. */
  maxStationPrefixes: number;
  /** A message whose first bytes arrived this long ago and is still incomplete closes the connection (a sender dripping bytes). */
  messageTimeoutMs: number;
  /** A connection that has not sent its Initiation and sent nothing for this long is closed. */
  initiationTimeoutMs: number;
}

/**
 * The defaults: a lab's own router dumping a million routes into three views
 * (Adj-RIB-In pre- and post-policy, Loc-RIB) stays well inside them. At 16
 * to 40 bytes a route, 8,000,000 routes are a few hundred megabytes at most.
 * 500 peers keep a router card (every peer up and every view's count) within
 * the 256 KiB a browser accepts in one WebSocket frame, even with all five
 * views of each peer monitored.
 */
export const DEFAULT_STATION_BOUNDS: StationBounds = {
  maxPeers: 500,
  maxPrefixes: 4_000_000,
  maxStationPrefixes: 8_000_000,
  messageTimeoutMs: 30_000,
  initiationTimeoutMs: 30_000,
};

/** How often open connections are checked for a stalled message or a missing Initiation. */
export const STALL_CHECK_MS = 1000;

/** Why a connection holds more than the bounds allow after its latest message, or null. */
export function boundExceeded(connection: StationConnection, stationPrefixes: number, bounds: StationBounds): string | null {
  const table = connection.table;
  if (!table) return null;
  if (table.peers > bounds.maxPeers) return `more than ${bounds.maxPeers} monitored peers on one connection; closing the connection`;
  if (table.prefixes > bounds.maxPrefixes) return `more than ${bounds.maxPrefixes} prefixes on one connection; closing the connection`;
  if (stationPrefixes > bounds.maxStationPrefixes) {
    return `the station would hold more than ${bounds.maxStationPrefixes} prefixes across its connections; closing this connection`;
  }
  return null;
}

/** Why a connection that keeps its slot without progress is to be closed at `now`, or null. */
export function stalled(connection: StationConnection, stream: StationStream, now: number, bounds: StationBounds): string | null {
  const since = stream.partialSince;
  if (since !== null && now - since >= bounds.messageTimeoutMs) {
    return `a message begun ${seconds(now - since)} ago is still incomplete (${stream.buffered} bytes so far); closing the connection`;
  }
  if (since === null && connection.card.received.initiation === 0 && now - stream.lastHeard >= bounds.initiationTimeoutMs) {
    return `no Initiation, and nothing received for ${seconds(now - stream.lastHeard)}; closing the connection`;
  }
  return null;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
