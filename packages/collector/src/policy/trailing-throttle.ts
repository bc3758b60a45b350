import type { StationClock, StationTimer } from '../clock.js';

/**
 * Runs the latest task queued under each key once, `intervalMs` after the
 * first one queued: a burst of updates to the same thing (a station
 * connection's route counts during a million-route dump) reaches browsers as
 * a few snapshots instead of one message per BMP message.
 */
export class TrailingThrottle {
  private readonly pending = new Map<string, () => void>();
  private timer: StationTimer | null = null;

  constructor(
    private readonly clock: StationClock,
    private readonly intervalMs: number,
  ) {}

  schedule(key: string, task: () => void): void {
    this.pending.set(key, task);
    this.timer ??= this.clock.setTimer(this.intervalMs, () => this.flush());
  }

  /** Runs what is queued now. */
  flush(): void {
    this.timer?.cancel();
    this.timer = null;
    const tasks = [...this.pending.values()];
    this.pending.clear();
    for (const task of tasks) task();
  }

  /** Drops what is queued. */
  cancel(): void {
    this.timer?.cancel();
    this.timer = null;
    this.pending.clear();
  }
}
