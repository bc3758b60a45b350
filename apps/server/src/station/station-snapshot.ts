import { MAX_FRAME_BYTES } from '@bmp-lab/protocol';
import type { LoggedMessage, RouterCard, StationMessageRecord } from '@bmp-lab/collector';
import type { ServerMessage } from '@bmp-lab/protocol';

/** Room left in a frame for the message's own keys. */
const ENVELOPE_BYTES = 1024;

/**
 * A new viewer's `station.snapshot`: every card, and as many of the newest
 * logged messages as fit beside them in one frame (a browser refuses a frame
 * over MAX_FRAME_BYTES, and 2,000 records are more than that). The older
 * ones stay readable over REST (`station/messages`).
 */
export function stationSnapshot(logged: readonly Pick<LoggedMessage, 'view'>[], routers: RouterCard[]): ServerMessage {
  return { type: 'station.snapshot', messages: newestThatFit(logged, MAX_FRAME_BYTES - ENVELOPE_BYTES - JSON.stringify(routers).length), routers };
}

/** A viewer's catch-up after a burst it was not sent one by one: the newest messages that fit one frame. */
export function stationCatchUp(logged: readonly Pick<LoggedMessage, 'view'>[]): ServerMessage {
  return { type: 'station.messages', messages: newestThatFit(logged, MAX_FRAME_BYTES - ENVELOPE_BYTES) };
}

/** The newest records whose JSON fits `room` (UTF-16 units), oldest first; only those are made (the log makes a record when first read). */
function newestThatFit(logged: readonly Pick<LoggedMessage, 'view'>[], room: number): StationMessageRecord[] {
  const newest: StationMessageRecord[] = [];
  for (let i = logged.length - 1; i >= 0; i--) {
    const record = (logged[i] as Pick<LoggedMessage, 'view'>).view;
    // Text length counts UTF-16 units, as the browser's check does.
    const size = JSON.stringify(record).length + 1;
    if (size > room) break;
    room -= size;
    newest.push(record);
  }
  return newest.reverse();
}
