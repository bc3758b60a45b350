import type { StationClock, StationTimer } from '../clock.js';
import type { StationErrorReport } from '../station-updates.js';

/** Errors of one connection shown one by one before they are summed up. */
export const ERRORS_SHOWN_PER_CONNECTION = 20;
/** How often the summed-up errors of a noisy connection are reported. */
export const ERROR_SUMMARY_MS = 1000;

/**
 * Passes a station's decode errors on without letting one broken or hostile
 * router flood the browsers: the first `shownPerConnection` errors of a
 * connection go out as they come, later ones are counted and reported once
 * per `summaryMs` as one error naming how many there were and the latest.
 * Nothing is lost from the count; the station still closes a connection that
 * sends mostly garbage (MAX_DECODE_ERRORS).
 */
export class StationErrorFanout {
  private readonly shown = new Map<string, number>();
  private readonly held = new Map<string, { count: number; latest: StationErrorReport }>();
  private timer: StationTimer | null = null;

  constructor(
    private readonly clock: StationClock,
    private readonly send: (error: StationErrorReport) => void,
    private readonly shownPerConnection = ERRORS_SHOWN_PER_CONNECTION,
    private readonly summaryMs = ERROR_SUMMARY_MS,
  ) {}

  report(connection: string, error: StationErrorReport): void {
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
    this.timer ??= this.clock.setTimer(this.summaryMs, () => this.flush());
  }

  /** The connection ended: report what is held for it, and forget it. */
  closed(connection: string): void {
    this.flushOne(connection);
    this.shown.delete(connection);
  }

  /** Reports everything held (on the timer, or before the station stops). */
  flush(): void {
    this.timer?.cancel();
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
      message:
        count === 1 ? latest.message : `${count} more errors from ${latest.router} (shown one by one only for the first ${this.shownPerConnection}); the latest: ${latest.message}`,
    });
  }
}
