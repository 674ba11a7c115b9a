import type { Redis } from 'ioredis';
import type { RecentIds } from '../engine/recent-ids.ts';

/**
 * Message ids seen by any instance on one Redis (SET NX PX), so a message delivered to two
 * instances (a webhook retried against another one, two processes on one WeChat account) is
 * answered once. Ids are forgotten after `ttlMs`, well past any channel's redelivery.
 */
export class RedisRecentIds implements RecentIds {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'cunban:',
    private readonly ttlMs = 60 * 60_000,
  ) {}

  async seen(id: string): Promise<boolean> {
    const set = await this.redis.set(`${this.prefix}seen:${id}`, '1', 'PX', this.ttlMs, 'NX');
    return set !== 'OK';
  }
}
