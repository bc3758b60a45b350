import type { StationRouteView } from '@bmp-lab/protocol';
import { memo } from 'react';
import { formatAsPath, shortRouteView } from './route-diff.js';

/** The Routes list's row test hook (README, UI test hooks). */
export const STATION_ROUTE_TEST_ID = 'station-route';
export const ROUTE_ROW_HEIGHT = 24;

export const routeRowId = (index: number) => `station-route-${index}`;

/**
 * One route: prefix, view, peer, next hop, AS path, communities; its title
 * names the router that reported it (`R1 (10.1.1.1:50000)`). Router-sent
 * text is rendered as text.
 */
export const RouteRow = memo(function RouteRow(props: {
  route: StationRouteView;
  routerName: string;
  index: number;
  top: number;
  selected: boolean;
  onSelect: (index: number) => void;
}) {
  const r = props.route;
  const view = shortRouteView(r.view);
  return (
    <div
      id={routeRowId(props.index)}
      role="option"
      aria-selected={props.selected}
      aria-posinset={props.index + 1}
      className={`station-route${props.selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${props.top}px)` }}
      data-testid={STATION_ROUTE_TEST_ID}
      data-prefix={r.prefix}
      data-view={r.view}
      data-peer={r.peer}
      data-router={r.router}
      title={`${r.prefix} ${view} from ${props.routerName}`}
      onClick={() => props.onSelect(props.index)}
    >
      <span className="mono route-prefix">{r.prefix}</span>
      <span className="route-view">
        <span className={`view-chip view-${view.replace(/\s+/g, '-').toLowerCase()}`}>{view}</span>
      </span>
      <span className="mono route-peer">{r.view === 'loc-rib' ? 'Loc-RIB' : r.peer}</span>
      <span className="mono route-nexthop">{r.nextHop ?? '—'}</span>
      <span className="mono route-aspath">{formatAsPath(r.asPath)}</span>
      <span className="mono route-communities">{r.communities === null ? '' : r.communities.join(' ')}</span>
    </div>
  );
});
