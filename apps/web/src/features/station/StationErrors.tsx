import { useLabState } from '../../app/lab-context.js';
import { selectStationErrors } from '../../store/index.js';
import { formatClock } from '../format.js';

/** The station's most recent decode/stream error, if any, with a count. */
export function StationErrors() {
  const errors = useLabState(selectStationErrors);
  const latest = errors.items[errors.items.length - 1];
  if (latest === undefined) return null;
  const total = errors.items.length + errors.dropped;
  return (
    <div className="station-error" role="status">
      <span className="mono muted">{formatClock(latest.receivedAt)}</span>
      <span className="error-code">{latest.code}</span>
      <span className="summary">
        {latest.router} → {latest.station}: {latest.message}
      </span>
      {total > 1 && <span className="panel-note">{total} errors</span>}
    </div>
  );
}
