import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pacer } from '../../src/outbound/pacer.ts';

/**
 * Two instances sending as one account share their pacing through Redis (bottleneck's
 * clustering on the installed ioredis). Needs TEST_REDIS_URL, like the other Redis tests.
 */
const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl) console.info('TEST_REDIS_URL is not set: the shared pacing tests are skipped');
const account = `test-${process.pid}-${Date.now()}`;

describe.skipIf(!redisUrl)('pacing shared through Redis', () => {
  let redis: Redis;
  beforeAll(() => {
    redis = new Redis(redisUrl!);
  });
  afterAll(async () => {
    const keys = await redis.keys(`b_cunban:pacer:*${account}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

  it('keeps the per-chat gap and the per-channel rate across two pacers of one account', async () => {
    const options = { chatGapMs: 200, maxPerSecond: 10 };
    const a = new Pacer({ ...options, shared: { redis, id: `${account}-a` } });
    const b = new Pacer({ ...options, shared: { redis, id: `${account}-a` } });
    const started = Date.now();
    const oneChat: number[] = [];
    const allChats: number[] = [];
    const send = (times: number[]) => async () => {
      const t = Date.now() - started;
      times.push(t);
      allChats.push(t);
    };
    await Promise.all([
      a.schedule('chat-1', send(oneChat)),
      b.schedule('chat-1', send(oneChat)),
      a.schedule('chat-1', send(oneChat)),
      b.schedule('chat-1', send(oneChat)),
    ]);
    // Per chat: 200 ms apart although half the sends came from each instance (a little slack for timers).
    for (const gap of gaps(oneChat)) expect(gap).toBeGreaterThanOrEqual(180);

    allChats.length = 0;
    await Promise.all(['x', 'y', 'z', 'w'].map((chat, i) => (i % 2 ? a : b).schedule(chat, send([]))));
    // Per channel: at most 10 a second, whichever instance and chat.
    allChats.sort((p, q) => p - q);
    for (const gap of gaps(allChats)) expect(gap).toBeGreaterThanOrEqual(80);
    await a.stop();
    await b.stop();
  });

  it('keeps other accounts apart: their sends do not wait for each other', async () => {
    const options = { chatGapMs: 500, maxPerSecond: 1 };
    const a = new Pacer({ ...options, shared: { redis, id: `${account}-b1` } });
    const b = new Pacer({ ...options, shared: { redis, id: `${account}-b2` } });
    const started = Date.now();
    await Promise.all([a.schedule('chat', async () => {}), b.schedule('chat', async () => {})]);
    expect(Date.now() - started).toBeLessThan(400);
    await a.stop();
    await b.stop();
  });
});
