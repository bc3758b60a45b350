import type { StationMessageView } from '@bmp-lab/protocol';
import { useStickToBottom } from './use-stick-to-bottom.js';
import { StationMessageRow } from './StationMessageRow.js';

export function StationMessageList({ messages }: { messages: readonly StationMessageView[] }) {
  const ref = useStickToBottom<HTMLOListElement>(messages);
  if (messages.length === 0) {
    return (
      <div className="panel-body empty-state">
        <p>No BMP message received yet. Messages appear here as the station decodes them.</p>
      </div>
    );
  }
  return (
    <ol className="panel-body station-list" ref={ref}>
      {messages.map((m) => (
        <StationMessageRow key={m.seq} message={m} />
      ))}
    </ol>
  );
}
