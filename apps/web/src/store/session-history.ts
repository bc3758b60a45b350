import { BMP_MESSAGE_TYPES, type BmpSessionView } from '@bmp-lab/protocol';
import { RATE_WINDOW_MS, TIMELINE_LIMIT, type RateSample, type TimelineEntry } from './state.js';

/**
 * The state timeline: one entry per stretch of state the session was seen
 * in (Down → Up → Down(reason) …); a new entry starts when the state or the
 * Down reason changes. Bounded to the newest `limit` entries.
 */
export function extendTimeline(
  timeline: readonly TimelineEntry[] | undefined,
  s: Pick<BmpSessionView, 'state' | 'downReason' | 'since'>,
  limit: number = TIMELINE_LIMIT,
): readonly TimelineEntry[] {
  const list = timeline ?? [];
  const last = list[list.length - 1];
  const reason = s.state === 'down' ? s.downReason : null;
  // Same state for the same reason (a ConnectRetry that failed again): one stretch, not many.
  // A new Up (since moved) is a new stretch even if the Down between was never seen.
  if (last !== undefined && last.state === s.state && last.reason === reason && (s.state === 'down' || last.at === s.since)) {
    return list;
  }
  const next = [...list, { at: s.since, state: s.state, reason }];
  return next.length > limit ? next.slice(next.length - limit) : next;
}

/** Messages sent of every type, summed. */
export function totalSent(s: Pick<BmpSessionView, 'sent'>): number {
  let n = 0;
  for (const t of BMP_MESSAGE_TYPES) n += s.sent[t];
  return n;
}

/** Add a sample of the sent total at `now`, keeping the last minute (plus the one sample before it). */
export function addRateSample(samples: readonly RateSample[] | undefined, total: number, now: number, windowMs: number = RATE_WINDOW_MS): readonly RateSample[] {
  const list = samples ?? [];
  const last = list[list.length - 1];
  if (last !== undefined && last.total === total && now - last.at < 1_000) return list;
  const next = [...list, { at: now, total }];
  // Keep one sample older than the window: the first delta inside it needs a base.
  let cut = 0;
  while (cut + 1 < next.length && next[cut + 1]!.at <= now - windowMs) cut++;
  return cut > 0 ? next.slice(cut) : next;
}

/**
 * Messages per second in `buckets` slots of `bucketMs` ending at `now`
 * (oldest first), from the deltas between samples. A delta is spread evenly
 * over the time between its two samples; a counter that went backwards (a
 * session recreated) counts from zero.
 */
export function rateSeries(samples: readonly RateSample[], now: number, buckets = 60, bucketMs = 1_000): number[] {
  const out = new Array<number>(buckets).fill(0);
  const start = now - buckets * bucketMs;
  for (let i = 1; i < samples.length; i++) {
    const a = samples[i - 1]!;
    const b = samples[i]!;
    const delta = b.total >= a.total ? b.total - a.total : b.total;
    if (delta === 0) continue;
    const t0 = Math.max(a.at, b.at - 5 * bucketMs, start);
    const t1 = Math.min(b.at, now);
    if (t1 <= start) continue;
    if (t1 <= t0) {
      const idx = Math.min(buckets - 1, Math.floor((t1 - start - 1) / bucketMs));
      if (idx >= 0) out[idx]! += delta;
      continue;
    }
    // Spread over at most the last 5 buckets before the sample (an update arrives at most every few hundred ms).
    const span = b.at - Math.max(a.at, b.at - 5 * bucketMs);
    for (let k = Math.floor((t0 - start) / bucketMs); k * bucketMs + start < t1 && k < buckets; k++) {
      const lo = Math.max(t0, start + k * bucketMs);
      const hi = Math.min(t1, start + (k + 1) * bucketMs);
      if (hi > lo && k >= 0) out[k]! += (delta * (hi - lo)) / span;
    }
  }
  return out.map((v) => v / (bucketMs / 1000));
}
