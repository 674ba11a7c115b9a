/**
 * Per-user sliding-window limit: at most `limit` messages a minute. The first message over the
 * limit gets one warning; the rest of the minute is silent, so a stuck client cannot flood a group.
 */
export class FloodLimiter {
  private readonly windows = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** 'ok', 'warn' (first over the limit) or 'drop'. */
  check(user: string, now = Date.now()): 'ok' | 'warn' | 'drop' {
    const recent = (this.windows.get(user) ?? []).filter((t) => now - t < this.windowMs);
    recent.push(now);
    this.windows.set(user, recent);
    if (this.windows.size > 10_000) this.sweep(now);
    if (recent.length <= this.limit) return 'ok';
    return recent.length === this.limit + 1 ? 'warn' : 'drop';
  }

  private sweep(now: number): void {
    for (const [user, times] of this.windows) {
      if (times.every((t) => now - t >= this.windowMs)) this.windows.delete(user);
    }
  }
}
