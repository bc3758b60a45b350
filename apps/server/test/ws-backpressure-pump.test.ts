import { describe, expect, it } from 'vitest';
import { MAX_QUEUED_MESSAGES, MessagePump, QUEUE_HOLD_MESSAGES } from '../src/transport/message-pump.js';
import type { Step } from '../src/transport/message-pump.js';
import { eventually } from './lab-harness.js';

/** One socket's messages handled in order, long work in steps, reading held while too much waits. */
describe('the message pump of a socket', () => {
  it('handles messages in order, runs work one step per turn (the first at once), and holds reading while much waits', async () => {
    const log: string[] = [];
    const holds: boolean[] = [];
    let blocked = false;
    const pump = new MessagePump<string>(
      (m): Step | null => {
        if (!m.startsWith('work')) {
          log.push(m);
          return null;
        }
        let left = 3;
        return () => {
          log.push(`${m}:${left}`);
          return --left === 0;
        };
      },
      () => log.push('failed'),
      () => blocked,
      (held) => holds.push(held),
    );
    pump.push('a', 1);
    pump.push('work', 1);
    pump.push('b', 1);
    // The work's first step ran at once (a keystroke's echo leaves in the turn it came in); the rest run one step
    // per turn of the event loop, and `b` waits for them.
    expect(log).toEqual(['a', 'work:3']);
    await eventually(() => log.includes('b'));
    expect(log).toEqual(['a', 'work:3', 'work:2', 'work:1', 'b']);
    // Only one step at once per turn: two works pushed together, the second's first step waits a turn.
    log.length = 0;
    pump.push('work3', 1);
    pump.push('work4', 1);
    expect(log).toEqual(['work3:3']);
    await eventually(() => log.includes('work4:1'));
    expect(log).toEqual(['work3:3', 'work3:2', 'work3:1', 'work4:3', 'work4:2', 'work4:1']);

    // Output paused: nothing runs until `pump()` is called again.
    blocked = true;
    pump.push('c', 1);
    expect(log.at(-1)).toBe('work4:1');
    blocked = false;
    pump.pump();
    expect(log.at(-1)).toBe('c');

    // Many messages behind a long work: reading is held, then let go once they are through.
    holds.length = 0;
    pump.push('work2', 1);
    for (let i = 0; i <= QUEUE_HOLD_MESSAGES; i++) pump.push(`m${i}`, 1);
    expect(holds.at(-1)).toBe(true);
    await eventually(() => log.at(-1) === `m${QUEUE_HOLD_MESSAGES}`);
    expect(holds.at(-1)).toBe(false);
  });

  it('refuses a message beyond the hard bound and drops everything once stopped', () => {
    const pump = new MessagePump<number>(
      () => () => false,
      () => {},
      () => false,
      () => {},
    );
    for (let i = 0; i <= MAX_QUEUED_MESSAGES; i++) expect(pump.push(i, 1)).toBe(true);
    expect(pump.push(-1, 1)).toBe(false);
    pump.stop();
    expect(pump.push(-2, 1)).toBe(true);
  });

  it('a step that throws is reported and the next message runs', async () => {
    const seen: string[] = [];
    const pump = new MessagePump<string>(
      (m) =>
        m === 'bad'
          ? () => {
              throw new Error('boom');
            }
          : (seen.push(m), null),
      (e) => seen.push(`failed: ${(e as Error).message}`),
      () => false,
      () => {},
    );
    pump.push('bad', 1);
    pump.push('next', 1);
    await eventually(() => seen.includes('next'));
    expect(seen).toEqual(['failed: boom', 'next']);
  });
});
