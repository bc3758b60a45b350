import './dashboard.css';
import { useLabState } from '../../app/lab-context.js';
import { selectSessionOrder } from '../../store/index.js';
import { NoSessions } from './NoSessions.js';
import { SessionCard } from './SessionCard.js';

/** The BMP sessions the router has configured, live. */
export function SessionDashboard() {
  const order = useLabState(selectSessionOrder);
  return (
    <section className="panel dashboard" aria-labelledby="dashboard-title">
      <header className="panel-header">
        <h2 id="dashboard-title">BMP sessions</h2>
        <span className="panel-count">{order.length}</span>
        <span className="panel-note">router → station, live</span>
      </header>
      <div className="panel-body dashboard-body">
        {order.length === 0 ? (
          <NoSessions />
        ) : (
          <div className="session-list" role="list">
            {order.map((k) => (
              <SessionCard key={k} sessionKey={k} />
            ))}
          </div>
        )}
      </div>
    </section>
  );
}
