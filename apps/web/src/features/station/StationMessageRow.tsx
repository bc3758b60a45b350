import { TEST_IDS, type StationMessageView } from '@bmp-lab/protocol';
import { memo } from 'react';
import { BMP_TYPE_LABELS } from '../bmp-types.js';
import { formatClock } from '../format.js';
import { ROW_PEER_CHARS, ROW_ROUTER_CHARS, fitText, messageRowParts, peerCell } from './message-row.js';
import { routeRowParts } from './route-row.js';

/** The router and peer cells are as many `ch` of their monospace font as fitText leaves them characters. */
const ROUTER_WIDTH = { width: `${ROW_ROUTER_CHARS}ch` };
const PEER_WIDTH = { width: `${ROW_PEER_CHARS}ch` };

/** The id of a message's row (the list's aria-activedescendant). */
export const messageRowId = (seq: number) => `station-message-${seq}`;

/**
 * One received message: time, (router), type, peer and AS, the RIB view
 * (in/out, pre/post, Loc-RIB) and what it carries: a Route Monitoring its
 * first prefixes and AS path, any other message its summary. `data-type` is a public
 * test hook (README, UI test hooks). Router text is rendered as text.
 */
export const StationMessageRow = memo(function StationMessageRow(props: { message: StationMessageView; selected: boolean; onSelect: (seq: number) => void }) {
  const m = props.message;
  const row = messageRowParts(m);
  const route = routeRowParts(m);
  const label = BMP_TYPE_LABELS[m.type];
  const peer = peerCell(m.peer, row.asn);
  return (
    <li
      id={messageRowId(m.seq)}
      role="option"
      className={`station-message${props.selected ? ' selected' : ''}`}
      data-testid={TEST_IDS.stationMessage}
      data-type={m.type}
      data-seq={m.seq}
      data-view={m.peerView ?? ''}
      aria-selected={props.selected}
      onClick={() => props.onSelect(m.seq)}
      title={`${label.long}, ${m.length} bytes, ${m.router} → ${m.station}${m.peerView ? `, ${m.peerView}` : ''}\n${m.summary}`}
    >
      <time className="mono muted" dateTime={new Date(m.receivedAt).toISOString()}>
        {formatClock(m.receivedAt)}
      </time>
      <span className="mono router" style={ROUTER_WIDTH}>
        {fitText(m.router, ROW_ROUTER_CHARS)}
      </span>
      <span className={`type-badge type-${m.type}`}>
        <span className="type-long">{label.label}</span>
        <span className="type-short">{label.short}</span>
      </span>
      <span className="mono peer" style={PEER_WIDTH}>
        {peer.address}
        {peer.as !== null && <span className="peer-as">{peer.as}</span>}
      </span>
      <span className="view">{row.view !== null && <span className={`view-chip view-${row.view.replace(/\s+/g, '-').toLowerCase()}`}>{row.view}</span>}</span>
      {route === null ? (
        <span className="summary">{row.text}</span>
      ) : (
        // The routes themselves, so a trainee can scan without opening the detail; the counts stay in the title.
        <span className="summary route-summary" data-route-summary="">
          {route.announced !== null && <span className="mono route-prefixes">{route.announced}</span>}
          {route.withdrawn !== null && <span className="mono route-withdrawn">{route.withdrawn}</span>}
          {route.asPath !== null && <span className="mono route-as-path">{route.asPath}</span>}
        </span>
      )}
    </li>
  );
});
