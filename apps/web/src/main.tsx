import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { loadTheme } from './app/theme.js';
import { createSecondClock } from './app/clock.js';
import { createInputPriority } from './app/input-priority.js';
import { LabContext, type LabServices } from './app/lab-context.js';
import { createLabConnection, labSocketUrl, realTimers, webStorage } from './connection/index.js';
import { createLabStore } from './store/index.js';
import { installTestHooks } from './terminal/index.js';
import { InstructorPage } from './features/exercises/InstructorPage.js';
import { NamePrompt } from './features/instructor/NamePrompt.js';
import { WatchBanner } from './features/instructor/WatchBanner.js';
import { watchMode } from './features/instructor/watch-mode.js';
import { labIdFromPath } from './connection/ws-url.js';

// Composition root: one store, one connection (with its consoles).
document.documentElement.dataset['theme'] = loadTheme(window.localStorage);
if (window.location.pathname === '/instructor') {
  // The instructor view: REST only, no lab connection.
  const rootEl = document.getElementById('root');
  if (rootEl === null) throw new Error('index.html has no #root element');
  createRoot(rootEl).render(
    <StrictMode>
      <InstructorPage />
    </StrictMode>,
  );
} else {
  startLab();
}

function startLab(): void {
  const store = createLabStore();
  // Keystrokes first: dashboard updates and clock ticks wait for a typed key's echo to be drawn.
  const priority = createInputPriority({ timers: realTimers });
  // `?watch=<console id>`: the instructor's read-only view of a trainee's console (features/instructor/watch-mode.ts).
  const watch = watchMode(window.location, labSocketUrl(window.location));
  const connection = createLabConnection({
    url: watch?.url ?? labSocketUrl(window.location),
    store,
    consoleStorage: watch?.consoleStorage ?? webStorage(window.sessionStorage),
    defer: priority.defer,
  });
  const clock = createSecondClock(realTimers, priority.defer);
  const services: LabServices = { store, connection, clock, priority };

  installTestHooks(window, () => store.getState().consoles.active);
  connection.setOffline(!navigator.onLine);
  connection.start();
  window.addEventListener('online', () => connection.setOffline(false));
  window.addEventListener('offline', () => connection.setOffline(true));
  // An 'online' event can be missed (emulated networks, sleep): while offline, look again every second.
  setInterval(() => {
    if (navigator.onLine && store.getState().connection.offline === true) connection.setOffline(false);
  }, 1_000);
  // A reload of this tab resumes its consoles: save their ids and offsets on the way out.
  window.addEventListener('pagehide', () => connection.consoles.persist());

  const root = document.getElementById('root');
  // A column: the name prompt, when it shows, sits above the app (features/instructor/instructor.css).
  root?.classList.add('lab-root');
  /**
   * A trainee's name is asked on a lab created for a class (`/labs/<id>`), not
   * on the default lab at `/`, which is one person's `npm start`.
   */
  function SeatPrompt({ labId }: { labId: string | null }) {
    return labId === null || labId === 'default' ? null : <NamePrompt labId={labId} />;
  }

  if (root === null) throw new Error('index.html has no #root element');
  createRoot(root).render(
    <StrictMode>
      <LabContext.Provider value={services}>
        {/* Before the app: the name prompt is a bar above the header, first in reading and Tab order too. */}
        {watch ? <WatchBanner /> : <SeatPrompt labId={labIdFromPath(window.location.pathname)} />}
        <App />
      </LabContext.Provider>
    </StrictMode>,
  );
}
