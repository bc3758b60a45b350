import type { Clock, TimerHandle } from '../bmp-client/transport.js';

/**
 * Wall-clock time with protocol timers running `scale` times faster
 * (BMPLAB_TIME_SCALE), so tests never wait out a real ConnectRetry or
 * statistics interval.
 */
export function systemClock(scale = 1): Clock {
  if (!(scale > 0)) throw new RangeError(`time scale must be positive, got ${scale}`);
  return {
    now: () => Date.now(),
    setTimer(protocolMs, fire): TimerHandle {
      const t = setTimeout(fire, protocolMs / scale);
      t.unref();
      return { cancel: () => clearTimeout(t) };
    },
    remaining: (deadline) => Math.max(0, (deadline - Date.now()) * scale),
    deadline: (protocolMs) => Date.now() + protocolMs / scale,
    elapsed: () => performance.now(),
    later(fire): TimerHandle {
      // After pending I/O, without a timer's minimum delay.
      const i = setImmediate(fire);
      return { cancel: () => clearImmediate(i) };
    },
  };
}
