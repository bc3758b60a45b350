import { describe, expect, it } from 'vitest';
import { counts, stationRouter } from '../../store/test-fixtures.js';
import { countDifferences, describeDifferences, isFlagged, mismatchSignature, stationSideOf, trackMismatch } from './reconcile.js';

describe('stationSideOf', () => {
  it('sums the received counts of every connection of the session, newest last', () => {
    const a = stationRouter({ router: '127.0.0.1:1', connectedAt: 5, closedAt: 9, received: counts({ initiation: 1, termination: 1 }) });
    const b = stationRouter({ router: '127.0.0.1:2', connectedAt: 10, received: counts({ initiation: 1, 'peer-up': 2 }) });
    const other = stationRouter({ router: '127.0.0.1:3', sessionKey: null, received: counts({ initiation: 7 }) });
    const routers = { [b.id]: b, [a.id]: a, [other.id]: other };
    const side = stationSideOf(routers, [b.id, other.id, a.id], a.sessionKey!);
    expect(side?.received).toEqual(counts({ initiation: 2, termination: 1, 'peer-up': 2 }));
    expect(side?.connections.map((c) => c.id)).toEqual([a.id, b.id]);
    expect(stationSideOf(routers, [a.id], 'nope')).toBeNull();
  });
});

describe('differences', () => {
  it('lists the types that differ and says so in words', () => {
    const sent = counts({ initiation: 1, 'route-monitoring': 10 });
    const received = counts({ initiation: 1, 'route-monitoring': 8 });
    expect(countDifferences(sent, received)).toEqual(['route-monitoring']);
    expect(describeDifferences(sent, received, (t) => t)).toBe('route-monitoring: router sent 10, station received 8');
    expect(mismatchSignature(sent, sent)).toBeNull();
    expect(mismatchSignature(sent, null)).toBeNull();
  });

  it('flags a difference only once the same counts stood for more than 2 s', () => {
    const sent = counts({ 'route-monitoring': 10 });
    let t = trackMismatch(null, mismatchSignature(sent, counts({ 'route-monitoring': 5 })), 0);
    expect(isFlagged(t, 1_500)).toBe(false);
    // Still in flight: the counts moved, the clock restarts.
    t = trackMismatch(t, mismatchSignature(counts({ 'route-monitoring': 12 }), counts({ 'route-monitoring': 9 })), 1_800);
    expect(isFlagged(t, 3_000)).toBe(false);
    expect(isFlagged(t, 3_801)).toBe(true);
    // Caught up: no flag.
    t = trackMismatch(t, mismatchSignature(sent, sent), 4_000);
    expect(t).toBeNull();
    expect(isFlagged(t, 10_000)).toBe(false);
  });
});
