import { useEffect, useState } from 'react';

/** The current time (epoch ms), re-read every `intervalMs` while mounted: for ticking ages and countdowns. */
export function useNow(intervalMs = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}
