import { formatAge } from '../format.js';

/** Time in the current state, ticking with `now` (VRP's `Age`). */
export function SessionAge({ since, now }: { since: number; now: number }) {
  return (
    <span className="age mono" title={`Since ${new Date(since).toLocaleString()}`} data-age>
      {formatAge(now - since)}
    </span>
  );
}
