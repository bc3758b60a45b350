import './app/layout.css';
import { useRef } from 'react';
import { AppHeader } from './app/AppHeader.js';
import { Splitter, useSplit } from './app/Splitter.js';
import { ThemeContext, useThemeState } from './app/theme.js';
import { SessionDashboard } from './features/dashboard/SessionDashboard.js';
import { StationPanel } from './features/station/StationPanel.js';
import { ConsolePane } from './terminal/index.js';

/** Consoles on the left; what BMP is doing on the right; a splitter between. */
export function App() {
  const theme = useThemeState();
  const workspace = useRef<HTMLElement>(null);
  const split = useSplit(workspace);
  const leftPane = useRef<HTMLElement>(null);
  return (
    <ThemeContext.Provider value={theme}>
      <div className="app">
        <AppHeader />
        <main
          className="workspace"
          ref={workspace}
          style={split.left === null ? undefined : { gridTemplateColumns: `${split.left}px 8px minmax(0, 1fr)` }}
        >
          <section className="console-pane" aria-label="Router consoles" ref={leftPane}>
            <ConsolePane />
          </section>
          <Splitter onMove={split.set} onReset={split.reset} current={() => leftPane.current?.clientWidth ?? 0} />
          <div className="side-pane">
            <SessionDashboard />
            <StationPanel />
          </div>
        </main>
      </div>
    </ThemeContext.Provider>
  );
}
