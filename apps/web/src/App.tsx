import './app/layout.css';
import './features/exercises/exercises.css';
import { useRef, useState } from 'react';
import { AppHeader } from './app/AppHeader.js';
import { Splitter, useSplit } from './app/Splitter.js';
import { ThemeContext, useThemeState } from './app/theme.js';
import { SessionDashboard } from './features/dashboard/SessionDashboard.js';
import { StationPanel } from './features/station/StationPanel.js';
import { ConsolePane } from './terminal/index.js';
import { ExercisePanel } from './features/exercises/ExercisePanel.js';

/** Consoles on the left; what BMP is doing on the right; a splitter between. */
export function App() {
  const theme = useThemeState();
  const workspace = useRef<HTMLElement>(null);
  const split = useSplit(workspace);
  const leftPane = useRef<HTMLElement>(null);
  const [tab, setTab] = useState<'monitor' | 'exercises'>('monitor');
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
          <div className={`side-pane with-tabs${tab === 'exercises' ? ' exercises-tab' : ''}`}>
            <div className="side-tabs" role="tablist">
              <button type="button" role="tab" aria-selected={tab === 'monitor'} data-tab="monitor" onClick={() => setTab('monitor')}>
                Monitor
              </button>
              <button type="button" role="tab" aria-selected={tab === 'exercises'} data-tab="exercises" onClick={() => setTab('exercises')}>
                Exercises
              </button>
            </div>
            {tab === 'monitor' ? (
              <>
                <SessionDashboard />
                <StationPanel />
              </>
            ) : (
              <ExercisePanel />
            )}
          </div>
        </main>
      </div>
    </ThemeContext.Provider>
  );
}
