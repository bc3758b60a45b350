import { BMP_MESSAGE_TYPES, emptyMessageCounts, type BmpMessageTypeName, type MessageCounts, type StationRouterView } from '@bmp-lab/protocol';

/** What the station received from one lab session, over all its connections. */
export interface StationSide {
  received: MessageCounts;
  /** The station's connections that carried this session, newest last. */
  connections: StationRouterView[];
}

/**
 * The station's side of a session: the `StationRouterView`s whose
 * `sessionKey` is the session's key. The router's `sent` counts every
 * connection of the session's life, so the station's counts are summed over
 * all of them. Null when the station never saw this session.
 */
export function stationSideOf(
  routers: Readonly<Record<string, StationRouterView>>,
  order: readonly string[],
  sessionKey: string,
): StationSide | null {
  const connections: StationRouterView[] = [];
  for (const id of order) {
    const r = routers[id];
    if (r !== undefined && r.sessionKey === sessionKey) connections.push(r);
  }
  if (connections.length === 0) return null;
  connections.sort((a, b) => a.connectedAt - b.connectedAt);
  const received = emptyMessageCounts();
  for (const c of connections) for (const t of BMP_MESSAGE_TYPES) received[t] += c.received[t];
  return { received, connections };
}

/** Types whose counts differ between what was sent and what was received. */
export function countDifferences(sent: MessageCounts, received: MessageCounts): BmpMessageTypeName[] {
  return BMP_MESSAGE_TYPES.filter((t) => sent[t] !== received[t]);
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

export function mismatchSignature(sent: MessageCounts, received: MessageCounts | null): string | null {
  if (received === null) return null;
  const diff = countDifferences(sent, received);
  if (diff.length === 0) return null;
  return BMP_MESSAGE_TYPES.map((t) => `${sent[t]}/${received[t]}`).join(',');
}

/** Words for the ⚠'s title. */
export function describeDifferences(
  sent: MessageCounts,
  received: MessageCounts,
  label: (t: BmpMessageTypeName) => string,
): string {
  return countDifferences(sent, received)
    .map((t) => `${label(t)}: router sent ${sent[t]}, station received ${received[t]}`)
    .join('\n');
}
