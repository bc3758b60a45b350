import type { StationRouterView, StationRouteView } from '@bmp-lab/protocol';
import { describe, expect, it } from 'vitest';
import { compareRoutes, differingAttributes, formatAsPath } from './route-diff.js';
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
  ROUTE_PAGE_SIZE,
  routesQuery,
  routesUrl,
  wantsMore,
} from './route-pages.js';

const route = (over: Partial<StationRouteView>): StationRouteView => ({
  router: '10.1.1.1:1790<-127.0.0.1:40000',
  peer: '10.2.2.2',
  distinguisher: '0000000000000000',
  view: 'adj-rib-in pre-policy',
  prefix: '203.0.113.0/24',
  origin: 'igp',
  asPath: [200],
  nextHop: '10.2.2.2',
  med: 10,
  localPref: null,
  communities: ['200:1'],
  largeCommunities: null,
  originatorId: null,
  clusterList: null,
  extendedCommunities: null,
  atomicAggregate: false,
  aggregator: null,
  as4Path: null,
  otherAttributes: [],
  ...over,
});

describe('route comparison', () => {
  it('orders each peer in, out, then the Loc-RIB, and marks what policy changed against the pre-policy route', () => {
    const c = compareRoutes([
      route({ view: 'loc-rib', peer: '0.0.0.0', communities: ['200:1', '100:200'], localPref: 100 }),
      route({ view: 'adj-rib-in post-policy', communities: ['200:1', '100:200'] }),
      route({}),
    ]);
    expect(c.columns.map((x) => x.label)).toEqual(['10.2.2.2 in pre', '10.2.2.2 in post', 'Loc-RIB']);
    expect(c.columns.map((x) => x.baseline)).toEqual([null, c.columns[0]!.key, c.columns[0]!.key]);
    const communities = c.rows.find((r) => r.attribute.key === 'communities')!.cells;
    expect(communities.map((x) => x.differs)).toEqual([false, true, true]);
    expect(communities[1]).toMatchObject({ added: ['100:200'], removed: [] });
    const lp = c.rows.find((r) => r.attribute.key === 'localPref')!.cells;
    expect(lp.map((x) => [x.text, x.differs])).toEqual([
      ['—', false],
      ['—', false],
      ['100', true],
    ]);
    expect([...differingAttributes(c)].sort()).toEqual(['communities', 'localPref']);
  });

  it('compares each peer with its own pre-policy route, and the Loc-RIB with the peer it learned the route from', () => {
    const c = compareRoutes([
      route({ peer: '10.3.3.3', nextHop: '10.3.3.3', asPath: [300, 64520] }),
      route({}),
      route({ peer: '10.3.3.3', view: 'adj-rib-in post-policy', nextHop: '10.3.3.3', asPath: [300, 64520], med: null }),
      route({ peer: '0.0.0.0', view: 'loc-rib', nextHop: '10.3.3.3', asPath: [300, 64520] }),
    ]);
    expect(c.columns.map((x) => x.label)).toEqual(['10.2.2.2 in pre', '10.3.3.3 in pre', '10.3.3.3 in post', 'Loc-RIB']);
    const base = c.columns.map((x) => (x.baseline === null ? null : c.columns.find((y) => y.key === x.baseline)!.label));
    expect(base).toEqual([null, null, '10.3.3.3 in pre', '10.3.3.3 in pre']);
    const med = c.rows.find((r) => r.attribute.key === 'med')!.cells.map((x) => x.differs);
    expect(med).toEqual([false, false, true, false]);
  });

  it('without any pre-policy view compares with the first column, and names connections only when there are several', () => {
    const c = compareRoutes([route({ view: 'adj-rib-out post-policy', asPath: [100, 200] }), route({ view: 'adj-rib-in post-policy' })]);
    expect(c.columns.map((x) => [x.label, x.baseline === null])).toEqual([
      ['10.2.2.2 in post', true],
      ['10.2.2.2 out post', false],
    ]);
    expect(c.rows.find((r) => r.attribute.key === 'asPath')!.cells.map((x) => [x.text, x.differs])).toEqual([
      ['200', false],
      ['100 200', true],
    ]);
    const two = compareRoutes([route({}), route({ router: 'other' })]);
    expect(two.columns.map((x) => x.label)).toEqual(['10.2.2.2 in pre · 10.1.1.1:1790<-127.0.0.1:40000', '10.2.2.2 in pre · other']);
    expect(compareRoutes([]).columns).toEqual([]);
  });

  it('names the routers of a several-router comparison by sysName and endpoint, as the router cards know them', () => {
    const card = (id: string, router: string, sysName: string | null) =>
      ({
        id,
        station: '10.1.1.1:1790',
        router,
        sysName,
        sysDescr: null,
        connectedAt: 0,
        closedAt: null,
        received: {},
        bytes: 0,
        peersUp: [],
        routes: [],
        sessionKey: null,
      }) as unknown as StationRouterView;
    const cards = { a: card('a', '10.0.0.1:50001', 'R1'), b: card('b', '10.0.0.2:50002', 'R2'), c: card('c', '10.0.0.3:50003', null) };
    expect(routerLabel(cards.a)).toBe('R1 (10.0.0.1:50001)');
    expect(routerLabel(cards.c)).toBe('10.0.0.3:50003');
    const key = routerLabelsKey(cards);
    expect(routerLabelsKey(cards)).toBe(key);
    expect(routerLabelsKey({ ...cards })).toBe(key);
    const name = routerNamerOfKey(key);
    expect(name('gone')).toBe('gone');
    const c = compareRoutes([route({ router: 'a', view: 'loc-rib', peer: '0.0.0.0' }), route({ router: 'b', view: 'loc-rib', peer: '0.0.0.0' })], name);
    expect(c.columns.map((x) => x.label)).toEqual(['Loc-RIB · R1 (10.0.0.1:50001)', 'Loc-RIB · R2 (10.0.0.2:50002)']);
    expect(c.columns.map((x) => x.route.router)).toEqual(['a', 'b']);
  });

  it('formats AS paths with sets, empty and absent', () => {
    expect(formatAsPath([200, [1, 2], 3])).toBe('200 {1 2} 3');
    expect(formatAsPath([])).toBe('(empty)');
    expect(formatAsPath(null)).toBe('—');
  });
});

describe('route paging', () => {
  const page = (n: number, from: number, next: string | null) => ({ routes: Array.from({ length: n }, (_, i) => route({ prefix: `10.0.${from + i}.0/24` })), next });

  it('loads the first page, then the next ones as the reader nears the end, until next is null', () => {
    let s = requestFirst(emptyPages(), NO_ROUTE_FILTER);
    expect(s).toMatchObject({ loading: 'first', loaded: false, request: 1 });
    expect(wantsMore(s, 0)).toBe(false);
    s = receivePage(s, 1, page(300, 0, 'c1'));
    expect(s).toMatchObject({ loading: null, loaded: true, next: 'c1' });
    expect(wantsMore(s, 50)).toBe(false);
    expect(wantsMore(s, 100)).toBe(true);
    s = requestMore(s)!;
    expect(s).toMatchObject({ loading: 'more', request: 2 });
    expect(requestMore(s)).toBeNull();
    expect(wantsMore(s, 299)).toBe(false);
    s = receivePage(s, 2, page(10, 300, null));
    expect(s.routes).toHaveLength(310);
    expect(s.routes[300]!.prefix).toBe('10.0.300.0/24');
    expect(wantsMore(s, 309)).toBe(false);
    expect(requestMore(s)).toBeNull();
  });

  it('ignores an answer to an older request, and keeps the rows on a reload with the same filter', () => {
    let s = receivePage(requestFirst(emptyPages(), NO_ROUTE_FILTER), 1, page(5, 0, null));
    const reload = requestFirst(s, NO_ROUTE_FILTER);
    expect(reload.routes).toBe(s.routes);
    const view = { ...NO_ROUTE_FILTER, view: 'loc-rib' as const };
    s = requestFirst(reload, view);
    expect(s).toMatchObject({ routes: [], loaded: false, request: 3 });
    expect(receivePage(s, 2, page(7, 0, null))).toBe(s);
    expect(failPage(s, 2, 'x')).toBe(s);
    s = failPage(s, 3, 'HTTP 500');
    expect(s).toMatchObject({ error: 'HTTP 500', loading: null });
    expect(wantsMore(s, 0)).toBe(false);
  });

  it('reloads by itself only while everything fits in one page', () => {
    const s = receivePage(requestFirst(emptyPages(), NO_ROUTE_FILTER), 1, page(5, 0, null));
    expect(canRefreshQuietly(s)).toBe(true);
    expect(canRefreshQuietly(receivePage(requestFirst(emptyPages(), NO_ROUTE_FILTER), 1, page(5, 0, 'c')))).toBe(false);
    expect(canRefreshQuietly(requestFirst(s, NO_ROUTE_FILTER))).toBe(false);
  });

  it('builds the query and the lab’s URL', () => {
    expect(routesQuery({ router: 'r<-1', peer: '10.2.2.2', view: 'adj-rib-in pre-policy', prefix: '203.0.113.0/24' }, 'abc', 50)).toBe(
      'router=r%3C-1&peer=10.2.2.2&view=adj-rib-in+pre-policy&prefix=203.0.113.0%2F24&limit=50&after=abc',
    );
    expect(routesQuery(NO_ROUTE_FILTER, null)).toBe(`limit=${ROUTE_PAGE_SIZE}`);
    expect(routesUrl('limit=1', '/')).toBe('/api/station/routes?limit=1');
    expect(routesUrl('limit=1', '/labs/abc')).toBe('/api/labs/abc/station/routes?limit=1');
  });

  it('accepts a prefix in CIDR form only', () => {
    expect(parsePrefixText(' 203.0.113.0/24 ')).toBe('203.0.113.0/24');
    expect(parsePrefixText('2001:DB8:1000::/48')).toBe('2001:db8:1000::/48');
    for (const bad of ['203.0.113.0', '203.0.113/24', '256.0.0.0/8', '10.0.0.0/33', '2001:db8::/129', 'abc', '1:2:3/64']) expect(parsePrefixText(bad)).toBeNull();
  });
});

describe('the compared prefix in the store', () => {
  it('is set and cleared by station.compare (the session cards fold while it is open)', async () => {
    const { applyUiAction } = await import('../../../store/apply-ui-action.js');
    const { initialLabState } = await import('../../../store/state.js');
    const s0 = initialLabState();
    const s1 = applyUiAction(s0, { type: 'station.compare', prefix: '203.0.113.0/24' });
    expect(s1.station.comparedPrefix).toBe('203.0.113.0/24');
    expect(applyUiAction(s1, { type: 'station.compare', prefix: '203.0.113.0/24' })).toBe(s1);
    expect(applyUiAction(s1, { type: 'station.compare', prefix: null }).station.comparedPrefix).toBeNull();
  });
});
