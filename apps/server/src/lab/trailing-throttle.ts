/**
 * Runs the latest task queued under each key once, `intervalMs` after the
 * first one queued: a burst of updates to the same thing (a station
 * connection's route counts during a million-route dump) reaches browsers as
 * a few snapshots instead of one message per BMP message.
 */
export class TrailingThrottle {
  private readonly pending = new Map<string, () => void>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly intervalMs: number) {}

  schedule(key: string, task: () => void): void {
    this.pending.set(key, task);
    if (this.timer) return;
    this.timer = setTimeout(() => this.flush(), this.intervalMs);
    this.timer.unref();
  }

  /** Runs what is queued now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const tasks = [...this.pending.values()];
    this.pending.clear();
    for (const task of tasks) task();
  }

  /** Drops what is queued. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }
}
