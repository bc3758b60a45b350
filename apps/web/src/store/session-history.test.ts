import { describe, expect, it } from 'vitest';
import { addRateSample, extendTimeline, rateSeries, totalSent } from './session-history.js';
import { counts, session } from './test-fixtures.js';

describe('extendTimeline', () => {
  it('adds an entry per state change and merges repeats of the same state and reason', () => {
    let t = extendTimeline(undefined, { state: 'down', downReason: 'Connect Failed', since: 1 });
    t = extendTimeline(t, { state: 'down', downReason: 'Connect Failed', since: 5 });
    expect(t).toHaveLength(1);
    t = extendTimeline(t, { state: 'up', downReason: null, since: 10 });
    t = extendTimeline(t, { state: 'up', downReason: null, since: 10 });
    t = extendTimeline(t, { state: 'down', downReason: 'Manual Stop', since: 20 });
    expect(t.map((e) => `${e.state}${e.reason ? `(${e.reason})` : ''}@${e.at}`)).toEqual(['down(Connect Failed)@1', 'up@10', 'down(Manual Stop)@20']);
  });

  it('sees a new Up when `since` moved, even if the Down between was missed', () => {
    let t = extendTimeline(undefined, { state: 'up', downReason: null, since: 1 });
    t = extendTimeline(t, { state: 'up', downReason: null, since: 9 });
    expect(t.map((e) => e.at)).toEqual([1, 9]);
  });

  it('keeps the newest `limit` entries', () => {
    let t = extendTimeline(undefined, { state: 'down', downReason: null, since: 0 });
    for (let i = 1; i <= 10; i++) t = extendTimeline(t, { state: i % 2 ? 'up' : 'down', downReason: null, since: i }, 4);
    expect(t.map((e) => e.at)).toEqual([7, 8, 9, 10]);
  });

  it('returns the same array when nothing changed', () => {
    const t = extendTimeline(undefined, { state: 'up', downReason: null, since: 1 });
    expect(extendTimeline(t, { state: 'up', downReason: null, since: 1 })).toBe(t);
  });
});

describe('rate samples and series', () => {
  it('sums every type', () => {
    expect(totalSent(session({ sent: counts({ initiation: 1, 'route-monitoring': 41 }) }))).toBe(42);
  });

  it('keeps the last minute of samples plus one before it', () => {
    let s = addRateSample(undefined, 0, 0);
    for (let t = 10_000; t <= 100_000; t += 10_000) s = addRateSample(s, t / 1000, t);
    expect(s[0]?.at).toBe(40_000);
    expect(s.at(-1)?.at).toBe(100_000);
  });

  it('skips a repeated total within a second', () => {
    const s = addRateSample(undefined, 5, 0);
    expect(addRateSample(s, 5, 500)).toBe(s);
  });

  it('turns deltas into messages per second per bucket', () => {
    const samples = [
      { at: 0, total: 0 },
      { at: 58_000, total: 0 },
      { at: 59_000, total: 100 },
      { at: 60_000, total: 130 },
    ];
    const series = rateSeries(samples, 60_000);
    expect(series).toHaveLength(60);
    expect(series[58]).toBeCloseTo(100);
    expect(series[59]).toBeCloseTo(30);
    expect(series.slice(0, 58).every((v) => v === 0)).toBe(true);
  });

  it('spreads a delta over the time since the previous sample (at most 5 s), and counts a reset from zero', () => {
    const series = rateSeries(
      [
        { at: 50_000, total: 10 },
        { at: 54_000, total: 50 },
        { at: 55_000, total: 20 },
      ],
      60_000,
    );
    expect(series.slice(50, 54)).toEqual([10, 10, 10, 10]);
    expect(series[54]).toBe(20);
    expect(series.reduce((a, b) => a + b, 0)).toBeCloseTo(60);
  });
});
