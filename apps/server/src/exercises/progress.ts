import { LADDER } from '@bmp-lab/exercises';
import type { ExerciseProgressEntry } from '@bmp-lab/protocol';
import type { LabStore } from '../persistence/store.js';

/**
 * Which exercises of the ladder one lab finished, and how: on the trainee's
 * own, or after restoring a checkpoint. Kept in the lab's store (table
 * exercise_progress), so it outlives opening another exercise, a reload and
 * a server restart. Finishing again on one's own upgrades a "with a
 * checkpoint"; finishing with a checkpoint never downgrades one's own.
 */
export class ProgressBook {
  private readonly done = new Map<string, ExerciseProgressEntry>();

  constructor(
    private readonly labId: string,
    private readonly store: LabStore | null,
  ) {
    for (const row of store?.exerciseProgress(labId) ?? []) {
      // Exercises the ladder no longer has are left out.
      if (LADDER.some((e) => e.id === row.exerciseId)) this.done.set(row.exerciseId, { id: row.exerciseId, completedAt: row.completedAt, withCheckpoint: row.withCheckpoint });
    }
  }

  finished(id: string, completedAt: number, withCheckpoint: boolean): void {
    const before = this.done.get(id);
    if (before && (withCheckpoint || !before.withCheckpoint)) return;
    const entry = { id, completedAt, withCheckpoint };
    this.done.set(id, entry);
    this.store?.putExerciseProgress(this.labId, { exerciseId: id, completedAt, withCheckpoint });
  }

  /** In ladder order. */
  entries(): ExerciseProgressEntry[] {
    return LADDER.flatMap((e) => {
      const d = this.done.get(e.id);
      return d ? [d] : [];
    });
  }
}
