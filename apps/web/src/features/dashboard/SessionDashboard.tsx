import './dashboard.css';
import { useEffect, useState } from 'react';
import { useLabState } from '../../app/lab-context.js';
import { selectComparedPrefix, selectSelectedSeq, selectSessionOrder } from '../../store/index.js';
import { NoSessions } from './NoSessions.js';
import { SessionCard } from './SessionCard.js';

/**
 * The BMP sessions the router has configured, live. While a station message
 * is open in the inspector (or a prefix compared in the Routes tab) the cards fold to their first line (address,
 * state, age, rate), so the decoded message gets the room; the header's
 * button folds or unfolds them by hand.
 */
export function SessionDashboard() {
  const order = useLabState(selectSessionOrder);
  const selectedSeq = useLabState(selectSelectedSeq);
  const comparedPrefix = useLabState(selectComparedPrefix);
  const inspecting = selectedSeq !== null || comparedPrefix !== null;
  const [mode, setMode] = useState<'auto' | 'folded' | 'unfolded'>('auto');
  const folded = mode === 'folded' || (mode === 'auto' && inspecting);
  // Unfolded by hand to look at a session while inspecting: back to automatic once the message is closed.
  useEffect(() => {
    if (!inspecting) setMode((m) => (m === 'unfolded' ? 'auto' : m));
  }, [inspecting]);
  return (
    <section className={`panel dashboard${folded ? ' folded' : ''}`} aria-labelledby="dashboard-title" data-folded={folded}>
      <header className="panel-header">
        <h2 id="dashboard-title">BMP sessions</h2>
        <span className="panel-count">{order.length}</span>
        <span className="panel-note">router → station, live</span>
        {order.length > 0 && (
          <button
            type="button"
            className="icon-button fold-button"
            aria-expanded={!folded}
            aria-controls="session-list"
            aria-label={folded ? 'Unfold the session cards' : 'Fold the session cards to one line each'}
            title={folded ? 'Show every detail of the sessions' : 'One line per session (more room for the station)'}
            onClick={() => setMode(folded ? 'unfolded' : 'folded')}
          >
            {folded ? '▸ unfold' : '▾ fold'}
          </button>
        )}
      </header>
      <div className="panel-body dashboard-body">
        {order.length === 0 ? (
          <NoSessions />
        ) : (
          <div className="session-list" role="list" id="session-list">
            {order.map((k) => (
              <SessionCard key={k} sessionKey={k} />
            ))}
          </div>
        )}
      </div>
    </section>
  );
}
