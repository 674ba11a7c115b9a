import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { MemoryKeyedLock, type KeyedLock } from '../engine/keyed-lock.ts';

/** Deletes the lock only while it still holds our token: never another holder's lock. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
/** Extends the lease only while it still holds our token. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/** How the Redis lock waits and how long a holder keeps it without renewing. */
export interface RedisLockOptions {
  /** Keys are `${prefix}lock:${key}` (default `cunban:`). */
  prefix?: string;
  /** A holder that stops renewing (a crash) loses the lock after this long (default 15 s). */
  leaseMs?: number;
  /** A waiter gives up after this long with an error (default 30 s). */
  waitMs?: number;
  /** How often a waiter asks again (default 25 ms, plus up to as much at random). */
  pollMs?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One turn at a time per session key across every instance on one Redis: SET NX PX with a random
 * token takes the lock, a compare-and-delete script releases it, a waiter polls briefly. The lock
 * is a lease: a holder that crashes loses it after `leaseMs`, so nothing waits forever, and a
 * holder whose turn runs long renews it every third of the lease. Within this process the tasks
 * of one key queue first in a `MemoryKeyedLock`, so they keep their arrival order as before and
 * only one of them polls Redis.
 */
export class RedisKeyedLock implements KeyedLock {
  private readonly local = new MemoryKeyedLock();
  private readonly prefix: string;
  private readonly leaseMs: number;
  private readonly waitMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly redis: Redis,
    options: RedisLockOptions = {},
  ) {
    this.prefix = options.prefix ?? 'cunban:';
    this.leaseMs = options.leaseMs ?? 15_000;
    this.waitMs = options.waitMs ?? 30_000;
    this.pollMs = options.pollMs ?? 25;
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return this.local.run(key, () => this.runShared(`${this.prefix}lock:${key}`, task));
  }

  private async runShared<T>(lockKey: string, task: () => Promise<T>): Promise<T> {
    const token = randomUUID();
    await this.acquire(lockKey, token);
    const renewal = setInterval(() => {
      this.redis.eval(RENEW, 1, lockKey, token, this.leaseMs).catch(() => undefined);
    }, Math.max(1, Math.floor(this.leaseMs / 3)));
    renewal.unref();
    try {
      return await task();
    } finally {
      clearInterval(renewal);
      await this.redis.eval(RELEASE, 1, lockKey, token).catch(() => undefined);
    }
  }

  private async acquire(lockKey: string, token: string): Promise<void> {
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      if ((await this.redis.set(lockKey, token, 'PX', this.leaseMs, 'NX')) === 'OK') return;
      if (Date.now() >= deadline) throw new Error(`lock ${lockKey} still held after ${this.waitMs} ms`);
      await sleep(this.pollMs + Math.floor(Math.random() * this.pollMs));
    }
  }
}
