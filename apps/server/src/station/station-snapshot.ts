import { MAX_FRAME_BYTES } from '@bmp-lab/protocol';
import type { RouterCard, StationMessageRecord } from '@bmp-lab/collector';
import type { ServerMessage } from '@bmp-lab/protocol';

/** Room left in a frame for the message's own keys. */
const ENVELOPE_BYTES = 1024;

/**
 * A new viewer's `station.snapshot`: every card, and as many of the newest
 * logged messages as fit beside them in one frame (a browser refuses a frame
 * over MAX_FRAME_BYTES, and 2,000 records are more than that). The older
 * ones stay readable over REST (`station/messages`).
 */
export function stationSnapshot(messages: readonly StationMessageRecord[], routers: RouterCard[]): ServerMessage {
  let room = MAX_FRAME_BYTES - ENVELOPE_BYTES - JSON.stringify(routers).length;
  let from = messages.length;
  while (from > 0) {
    // Text length counts UTF-16 units, as the browser's check does.
    const size = JSON.stringify(messages[from - 1]).length + 1;
    if (size > room) break;
    room -= size;
    from--;
  }
  return { type: 'station.snapshot', messages: messages.slice(from), routers };
}
