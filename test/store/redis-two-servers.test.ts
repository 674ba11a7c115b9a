import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { postgresSchema } from '../helpers/postgres-schema.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.ts';
import type { InboundMessage } from '../../src/message.ts';
import { createLogger } from '../../src/logger.ts';
import { createServer, type Server } from '../../src/main.ts';
import { SqlSessionRepository } from '../../src/store/session-repository.ts';
import type { Session } from '../../src/engine/session.ts';

/**
 * Two whole servers, as two instances of one deployment: one PostgreSQL (a schema of this run's
 * own), one Redis (keys of this run's own). Needs TEST_POSTGRES_URL and TEST_REDIS_URL.
 */
const postgresUrl = process.env.TEST_POSTGRES_URL;
const redisUrl = process.env.TEST_REDIS_URL;
if (!postgresUrl || !redisUrl) console.info('TEST_POSTGRES_URL or TEST_REDIS_URL is not set: the two-instance server test is skipped');
const run = `${process.pid}_${Date.now()}`;
const redisPrefix = `cunban-test:${run}:`;

describe.skipIf(!postgresUrl || !redisUrl)('two servers sharing PostgreSQL and Redis', () => {
  let schema: Awaited<ReturnType<typeof postgresSchema>>;
  const servers: Server[] = [];
  const dirs: string[] = [];
  beforeAll(async () => {
    schema = await postgresSchema(postgresUrl!, 'cunban_redis');
    for (let i = 0; i < 2; i++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'cunban-redis-'));
      dirs.push(dir);
      const config = parseConfig({ DATA_DIR: dir, DATABASE_URL: schema.url, REDIS_URL: redisUrl, LOG_LEVEL: 'silent' });
      // One after the other: both would otherwise run the migrations at once.
      servers.push(await createServer(config, createLogger('silent'), { reminders: false, forwarder: false, redisPrefix }));
    }
  });
  afterAll(async () => {
    const redis = servers[0]?.redis;
    const keys = redis ? await redis.keys(`${redisPrefix}*`) : [];
    if (keys.length) await redis!.del(...keys);
    for (const server of servers) await server.close();
    await schema.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const message = (n: number, user = 'resident-1'): InboundMessage => ({
    id: `m-${user}-${n}`,
    channel: 'web',
    chat: user,
    chatType: 'private',
    user,
    text: n % 2 ? '低保怎么申请' : '你好',
    mentioned: true,
    attachments: [],
    receivedAt: new Date(),
  });

  it('keeps one session consistent while both answer the same resident at once', async () => {
    const count = 12;
    const results = await Promise.all(Array.from({ length: count }, (_, n) => servers[n % 2]!.engine.handle(message(n))));
    expect(results.every((r) => r.replies.length > 0)).toBe(true);
    // Every turn saw the session the one before saved: none was lost to a concurrent save.
    const session = await new SqlSessionRepository<Session>(servers[0]!.db).load('web:resident-1:resident-1');
    expect(session?.turns).toBe(count);
  });

  it('answers a message delivered to both instances once', async () => {
    const [first, second] = await Promise.all([servers[0]!.engine.handle(message(100, 'resident-2')), servers[1]!.engine.handle(message(100, 'resident-2'))]);
    expect([first!.replies.length > 0, second!.replies.length > 0].sort()).toEqual([false, true]);
  });
});
