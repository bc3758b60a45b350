import { useNow } from '../../app/use-now.js';
import { formatAge, formatCountdown } from '../format.js';

/** Time in the current state, ticking with the page's clock (VRP's `Age`). */
export function SessionAge({ since }: { since: number }) {
  const now = useNow();
  return (
    <span className="age mono" title={`Since ${new Date(since).toLocaleString()}`} data-age>
      {formatAge(now - since)}
    </span>
  );
}

/** Seconds until `at` (`data-countdown` names the timer). */
export function Countdown({ at, kind }: { at: number; kind: string }) {
  const now = useNow();
  return (
    <span className="countdown" data-countdown={kind}>
      {formatCountdown(at - now)}
    </span>
  );
}
