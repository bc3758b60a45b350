import type { StationErrorView } from '@bmp-lab/protocol';

/** Errors of one connection shown one by one before they are summed up. */
export const ERRORS_SHOWN_PER_CONNECTION = 20;
/** How often the summed-up errors of a noisy connection are reported. */
export const ERROR_SUMMARY_MS = 1000;

/**
 * Passes a station's decode errors on to browsers without letting one broken
 * or hostile router flood them: the first ERRORS_SHOWN_PER_CONNECTION errors
 * of a connection go out as they come, later ones are counted and reported
 * once per ERROR_SUMMARY_MS as one error naming how many there were and the
 * latest. Nothing is lost from the count; the station still closes a
 * connection that sends mostly garbage (MAX_DECODE_ERRORS).
 */
export class StationErrorFanout {
  private readonly shown = new Map<string, number>();
  private readonly held = new Map<string, { count: number; latest: StationErrorView }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly send: (error: StationErrorView) => void,
    private readonly shownPerConnection = ERRORS_SHOWN_PER_CONNECTION,
    private readonly summaryMs = ERROR_SUMMARY_MS,
  ) {}

  report(connection: string, error: StationErrorView): void {
    const shown = this.shown.get(connection) ?? 0;
    if (shown < this.shownPerConnection) {
      this.shown.set(connection, shown + 1);
      this.send(error);
      return;
    }
    const h = this.held.get(connection);
    if (h) {
      h.count++;
      h.latest = error;
    } else this.held.set(connection, { count: 1, latest: error });
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.summaryMs);
      this.timer.unref();
    }
  }

  /** The connection ended: report what is held for it, and forget it. */
  closed(connection: string): void {
    this.flushOne(connection);
    this.shown.delete(connection);
  }

  /** Reports everything held (on the timer, or before the lab stops). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const connection of [...this.held.keys()]) this.flushOne(connection);
  }

  private flushOne(connection: string): void {
    const h = this.held.get(connection);
    if (!h) return;
    this.held.delete(connection);
    const { latest, count } = h;
    this.send({
      ...latest,
      message: count === 1 ? latest.message : `${count} more errors from ${latest.router} (shown one by one only for the first ${this.shownPerConnection}); the latest: ${latest.message}`,
    });
  }
}
