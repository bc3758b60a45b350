import { decodeBmpMessage, type BmpMessage, type PrefixList } from '@bmp-lab/codec';
import type { StationMessageRecord } from '../station-updates.js';
import { routeFields } from '../stream/route-fields.js';
import { messagePeer, summarizeBmpMessage } from '../stream/summarize.js';

/**
 * What a logged message's record says beyond the message itself: which
 * connection it came on (as the station names it) and when.
 */
export interface MessageOrigin {
  receivedAt: number;
  station: string;
  router: string;
  /** The RouterCard id of its connection. */
  connection: string;
  sessionKey: string | null;
}

/**
 * A received message's record: its seq in the log, its origin, and what the
 * message itself says (type, length, summary, per-peer header, a Route
 * Monitoring's first prefixes and AS path). The one definition: the log makes
 * it from the station's decoding or, later, from the bytes
 * (`recordFromBytes`), and the writer thread from the bytes too.
 */
export function messageRecord(origin: MessageOrigin, seq: number, message: BmpMessage<PrefixList>, length: number): StationMessageRecord {
  return {
    receivedAt: origin.receivedAt,
    station: origin.station,
    router: origin.router,
    connection: origin.connection,
    type: message.type,
    length,
    summary: summarizeBmpMessage(message),
    ...messagePeer(message),
    ...routeFields(message),
    sessionKey: origin.sessionKey,
    // Last, as the stored records have always had it.
    seq,
  };
}

/**
 * The record of the message whose bytes are `bytes` (all of them: a message
 * kept only in part cannot be read again), as the station made it when the
 * message arrived; null if the bytes do not decode.
 */
export function recordFromBytes(origin: MessageOrigin, seq: number, bytes: Uint8Array): StationMessageRecord | null {
  const decoded = decodeBmpMessage(bytes, { prefixRuns: true });
  if (!decoded.ok) return null;
  return messageRecord(origin, seq, decoded.value, bytes.length);
}
