/**
 * A token bucket per client: `rate` messages a second on average, bursts of
 * up to `burst`. A client over its budget has its messages dropped (and is
 * told so at most once a second) while everyone else plays on.
 *
 * Dropped messages also add to a strain that drains at a quarter of the
 * rate: a client that only bursts now and then never builds it up, while one
 * that keeps sending well over its budget after being told reaches
 * `persistent`, and the room then disconnects it.
 */
export class RateLimiter {
  private tokens: number;
  private last: number;
  private lastWarned = -Infinity;
  private strain = 0;

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
    const seconds = (t - this.last) / 1000;
    this.tokens = Math.min(this.burst, this.tokens + seconds * this.rate);
    this.strain = Math.max(0, this.strain - seconds * (this.rate / 4));
    this.last = t;
    if (this.tokens < 1) {
      this.strain += 1;
      return false;
    }
    this.tokens -= 1;
    return true;
  }

  /** The client has gone on flooding for long after its first warning (about 5 s at twice its rate). */
  get persistent(): boolean {
    return this.strain > this.rate * 5;
  }

  /** True at most once a second, to tell a flooding client without flooding back. */
  shouldWarn(): boolean {
    const t = this.now();
    if (t - this.lastWarned < 1000) return false;
    this.lastWarned = t;
    return true;
  }
}
