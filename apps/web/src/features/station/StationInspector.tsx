import { BMP_MESSAGE_TYPES, type BmpMessageTypeName, type BmpSessionView, type StationMessageView } from '@bmp-lab/protocol';
import { useCallback, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useLab, useLabState } from '../../app/lab-context.js';
import {
  dispatchUi,
  selectSelectedSeq,
  selectSessionOrder,
  selectSessionsByKey,
  selectStationMessages,
  selectStationRouterOrder,
  selectStationRouters,
} from '../../store/index.js';
import { BMP_TYPE_LABELS, BMP_TYPES_IN_SESSION_ORDER } from '../bmp-types.js';
import { distinctPeers, filterMessages, isFiltering, NO_FILTER, type MessageFilter } from './message-filter.js';
import { MessageDetail } from './MessageDetail.js';
import { StationErrors } from './StationErrors.js';
import { listKeyTarget } from './message-row.js';
import { messageRowId, StationMessageRow } from './StationMessageRow.js';
import { VirtualList } from './VirtualList.js';

export const MESSAGE_ROW_HEIGHT = 24;

/** The station's received messages: filter, pause, clear, and a selected message's tree and bytes. */
export function StationInspector() {
  const { store, connection } = useLab();
  const log = useLabState(selectStationMessages);
  const selectedSeq = useLabState(selectSelectedSeq);
  const sessions = useLabState(selectSessionOrder);
  const sessionsByKey = useLabState(selectSessionsByKey);
  const routers = useLabState(selectStationRouters);
  const routerOrder = useLabState(selectStationRouterOrder);
  const [filter, setFilter] = useState<MessageFilter>(NO_FILTER);
  /** While paused, the view keeps the log as it was; the store keeps counting. */
  const [frozen, setFrozen] = useState<readonly StationMessageView[] | null>(null);

  const shown = frozen ?? log.items;
  const filtered = useMemo(() => filterMessages(shown, filter), [shown, filter]);
  const peers = useMemo(() => distinctPeers(shown), [shown]);
  const newSincePause = frozen === null ? 0 : countNewer(log.items, frozen);

  const select = useCallback(
    (seq: number) => {
      dispatchUi(store, { type: 'station.select', seq });
      connection.requestDetail(seq);
    },
    [store, connection],
  );

  const externalSources = routerOrder.map((id) => routers[id]).filter((r) => r !== undefined && r.sessionKey === null);

  const selectedIndex = selectedSeq === null ? -1 : filtered.findIndex((m) => m.seq === selectedSeq);
  const listRef = useRef<HTMLDivElement>(null);

  const close = useCallback(() => {
    dispatchUi(store, { type: 'station.select', seq: null });
  }, [store]);

  /** The list is one tab stop (a listbox): ↑ ↓ Page Up/Down Home End select, Esc closes the detail. */
  const onListKey = (ev: KeyboardEvent<HTMLDivElement>) => {
    if (ev.key === 'Escape') {
      if (selectedSeq === null) return;
      ev.preventDefault();
      close();
      return;
    }
    const to = listKeyTarget(ev.key, selectedIndex, filtered.length);
    if (to === null) return;
    ev.preventDefault();
    select(filtered[to]!.seq);
  };

  return (
    <div className="inspector">
      <div className="inspector-toolbar">
        <select
          aria-label="Filter by type"
          value={filter.type ?? ''}
          onChange={(e) => setFilter({ ...filter, type: e.target.value === '' ? null : (e.target.value as BmpMessageTypeName) })}
        >
          <option value="">All types</option>
          {BMP_TYPES_IN_SESSION_ORDER.filter((t) => BMP_MESSAGE_TYPES.includes(t)).map((t) => (
            <option key={t} value={t}>
              {BMP_TYPE_LABELS[t].long}
            </option>
          ))}
        </select>
        <select aria-label="Filter by peer" value={filter.peer ?? ''} onChange={(e) => setFilter({ ...filter, peer: e.target.value === '' ? null : e.target.value })}>
          <option value="">All peers</option>
          {peers.map((p) => (
            <option key={p} value={p}>
              {p === '0.0.0.0' ? '0.0.0.0 (Loc-RIB)' : p}
            </option>
          ))}
        </select>
        <select aria-label="Filter by session" value={filter.source ?? ''} onChange={(e) => setFilter({ ...filter, source: e.target.value === '' ? null : e.target.value })}>
          <option value="">All sessions</option>
          {sessions.map((k) => (
            <option key={k} value={k}>
              {sessionLabel(sessionsByKey[k])}
            </option>
          ))}
          {externalSources.map((r) => (
            <option key={r!.id} value={r!.id}>
              {r!.sysName ?? r!.router} (external)
            </option>
          ))}
        </select>
        {isFiltering(filter) && (
          <button type="button" className="link-button" aria-label="Reset the message filters" onClick={() => setFilter(NO_FILTER)}>
            reset
          </button>
        )}
        <span className="toolbar-spacer" />
        <span className="toolbar-group">
          <span className="inspector-count" data-shown={filtered.length} data-dropped={log.dropped}>
            {filtered.length === shown.length ? `${shown.length}` : `${filtered.length} of ${shown.length}`}
            {log.dropped > 0 && (
              <span className="dropped" title="Older messages dropped from view to bound memory">
                {' '}
                · {log.dropped.toLocaleString('en')} dropped
              </span>
            )}
          </span>
          <button
            type="button"
            className={`button small${frozen !== null ? ' active' : ''}`}
            onClick={() => setFrozen(frozen === null ? log.items : null)}
            aria-label={frozen === null ? 'Pause the message log' : `Resume the message log${newSincePause > 0 ? ` (${newSincePause} new)` : ''}`}
            title={frozen === null ? 'Stop adding messages to the view (they are still counted)' : 'Show the live log again'}
            data-action="pause"
          >
            <span aria-hidden="true">{frozen === null ? '❚❚' : '▶'}</span>
            {frozen === null ? ' Pause' : ` Resume${newSincePause > 0 ? ` (+${newSincePause})` : ''}`}
          </button>
          <button
            type="button"
            className="button small"
            onClick={() => {
              setFrozen(null);
              dispatchUi(store, { type: 'station.clear' });
            }}
            aria-label="Clear the message log"
            title="Clear the log (new messages still arrive)"
            data-action="clear"
          >
            Clear
          </button>
        </span>
      </div>
      <StationErrors />
      <div className={`inspector-body${selectedSeq !== null ? ' with-detail' : ''}`}>
        <VirtualList
          className="station-scroll"
          items={filtered}
          rowHeight={MESSAGE_ROW_HEIGHT}
          scrollToIndex={selectedIndex}
          empty={
            <div className="empty-state">
              <p>{shown.length === 0 ? 'No BMP message received yet. Messages appear here as the station decodes them.' : 'No message matches the filters.'}</p>
            </div>
          }
          renderRow={(m) => <StationMessageRow key={m.seq} message={m} selected={m.seq === selectedSeq} onSelect={select} />}
          rowsRole="none"
          containerRef={listRef}
          containerProps={{
            role: 'listbox',
            'aria-label': 'Messages the station received (↑ ↓ to select, Esc to close the detail)',
            tabIndex: 0,
            'aria-activedescendant': selectedIndex >= 0 ? messageRowId(selectedSeq!) : undefined,
            onKeyDown: onListKey,
          }}
        />
        {selectedSeq !== null && (
          <MessageDetail
            seq={selectedSeq}
            message={shown.find((m) => m.seq === selectedSeq) ?? log.items.find((m) => m.seq === selectedSeq) ?? null}
            onClose={() => {
              close();
              listRef.current?.focus();
            }}
          />
        )}
      </div>
    </div>
  );
}

function countNewer(items: readonly StationMessageView[], frozen: readonly StationMessageView[]): number {
  const last = frozen[frozen.length - 1]?.seq ?? -1;
  let n = 0;
  for (let i = items.length - 1; i >= 0 && items[i]!.seq > last; i--) n++;
  return n;
}

/** `10.1.1.1:1790 alias a vpn v`. */
function sessionLabel(s: BmpSessionView | undefined): string {
  if (s === undefined) return '?';
  return `${s.address}${s.port !== null ? `:${s.port}` : ''}${s.alias !== null ? ` alias ${s.alias}` : ''}${s.vpnInstance !== null ? ` vpn ${s.vpnInstance}` : ''}`;
}
