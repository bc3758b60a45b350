import { describe, expect, it } from 'vitest';
import { StationErrorFanout, TrailingThrottle, type StationErrorReport } from '../src/index.js';
import { ManualClock } from './manual-clock.js';

// The station's error and refresh policies, on a clock the test moves.

const error = (n: number, router = '127.0.0.1:50000'): StationErrorReport => ({
  receivedAt: n,
  station: '10.1.1.1:1790',
  router,
  code: 'BMP_BAD_VERSION',
  message: `error ${n}`,
});

describe('StationErrorFanout', () => {
  it('shows a connection’s first errors one by one, then one summary per second with the count and the latest', () => {
    const clock = new ManualClock();
    const sent: StationErrorReport[] = [];
    const fanout = new StationErrorFanout(clock, (e) => sent.push(e), 3, 1000);
    for (let i = 1; i <= 1000; i++) fanout.report('a', error(i));
    expect(sent.map((e) => e.message)).toEqual(['error 1', 'error 2', 'error 3']);
    clock.advance(1000);
    expect(sent).toHaveLength(4);
    expect(sent[3]!.message).toBe('997 more errors from 127.0.0.1:50000 (shown one by one only for the first 3); the latest: error 1000');
    expect(sent[3]!.receivedAt).toBe(1000);
    clock.advance(5000);
    expect(sent).toHaveLength(4); // nothing new, nothing sent
  });

  it('keeps connections apart, and reports what it holds when a connection closes', () => {
    const sent: StationErrorReport[] = [];
    const fanout = new StationErrorFanout(new ManualClock(), (e) => sent.push(e), 1, 1000);
    fanout.report('a', error(1));
    fanout.report('b', error(2, '127.0.0.1:50001'));
    fanout.report('a', error(3));
    fanout.report('a', error(4));
    expect(sent.map((e) => e.message)).toEqual(['error 1', 'error 2']);
    fanout.closed('a');
    expect(sent.at(-1)!.message).toBe('2 more errors from 127.0.0.1:50000 (shown one by one only for the first 1); the latest: error 4');
    // A new connection with the same id starts afresh.
    fanout.report('a', error(5));
    expect(sent.at(-1)!.message).toBe('error 5');
  });
});

describe('TrailingThrottle', () => {
  it('runs only the latest task per key, once, after the interval', () => {
    const clock = new ManualClock();
    const ran: string[] = [];
    const t = new TrailingThrottle(clock, 250);
    for (let i = 0; i < 10_000; i++) t.schedule('a', () => ran.push(`a${i}`));
    t.schedule('b', () => ran.push('b'));
    expect(ran).toEqual([]);
    clock.advance(250);
    expect(ran).toEqual(['a9999', 'b']);
    t.schedule('a', () => ran.push('late'));
    t.cancel();
    clock.advance(1000);
    expect(ran).toEqual(['a9999', 'b']);
  });
});
