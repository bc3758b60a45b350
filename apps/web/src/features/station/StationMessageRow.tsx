import { TEST_IDS, type StationMessageView } from '@bmp-lab/protocol';
import { memo } from 'react';
import { BMP_TYPE_LABELS } from '../bmp-types.js';
import { formatClock } from '../format.js';

/** One received message; `data-type` is a public test hook (DESIGN §3). Router text is rendered as text. */
export const StationMessageRow = memo(function StationMessageRow(props: {
  message: StationMessageView;
  selected: boolean;
  onSelect: (seq: number) => void;
}) {
  const m = props.message;
  return (
    <li
      className={`station-message${props.selected ? ' selected' : ''}`}
      data-testid={TEST_IDS.stationMessage}
      data-type={m.type}
      data-seq={m.seq}
      aria-selected={props.selected}
      onClick={() => props.onSelect(m.seq)}
      title={`${BMP_TYPE_LABELS[m.type].long}, ${m.length} bytes, ${m.router} → ${m.station}${m.peerView ? `, ${m.peerView}` : ''}\n${m.summary}`}
    >
      <time className="mono muted" dateTime={new Date(m.receivedAt).toISOString()}>
        {formatClock(m.receivedAt)}
      </time>
      <span className="mono router">{m.router}</span>
      <span className={`type-badge type-${m.type}`}>{BMP_TYPE_LABELS[m.type].label}</span>
      <span className="mono peer">{m.peer ?? ''}</span>
      <span className="summary">{m.summary}</span>
    </li>
  );
});
