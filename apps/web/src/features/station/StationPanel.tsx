import './station.css';
import { useLabState } from '../../app/lab-context.js';
import { selectStationMessages } from '../../store/index.js';
import { StationErrors } from './StationErrors.js';
import { StationMessageList } from './StationMessageList.js';

/** What the lab's embedded monitoring station received, oldest first, newest at the bottom. */
export function StationPanel() {
  const log = useLabState(selectStationMessages);
  return (
    <section className="panel station" aria-labelledby="station-title">
      <header className="panel-header">
        <h2 id="station-title">Monitoring station</h2>
        <span className="panel-count">{log.items.length}</span>
        {log.dropped > 0 && (
          <span className="panel-note" title="Older messages dropped from view to bound memory">
            {log.dropped} older not shown
          </span>
        )}
      </header>
      <StationErrors />
      <StationMessageList messages={log.items} />
    </section>
  );
}
