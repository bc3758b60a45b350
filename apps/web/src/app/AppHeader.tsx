import { ConnectionIndicator } from '../features/connection/ConnectionIndicator.js';
import { StorageBanner } from '../features/storage/StorageBanner.js';
import { selectLab } from '../store/index.js';
import { useLabState } from './lab-context.js';
import { ServerNoticeBanner } from './ServerNoticeBanner.js';
import { useTheme } from './theme.js';

export function AppHeader() {
  const lab = useLabState(selectLab);
  const { theme, toggle } = useTheme();
  return (
    <header className="app-header">
      <h1 className="brand">
        <svg width="18" height="18" viewBox="0 0 16 16" aria-hidden="true">
          <rect width="16" height="16" rx="3" className="brand-mark" />
          <path d="M3 5l3 3-3 3" stroke="#7ee787" strokeWidth="1.6" fill="none" />
          <path d="M8 11h5" stroke="#6cb6ff" strokeWidth="1.6" />
        </svg>
        BMP <span>Lab</span>
      </h1>
      {lab !== null && (
        <span className="lab-identity" title={`Lab ${lab.labId}`}>
          router <strong>{lab.router}</strong>
          {lab.stations.length > 0 && (
            <>
              {' '}
              · station <strong>{lab.stations.join(', ')}</strong>
            </>
          )}
        </span>
      )}
      <ServerNoticeBanner />
      <StorageBanner />
      <ConnectionIndicator />
      <button
        type="button"
        className="icon-button theme-toggle"
        onClick={toggle}
        aria-label={theme === 'dark' ? 'Switch to the light theme' : 'Switch to the dark theme'}
        title={theme === 'dark' ? 'Light theme' : 'Dark theme'}
        data-theme-current={theme}
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
