import { describe, expect, it } from 'vitest';
import { TURN_BUDGET_MS, TurnedWork } from '../src/bgp/turn-budget.js';
import { TurnClock } from './harness.js';

/** Work a turn at a time: real time ticks 1 ms at each look, so a turn runs TURN_BUDGET_MS steps. */
describe('TurnedWork', () => {
  it('runs steps until its budget is spent, then goes on in later turns until no work is left', () => {
    const clock = new TurnClock(1);
    let left = 20;
    const heard: string[] = [];
    const work = new TurnedWork(clock, () => --left > 0, { yielded: () => heard.push(`yielded ${left}`), finished: () => heard.push('finished') });
    work.run();
    expect(work.waiting).toBe(true);
    while (clock.runTurns() > 0);
    expect(left).toBe(0);
    expect(work.waiting).toBe(false);
    expect(heard).toEqual([`yielded ${20 - TURN_BUDGET_MS}`, `yielded ${20 - 2 * TURN_BUDGET_MS}`, 'finished']);
  });

  it('a run asked for while one runs is left to it; cancelling from the yielded hook drops the waiting turn', () => {
    const clock = new TurnClock(1);
    let steps = 0;
    const work: TurnedWork = new TurnedWork(
      clock,
      () => {
        steps++;
        work.run();
        return true;
      },
      { yielded: () => work.cancel() },
    );
    work.run();
    expect(steps).toBe(TURN_BUDGET_MS);
    expect(work.waiting).toBe(false);
    expect(clock.runTurns()).toBe(0);
  });
});
