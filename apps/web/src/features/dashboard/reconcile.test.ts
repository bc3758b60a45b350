import { describe, expect, it } from 'vitest';
import type { BmpSessionView } from '@bmp-lab/protocol';
import { counts, stationRouter } from '../../store/test-fixtures.js';
import { CONNECTIONS_SHOWN, describeDifferences, isFlagged, isLoss, lossSignature, lostTypes, sessionConnections, trackMismatch } from './reconcile.js';

const KEY = '_public_|10.1.1.1|';
type Connections = NonNullable<BmpSessionView['connections']>;

/** A session's connection as the router reports it. */
function routerConnection(socket: string, openedAt: number, closedAt: number | null, sent: Partial<ReturnType<typeof counts>>): Connections[number] {
  return { socket, local: socket.replace('127.0.0.1', '10.0.0.1'), openedAt, closedAt, sent: counts(sent) };
}

describe('per-connection counts', () => {
  it('after reset cycles each connection matches its own station connection: no loss, counts equal the router', () => {
    // The router: two connections ended by `reset bmp session` (Initiation, Termination), the third up.
    const connections: Connections = [
      routerConnection('127.0.0.1:40001', 10, 20, { initiation: 1, termination: 1 }),
      routerConnection('127.0.0.1:40002', 21, 30, { initiation: 1, termination: 1 }),
      routerConnection('127.0.0.1:40003', 31, null, { initiation: 1, 'peer-up': 2 }),
    ];
    // The station: the same three, plus one of an earlier life of the same session key (before a lab reset).
    const earlier = stationRouter({ router: '127.0.0.1:39000', connectedAt: 1, closedAt: 5, received: counts({ initiation: 1, 'route-monitoring': 40 }) });
    // The station names a lab router by its lab end and keeps the real socket beside it.
    const a = stationRouter({ router: '10.0.0.1:40001', socket: '127.0.0.1:40001', connectedAt: 10, closedAt: 20, received: counts({ initiation: 1, termination: 1 }) });
    const b = stationRouter({ router: '10.0.0.1:40002', socket: '::ffff:127.0.0.1:40002', connectedAt: 21, closedAt: 30, received: counts({ initiation: 1, termination: 1 }) });
    const c = stationRouter({ router: '10.0.0.1:40003', socket: '::ffff:127.0.0.1:40003', connectedAt: 31, received: counts({ initiation: 1, 'peer-up': 2 }) });
    const other = stationRouter({ station: '10.1.1.1:1791', router: '127.0.0.1:40003', sessionKey: null, connectedAt: 32, received: counts({ initiation: 9 }) });
    const routers = Object.fromEntries([earlier, a, b, c, other].map((r) => [r.id, r]));
    const sides = sessionConnections({ key: KEY, connections }, routers, [c.id, other.id, earlier.id, b.id, a.id]);

    expect(sides.map((s) => s.station?.id ?? null)).toEqual([a.id, b.id, c.id]);
    expect(sides.map((s) => s.local)).toEqual(['10.0.0.1:40001', '10.0.0.1:40002', '10.0.0.1:40003']);
    for (const side of sides) {
      expect(side.received).toEqual(side.sent);
      expect(lossSignature(side.sent, side.received)).toBeNull();
      // Even long after: nothing is flagged.
      expect(isLoss(side, trackMismatch(null, lossSignature(side.sent, side.received), 0), 60_000, 0)).toBe(false);
    }
    expect(sides.map((s) => s.ended)).toEqual([true, true, false]);
  });

  it('a connection the station does not know (not a lab station, or evicted) is unknown, never a loss', () => {
    const sides = sessionConnections({ key: KEY, connections: [routerConnection('127.0.0.1:1', 0, 5, { initiation: 1, termination: 1 })] }, {}, []);
    expect(sides[0]!.received).toBeNull();
    expect(isLoss(sides[0]!, null, 60_000, 0)).toBe(false);
    // A server without per-connection records: nothing to compare.
    expect(sessionConnections({ key: KEY }, {}, [])).toEqual([]);
  });

  it('keeps the current connection and at most 5 closed ones', () => {
    const connections = Array.from({ length: 9 }, (_, i) => routerConnection(`127.0.0.1:${41000 + i}`, i * 10, i === 8 ? null : i * 10 + 5, { initiation: 1 }));
    const sides = sessionConnections({ key: KEY, connections }, {}, []);
    expect(sides).toHaveLength(CONNECTIONS_SHOWN + 1);
    expect(sides.at(-1)!.socket).toBe('127.0.0.1:41008');
  });
});

describe('a real loss', () => {
  const sent = counts({ initiation: 1, 'route-monitoring': 10, termination: 1 });
  const short = counts({ initiation: 1, 'route-monitoring': 8 });

  it('is flagged at once when both ends closed with fewer received', () => {
    const station = stationRouter({ router: '127.0.0.1:2', closedAt: 9, received: short });
    const [side] = sessionConnections({ key: KEY, connections: [routerConnection('127.0.0.1:2', 0, 9, sent)] }, { [station.id]: station }, [station.id]);
    expect(side!.ended).toBe(true);
    expect(isLoss(side!, null, 0, 0)).toBe(true);
    expect(lostTypes(sent, short)).toEqual(['route-monitoring', 'termination']);
    expect(describeDifferences(sent, short, (t) => t)).toBe('route-monitoring: router sent 10, station received 8\ntermination: router sent 1, station received 0');
  });

  it('on an open connection, only once the same shortfall stood for more than 2 s with nothing pending', () => {
    const open = sent;
    const station = stationRouter({ router: '127.0.0.1:3', received: short });
    const [side] = sessionConnections({ key: KEY, connections: [routerConnection('127.0.0.1:3', 0, null, open)] }, { [station.id]: station }, [station.id]);
    let t = trackMismatch(null, lossSignature(side!.sent, side!.received), 0);
    expect(isLoss(side!, t, 1_500, 0)).toBe(false);
    // Still in flight: the counts moved, the clock restarts.
    t = trackMismatch(t, lossSignature(counts({ 'route-monitoring': 12 }), counts({ 'route-monitoring': 9 })), 1_800);
    expect(isFlagged(t, 3_000)).toBe(false);
    expect(isFlagged(t, 3_801)).toBe(true);
    t = trackMismatch(null, lossSignature(side!.sent, side!.received), 0);
    expect(isLoss(side!, t, 2_500, 0)).toBe(true);
    // Bytes still wait in the router's socket (a slow station): not lost.
    expect(isLoss(side!, t, 2_500, 4096)).toBe(false);
  });

  it('more received than sent is no loss', () => {
    expect(lossSignature(counts({ initiation: 1 }), counts({ initiation: 2 }))).toBeNull();
    expect(lossSignature(counts({ initiation: 1 }), null)).toBeNull();
  });
});
