/**
 * Token buckets, one per key (a tenant): a bucket holds up to `burst` requests and refills at
 * `perSecond`; a request takes one. Plain arithmetic on a Map, so it costs nothing on the hot path.
 * The Worker keeps one set per isolate (docs/decisions.md, rate limits: what that means deployed).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly maxKeys = 10_000) {}

  /**
   * Takes one request from `key`'s bucket: answers 0 when it may go ahead, else the milliseconds
   * until a request would be allowed (the caller answers 429 with Retry-After).
   */
  take(key: string, perSecond: number, burst: number, now = Date.now()): number {
    let b = this.buckets.get(key);
    if (b === undefined) {
      // Full buckets are the same as none: the oldest are dropped when there are too many keys.
      if (this.buckets.size >= this.maxKeys) this.sweep(now, perSecond, burst);
      b = { tokens: burst, at: now };
      this.buckets.set(key, b);
    } else {
      b.tokens = Math.min(burst, b.tokens + ((now - b.at) * perSecond) / 1000);
      b.at = now;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) * 1000) / perSecond);
  }

  /** Forgets a key (its limits changed, or it was deleted): its next request starts with a full bucket. */
  forget(key: string): void {
    this.buckets.delete(key);
  }

  /** Drops buckets that have refilled (they hold nothing a new one would not); all of them if none has. */
  private sweep(now: number, perSecond: number, burst: number): void {
    for (const [k, b] of this.buckets)
      if (b.tokens + ((now - b.at) * perSecond) / 1000 >= burst) this.buckets.delete(k);
    if (this.buckets.size >= this.maxKeys) this.buckets.clear();
  }

  /** How many keys have a bucket. */
  get size(): number {
    return this.buckets.size;
  }
}
