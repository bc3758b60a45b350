import { useNow } from '../../app/use-now.js';
import type { TimelineEntry } from '../../store/index.js';
import { formatAge, formatTime } from '../format.js';
import { timelineSegments } from './timeline.js';

function label(e: { state: 'up' | 'down'; reason: string | null }): string {
  return e.state === 'up' ? 'Up' : e.reason === null ? 'Down' : `Down (${e.reason})`;
}

/** The session's states over time as a strip (newest at the right). */
export function TimelineStrip({ entries }: { entries: readonly TimelineEntry[] }) {
  const now = useNow();
  const { segments, from } = timelineSegments(entries, now);
  return (
    <div className="timeline" data-testid="session-timeline" data-entries={entries.length} aria-label="State timeline">
      <div className="timeline-track">
        {segments.map((s) => (
          <span
            key={s.at}
            className={`timeline-seg seg-${s.state}`}
            data-timeline-state={s.state}
            data-timeline-reason={s.reason ?? ''}
            style={{ left: `${s.left}%`, width: `${s.width}%` }}
            title={`${label(s)} at ${formatTime(s.at)} for ${formatAge(s.end - s.at)}`}
          />
        ))}
      </div>
      <span className="timeline-scale mono">−{formatAge(now - from).replace(/^00h/, '')}</span>
    </div>
  );
}

/** The transitions in words, newest first. */
export function TimelineList({ entries }: { entries: readonly TimelineEntry[] }) {
  if (entries.length === 0) return <p className="muted">No state seen yet.</p>;
  return (
    <ol className="timeline-list">
      {[...entries].reverse().map((e) => (
        <li key={e.at} data-timeline-entry={e.state}>
          <span className="mono muted">{formatTime(e.at)}</span>
          <span className={`state-pill state-pill-${e.state}`}>{e.state === 'up' ? 'Up' : 'Down'}</span>
          {e.reason !== null && <span className="down-reason">{e.reason}</span>}
        </li>
      ))}
    </ol>
  );
}
