/** A timer that can be cancelled. */
export interface StationTimer {
  cancel(): void;
}

/**
 * Wall time and timers, injected so the station stays pure and its tests
 * deterministic; `src/node/` holds the real one. The station's timers pace
 * what browsers see (error summaries, route-count snapshots) in wall time, so
 * this clock is never scaled like the router's protocol timers.
 */
export interface StationClock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `fire` once after `ms` milliseconds; a pending timer must not keep the process alive. */
  setTimer(ms: number, fire: () => void): StationTimer;
}
