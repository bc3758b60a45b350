import { emptyMessageCounts, type MessageCounts } from '@bmp-lab/protocol';
import { useRef } from 'react';
import { useNow } from '../../app/use-now.js';
import { BMP_TYPE_LABELS, BMP_TYPES_IN_SESSION_ORDER } from '../bmp-types.js';
import { describeDifferences, isLoss, lossSignature, trackMismatch, type ConnectionSide, type MismatchTracker } from './reconcile.js';

/**
 * Messages by type on the session's current connection (the newest, once it
 * closed): what the router says it wrote on it (`data-counter`, a public test
 * hook) beside what the station decoded from that same connection
 * (`data-received-counter`). Only a loss is flagged: fewer received, final
 * (both ends closed) or standing for more than 2 s with nothing pending.
 */
export function CountersTable({ side, pendingBytes, totalSent }: { side: ConnectionSide | null; pendingBytes: number; totalSent: MessageCounts }) {
  const now = useNow();
  const tracker = useRef<MismatchTracker | null>(null);
  const sent = side?.sent ?? emptyMessageCounts();
  const received = side?.received ?? null;
  const loss = lossSignature(sent, received);
  tracker.current = trackMismatch(tracker.current, loss === null || side === null ? null : `${side.socket} ${loss}`, now);
  const flagged = side !== null && isLoss(side, tracker.current, now, pendingBytes);
  return (
    <table className={`counters${flagged ? ' mismatch' : ''}`} data-reconciled={received === null ? 'unknown' : flagged ? 'mismatch' : 'ok'}>
      <thead>
        <tr>
          <th scope="col" className="counters-corner">
            {flagged && received !== null ? (
              <span
                className="mismatch-flag"
                role="img"
                aria-label="Counts differ"
                title={`The station decoded fewer messages than the router wrote on this connection:\n${describeDifferences(sent, received, (t) => BMP_TYPE_LABELS[t].long)}`}
              >
                ⚠
              </span>
            ) : null}
          </th>
          {BMP_TYPES_IN_SESSION_ORDER.map((t) => (
            <th key={t} scope="col" className="num" title={BMP_TYPE_LABELS[t].long}>
              {BMP_TYPE_LABELS[t].short}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        <tr>
          <th
            scope="row"
            title={`Messages the router wrote on this connection (all connections: ${BMP_TYPES_IN_SESSION_ORDER.map((t) => `${BMP_TYPE_LABELS[t].short} ${totalSent[t]}`).join(', ')})`}
          >
            Sent
          </th>
          {BMP_TYPES_IN_SESSION_ORDER.map((t) => (
            <td key={t} data-counter={t} className={`num${sent[t] === 0 ? ' zero' : ''}`} title={`${BMP_TYPE_LABELS[t].long} sent: ${sent[t]}`}>
              {sent[t]}
            </td>
          ))}
        </tr>
        <tr className="received-row">
          <th scope="row" title="Messages the monitoring station decoded from this connection">
            Received
          </th>
          {BMP_TYPES_IN_SESSION_ORDER.map((t) => {
            const r = received?.[t];
            const differs = flagged && r !== undefined && r !== sent[t];
            return (
              <td
                key={t}
                data-received-counter={t}
                className={`num${r === 0 ? ' zero' : ''}${differs ? ' differs' : ''}`}
                title={r === undefined ? 'The station has not seen this session' : `${BMP_TYPE_LABELS[t].long} received: ${r}`}
              >
                {r ?? '–'}
              </td>
            );
          })}
        </tr>
      </tbody>
    </table>
  );
}
