import type { StationMessageView } from '@bmp-lab/protocol';
import { useStickToBottom } from './use-stick-to-bottom.js';
import { StationMessageRow } from './StationMessageRow.js';

/** The scrolling log; the scroll box stays mounted so it can follow new messages. */
export function StationMessageList({ messages }: { messages: readonly StationMessageView[] }) {
  const ref = useStickToBottom<HTMLDivElement>(messages);
  return (
    <div className="panel-body station-scroll" ref={ref}>
      {messages.length === 0 ? (
        <div className="empty-state">
          <p>No BMP message received yet. Messages appear here as the station decodes them.</p>
        </div>
      ) : (
        <ol className="station-list">
          {messages.map((m) => (
            <StationMessageRow key={m.seq} message={m} />
          ))}
        </ol>
      )}
    </div>
  );
}
