/**
 * Rate limits per WebSocket connection: a token bucket for
 * messages and one for console input bytes. Over a limit the message is
 * dropped with an `error` `rate-limited`; a connection that keeps going over
 * (its strikes run out) is closed with 1008 (policy violation).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    /** Tokens added per second. */
    readonly rate: number,
    /** Most tokens held (the burst). */
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** Take `n` tokens if there are that many; false (nothing taken) otherwise. */
  take(n = 1): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }
}

export interface RateLimits {
  /** Messages per second, and burst. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Console input bytes per second, and burst. */
  consoleBytesPerSecond: number;
  consoleBytesBurst: number;
  /** Dropped messages tolerated in a burst before the connection is closed, and how fast that allowance refills. */
  strikes: number;
  strikesPerSecond: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  messagesPerSecond: 200,
  messageBurst: 400,
  consoleBytesPerSecond: 1024 * 1024,
  consoleBytesBurst: 1024 * 1024,
  // About 10 s of sending at twice the limit.
  strikes: 2000,
  strikesPerSecond: 20,
};

export type Verdict = 'ok' | 'rate-limited' | 'abuse';

export class ConnectionLimiter {
  private readonly messages: TokenBucket;
  private readonly consoleBytes: TokenBucket;
  private readonly strikes: TokenBucket;
  /** Messages dropped so far. */
  dropped = 0;
  private lastErrorAt = -Infinity;

  constructor(
    readonly limits: RateLimits = DEFAULT_RATE_LIMITS,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.messages = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, now);
    this.consoleBytes = new TokenBucket(limits.consoleBytesPerSecond, limits.consoleBytesBurst, now);
    this.strikes = new TokenBucket(limits.strikesPerSecond, limits.strikes, now);
  }

  /** One message arrived. */
  message(): Verdict {
    return this.messages.take(1) ? 'ok' : this.strike();
  }

  /** A console.input of this many bytes arrived (after `message()` said ok). */
  consoleInput(bytes: number): Verdict {
    return this.consoleBytes.take(bytes) ? 'ok' : this.strike();
  }

  /** Whether to tell the client about this drop (at most 10 errors a second, so errors never amplify a flood). */
  shouldReport(): boolean {
    const t = this.now();
    if (t - this.lastErrorAt < 100) return false;
    this.lastErrorAt = t;
    return true;
  }

  private strike(): Verdict {
    this.dropped++;
    return this.strikes.take(1) ? 'rate-limited' : 'abuse';
  }
}
