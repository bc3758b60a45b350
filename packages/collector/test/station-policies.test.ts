import { describe, expect, it } from 'vitest';
import { encodeBmpMessage } from '@bmp-lab/codec';
import { peerHeader } from '@bmp-lab/test-support';
import { LiveMessageBudget, Station, StationErrorFanout, TrailingThrottle, type StationErrorReport, type StationUpdate } from '../src/index.js';
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

describe('LiveMessageBudget', () => {
  it('lets a burst through, then its rate; what it holds back is owed one catch-up, and all waits for it', () => {
    const clock = new ManualClock();
    let catchUps = 0;
    const budget = new LiveMessageBudget(clock, () => catchUps++, { burst: 5, perSecond: 10, catchUpMs: 500 });
    const admitted = (n: number) => Array.from({ length: n }, () => budget.admit()).filter(Boolean).length;
    expect(admitted(8)).toBe(5);
    expect(catchUps).toBe(0);
    clock.advance(499);
    expect(catchUps).toBe(0);
    clock.advance(1);
    expect(catchUps).toBe(1);
    // 500 ms at 10 a second: 5 more (never more than the burst), then held back again; while the catch-up is owed
    // nothing goes out, though the budget refills.
    expect(admitted(8)).toBe(5);
    clock.advance(200);
    expect(admitted(3)).toBe(0);
    clock.advance(300);
    expect(catchUps).toBe(2);
    expect(admitted(3)).toBe(3);
    // A quiet second: nothing owed, the burst is back.
    clock.advance(1000);
    expect(catchUps).toBe(2);
    expect(admitted(5)).toBe(5);
    budget.admit();
    budget.cancel();
    clock.advance(1000);
    expect(catchUps).toBe(2);
  });

  it('in the station: a dump gives its first messages live and one catch-up after them; every message is logged', () => {
    const clock = new ManualClock(1000);
    const station = new Station({ clock, liveMessages: { burst: 50, perSecond: 100, catchUpMs: 500 } });
    const updates: StationUpdate[] = [];
    station.subscribe((u) => updates.push(u));
    const input = station.accept(
      { vpnInstance: null, address: '10.1.1.1', port: 1790 },
      { router: { address: '127.0.0.1', port: 50000 }, local: { address: '127.0.0.1', port: 1790 } },
    );
    input.receive(encodeBmpMessage({ type: 'initiation', tlvs: [{ type: 'sysName', value: 'edge' }] }));
    const stats = (n: number) => encodeBmpMessage({ type: 'statistics-report', peer: peerHeader('10.2.2.2', 200), stats: [{ kind: 'counter', type: 0, value: n }] });
    for (let i = 0; i < 300; i++) input.receive(stats(i));
    const messages = updates.flatMap((u) => (u.kind === 'message' ? [u] : []));
    expect(messages).toHaveLength(301);
    expect(messages.filter((m) => m.live)).toHaveLength(50);
    expect(messages.slice(0, 50).every((m) => m.live)).toBe(true);
    expect(station.log.size).toBe(301);
    expect(updates.some((u) => u.kind === 'catch-up')).toBe(false);
    clock.advance(500);
    expect(updates.filter((u) => u.kind === 'catch-up')).toHaveLength(1);
    // Right after it, the card of the connection whose messages waited, with every one counted.
    const after = updates.slice(updates.findIndex((u) => u.kind === 'catch-up') + 1);
    expect(after[0]?.kind === 'router' && after[0].router.received['statistics-report']).toBe(300);
  });
});
