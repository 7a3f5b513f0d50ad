/**
 * A token bucket per client: `rate` messages a second on average, bursts of
 * up to `burst`. A client over its budget has its messages dropped (and is
 * told so at most once a second) while everyone else plays on.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private lastWarned = -Infinity;

  constructor(
    private readonly rate = 60,
    private readonly burst = 120,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** True if the message may go through. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** True at most once a second, to tell a flooding client without flooding back. */
  shouldWarn(): boolean {
    const t = this.now();
    if (t - this.lastWarned < 1000) return false;
    this.lastWarned = t;
    return true;
  }
}
