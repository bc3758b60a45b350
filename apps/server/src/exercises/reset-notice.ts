import type { Exercise } from '@bmp-lab/exercises';

/**
 * What every console of a lab prints when an exercise replaces the lab's
 * configuration (Device.resetConsoles). ⚠ INFERRED wording
 * (docs/vrp-behaviour.md §3.15, "Exercise reset on open consoles"): a real device
 * has no exercises; the lines follow VRP's `Info:` style for what the device
 * tells a user on its own.
 */

/** Why the configuration was replaced. */
export type ResetCause = { kind: 'start' } | { kind: 'reset' } | { kind: 'checkpoint'; step: number; lines: readonly string[] };

const DISCARDED = 'uncommitted configurations were discarded.';

export function resetNotice(exercise: Exercise, cause: ResetCause): string[] {
  const name = `"${exercise.title}"`;
  switch (cause.kind) {
    case 'start':
      return [`Info: The lab was reset for exercise ${name}; ${DISCARDED}`];
    case 'reset':
      return [`Info: The lab was reset to the start of exercise ${name}; ${DISCARDED}`];
    case 'checkpoint':
      return [
        `Info: The lab was reset to the checkpoint of step ${cause.step + 1} of exercise ${name}; ${DISCARDED}`,
        // A router the exercise does not configure got no lines: nothing to list.
        ...(cause.lines.length > 0 ? ['Info: Checkpoint applied:', ...cause.lines.map((l) => `  ${l}`)] : []),
      ];
  }
}

/**
 * What the consoles of a router an earlier exercise added print before they
 * are logged out, when an exercise without that router opens (the router
 * leaves the lab). Same inferred `Info:` style as resetNotice.
 */
export function routerRemovedNotice(sysname: string, exercise: Exercise): string[] {
  return [`Info: Router ${sysname} was removed from the lab: exercise "${exercise.title}" does not use it. This console is logged out.`];
}
