import { NeighborRouteError } from '@bmp-lab/router';
import type { Clock, TimerHandle } from '@bmp-lab/router';
import type { Log } from '../log.js';
import { announceRoutes } from './neighbor-control.js';
import type { LabNeighbors } from './neighbor-control.js';
import type { ScriptStep } from './topology.js';

/** A running script: `cancel` stops it (Lab.stop). */
export interface RunningScript {
  cancel(): void;
  /** Steps run so far (tests, diagnostics). */
  readonly done: number;
}

/**
 * Run a topology's `script:` on the lab's protocol clock (BMPLAB_TIME_SCALE
 * speeds it up): each step `at` protocol seconds after the start, in order
 * of `at`, steps of the same `at` in file order. One timer at a time, so a
 * long script costs nothing while it waits. A step that cannot be done (a
 * route the budget refuses, a withdrawal of a route not announced) is
 * logged and the script goes on.
 */
export function startLabScript(steps: readonly ScriptStep[], lab: LabNeighbors, clock: Clock, log: Log): RunningScript {
  const ordered = steps.map((step, index) => ({ step, index })).sort((a, b) => a.step.at - b.step.at || a.index - b.index);
  // Each step's wall-clock deadline, fixed at the start: a late timer does not push the later steps back.
  const due = ordered.map((o) => clock.deadline(o.step.at * 1000));
  let next = 0;
  let timer: TimerHandle | null = null;
  let cancelled = false;
  const schedule = () => {
    if (cancelled || next >= ordered.length) return;
    timer = clock.setTimer(clock.remaining(due[next]!), () => {
      timer = null;
      // The step the timer was for, then every later one already due.
      do runStep(ordered[next++]!.step, lab, log);
      while (!cancelled && next < ordered.length && clock.remaining(due[next]!) === 0);
      schedule();
    });
  };
  schedule();
  return {
    cancel() {
      cancelled = true;
      timer?.cancel();
      timer = null;
    },
    get done() {
      return next;
    },
  };
}

function runStep(step: ScriptStep, lab: LabNeighbors, log: Log): void {
  const neighbor = lab.neighbor(step.neighbor);
  const what = describeStep(step);
  if (!neighbor) return log.warn(`script: at ${step.at} s ${what} skipped: the lab has no neighbor ${step.neighbor} (over its listener budget?)`);
  try {
    if ('announce' in step) announceRoutes(lab, neighbor, [step.announce]);
    else if ('withdraw' in step) {
      if (!neighbor.withdrawRoute(step.withdraw)) return log.warn(`script: at ${step.at} s ${what} skipped: ${step.neighbor} does not announce ${step.withdraw}`);
    } else neighbor.setUp('up' in step);
  } catch (e) {
    if (e instanceof NeighborRouteError) return log.warn(`script: at ${step.at} s ${what} refused: ${e.message}`);
    throw e;
  }
  log.info(`script: at ${step.at} s ${what}`);
}

function describeStep(step: ScriptStep): string {
  if ('announce' in step) return `${step.neighbor} announces ${step.announce.prefix}`;
  if ('withdraw' in step) return `${step.neighbor} withdraws ${step.withdraw}`;
  return `${step.neighbor} goes ${'down' in step ? 'down' : 'up'}`;
}
