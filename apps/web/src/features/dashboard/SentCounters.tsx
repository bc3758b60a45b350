import type { MessageCounts } from '@bmp-lab/protocol';
import { BMP_TYPE_LABELS, BMP_TYPES_IN_SESSION_ORDER } from '../bmp-types.js';

/** One cell per BMP message type: messages the router sent (`data-counter` is a test hook). */
export function SentCounters({ sent }: { sent: MessageCounts }) {
  return (
    <>
      {BMP_TYPES_IN_SESSION_ORDER.map((t) => (
        <td
          key={t}
          data-counter={t}
          className={`num counter${sent[t] === 0 ? ' zero' : ''}`}
          title={`${BMP_TYPE_LABELS[t].long}: ${sent[t]}`}
        >
          {sent[t]}
        </td>
      ))}
    </>
  );
}
