import { BMP_MESSAGE_TYPES, emptyMessageCounts, type BmpMessageTypeName, type BmpSessionView, type MessageCounts, type StationRouterView } from '@bmp-lab/protocol';

/** Closed connections a session card keeps, besides the current one (the router keeps as many). */
export const CONNECTIONS_SHOWN = 5;

/** One connection of a session, both sides: what the router wrote on it, what the station decoded from it. */
export interface ConnectionSide {
  /** The router's real socket end, `address:port` (the station's socket sees it). */
  socket: string;
  /** The router's end as it names it: its lab address and the real port (the socket from an older server). */
  local: string;
  sent: MessageCounts;
  /** Null when the station has no such connection (not a lab station, or no longer kept). */
  received: MessageCounts | null;
  /** The station's view of it, if it has one. */
  station: StationRouterView | null;
  /** The router closed it. */
  closed: boolean;
  /** Both ends are closed: the counts are final. */
  ended: boolean;
}

/**
 * A session's connections (the router's newest, newest last), each beside the
 * station connection it opened. The link is the one the lab network recorded
 * at dial: the station connection carries the session's key, and its real
 * socket is the session connection's. Counting per connection keeps
 * an earlier connection (of this session or of one of the same key before it)
 * out of the comparison. Empty from a server without `connections`.
 */
export function sessionConnections(
  session: Pick<BmpSessionView, 'key' | 'connections'>,
  routers: Readonly<Record<string, StationRouterView>>,
  order: readonly string[],
): ConnectionSide[] {
  const ofSession: StationRouterView[] = [];
  for (const id of order) {
    const r = routers[id];
    if (r !== undefined && r.sessionKey === session.key) ofSession.push(r);
  }
  return (session.connections ?? []).slice(-(CONNECTIONS_SHOWN + 1)).map((c) => {
    // A port may come back after many connections: the newest station connection from that socket is this one.
    let station: StationRouterView | null = null;
    for (const r of ofSession) if (plain(r.socket) === plain(c.socket) && (station === null || r.connectedAt >= station.connectedAt)) station = r;
    const closed = c.closedAt !== null;
    return { socket: c.socket, local: c.local ?? c.socket, sent: c.sent, received: station?.received ?? null, station, closed, ended: closed && station?.closedAt != null };
  });
}

/** The station names an IPv4 router in its IPv6-mapped form at times (`::ffff:127.0.0.1`). */
function plain(endpoint: string): string {
  return endpoint.startsWith('::ffff:') ? endpoint.slice(7) : endpoint;
}

/** Zero counts, for a session that has had no connection. */
export function noCounts(): MessageCounts {
  return emptyMessageCounts();
}

/** Types the station decoded fewer of than the router wrote on the connection (a loss, once it stands). */
export function lostTypes(sent: MessageCounts, received: MessageCounts): BmpMessageTypeName[] {
  return BMP_MESSAGE_TYPES.filter((t) => received[t] < sent[t]);
}

/**
 * A connection's loss as a signature (the exact counts of both sides), or
 * null when nothing is missing: the station has every message the router
 * wrote on it, or cannot tell (it has no such connection).
 */
export function lossSignature(sent: MessageCounts, received: MessageCounts | null): string | null {
  if (received === null || lostTypes(sent, received).length === 0) return null;
  return BMP_MESSAGE_TYPES.map((t) => `${sent[t]}/${received[t]}`).join(',');
}

/** A difference as first seen: the exact counts, and when. */
export interface MismatchTracker {
  signature: string;
  since: number;
}

/**
 * Follow a difference over time. `signature` is null when the two sides agree,
 * else the exact counts of both sides: while messages are in flight the
 * counts keep moving, so the clock restarts on every change; only the same
 * difference standing still is a real one.
 */
export function trackMismatch(prev: MismatchTracker | null, signature: string | null, now: number): MismatchTracker | null {
  if (signature === null) return null;
  if (prev !== null && prev.signature === signature) return prev;
  return { signature, since: now };
}

/** How long a difference may stand before it is flagged. */
export const MISMATCH_GRACE_MS = 2_000;

export function isFlagged(tracker: MismatchTracker | null, now: number, graceMs: number = MISMATCH_GRACE_MS): boolean {
  return tracker !== null && now - tracker.since > graceMs;
}

/**
 * Whether a connection shows a real loss: the station decoded fewer messages
 * than the router wrote on it, and either both ends are closed (the counts
 * are final) or the same shortfall has stood for more than the grace while
 * nothing waited in the router's socket (in flight, counts differ a moment).
 */
export function isLoss(side: ConnectionSide, tracker: MismatchTracker | null, now: number, pendingBytes: number, graceMs: number = MISMATCH_GRACE_MS): boolean {
  if (side.received === null || lostTypes(side.sent, side.received).length === 0) return false;
  if (side.ended) return true;
  return pendingBytes === 0 && isFlagged(tracker, now, graceMs);
}

/** Words for the ⚠'s title: each type the station has fewer of. */
export function describeDifferences(sent: MessageCounts, received: MessageCounts, label: (t: BmpMessageTypeName) => string): string {
  return lostTypes(sent, received)
    .map((t) => `${label(t)}: router sent ${sent[t]}, station received ${received[t]}`)
    .join('\n');
}
