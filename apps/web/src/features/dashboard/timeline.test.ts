import { describe, expect, it } from 'vitest';
import { timelineSegments } from './timeline.js';

describe('timelineSegments', () => {
  it('lays states out from now - span to now', () => {
    const { segments, from } = timelineSegments(
      [
        { at: 0, state: 'down', reason: null },
        { at: 60_000, state: 'up', reason: null },
        { at: 90_000, state: 'down', reason: 'Peer Closed' },
      ],
      120_000,
    );
    expect(from).toBe(0);
    expect(segments.map((s) => [s.state, s.left, s.width])).toEqual([
      ['down', 0, 50],
      ['up', 50, 25],
      ['down', 75, 25],
    ]);
  });

  it('shows at least a minute and clips what is older than the span', () => {
    const young = timelineSegments([{ at: 10_000, state: 'up', reason: null }], 70_000).segments[0];
    expect(young).toMatchObject({ left: 0, width: 100 });
    const baby = timelineSegments([{ at: 45_000, state: 'up', reason: null }], 60_000).segments[0];
    expect(baby?.left).toBeCloseTo(75);
    expect(baby?.width).toBeCloseTo(25);
    const old = timelineSegments(
      [
        { at: 0, state: 'down', reason: null },
        { at: 1_000, state: 'up', reason: null },
      ],
      3_600_000,
      60_000,
      600_000,
    );
    expect(old.segments).toHaveLength(1);
    expect(old.segments[0]).toMatchObject({ state: 'up', left: 0, width: 100 });
  });
});
