import type { StationClock, StationTimer } from '../clock.js';

/** Messages a station's viewers are sent one by one in a burst, before the budget holds them back. */
export const LIVE_MESSAGE_BURST = 50;
/** Messages a second the budget lets through one by one after a burst. */
export const LIVE_MESSAGES_PER_SECOND = 50;
/** How soon, after a message was held back, the viewers are told to catch up (and how often during a long burst). */
export const CATCH_UP_MS = 500;

/**
 * Which received messages go to the viewers one by one. A trainee reads a
 * few messages a second, and a browser shown each of a table dump's ten
 * thousand messages a second spent more CPU on them than the server spent
 * receiving the dump, on the same cores (a million-route IPv6 ingest took 1.4
 * to 2 s with the lab's page open, 0.3 s without; each message shown cost
 * the page most of a millisecond, so a burst of 200 still cost 150 ms of its
 * CPU, 20 about 30 ms). So a token bucket: a burst
 * of LIVE_MESSAGE_BURST goes out as it comes, then LIVE_MESSAGES_PER_SECOND;
 * a message beyond that is held back, and so is every message until
 * CATCH_UP_MS later `behind` is called once for them all: the owner then
 * sends the newest messages at once (a snapshot), which is all a viewer's
 * list shows.
 * Every message is still logged and stored; only the live stream thins out.
 */
export interface LiveMessageLimits {
  burst: number;
  perSecond: number;
  catchUpMs: number;
}

export const LIVE_MESSAGE_LIMITS: LiveMessageLimits = { burst: LIVE_MESSAGE_BURST, perSecond: LIVE_MESSAGES_PER_SECOND, catchUpMs: CATCH_UP_MS };

export class LiveMessageBudget {
  private tokens: number;
  private refilledAt: number;
  private catchUp: StationTimer | null = null;
  private readonly burst: number;
  private readonly perSecond: number;
  private readonly catchUpMs: number;

  constructor(
    private readonly clock: StationClock,
    private readonly behind: () => void,
    limits: LiveMessageLimits = LIVE_MESSAGE_LIMITS,
  ) {
    ({ burst: this.burst, perSecond: this.perSecond, catchUpMs: this.catchUpMs } = limits);
    this.tokens = this.burst;
    this.refilledAt = clock.now();
  }

  /** A message was logged: true if it goes to the viewers now; false if it waits for the next catch-up. */
  admit(): boolean {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) * this.perSecond) / 1000);
    this.refilledAt = now;
    // While a catch-up is owed, everything waits for it: a browser then gets the rate's messages as one batch after
    // each snapshot instead of a trickle of single messages, each one a render of its list.
    if (this.tokens >= 1 && this.catchUp === null) {
      this.tokens -= 1;
      return true;
    }
    this.catchUp ??= this.clock.setTimer(this.catchUpMs, () => {
      this.catchUp = null;
      this.behind();
    });
    return false;
  }

  /** No catch-up is owed any more (the station stopped). */
  cancel(): void {
    this.catchUp?.cancel();
    this.catchUp = null;
  }
}
