import type { Timers } from '../connection/socket.js';

/**
 * One clock for every ticking figure on the page (session ages, countdowns,
 * the state timeline, the rate chart). It ticks once a second, on the second,
 * and only while something listens, so all of them change in one frame per
 * second instead of each re-rendering on a timer of its own. Ticks go through
 * `defer` (the input priority): while someone types they land after an echo.
 */
export interface SecondClock {
  /** Epoch ms of the last tick (stable between ticks: a snapshot for useSyncExternalStore). */
  now: () => number;
  subscribe: (listener: () => void) => () => void;
}

export function createSecondClock(timers: Timers, defer: (task: () => void) => void = (t) => t()): SecondClock {
  const listeners = new Set<() => void>();
  let current = timers.now();
  let timer: unknown = null;

  function arm(): void {
    // A few ms past the boundary, so a tick never lands just before the second it means to show.
    timer = timers.setTimeout(tick, 1000 - (timers.now() % 1000) + 4);
  }

  function tick(): void {
    timer = null;
    if (listeners.size === 0) return;
    defer(() => {
      current = timers.now();
      for (const l of [...listeners]) l();
    });
    arm();
  }

  return {
    now: () => current,
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) {
        current = timers.now();
        arm();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== null) {
          timers.clearTimeout(timer);
          timer = null;
        }
      };
    },
  };
}
