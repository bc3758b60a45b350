import type { StationMessageView } from '@bmp-lab/protocol';

/** How many received messages a lab keeps, with their bytes, for new viewers and the inspector. */
export const STATION_LOG_SIZE = 2000;

/** The station's recent messages, oldest first, as a ring of fixed size. */
export class StationLog {
  private readonly items: { view: StationMessageView; bytes: Uint8Array }[] = [];
  private nextSeq = 0;

  add(message: Omit<StationMessageView, 'seq'>, bytes: Uint8Array): StationMessageView {
    const view = { ...message, seq: this.nextSeq++ };
    this.items.push({ view, bytes });
    if (this.items.length > STATION_LOG_SIZE) this.items.shift();
    return view;
  }

  /** Continue a log of an earlier run: its newest messages, oldest first; seq goes on after them. */
  restore(items: readonly { view: StationMessageView; bytes: Uint8Array }[], nextSeq: number): void {
    this.items.splice(0, this.items.length, ...items.slice(-STATION_LOG_SIZE));
    this.nextSeq = Math.max(this.nextSeq, nextSeq);
  }

  get size(): number {
    return this.items.length;
  }

  recent(): StationMessageView[] {
    return this.items.map((i) => i.view);
  }

  /** The bytes of a kept message (the ring is ordered by seq). */
  bytes(seq: number): Uint8Array | undefined {
    const first = this.items[0]?.view.seq;
    if (first === undefined) return undefined;
    return this.items[seq - first]?.bytes;
  }
}
