import './app/layout.css';
import { AppHeader } from './app/AppHeader.js';
import { SessionDashboard } from './features/dashboard/SessionDashboard.js';
import { StationPanel } from './features/station/StationPanel.js';
import { TerminalPane } from './terminal/TerminalPane.js';

/** Terminal on the left; what BMP is doing on the right. */
export function App() {
  return (
    <div className="app">
      <AppHeader />
      <main className="workspace">
        <section className="console-pane" aria-label="Router console">
          <TerminalPane />
        </section>
        <div className="side-pane">
          <SessionDashboard />
          <StationPanel />
        </div>
      </main>
    </div>
  );
}
