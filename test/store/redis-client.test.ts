import { describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/store/redis-client.ts';

describe('connecting to Redis at start-up', () => {
  it('fails within the time-out with one line naming REDIS_URL, the password masked', async () => {
    const started = Date.now();
    // Port 1: nothing listens there.
    await expect(connectRedis('redis://user:secret@127.0.0.1:1', 1000)).rejects.toThrow(/^REDIS_URL: cannot reach Redis at redis:\/\/user:\*\*\*@127\.0\.0\.1:1/);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
