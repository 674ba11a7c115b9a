import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FloodLimiter } from '../../src/engine/flood-limiter.ts';
import { RedisKeyedLock } from '../../src/store/redis-keyed-lock.ts';
import { RedisRecentIds } from '../../src/store/redis-recent-ids.ts';

/**
 * The engine's shared state on a real Redis, as two instances see it: two clients, two limiters,
 * two locks, one Redis. Needs TEST_REDIS_URL (.ci/run sets it and starts Redis if it is down;
 * locally: `TEST_REDIS_URL=redis://127.0.0.1:6379 npm test`). Every run uses keys of its own.
 */
const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl) console.info('TEST_REDIS_URL is not set: the Redis shared-state tests are skipped');
const prefix = `cunban-test:${process.pid}:${Date.now()}:`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.skipIf(!redisUrl)('state shared through Redis by two instances', () => {
  let one: Redis;
  let two: Redis;
  beforeAll(() => {
    one = new Redis(redisUrl!);
    two = new Redis(redisUrl!);
  });
  afterAll(async () => {
    const keys = await one.keys(`${prefix}*`);
    if (keys.length) await one.del(...keys);
    await one.quit();
    await two.quit();
  });

  it('counts one user across both instances: the 21st message is warned about, the rest dropped', async () => {
    const a = new FloodLimiter(20, { redis: one, prefix });
    const b = new FloodLimiter(20, { redis: two, prefix });
    const verdicts = [];
    for (let i = 0; i < 20; i++) verdicts.push(await (i % 2 ? a : b).check('web:flood-user'));
    expect(verdicts.every((v) => v === 'ok')).toBe(true);
    expect(await a.check('web:flood-user')).toBe('warn');
    expect(await b.check('web:flood-user')).toBe('drop');
    expect(await a.check('web:other-user')).toBe('ok');
  });

  it('starts a new count in the next window', async () => {
    const a = new FloodLimiter(2, { redis: one, prefix, windowSeconds: 1 });
    expect([await a.check('u'), await a.check('u'), await a.check('u'), await a.check('u')]).toEqual(['ok', 'ok', 'warn', 'drop']);
    await sleep(1_100);
    expect(await a.check('u')).toBe('ok');
  });

  it('answers a message id once, whichever instance sees it first', async () => {
    const a = new RedisRecentIds(one, prefix);
    const b = new RedisRecentIds(two, prefix);
    expect(await a.seen('telegram:1:42')).toBe(false);
    expect(await b.seen('telegram:1:42')).toBe(true);
    expect(await a.seen('telegram:1:42')).toBe(true);
    expect(await b.seen('telegram:1:43')).toBe(false);
  });

  it('runs the turns of one key one at a time across instances, and of different keys at once', async () => {
    const a = new RedisKeyedLock(one, { prefix, pollMs: 5 });
    const b = new RedisKeyedLock(two, { prefix, pollMs: 5 });
    let running = 0;
    let most = 0;
    const turn = async () => {
      running += 1;
      most = Math.max(most, running);
      await sleep(30);
      running -= 1;
    };
    await Promise.all([0, 1, 2, 3, 4, 5].map((i) => (i % 2 ? a : b).run('same', turn)));
    expect(most).toBe(1);

    running = 0;
    most = 0;
    const started = Date.now();
    await Promise.all([a.run('key-1', turn), b.run('key-2', turn), a.run('key-3', turn)]);
    expect(most).toBe(3);
    expect(Date.now() - started).toBeLessThan(200);
  });

  it('keeps one instance\'s turns of a key in arrival order and passes errors on', async () => {
    const a = new RedisKeyedLock(one, { prefix, pollMs: 5 });
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => a.run('ordered', async () => {
      await sleep(5 - n);
      order.push(n);
    })));
    expect(order).toEqual([1, 2, 3, 4]);
    await expect(a.run('ordered', async () => { throw new Error('turn failed'); })).rejects.toThrow('turn failed');
    expect(await a.run('ordered', async () => 'free again')).toBe('free again');
  });

  it('frees the lock of a crashed holder when its lease runs out', async () => {
    // The crashed instance: it took the lock and will never release or renew it.
    await one.set(`${prefix}lock:crashed`, 'dead-token', 'PX', 300, 'NX');
    const b = new RedisKeyedLock(two, { prefix, pollMs: 10, leaseMs: 300 });
    const started = Date.now();
    expect(await b.run('crashed', async () => 'ran')).toBe('ran');
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(200);
    expect(waited).toBeLessThan(1500);
  });

  it('renews the lease of a long turn, and never releases a lock it no longer holds', async () => {
    const a = new RedisKeyedLock(one, { prefix, pollMs: 10, leaseMs: 150 });
    const b = new RedisKeyedLock(two, { prefix, pollMs: 10, leaseMs: 150, waitMs: 5000 });
    const events: string[] = [];
    const long = a.run('long', async () => {
      events.push('a start');
      await sleep(500);
      events.push('a end');
    });
    await sleep(20);
    await b.run('long', async () => {
      events.push('b');
    });
    await long;
    expect(events).toEqual(['a start', 'a end', 'b']);
    expect(await one.exists(`${prefix}lock:long`)).toBe(0);
  });

  it('gives up waiting after waitMs with an error rather than hanging', async () => {
    await one.set(`${prefix}lock:stuck`, 'someone', 'PX', 5000);
    const b = new RedisKeyedLock(two, { prefix, pollMs: 10, waitMs: 100 });
    await expect(b.run('stuck', async () => 'never')).rejects.toThrow(/still held/);
    expect(await one.get(`${prefix}lock:stuck`)).toBe('someone');
  });
});
