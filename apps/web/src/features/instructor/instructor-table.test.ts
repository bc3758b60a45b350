import { describe, expect, it } from 'vitest';
import type { InstructorLabRow } from '@bmp-lab/protocol';
import { applyInstructorMessage, duration, orderedRows, watchUrl } from './instructor-table.js';

const row = (id: string, name: string | null, passed = 0): InstructorLabRow => ({
  id,
  url: `/labs/${id}`,
  name,
  router: 'HUAWEI',
  exercisesDone: 0,
  exercise: { id: 'seed-session', title: 'Seed', passed, checks: 3, completed: false },
  stuck: null,
  bmp: [],
  bgp: [],
  consoles: [],
  lastActivity: null,
});

describe('instructor table', () => {
  it('replaces on a snapshot, updates and removes rows on an update', () => {
    let rows = applyInstructorMessage(new Map(), { type: 'instructor.snapshot', labs: [row('a', 'Zoe'), row('b', null), row('c', 'Ada')] });
    expect(orderedRows(rows).map((r) => r.id)).toEqual(['c', 'a', 'b']);
    rows = applyInstructorMessage(rows, { type: 'instructor.labs', labs: [row('a', 'Zoe', 2)], removed: ['b'] });
    expect(orderedRows(rows).map((r) => [r.id, r.exercise?.passed])).toEqual([
      ['c', 0],
      ['a', 2],
    ]);
  });

  it('formats durations and watch links', () => {
    expect([duration(4_400), duration(125_000), duration(7_300_000)]).toEqual(['4 s', '2 min', '2 h']);
    expect(watchUrl({ url: '/' }, 'a b')).toBe('/?watch=a%20b');
  });
});
