import { STATION_ROUTE_VIEWS, type StationRouteView, type StationRouteViewName, type StationRoutesPage } from '@bmp-lab/protocol';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useLab, useLabState } from '../../../app/lab-context.js';
import { dispatchUi, selectStationRouterOrder, selectStationRouters, type LabState } from '../../../store/index.js';
import { listKeyTarget } from '../message-row.js';
import { RouteCompare } from './RouteCompare.js';
import { shortRouteView } from './route-diff.js';
import { routerLabel, routerLabelsKey, routerNamerOfKey } from './router-label.js';
import {
  canRefreshQuietly,
  emptyPages,
  failPage,
  NO_ROUTE_FILTER,
  parsePrefixText,
  receivePage,
  requestFirst,
  requestMore,
  routesQuery,
  routesUrl,
  STATION_ROUTES_COMPARE_LIMIT,
  wantsMore,
  type RouteFilter,
  type RoutePages,
} from './route-pages.js';
import { ROUTE_ROW_HEIGHT, RouteRow, routeRowId } from './RouteRow.js';

/** At most one quiet reload per this long while the station's router cards change (never per Route Monitoring). */
const QUIET_REFRESH_MS = 3000;

const selectRouterLabelsKey = (s: LabState) => routerLabelsKey(selectStationRouters(s));

async function fetchRoutes(query: string, signal: AbortSignal): Promise<StationRoutesPage> {
  const res = await fetch(routesUrl(query), { signal, headers: { accept: 'application/json' } });
  const body = (await res.json().catch(() => null)) as (StationRoutesPage & { error?: string }) | null;
  if (!res.ok || body === null || !Array.isArray(body.routes)) throw new Error(body?.error ?? `the station answered HTTP ${res.status}`);
  return body;
}

interface Comparison {
  prefix: string;
  routes: readonly StationRouteView[] | null;
  error: string | null;
}

/**
 * The looking glass: every route the station holds, fetched a page at a
 * time as the reader scrolls (a virtualised listbox: a million routes cost
 * what a screenful does), filtered by router, peer, view and prefix; a
 * selected prefix compared across every view and peer.
 */
export function RoutesPanel({ visible }: { visible: boolean }) {
  const { store, priority } = useLab();
  const [filter, setFilter] = useState<RouteFilter>(NO_ROUTE_FILTER);
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const [prefixText, setPrefixText] = useState('');
  const [pages, setPages] = useState<RoutePages>(() => emptyPages());
  const pagesRef = useRef(pages);
  /** The router cards changed while the list was too long to reload by itself. */
  const [stale, setStale] = useState(false);
  const [selected, setSelected] = useState<{ index: number; route: StationRouteView } | null>(null);
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const listAbort = useRef<AbortController | null>(null);
  const compareAbort = useRef<AbortController | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  // Connections by name (`R1 (10.1.1.1:50000)`) for the comparison's columns and the rows' titles.
  const labelsKey = useLabState(selectRouterLabelsKey);
  const routerName = useMemo(() => routerNamerOfKey(labelsKey), [labelsKey]);

  const update = useCallback((fn: (s: RoutePages) => RoutePages | null) => {
    const next = fn(pagesRef.current);
    if (next === null || next === pagesRef.current) return false;
    pagesRef.current = next;
    setPages(next);
    return true;
  }, []);

  const load = useCallback(
    (kind: 'first' | 'more', quiet = false) => {
      const before = pagesRef.current;
      const f = filterRef.current;
      if (!update((s) => (kind === 'first' ? requestFirst(s, f) : requestMore(s)))) return;
      if (kind === 'first') {
        listAbort.current?.abort();
        setStale(false);
      }
      const request = pagesRef.current.request;
      const ac = new AbortController();
      listAbort.current = ac;
      // A quiet reload's answer waits for a pause in typing (keystrokes first).
      const apply = (fn: (s: RoutePages) => RoutePages) => (quiet ? priority.defer(() => update(fn)) : update(fn));
      fetchRoutes(routesQuery(f, kind === 'more' ? before.next : null), ac.signal).then(
        (page) => apply((s) => receivePage(s, request, page)),
        (err: unknown) => {
          if (!ac.signal.aborted) apply((s) => failPage(s, request, err instanceof Error ? err.message : String(err)));
        },
      );
    },
    [update, priority],
  );

  const compare = useCallback(
    (prefix: string, quiet = false) => {
      compareAbort.current?.abort();
      const ac = new AbortController();
      compareAbort.current = ac;
      if (!quiet) setComparison((c) => ({ prefix, routes: c?.prefix === prefix ? c.routes : null, error: null }));
      const apply = (c: Comparison) => (quiet ? priority.defer(() => setComparison((cur) => (cur?.prefix === prefix ? c : cur))) : setComparison(c));
      fetchRoutes(routesQuery({ ...NO_ROUTE_FILTER, prefix }, null, STATION_ROUTES_COMPARE_LIMIT), ac.signal).then(
        (page) => apply({ prefix, routes: page.routes, error: null }),
        (err: unknown) => {
          if (!ac.signal.aborted) apply({ prefix, routes: null, error: err instanceof Error ? err.message : String(err) });
        },
      );
    },
    [priority],
  );
  const comparisonRef = useRef(comparison);
  comparisonRef.current = comparison;

  // While a prefix is compared (and shown), the session cards fold to one line to give it room.
  const comparedPrefix = visible ? (comparison?.prefix ?? null) : null;
  useEffect(() => {
    dispatchUi(store, { type: 'station.compare', prefix: comparedPrefix });
  }, [store, comparedPrefix]);
  useEffect(() => () => dispatchUi(store, { type: 'station.compare', prefix: null }), [store]);

  // The tab opened or the filter changed: the first page.
  useEffect(() => {
    if (visible) load('first');
  }, [visible, filter, load]);

  // The station's router cards changed (their throttled refresh, not each Route Monitoring): a light reload, at most every few seconds.
  useEffect(() => {
    if (!visible) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const fire = () => {
      last = Date.now();
      const p = pagesRef.current;
      if (p.loading === 'first') return;
      if (canRefreshQuietly(p)) load('first', true);
      else if (p.loaded) setStale(true);
      const c = comparisonRef.current;
      if (c !== null) compare(c.prefix, true);
    };
    const unsubscribe = store.subscribe((s, prev) => {
      if (s.station.routers === prev.station.routers || timer !== null) return;
      timer = setTimeout(
        () => {
          timer = null;
          priority.defer(fire);
        },
        Math.max(0, last + QUIET_REFRESH_MS - Date.now()),
      );
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [visible, store, priority, load, compare]);

  useEffect(
    () => () => {
      listAbort.current?.abort();
      compareAbort.current?.abort();
    },
    [],
  );

  const routes = pages.routes;
  const virtualizer = useVirtualizer({
    count: routes.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROUTE_ROW_HEIGHT,
    overscan: 12,
    // Scrolling renders with React's own scheduling, never synchronously inside the scroll event.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const lastShown = items.length === 0 ? -1 : items[items.length - 1]!.index;

  // Paging as the reader scrolls: the next page when the rows shown come near the end of what is loaded.
  useEffect(() => {
    if (visible && wantsMore(pages, lastShown)) load('more');
  }, [visible, pages, lastShown, load]);

  // The selection survives a reload when its route is still at its place (or found again).
  const selectedIndex = useMemo(() => {
    if (selected === null) return -1;
    const at = routes[selected.index];
    const same = (r: StationRouteView | undefined) =>
      r !== undefined &&
      r.prefix === selected.route.prefix &&
      r.view === selected.route.view &&
      r.peer === selected.route.peer &&
      r.router === selected.route.router &&
      r.distinguisher === selected.route.distinguisher;
    return same(at) ? selected.index : routes.findIndex(same);
  }, [routes, selected]);

  const select = useCallback(
    (index: number) => {
      const route = pagesRef.current.routes[index];
      if (route === undefined) return;
      setSelected({ index, route });
      if (comparisonRef.current?.prefix !== route.prefix) compare(route.prefix);
    },
    [compare],
  );

  const closeCompare = () => {
    compareAbort.current?.abort();
    setComparison(null);
    setSelected(null);
    scrollRef.current?.focus();
  };

  const onListKey = (ev: KeyboardEvent<HTMLDivElement>) => {
    if (ev.key === 'Escape') {
      if (comparison === null) return;
      ev.preventDefault();
      closeCompare();
      return;
    }
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 240) / ROUTE_ROW_HEIGHT) - 1);
    const to =
      selectedIndex < 0 && ['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp'].includes(ev.key)
        ? routes.length > 0
          ? 0
          : null
        : listKeyTarget(ev.key, selectedIndex, routes.length, pageRows);
    if (to === null) return;
    ev.preventDefault();
    select(to);
    virtualizer.scrollToIndex(to, { align: 'auto' });
  };

  const applyPrefix = (text: string) => {
    const t = text.trim();
    const prefix = t === '' ? null : parsePrefixText(t);
    if (t !== '' && prefix === null) return;
    if (prefix !== filter.prefix) setFilter({ ...filter, prefix });
  };
  const prefixInvalid = prefixText.trim() !== '' && parsePrefixText(prefixText) === null;
  const filtering = filter.router !== null || filter.peer !== null || filter.view !== null || filter.prefix !== null;

  return (
    <div className="inspector routes-panel">
      <div className="inspector-toolbar routes-toolbar">
        <RouterFilter value={filter.router} onChange={(router) => setFilter({ ...filter, router })} />
        <PeerFilter router={filter.router} value={filter.peer} onChange={(peer) => setFilter({ ...filter, peer })} />
        <select
          aria-label="Filter routes by view"
          value={filter.view ?? ''}
          onChange={(e) => setFilter({ ...filter, view: e.target.value === '' ? null : (e.target.value as StationRouteViewName) })}
        >
          <option value="">All views</option>
          {STATION_ROUTE_VIEWS.map((v) => (
            <option key={v} value={v}>
              {shortRouteView(v)}
            </option>
          ))}
        </select>
        <form
          className="route-prefix-form"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            applyPrefix(prefixText);
          }}
        >
          <input
            type="search"
            className="route-prefix-input mono"
            placeholder="prefix, e.g. 203.0.113.0/24"
            aria-label="Filter routes by prefix (CIDR, Enter to apply)"
            aria-invalid={prefixInvalid}
            aria-describedby={prefixInvalid ? 'route-prefix-hint' : undefined}
            value={prefixText}
            spellCheck={false}
            onChange={(e) => {
              setPrefixText(e.target.value);
              if (e.target.value.trim() === '' || parsePrefixText(e.target.value) !== null) applyPrefix(e.target.value);
            }}
          />
          {prefixInvalid && (
            <span id="route-prefix-hint" className="visually-hidden">
              A prefix in CIDR form, such as 203.0.113.0/24
            </span>
          )}
        </form>
        {filtering && (
          <button
            type="button"
            className="link-button"
            aria-label="Reset the route filters"
            onClick={() => {
              setPrefixText('');
              setFilter(NO_ROUTE_FILTER);
            }}
          >
            reset
          </button>
        )}
        <span className="toolbar-group">
          <span className="inspector-count" data-routes-loaded={routes.length} data-routes-complete={pages.loaded && pages.next === null}>
            {pages.loading === 'first' && !pages.loaded ? 'loading…' : `${routes.length.toLocaleString('en')}${pages.next !== null ? '+' : ''} routes`}
          </span>
          <button
            type="button"
            className={`button small${stale ? ' active' : ''}`}
            onClick={() => {
              load('first');
              if (comparison !== null) compare(comparison.prefix);
            }}
            aria-label={stale ? 'Refresh the routes (the station has new ones)' : 'Refresh the routes'}
            title={stale ? 'The station’s routes changed: reload from the top' : 'Reload from the top'}
            data-action="refresh-routes"
          >
            <span aria-hidden="true">↻</span> Refresh{stale ? ' •' : ''}
          </button>
        </span>
      </div>
      {pages.error !== null && (
        <p className="station-error" role="alert">
          Routes: {pages.error}
        </p>
      )}
      <div className={`inspector-body${comparison !== null ? ' with-detail' : ''}`}>
        <div className="routes-list">
          <div className="station-route routes-head" aria-hidden="true">
            <span>Prefix</span>
            <span>View</span>
            <span className="route-peer">Peer</span>
            <span className="route-nexthop">Next hop</span>
            <span className="route-aspath">AS path</span>
            <span className="route-communities">Communities</span>
          </div>
          <div
            ref={scrollRef}
            className="virtual-scroll routes-scroll"
            role="listbox"
            tabIndex={0}
            aria-label="Routes the station holds (↑ ↓ to select a prefix and compare it across views, Esc to close)"
            aria-activedescendant={selectedIndex >= 0 ? routeRowId(selectedIndex) : undefined}
            aria-busy={pages.loading !== null}
            onKeyDown={onListKey}
          >
            {routes.length === 0 ? (
              <div className="empty-state" role="presentation">
                <p>
                  {!pages.loaded
                    ? pages.error === null
                      ? 'Loading the routes…'
                      : 'The routes could not be loaded.'
                    : filtering
                      ? 'No route matches the filters.'
                      : 'The station holds no route. Routes appear once a BMP session reports Route Monitoring.'}
                </p>
              </div>
            ) : (
              <div className="routes-content" role="none" style={{ height: virtualizer.getTotalSize() }}>
                {items.map((v) => (
                  <RouteRow
                    key={v.index}
                    route={routes[v.index]!}
                    routerName={routerName(routes[v.index]!.router)}
                    index={v.index}
                    top={v.start}
                    selected={v.index === selectedIndex}
                    onSelect={select}
                  />
                ))}
              </div>
            )}
            {pages.loading === 'more' && (
              <div className="routes-more muted" role="presentation">
                loading more…
              </div>
            )}
          </div>
        </div>
        {comparison !== null && <RouteCompare prefix={comparison.prefix} routes={comparison.routes} error={comparison.error} routerName={routerName} onClose={closeCompare} />}
      </div>
    </div>
  );
}

/** The station's connections, open ones first (their labels change rarely: this re-renders alone). */
function RouterFilter({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const routers = useLabState(selectStationRouters);
  const order = useLabState(selectStationRouterOrder);
  return (
    <select aria-label="Filter routes by router" value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
      <option value="">All routers</option>
      {order.map((id) => {
        const r = routers[id];
        if (r === undefined) return null;
        return (
          <option key={id} value={id}>
            {routerLabel(r)}
            {r.closedAt === null ? '' : ' (closed)'}
          </option>
        );
      })}
    </select>
  );
}

/** The monitored peers the router cards list (of one router, or of all). */
function PeerFilter({ router, value, onChange }: { router: string | null; value: string | null; onChange: (v: string | null) => void }) {
  const routers = useLabState(selectStationRouters);
  const peers = useMemo(() => {
    const set = new Set<string>();
    for (const r of Object.values(routers)) if (router === null || r.id === router) for (const v of r.routes) set.add(v.peer);
    if (value !== null) set.add(value);
    return [...set].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  }, [routers, router, value]);
  return (
    <select aria-label="Filter routes by peer" value={value ?? ''} onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
      <option value="">All peers</option>
      {peers.map((p) => (
        <option key={p} value={p}>
          {p === '0.0.0.0' ? '0.0.0.0 (Loc-RIB)' : p}
        </option>
      ))}
    </select>
  );
}
