import type { TimelineEntry } from '../../store/index.js';

export interface TimelineSegment {
  state: 'up' | 'down';
  reason: string | null;
  at: number;
  end: number;
  /** Position and width in the strip, 0..100. */
  left: number;
  width: number;
}

/**
 * Lay the timeline out on a strip from `now - span` to `now`. The span grows
 * with the history (at least `minSpanMs`, at most `maxSpanMs`), so a young
 * session's first Up does not sit in a sliver at the right edge.
 */
export function timelineSegments(
  entries: readonly TimelineEntry[],
  now: number,
  minSpanMs = 60_000,
  maxSpanMs = 30 * 60_000,
): { segments: TimelineSegment[]; from: number; to: number } {
  const first = entries[0];
  const span = first === undefined ? minSpanMs : Math.min(maxSpanMs, Math.max(minSpanMs, now - first.at));
  const from = now - span;
  const segments: TimelineSegment[] = [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const end = Math.max(e.at, entries[i + 1]?.at ?? now);
    if (end <= from) continue;
    const start = Math.max(e.at, from);
    segments.push({
      state: e.state,
      reason: e.reason,
      at: e.at,
      end,
      left: ((start - from) / span) * 100,
      width: Math.max(0, ((Math.min(end, now) - start) / span) * 100),
    });
  }
  return { segments, from, to: now };
}
