import { ConnectionIndicator } from '../features/connection/ConnectionIndicator.js';
import { Hint } from '../features/dashboard/Hint.js';
import { splitStations } from '../features/dashboard/station-names.js';
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
      {lab !== null && <LabIdentity labId={lab.labId} routers={lab.routers.map((r) => r.sysname)} stations={lab.stations} externalStation={lab.externalStation} />}
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

/**
 * Who this page talks to: the lab's routers, its stations (kept current by the
 * store as routers connect to new ones) and, apart, the listener where real
 * routers outside the lab can report.
 */
function LabIdentity(props: { labId: string; routers: readonly string[]; stations: readonly string[]; externalStation: string | null }) {
  const { lab, external } = splitStations(props.stations, props.externalStation);
  return (
    <span className="lab-identity" title={`Lab ${props.labId}`} data-testid="lab-identity">
      {props.routers.length === 1 ? 'router' : 'routers'} <strong>{props.routers.join(', ')}</strong>
      {lab.length > 0 && (
        <>
          {' '}
          · station <strong data-stations={lab.join(' ')}>{lab.join(', ')}</strong>
        </>
      )}
      {external.length > 0 && (
        <>
          {' '}
          · external <strong data-external-listener={external.join(' ')}>{external.join(', ')}</strong>{' '}
          <Hint term="the external listener" testId="hint-external-listener">
            Where real routers (GoBGP, FRR, a Huawei or any BMP speaker) can report to this lab's station: point their BMP session at this address and port; they show up in the
            Station tab as external routers.
          </Hint>
        </>
      )}
    </span>
  );
}
