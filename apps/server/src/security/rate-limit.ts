/**
 * Rate limits per WebSocket connection: a token bucket for messages, one for
 * console input bytes and one for `console.open`. Over a limit the message is
 * dropped with an `error` `rate-limited`; a connection that keeps going over
 * (its strikes run out) is closed with 1008 (policy violation). New
 * connections are limited per source address (UpgradeLimiter).
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
    this.refill();
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }

  /** Whether the bucket is back to its burst (nothing taken lately: it can be forgotten). */
  get full(): boolean {
    this.refill();
    return this.tokens >= this.burst;
  }

  private refill(): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
  }
}

export interface RateLimits {
  /** Messages per second, and burst. */
  messagesPerSecond: number;
  messageBurst: number;
  /** Console input bytes per second, and burst. */
  consoleBytesPerSecond: number;
  consoleBytesBurst: number;
  /** `console.open` messages per second, and burst (a reconnect storm must not log in consoles by the thousand). */
  consoleOpensPerSecond: number;
  consoleOpenBurst: number;
  /** WebSocket upgrades per source address per second, and burst. */
  upgradesPerSecond: number;
  upgradeBurst: number;
  /** Dropped messages tolerated in a burst before the connection is closed, and how fast that allowance refills. */
  strikes: number;
  strikesPerSecond: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  messagesPerSecond: 200,
  messageBurst: 400,
  consoleBytesPerSecond: 1024 * 1024,
  consoleBytesBurst: 1024 * 1024,
  // A page reconnecting opens its tabs' consoles at once (at most VTY_MAX_USERS of them).
  consoleOpensPerSecond: 2,
  consoleOpenBurst: 16,
  // Several tabs and reconnects from one browser stay far below this.
  upgradesPerSecond: 10,
  upgradeBurst: 60,
  // About 10 s of sending at twice the limit.
  strikes: 2000,
  strikesPerSecond: 20,
};

export type Verdict = 'ok' | 'rate-limited' | 'abuse';

export class ConnectionLimiter {
  private readonly messages: TokenBucket;
  private readonly consoleBytes: TokenBucket;
  private readonly consoleOpens: TokenBucket;
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
    this.consoleOpens = new TokenBucket(limits.consoleOpensPerSecond, limits.consoleOpenBurst, now);
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

  /** A `console.open` arrived (after `message()` said ok). */
  consoleOpen(): Verdict {
    return this.consoleOpens.take(1) ? 'ok' : this.strike();
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

/** Entries kept before idle ones are forgotten. */
const UPGRADE_SOURCES_PRUNE_AT = 1024;

/**
 * WebSocket upgrades per source address: a token bucket each, so a
 * reconnect storm from one address is answered 429 instead of opening
 * sockets (and consoles) without bound. Buckets back at their burst are
 * forgotten once many sources were seen, and the oldest when none is, so
 * memory stays bounded.
 */
export class UpgradeLimiter {
  private readonly sources = new Map<string, TokenBucket>();

  constructor(
    readonly limits: Pick<RateLimits, 'upgradesPerSecond' | 'upgradeBurst'>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Whether `address` may open one more WebSocket now. */
  allow(address: string): boolean {
    let bucket = this.sources.get(address);
    if (!bucket) {
      if (this.sources.size >= UPGRADE_SOURCES_PRUNE_AT) this.prune();
      bucket = new TokenBucket(this.limits.upgradesPerSecond, this.limits.upgradeBurst, this.now);
      this.sources.set(address, bucket);
    }
    return bucket.take(1);
  }

  /** Sources tracked now. */
  get size(): number {
    return this.sources.size;
  }

  private prune(): void {
    for (const [address, bucket] of this.sources) if (bucket.full) this.sources.delete(address);
    // Every source busy (many addresses at once): forget the one seen first.
    if (this.sources.size >= UPGRADE_SOURCES_PRUNE_AT) this.sources.delete(this.sources.keys().next().value!);
  }
}
