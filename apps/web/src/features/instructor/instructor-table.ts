import type { InstructorLabRow, InstructorServerMessage } from '@bmp-lab/protocol';

/** The instructor's table as the socket's messages build it: the snapshot, then changed rows and removed labs. */
export function applyInstructorMessage(rows: ReadonlyMap<string, InstructorLabRow>, m: InstructorServerMessage): ReadonlyMap<string, InstructorLabRow> {
  switch (m.type) {
    case 'instructor.snapshot':
      return new Map(m.labs.map((r) => [r.id, r]));
    case 'instructor.labs': {
      const next = new Map(rows);
      for (const r of m.labs) next.set(r.id, r);
      for (const id of m.removed) next.delete(id);
      return next;
    }
    default:
      return rows;
  }
}

/** Named trainees first, by name; then unnamed labs by id. */
export function orderedRows(rows: ReadonlyMap<string, InstructorLabRow>): InstructorLabRow[] {
  return [...rows.values()].sort((a, b) => {
    if ((a.name === null) !== (b.name === null)) return a.name === null ? 1 : -1;
    return (a.name ?? a.id).localeCompare(b.name ?? b.id);
  });
}

/** "42 s", "3 min", "2 h": how long ago or for how long, coarse enough to read at a glance. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  return `${Math.floor(s / 3600)} h`;
}

/** The read-only view of a lab's console: its page with `?watch=<console id>`. */
export function watchUrl(row: Pick<InstructorLabRow, 'url'>, consoleId: string): string {
  return `${row.url}?watch=${encodeURIComponent(consoleId)}`;
}
