import './connection.css';
import { TEST_IDS } from '@bmp-lab/protocol';
import { useLab, useLabState } from '../../app/lab-context.js';
import { useNow } from '../../app/use-now.js';
import { selectConnection } from '../../store/index.js';

/**
 * The socket's state (`data-state`: connecting | open | closed, a test hook).
 * A drop is shown here only, never written into the router's console.
 */
export function ConnectionIndicator() {
  const status = useLabState(selectConnection);
  const { connection } = useLab();
  // Only the retry countdown ticks.
  const now = useNow(status.phase === 'closed' && status.retryAt !== null);
  let text: string;
  switch (status.phase) {
    case 'open':
      text = 'Connected';
      break;
    case 'connecting':
      text = status.attempt > 0 ? `Reconnecting (attempt ${status.attempt + 1})…` : 'Connecting…';
      break;
    case 'closed':
      text = status.offline
        ? 'Offline — waiting for the network'
        : status.retryAt === null
          ? 'Disconnected'
          : `Disconnected — retrying in ${Math.max(1, Math.ceil((status.retryAt - now) / 1000))} s`;
      break;
  }
  return (
    <div className={`connection connection-${status.phase}`} data-testid={TEST_IDS.connectionState} data-state={status.phase} data-offline={status.offline ? 'true' : undefined}>
      <span className="connection-dot" aria-hidden="true" />
      <span role="status">{text}</span>
      {status.phase === 'closed' && status.retryAt !== null && (
        <button type="button" className="link-button" onClick={() => connection.retryNow()}>
          Retry now
        </button>
      )}
    </div>
  );
}
