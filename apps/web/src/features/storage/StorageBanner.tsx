import './storage.css';
import { TEST_IDS } from '@bmp-lab/protocol';
import { useLabState } from '../../app/lab-context.js';
import { selectStorage } from '../../store/index.js';

/**
 * Shown while the server's storage refuses writes (a full disk, a read-only
 * data directory): the lab runs on, but what changes now is kept in memory
 * only until the storage recovers. Gone as soon as it does.
 */
export function StorageBanner() {
  const storage = useLabState(selectStorage);
  if (storage === null || storage.ok) return null;
  const where = storage.path ?? 'memory';
  return (
    <span className="storage-banner" role="alert" data-testid={TEST_IDS.storageBanner} title={`${where}: ${storage.error ?? 'not writable'}`}>
      Storage not writable ({storage.error ?? 'unknown error'}): changes are kept in memory and saved when it recovers
      {storage.pending > 0 ? ` (${storage.pending} pending)` : ''}
    </span>
  );
}
