import type { StationRouteView, StationRouteViewName, StationRoutesPage } from '@bmp-lab/protocol';
import { labIdFromPath } from '../../../connection/ws-url.js';
import { ipv4ToNumber } from '../../ipv4.js';

/** What the Routes tab asks the station for (null: any). */
export interface RouteFilter {
  router: string | null;
  peer: string | null;
  view: StationRouteViewName | null;
  /** One exact prefix in CIDR form. */
  prefix: string | null;
}

export const NO_ROUTE_FILTER: RouteFilter = { router: null, peer: null, view: null, prefix: null };

/** Routes per request: enough to fill many screens, small enough to arrive at once. */
export const ROUTE_PAGE_SIZE = 2000;

/** The `station/routes` query string for a filter and a cursor. */
export function routesQuery(filter: RouteFilter, after: string | null, limit = ROUTE_PAGE_SIZE): string {
  const q = new URLSearchParams();
  if (filter.router !== null) q.set('router', filter.router);
  if (filter.peer !== null) q.set('peer', filter.peer);
  if (filter.view !== null) q.set('view', filter.view);
  if (filter.prefix !== null) q.set('prefix', filter.prefix);
  q.set('limit', String(limit));
  if (after !== null) q.set('after', after);
  return q.toString();
}

/** `/api/labs/<id>/station/routes?…` (`/api/station/routes?…` in the default lab). */
export function routesUrl(query: string, pathname: string = globalThis.location?.pathname ?? '/'): string {
  const lab = labIdFromPath(pathname);
  const base = lab ? `/api/labs/${encodeURIComponent(lab)}/station/routes` : '/api/station/routes';
  return `${base}?${query}`;
}

/**
 * `203.0.113.0/24`, `2001:db8::/32`: the text as the server's `prefix`
 * parameter, or null if it is not a prefix in CIDR form (the server checks
 * the host bits and answers why).
 */
export function parsePrefixText(text: string): string | null {
  const t = text.trim();
  const m = /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(t);
  if (m === null) return null;
  const len = Number(m[2]);
  const addr = m[1]!;
  if (addr.includes(':')) {
    const groups = addr.split(':');
    const ok = len <= 128 && /^[0-9a-f:]+$/i.test(addr) && (addr.includes('::') ? groups.length <= 8 : groups.length === 8) && groups.every((g) => g.length <= 4);
    return ok ? t.toLowerCase() : null;
  }
  return len <= 32 && ipv4ToNumber(addr) !== null ? t : null;
}

/**
 * The routes loaded so far for one filter, page by page as the reader
 * scrolls. `request` numbers the latest request: an answer to an older one
 * (the filter changed meanwhile) is ignored.
 */
export interface RoutePages {
  filter: RouteFilter;
  routes: readonly StationRouteView[];
  /** Cursor of the next page; null once the last page arrived (or before the first). */
  next: string | null;
  /** The first page has arrived for this filter. */
  loaded: boolean;
  loading: 'first' | 'more' | null;
  error: string | null;
  request: number;
}

export function emptyPages(filter: RouteFilter = NO_ROUTE_FILTER): RoutePages {
  return { filter, routes: [], next: null, loaded: false, loading: null, error: null, request: 0 };
}

export function sameFilter(a: RouteFilter, b: RouteFilter): boolean {
  return a.router === b.router && a.peer === b.peer && a.view === b.view && a.prefix === b.prefix;
}

/**
 * Ask for the first page. With the same filter the rows shown stay until it
 * arrives (a refresh does not flash an empty list); a new filter starts empty.
 */
export function requestFirst(state: RoutePages, filter: RouteFilter): RoutePages {
  const same = sameFilter(state.filter, filter);
  return {
    filter,
    routes: same ? state.routes : [],
    next: same ? state.next : null,
    loaded: same && state.loaded,
    loading: 'first',
    error: null,
    request: state.request + 1,
  };
}

/** Ask for the page after the last one, or null if there is none or a request is under way. */
export function requestMore(state: RoutePages): RoutePages | null {
  if (!state.loaded || state.next === null || state.loading !== null || state.error !== null) return null;
  return { ...state, loading: 'more', request: state.request + 1 };
}

/** A page arrived for request `request`: the first replaces the rows, the next ones append. */
export function receivePage(state: RoutePages, request: number, page: StationRoutesPage): RoutePages {
  if (request !== state.request || state.loading === null) return state;
  const routes = state.loading === 'first' ? page.routes : state.routes.concat(page.routes);
  return { ...state, routes, next: page.next, loaded: true, loading: null, error: null };
}

export function failPage(state: RoutePages, request: number, error: string): RoutePages {
  if (request !== state.request) return state;
  return { ...state, loading: null, error };
}

/** Rows from the end of what is loaded at which the next page is asked for. */
export const LOAD_MORE_MARGIN = 200;

/** The reader shows rows up to `lastShown`: time to fetch the next page? */
export function wantsMore(state: RoutePages, lastShown: number, margin = LOAD_MORE_MARGIN): boolean {
  return state.loaded && state.next !== null && state.loading === null && state.error === null && lastShown >= state.routes.length - margin;
}

/**
 * Whether the station's router cards changing may reload the list by
 * itself: only while all of it fits in one page, so a reader deep in a long
 * list is never thrown back to the top (they get a refresh button instead).
 */
export function canRefreshQuietly(state: RoutePages): boolean {
  return state.loaded && state.loading === null && state.next === null && state.routes.length <= ROUTE_PAGE_SIZE;
}

/** Routes of one prefix asked for at once (every view of every peer). */
export const STATION_ROUTES_COMPARE_LIMIT = 10_000;
