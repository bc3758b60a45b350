import type { InstructorLabRow } from '@bmp-lab/protocol';
import { duration, orderedRows, watchUrl } from './instructor-table.js';

interface Props {
  rows: ReadonlyMap<string, InstructorLabRow>;
  /** Epoch ms, ticking: the "for how long" and "ago" columns. */
  now: number;
  reset: (labId: string, to: 'exercise' | 'default') => void;
}

/** Ask before a reset: the trainee's configuration is replaced. */
function confirmReset(row: InstructorLabRow, to: 'exercise' | 'default', reset: Props['reset']): void {
  const who = row.name ?? `lab ${row.id}`;
  const what = to === 'exercise' ? `the start of "${row.exercise?.title ?? 'the exercise'}"` : 'the default (blank) configuration';
  if (window.confirm(`Reset ${who} to ${what}? Their running configuration is replaced.`)) reset(row.id, to);
}

/** One row per trainee, kept live by the instructor socket. */
export function InstructorTable({ rows, now, reset }: Props) {
  return (
    <table className="instructor-labs">
      <thead>
        <tr>
          <th>Trainee</th>
          <th>Done</th>
          <th>Exercise</th>
          <th>Stuck on</th>
          <th>BMP</th>
          <th>BGP</th>
          <th>Last activity</th>
          <th>Actions</th>
        </tr>
      </thead>
      <tbody>
        {orderedRows(rows).map((l) => (
          <tr key={l.id} data-testid="instructor-lab" data-lab-id={l.id}>
            <td data-testid="instructor-name">
              <a href={l.url}>{l.name ?? <em>unnamed</em>}</a> <span className="instructor-muted">({l.router})</span>
            </td>
            <td data-testid="instructor-done">{l.exercisesDone}</td>
            <td data-testid="instructor-progress" data-completed={l.exercise?.completed ? 'true' : 'false'}>
              {l.exercise ? `${l.exercise.title}: ${l.exercise.passed}/${l.exercise.checks}${l.exercise.completed ? ' ✔ completed' : ''}` : '—'}
            </td>
            <td data-testid="instructor-stuck">{l.stuck ? `${l.stuck.label} (${duration(now - l.stuck.since)})` : '—'}</td>
            <td data-testid="instructor-bmp">
              {l.bmp.length === 0
                ? 'none'
                : l.bmp.map((s) => (
                    <span key={s.key} className={`instructor-session session-${s.state}`} data-state={s.state}>
                      {s.router === undefined ? '' : `${s.router}: `}
                      {s.address}:{s.port ?? '?'} {s.state}{' '}
                    </span>
                  ))}
            </td>
            <td data-testid="instructor-bgp">
              {l.bgp.length === 0
                ? 'none'
                : l.bgp.map((p) => (
                    <span key={`${p.router ?? ''}/${p.address}`} className="instructor-session">
                      {p.router === undefined ? '' : `${p.router}: `}
                      {p.address} {p.state}{' '}
                    </span>
                  ))}
            </td>
            <td data-testid="instructor-activity">{l.lastActivity === null ? '—' : `${duration(now - l.lastActivity)} ago`}</td>
            <td className="instructor-actions">
              {l.consoles.map((c, i) => (
                <a key={c} href={watchUrl(l, c)} target="_blank" rel="noreferrer" data-testid="instructor-watch">
                  Watch console {i + 1}
                </a>
              ))}
              <button type="button" disabled={!l.exercise} onClick={() => confirmReset(l, 'exercise', reset)}>
                Reset exercise
              </button>
              <button type="button" onClick={() => confirmReset(l, 'default', reset)}>
                Reset to default
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
