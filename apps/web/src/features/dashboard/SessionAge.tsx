import { useNow } from '../../app/use-now.js';
import { formatAge } from '../format.js';

/** Time in the current state, ticking every second (VRP's `Age`). */
export function SessionAge({ since }: { since: number }) {
  const now = useNow(1_000);
  return (
    <span className="age mono" title={`Since ${new Date(since).toLocaleString()}`}>
      {formatAge(now - since)}
    </span>
  );
}
