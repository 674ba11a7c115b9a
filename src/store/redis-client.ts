import type { Redis } from 'ioredis';

/** How long start-up waits for Redis before giving up with a one-line error. */
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Opens the one Redis connection of a server (`REDIS_URL`) and waits until it answers, so a
 * wrong URL or a Redis that is down stops start-up with one clear line naming REDIS_URL instead
 * of a server that runs without the shared limits and locks it was configured for. Once
 * connected, ioredis reconnects on its own after a drop. ioredis is imported only here, when
 * REDIS_URL is set: a start without Redis does not load it.
 */
export async function connectRedis(url: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<Redis> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: false, connectTimeout: timeoutMs, maxRetriesPerRequest: 3 });
  let lastError: Error | undefined;
  const remember = (error: Error) => {
    lastError = error;
  };
  redis.on('error', remember);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = lastError?.message ?? (error as Error).message;
    throw new Error(`REDIS_URL: cannot reach Redis at ${withoutPassword(url)} (${reason})`);
  } finally {
    redis.off('error', remember);
  }
  // Later drops are retried by ioredis; without a listener each would be an unhandled 'error'.
  redis.on('error', () => {});
  return redis;
}

/** The URL as safe to print: any password masked. */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
