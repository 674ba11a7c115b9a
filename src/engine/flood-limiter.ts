/** What a flood limiter makes of one more message: pass it, warn once, or drop it silently. */
export type FloodVerdict = 'ok' | 'warn' | 'drop';

/**
 * Per-user limit of messages a minute. The first message over the limit gets one warning; the
 * rest of the minute is silent, so a stuck client cannot flood a group. An interface because the
 * count lives in this process (`MemoryFloodLimiter`) or, with several instances, in Redis
 * (`RedisFloodLimiter`), where a user spread over two instances is still counted once.
 */
export interface FloodLimiter {
  /** Counts one message of `key` and says what to do with it. */
  check(key: string): Promise<FloodVerdict>;
}

/** The flood limit of one process: a sliding window of the user's recent message times. */
export class MemoryFloodLimiter implements FloodLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async check(key: string): Promise<FloodVerdict> {
    const now = this.clock();
    const recent = (this.windows.get(key) ?? []).filter((t) => now - t < this.windowMs);
    recent.push(now);
    this.windows.set(key, recent);
    if (this.windows.size > 10_000) this.sweep(now);
    if (recent.length <= this.limit) return 'ok';
    return recent.length === this.limit + 1 ? 'warn' : 'drop';
  }

  private sweep(now: number): void {
    for (const [key, times] of this.windows) {
      if (times.every((t) => now - t >= this.windowMs)) this.windows.delete(key);
    }
  }
}
