import type { Clock, TimerHandle } from '../bmp-client/transport.js';

/**
 * How long (real milliseconds, `Clock.elapsed`) one turn of BGP work may hold
 * the event loop before it lets the rest wait for a later turn (`Clock.later`).
 * Every lab of the server shares that loop: a neighbor's full table handled
 * a read at a time, or an import policy run over it in one go, held every
 * lab's consoles for seconds. Receiving (a session's backlog of messages),
 * sending (a lab neighbor's table) and re-importing (a changed import policy
 * over kept routes) each go a turn at a time (TurnedWork).
 */
export const TURN_BUDGET_MS = 8;

/** What the owner of a TurnedWork hears. */
export interface TurnHooks {
  /** A turn ran out of time with work left; the next turn is already waiting (cancelling the work cancels it). */
  yielded?(): void;
  /** No work is left (`step` said so). */
  finished?(): void;
}

/**
 * Work done a turn at a time. `step` does one piece and says whether there is
 * more; a turn runs steps until there is none or TURN_BUDGET_MS has gone,
 * then leaves the rest to a later turn. A turn asked for while one runs (its
 * steps made more work, e.g. data that arrived meanwhile) is left to the one
 * running.
 */
export class TurnedWork {
  private waitingTurn: TimerHandle | null = null;
  private running = false;

  constructor(
    private readonly clock: Clock,
    private readonly step: () => boolean,
    private readonly hooks: TurnHooks = {},
  ) {}

  /** A later turn is waiting to go on. */
  get waiting(): boolean {
    return this.waitingTurn !== null;
  }

  /** Run a turn now (the waiting one, if any, is not needed any more). */
  run(): void {
    if (this.running) return;
    this.cancel();
    this.running = true;
    try {
      const start = this.clock.elapsed();
      while (this.step()) {
        if (this.clock.elapsed() - start >= TURN_BUDGET_MS) {
          // Scheduled before the owner hears of it, so an owner that cancels from its hook cancels this turn.
          this.waitingTurn = this.clock.later(() => {
            this.waitingTurn = null;
            this.run();
          });
          this.hooks.yielded?.();
          return;
        }
      }
      this.hooks.finished?.();
    } finally {
      this.running = false;
    }
  }

  /** Drop what is left for later turns. */
  cancel(): void {
    this.waitingTurn?.cancel();
    this.waitingTurn = null;
  }
}
