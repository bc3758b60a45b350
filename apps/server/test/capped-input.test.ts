import { describe, expect, it } from 'vitest';
import { CappedRun, runCapped, slicesAfterCostlyKeys } from '../src/console/capped-input.js';

/** Console input cut where its output passes the cap, measured after each key that can print a lot. */
describe('capped console input', () => {
  it('slices after ?, Tab and Enter, keeps a CRLF together, and scans a long plain run in linear time', () => {
    expect(slicesAfterCostlyKeys('d?dis\tx\r\ny\rz')).toEqual(['d?', 'dis\t', 'x\r\n', 'y\r', 'z']);
    expect(slicesAfterCostlyKeys('')).toEqual([]);
    const long = 'a'.repeat(1 << 20);
    const t0 = performance.now();
    expect(slicesAfterCostlyKeys(long)).toEqual([long]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('stops running a chunk once its output passes the cap, with one line saying how much was left', () => {
    const fed: string[] = [];
    // A terminal whose every `?` prints 1000 characters.
    const terminal = { input: (d: string) => (fed.push(d), d.endsWith('?') ? 'x'.repeat(1000) : d) };
    const out = runCapped(terminal, 'd?'.repeat(100), 10_000);
    expect(fed).toHaveLength(11);
    expect(out.match(/x/g)).toHaveLength(11_000);
    expect(out.endsWith('Info: This input printed 11 KiB, far more than it typed; its remaining 178 characters were not run.\r\n')).toBe(true);
    // Under the cap nothing is cut; one command's own output is never cut.
    expect(runCapped(terminal, 'd?d?', 10_000)).toBe('x'.repeat(2000));
    expect(runCapped({ input: () => 'y'.repeat(50_000) }, 'display x\r', 10_000)).toBe('y'.repeat(50_000));
  });

  it('runs a paste of any length whole: its echo and prompts are within the allowance per character typed', () => {
    // Each line echoes, then a prompt and sometimes an error with its caret: about 3 characters out per character in.
    const terminal = { input: (d: string) => d + '\r\n[*HUAWEI-bgp]' + (d.includes('bad') ? '\r\nError: Unrecognized command found at position.' : '') };
    const paste = Array.from({ length: 20_000 }, (_, i) => (i % 10 === 0 ? 'bad line' : `peer 10.0.${i >> 8}.${i & 255} as-number 65001`) + '\r').join('');
    const out = runCapped(terminal, paste, 10_000);
    expect(out).not.toContain('were not run');
    expect(out.match(/\[\*HUAWEI-bgp\]/g)).toHaveLength(20_000);
  });

  it('runs in steps of bounded time', () => {
    let clock = 0;
    const terminal = { input: (d: string) => ((clock += 1), d) };
    const run = new CappedRun(terminal, 'a?'.repeat(10), 1_000_000, () => clock);
    expect(run.step(3)).toBe('a?a?a?');
    expect(run.done).toBe(false);
    let rest = '';
    while (!run.done) rest += run.step(3);
    expect(rest).toBe('a?'.repeat(7));
  });

  it('runs a keystroke (one slice) without reading the clock, and a longer input against it', () => {
    let reads = 0;
    const clock = () => (reads++, 0);
    const terminal = { input: (d: string) => d };
    const key = new CappedRun(terminal, 'a', 1_000_000, clock);
    expect(key.step()).toBe('a');
    expect(key.done).toBe(true);
    expect(reads).toBe(0);
    const paste = new CappedRun(terminal, 'a?b?c', 1_000_000, clock);
    expect(paste.step()).toBe('a?b?c');
    expect(reads).toBeGreaterThan(0);
  });
});
