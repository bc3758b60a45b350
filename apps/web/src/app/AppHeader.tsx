import { ConnectionIndicator } from '../features/connection/ConnectionIndicator.js';
import { selectLab } from '../store/index.js';
import { useLabState } from './lab-context.js';
import { ServerNoticeBanner } from './ServerNoticeBanner.js';

export function AppHeader() {
  const lab = useLabState(selectLab);
  return (
    <header className="app-header">
      <h1 className="brand">
        BMP <span>Lab</span>
      </h1>
      {lab !== null && (
        <span className="lab-identity" title={`Lab ${lab.labId}`}>
          router <strong>{lab.router}</strong> · lab {lab.labId}
        </span>
      )}
      <ServerNoticeBanner />
      <ConnectionIndicator />
    </header>
  );
}
