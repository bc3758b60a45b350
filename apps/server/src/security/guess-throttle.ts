import { TokenBucket } from './rate-limit.js';

/**
 * Throttles guesses of a secret (the instructor token) per source address:
 * `perMinute` wrong guesses are allowed in a burst and refill at that rate;
 * the wrong guess past them, and every attempt of that source until one more
 * guess has refilled, is refused (HTTP 429) without comparing the token. A
 * right token never counts. Sources are bounded: the oldest is forgotten
 * first.
 */
export class GuessThrottle {
  private readonly sources = new Map<string, { wrong: TokenBucket; lockedUntil: number }>();

  constructor(
    readonly perMinute = 10,
    private readonly now: () => number = () => performance.now(),
    private readonly maxSources = 4096,
  ) {}

  /** Whether this source may try now (false: answer 429). */
  allowed(source: string): boolean {
    const s = this.sources.get(source);
    return s === undefined || s.lockedUntil <= this.now();
  }

  /** Milliseconds until the source may try again (0: now). */
  retryAfter(source: string): number {
    const s = this.sources.get(source);
    return s === undefined ? 0 : Math.max(0, s.lockedUntil - this.now());
  }

  /** A wrong guess from this source; false when it was one too many (answer 429 to it). */
  wrong(source: string): boolean {
    let s = this.sources.get(source);
    if (s === undefined) {
      if (this.sources.size >= this.maxSources) this.sources.delete(this.sources.keys().next().value!);
      s = { wrong: new TokenBucket(this.perMinute / 60, this.perMinute, this.now), lockedUntil: -Infinity };
      this.sources.set(source, s);
    }
    if (s.wrong.take(1)) return true;
    s.lockedUntil = this.now() + 60_000 / this.perMinute;
    return false;
  }
}
