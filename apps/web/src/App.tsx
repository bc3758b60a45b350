import './app/layout.css';
import './features/exercises/exercises.css';
import { lazy, Suspense, useRef, useState } from 'react';
import { AppHeader } from './app/AppHeader.js';
import { splitColumns } from './app/split.js';
import { Splitter, useSplit } from './app/Splitter.js';
import { onTabListKeyDown } from './app/tabs.js';
import { ThemeContext, useThemeState } from './app/theme.js';
import { SessionDashboard } from './features/dashboard/SessionDashboard.js';
import { StationPanel } from './features/station/StationPanel.js';
import { ConsolePane } from './terminal/index.js';
import { ExercisePanel } from './features/exercises/ExercisePanel.js';

// The Topology tab loads on first open: React Flow stays out of the console's first load and keystroke path.
const TopologyTab = lazy(() => import('./features/topology/TopologyTab.js'));

const SIDE_TABS = [
  { id: 'monitor', label: 'Monitor' },
  { id: 'exercises', label: 'Exercises' },
  { id: 'topology', label: 'Topology' },
] as const;
type SideTab = (typeof SIDE_TABS)[number]['id'];

/** Consoles on the left; what BMP is doing on the right; a splitter between. */
export function App() {
  const theme = useThemeState();
  const workspace = useRef<HTMLElement>(null);
  const split = useSplit(workspace);
  const [tab, setTab] = useState<SideTab>('monitor');
  return (
    <ThemeContext.Provider value={theme}>
      <div className="app">
        <AppHeader />
        <main className="workspace" ref={workspace} style={split.ratio === null ? undefined : { gridTemplateColumns: splitColumns(split.ratio) }}>
          <section className="console-pane" id="console-pane" aria-label="Router consoles">
            <ConsolePane />
          </section>
          <Splitter ratio={split.ratio} moveTo={split.moveTo} nudge={split.nudge} onReset={split.reset} controls="console-pane" />
          <div className={`side-pane with-tabs${tab === 'exercises' ? ' exercises-tab' : ''}`}>
            <div className="side-tabs" role="tablist" aria-label="Dashboard" onKeyDown={(e) => onTabListKeyDown(e, (i) => setTab(SIDE_TABS[i]!.id))}>
              {SIDE_TABS.map((t) => (
                <button
                  key={t.id}
                  type="button"
                  role="tab"
                  id={`side-tab-${t.id}`}
                  aria-selected={tab === t.id}
                  aria-controls={`side-panel-${t.id}`}
                  tabIndex={tab === t.id ? 0 : -1}
                  data-tab={t.id}
                  onClick={() => setTab(t.id)}
                >
                  {t.label}
                </button>
              ))}
            </div>
            {tab === 'monitor' ? (
              <div className="side-panel monitor-panel" role="tabpanel" id="side-panel-monitor" aria-labelledby="side-tab-monitor">
                <SessionDashboard />
                <StationPanel />
              </div>
            ) : tab === 'topology' ? (
              <div className="side-panel topology-side-panel" role="tabpanel" id="side-panel-topology" aria-labelledby="side-tab-topology">
                <Suspense
                  fallback={
                    <div className="topology-loading" role="status">
                      Loading the topology…
                    </div>
                  }
                >
                  <TopologyTab />
                </Suspense>
              </div>
            ) : (
              <div className="side-panel" role="tabpanel" id="side-panel-exercises" aria-labelledby="side-tab-exercises">
                <ExercisePanel />
              </div>
            )}
          </div>
        </main>
      </div>
    </ThemeContext.Provider>
  );
}
