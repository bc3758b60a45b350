import type { StationMessageView } from '@bmp-lab/protocol';

/** How many received messages a lab keeps for new viewers (bounded memory). */
export const STATION_LOG_SIZE = 1000;

/** The station's recent messages, oldest first, as a ring of fixed size. */
export class StationLog {
  private readonly items: StationMessageView[] = [];
  private nextSeq = 0;

  add(message: Omit<StationMessageView, 'seq'>): StationMessageView {
    const entry = { ...message, seq: this.nextSeq++ };
    this.items.push(entry);
    if (this.items.length > STATION_LOG_SIZE) this.items.shift();
    return entry;
  }

  recent(): StationMessageView[] {
    return [...this.items];
  }
}
