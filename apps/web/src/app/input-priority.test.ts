import { describe, expect, it } from 'vitest';
import type { Timers } from '../connection/socket.js';
import { createSecondClock } from './clock.js';
import { createInputPriority } from './input-priority.js';

/** A manual clock: `advance(ms)` runs the timers that fall due, in order. */
function manualTimers() {
  let now = 10_000;
  let nextId = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers & { advance(ms: number): void; readonly count: number } = {
    now: () => now,
    setTimeout(fn, ms) {
      const id = nextId++;
      pending.set(id, { at: now + Math.max(0, ms), fn });
      return id;
    },
    clearTimeout(handle) {
      pending.delete(handle as number);
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
        if (due === undefined) break;
        pending.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
      }
      now = end;
    },
    get count() {
      return pending.size;
    },
  };
  return timers;
}

describe('input priority', () => {
  it('runs work at once while nobody types', () => {
    const timers = manualTimers();
    const p = createInputPriority({ timers });
    const ran: string[] = [];
    p.defer(() => ran.push('a'));
    expect(ran).toEqual(['a']);
    expect(p.waiting).toBe(0);
  });

  it('after Enter, typing stops once no key follows for lineQuietMs: held work runs, new work runs at once', () => {
    const timers = manualTimers();
    const p = createInputPriority({ timers, quietMs: 1000, lineQuietMs: 200, maxWaitMs: 3000, graceMs: 250 });
    const ran: string[] = [];
    p.keystroke();
    p.defer(() => ran.push('held'));
    timers.advance(100);
    p.keystroke(true);
    // The command's output and prompt come first.
    p.echoRendered();
    timers.advance(199);
    expect(ran).toEqual([]);
    timers.advance(1);
    expect(ran).toEqual(['held']);
    // Typing has stopped: a topology update a moment later shows at once.
    timers.advance(50);
    p.defer(() => ran.push('later'));
    expect(ran).toEqual(['held', 'later']);
    // And the next key starts typing again.
    p.keystroke();
    p.defer(() => ran.push('while typing'));
    expect(ran).toEqual(['held', 'later']);
  });

  it('after Enter, a next line started within lineQuietMs keeps the priority', () => {
    const timers = manualTimers();
    const p = createInputPriority({ timers, quietMs: 1000, lineQuietMs: 200, maxWaitMs: 3000, graceMs: 250 });
    const ran: string[] = [];
    p.keystroke();
    p.defer(() => ran.push('held'));
    p.keystroke(true);
    p.echoRendered();
    timers.advance(60);
    p.defer(() => ran.push('new'));
    p.keystroke();
    p.echoRendered();
    // Past the line's quiet time, but keys go on: the work still waits (for quietMs after the last key).
    timers.advance(500);
    expect(ran).toEqual([]);
    timers.advance(500);
    expect(ran).toEqual(['held', 'new']);
  });

  it('while typing, holds work and runs it after the first echo drawn once it is due', () => {
    const timers = manualTimers();
    const p = createInputPriority({ timers, quietMs: 1000, maxWaitMs: 1000, graceMs: 250 });
    const ran: number[] = [];
    p.keystroke();
    p.defer(() => ran.push(timers.now()));
    p.defer(() => ran.push(timers.now()));
    expect(p.waiting).toBe(2);
    // Typing on, one key every 100 ms: echoes before the work is due do not release it.
    for (let i = 0; i < 9; i++) {
      timers.advance(100);
      p.keystroke();
      p.echoRendered();
      timers.advance(0);
    }
    expect(ran).toEqual([]);
    timers.advance(100); // 1000 ms after it was held: due, waiting for an echo
    expect(ran).toEqual([]);
    timers.advance(30);
    p.keystroke();
    timers.advance(5);
    expect(ran).toEqual([]);
    p.echoRendered(); // the echo's frame: the work runs right after it, in a task of its own
    expect(ran).toEqual([]);
    timers.advance(0);
    expect(ran).toHaveLength(2);
    expect(ran[0]).toBe(10_000 + 1035);
    expect(p.waiting).toBe(0);
  });

  it('runs held work as soon as typing stops', () => {
    const timers = manualTimers();
    const p = createInputPriority({ timers, quietMs: 400, maxWaitMs: 1000 });
    let ran = 0;
    p.keystroke();
    timers.advance(50);
    p.defer(() => ran++);
    timers.advance(349);
    expect(ran).toBe(0);
    timers.advance(1);
    expect(ran).toBe(1);
    // And from then on, at once.
    p.defer(() => ran++);
    expect(ran).toBe(2);
  });

  it('does not wait for an echo that never comes', () => {
    const timers = manualTimers();
    const p = createInputPriority({ timers, quietMs: 5000, maxWaitMs: 1000, graceMs: 250 });
    let ran = 0;
    p.keystroke();
    p.defer(() => ran++);
    // Keys keep coming but nothing is echoed (the socket is down).
    for (let t = 0; t < 1200; t += 100) {
      p.keystroke();
      timers.advance(100);
    }
    expect(ran).toBe(0);
    timers.advance(50);
    expect(ran).toBe(1);
  });

  it('a key sets no timer, yet held work still waits for quietMs after the last key', () => {
    const timers = manualTimers();
    let timerCalls = 0;
    const counted: Timers = {
      now: () => timers.now(),
      setTimeout: (fn, ms) => (timerCalls++, timers.setTimeout(fn, ms)),
      clearTimeout: (h) => (timerCalls++, timers.clearTimeout(h)),
    };
    const p = createInputPriority({ timers: counted, quietMs: 400, maxWaitMs: 1000 });
    let ran = 0;
    p.keystroke();
    p.defer(() => ran++);
    const afterDefer = timerCalls;
    // Keys at 100, 200, 300 ms: each moves the quiet deadline, none touches a timer.
    for (let i = 0; i < 3; i++) {
      timers.advance(100);
      const before = timerCalls;
      p.keystroke();
      expect(timerCalls).toBe(before);
    }
    // The timer set for 400 ms fires, sees the later keys and waits on (one re-arm).
    timers.advance(399);
    expect(ran).toBe(0);
    expect(timerCalls).toBe(afterDefer + 1);
    timers.advance(1); // 400 ms after the last key
    expect(ran).toBe(1);
  });

  it('by default holds dashboard work through a line typed without pause, for up to 3 s, then runs it after an echo', () => {
    const timers = manualTimers();
    const p = createInputPriority({ timers });
    const ran: number[] = [];
    p.keystroke();
    p.defer(() => ran.push(timers.now()));
    const heldAt = timers.now();
    // A typist: a key every 80 ms, its echo drawn 4 ms later.
    const typeFor = (ms: number) => {
      for (let t = 0; t < ms; t += 80) {
        p.keystroke();
        timers.advance(4);
        p.echoRendered();
        timers.advance(76);
      }
    };
    typeFor(2960);
    expect(ran).toEqual([]);
    typeFor(160);
    expect(ran).toHaveLength(1);
    expect(ran[0]! - heldAt).toBeGreaterThanOrEqual(3000);
    expect(ran[0]! - heldAt).toBeLessThan(3100);
  });

  it('keeps the order of held work', () => {
    const timers = manualTimers();
    const p = createInputPriority({ timers, quietMs: 300 });
    const ran: string[] = [];
    p.keystroke();
    for (const x of ['a', 'b', 'c']) p.defer(() => ran.push(x));
    timers.advance(300);
    expect(ran).toEqual(['a', 'b', 'c']);
  });
});

describe('second clock', () => {
  it('ticks on the second, only while someone listens, through defer', () => {
    const timers = manualTimers();
    const held: (() => void)[] = [];
    let holding = false;
    const clock = createSecondClock(timers, (task) => (holding ? held.push(task) : task()));
    expect(timers.count).toBe(0);
    let ticks = 0;
    const off = clock.subscribe(() => ticks++);
    const first = clock.now();
    timers.advance(999);
    expect(ticks).toBe(0);
    timers.advance(5);
    expect(ticks).toBe(1);
    expect(clock.now() % 1000).toBeLessThan(10);
    expect(clock.now()).toBeGreaterThan(first);
    // A held tick changes nothing until it runs.
    holding = true;
    const before = clock.now();
    timers.advance(1000);
    expect(ticks).toBe(1);
    expect(clock.now()).toBe(before);
    held.shift()!();
    expect(ticks).toBe(2);
    expect(clock.now()).toBeGreaterThan(before);
    holding = false;
    off();
    expect(timers.count).toBe(0);
    timers.advance(5000);
    expect(ticks).toBe(2);
  });
});
