import './dashboard.css';
import { selectSessionOrder } from '../../store/index.js';
import { useLabState } from '../../app/lab-context.js';
import { SessionTable } from './SessionTable.js';
import { NoSessions } from './NoSessions.js';

/** The BMP sessions the router has configured, live. */
export function SessionDashboard() {
  const order = useLabState(selectSessionOrder);
  return (
    <section className="panel dashboard" aria-labelledby="dashboard-title">
      <header className="panel-header">
        <h2 id="dashboard-title">BMP sessions</h2>
        <span className="panel-count">{order.length}</span>
      </header>
      <div className="panel-body dashboard-body">{order.length === 0 ? <NoSessions /> : <SessionTable keys={order} />}</div>
    </section>
  );
}
