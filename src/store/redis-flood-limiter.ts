import type { Redis } from 'ioredis';
import type { FloodLimiter, FloodVerdict } from '../engine/flood-limiter.ts';

/**
 * The flood limit shared by every instance on one Redis: one counter per user and minute window
 * (INCR, expiring with PEXPIRE), so a user whose messages are spread over several instances is
 * counted once. Fixed windows rather than the in-memory sliding one: one round trip a message.
 * The same verdicts: the first message over the limit is warned about, the rest of the window
 * is dropped.
 */
export class RedisFloodLimiter implements FloodLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly limit: number,
    private readonly prefix = 'cunban:',
    private readonly windowMs = 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async check(key: string): Promise<FloodVerdict> {
    const window = Math.floor(this.clock() / this.windowMs);
    const counter = `${this.prefix}flood:${key}:${window}`;
    const results = await this.redis.multi().incr(counter).pexpire(counter, this.windowMs * 2).exec();
    const [error, count] = results?.[0] ?? [new Error('the flood counter transaction was aborted'), 0];
    if (error) throw error;
    const n = Number(count);
    if (n <= this.limit) return 'ok';
    return n === this.limit + 1 ? 'warn' : 'drop';
  }
}
