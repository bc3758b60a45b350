import type { StationClock } from '../index.js';

/** The station's clock: wall time, and timers that never keep the process alive. */
export function systemStationClock(): StationClock {
  return {
    now: () => Date.now(),
    setTimer(ms, fire) {
      const t = setTimeout(fire, ms);
      t.unref();
      return { cancel: () => clearTimeout(t) };
    },
  };
}
