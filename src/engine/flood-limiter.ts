import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** What a flood limiter makes of one more message: pass it, warn once, or drop it silently. */
export type FloodVerdict = 'ok' | 'warn' | 'drop';

/**
 * A limit of events per key and window, on rate-limiter-flexible: counted in this process, or,
 * with several instances, in Redis, where a key spread over two instances is counted once.
 * Fixed windows (one Redis round trip an event). The first event over the limit gets `warn`, so
 * the resident is told once; the rest of the window is `drop`, so a stuck client cannot flood a
 * group. Used for the per-user message limit and the web channel's new identities per address.
 */
export class FloodLimiter {
  private readonly limiter: RateLimiterAbstract;

  constructor(
    private readonly limit: number,
    options: { windowSeconds?: number; redis?: Redis; prefix?: string; name?: string } = {},
  ) {
    const settings = { points: limit, duration: options.windowSeconds ?? 60, keyPrefix: `${options.prefix ?? 'cunban:'}${options.name ?? 'flood'}` };
    this.limiter = options.redis ? new RateLimiterRedis({ ...settings, storeClient: options.redis, useRedisPackage: false }) : new RateLimiterMemory(settings);
  }

  /** Counts one event of `key` and says what to do with it. */
  async check(key: string): Promise<FloodVerdict> {
    try {
      await this.limiter.consume(key);
      return 'ok';
    } catch (outcome) {
      // Over the limit the library rejects with its result; anything else (Redis down) is an error.
      if (!(outcome instanceof RateLimiterRes)) throw outcome;
      return outcome.consumedPoints === this.limit + 1 ? 'warn' : 'drop';
    }
  }
}
