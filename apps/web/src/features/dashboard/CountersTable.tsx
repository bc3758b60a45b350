import type { MessageCounts } from '@bmp-lab/protocol';
import { useRef } from 'react';
import { useNow } from '../../app/use-now.js';
import { BMP_TYPE_LABELS, BMP_TYPES_IN_SESSION_ORDER } from '../bmp-types.js';
import { describeDifferences, isFlagged, mismatchSignature, trackMismatch, type MismatchTracker } from './reconcile.js';

/**
 * Messages by type: what the router says it sent (`data-counter`, a public
 * test hook) beside what the station says it received
 * (`data-received-counter`). A difference that stands for more than 2 s is
 * flagged (in flight, counts differ for a moment).
 */
export function CountersTable({ sent, received }: { sent: MessageCounts; received: MessageCounts | null }) {
  const now = useNow();
  const tracker = useRef<MismatchTracker | null>(null);
  tracker.current = trackMismatch(tracker.current, mismatchSignature(sent, received), now);
  const flagged = received !== null && isFlagged(tracker.current, now);
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
                title={`The station's counts differ from the router's for more than 2 s:\n${describeDifferences(sent, received, (t) => BMP_TYPE_LABELS[t].long)}`}
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
          <th scope="row" title="Messages the router wrote to the session">
            Sent
          </th>
          {BMP_TYPES_IN_SESSION_ORDER.map((t) => (
            <td
              key={t}
              data-counter={t}
              className={`num${sent[t] === 0 ? ' zero' : ''}`}
              title={`${BMP_TYPE_LABELS[t].long} sent: ${sent[t]}`}
            >
              {sent[t]}
            </td>
          ))}
        </tr>
        <tr className="received-row">
          <th scope="row" title="Messages the monitoring station decoded from this session">
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
