import type { StationRibView } from '@bmp-lab/protocol';
import { describe, expect, it } from 'vitest';
import { applyServerMessage, applyServerMessages } from './apply-server-message.js';
import { selectConnectionRoutes, selectSessionConnectionId } from './selectors.js';
import { initialLabState } from './state.js';
import { stationMessage, stationRouter } from './test-fixtures.js';

const KEY = '_public_|10.1.1.1|';
const routes = (prefixes: number): StationRibView[] => [
  { peer: '10.2.2.2', distinguisher: '0000000000000000', view: 'adj-rib-in post-policy', prefixes },
  { peer: '0.0.0.0', distinguisher: '0000000000000000', view: 'loc-rib', prefixes },
];

describe('selectSessionConnectionId', () => {
  it("finds the session's newest open station connection, never a closed one or another session's", () => {
    const old = stationRouter({ router: '127.0.0.1:50000', connectedAt: 1_000, closedAt: 2_000 });
    const current = stationRouter({ router: '127.0.0.1:50001', connectedAt: 3_000, routes: routes(4) });
    const other = stationRouter({ router: '127.0.0.1:50002', connectedAt: 4_000, sessionKey: '_public_|10.1.1.1|second' });
    const external = stationRouter({ router: '127.0.0.1:50003', connectedAt: 5_000, sessionKey: null });
    const s = applyServerMessage(initialLabState(), { type: 'station.snapshot', messages: [], routers: [current, old, other, external] });
    expect(selectSessionConnectionId(KEY)(s)).toBe(current.id);
    expect(selectSessionConnectionId('_public_|10.1.1.1|second')(s)).toBe(other.id);
    expect(selectSessionConnectionId('_public_|9.9.9.9|')(s)).toBeNull();
    // The connection closes: the station holds nothing for the session any more.
    const closed = applyServerMessage(s, { type: 'station.router', router: { ...current, closedAt: 6_000, routes: [] } });
    expect(selectSessionConnectionId(KEY)(closed)).toBeNull();
    // A reconnect: the new connection.
    const again = stationRouter({ router: '127.0.0.1:50004', connectedAt: 7_000 });
    expect(selectSessionConnectionId(KEY)(applyServerMessage(closed, { type: 'station.router', router: again }))).toBe(again.id);
  });
});

describe('selectConnectionRoutes', () => {
  it('keeps the same array through live Route Monitoring, and takes the next router view', () => {
    const r = stationRouter({ routes: routes(4) });
    let s = applyServerMessage(initialLabState(), { type: 'station.snapshot', messages: [], routers: [r] });
    const select = selectConnectionRoutes(r.id);
    const before = select(s);
    expect(before).toEqual(routes(4));
    // A burst of Route Monitoring moves the connection's counters only: the routes (and a card reading them) stay put.
    s = applyServerMessages(s, [
      { type: 'station.message', message: stationMessage(1, { connection: r.id, type: 'route-monitoring' }) },
      { type: 'station.message', message: stationMessage(2, { connection: r.id, type: 'route-monitoring' }) },
    ]);
    expect(s.station.routers[r.id]?.received['route-monitoring']).toBe(2);
    expect(select(s)).toBe(before);
    // Another connection's view changes nothing for this one.
    s = applyServerMessage(s, { type: 'station.router', router: stationRouter({ router: '127.0.0.1:1', sessionKey: null, routes: routes(9) }) });
    expect(select(s)).toBe(before);
    s = applyServerMessage(s, { type: 'station.router', router: { ...r, routes: routes(3) } });
    expect(select(s)).toEqual(routes(3));
    expect(selectConnectionRoutes(null)(s)).toBeNull();
    expect(selectConnectionRoutes('unknown')(s)).toBeNull();
  });
});
