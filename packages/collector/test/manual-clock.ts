import type { StationClock } from '../src/index.js';

/** A StationClock whose time moves only when the test says so. */
export class ManualClock implements StationClock {
  private time: number;
  private timers: { at: number; fire: () => void; live: boolean }[] = [];

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fire: () => void) {
    const t = { at: this.time + ms, fire, live: true };
    this.timers.push(t);
    return { cancel: () => void (t.live = false) };
  }

  /** Moves time on by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      due.live = false;
      this.time = due.at;
      due.fire();
    }
    this.timers = this.timers.filter((t) => t.live);
    this.time = end;
  }
}
