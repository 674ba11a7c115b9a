import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../helpers/test-server.ts';
import { logIn, PASSWORDS, seedAccounts, staffClient } from '../staff/staff-harness.ts';

/** A browser's message from one address (inject's is 127.0.0.1), without a cookie: a new identity each time. */
const anonymous = (bot: TestServer, text: string) => bot.server.app.inject({ method: 'POST', url: '/api/v1/messages', payload: { text } });

describe('the per-address limit of the public routes (ADDRESS_LIMIT_PER_MINUTE)', () => {
  const servers: TestServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });

  it('answers 429 past the limit, with Retry-After and a JSON reason, and keeps no session for the refused', async () => {
    const bot = await startTestServer({ ADDRESS_LIMIT_PER_MINUTE: '5' });
    servers.push(bot);
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await anonymous(bot, `你好${i}`)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const refused = await anonymous(bot, '低保怎么申请');
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.json()).toEqual({ error: { code: 'CUNBAN_RATE_LIMITED', message: expect.stringContaining('at most 5 a minute') } });
    const search = await bot.server.app.inject({ method: 'GET', url: '/api/v1/knowledge/search?q=低保' });
    expect(search.statusCode).toBe(429);
    const sessions = await bot.server.db.selectFrom('sessions').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(sessions.n)).toBe(5);
  });

  it('does not count the probes, the signed 12345 events, a key-holding gateway or the admin token', async () => {
    const bot = await startTestServer({ ADDRESS_LIMIT_PER_MINUTE: '3' });
    servers.push(bot);
    for (let i = 0; i < 10; i++) {
      expect((await bot.server.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      expect((await bot.server.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      // Unsigned, so refused by the signature check, never by the address limit.
      expect((await bot.server.app.inject({ method: 'POST', url: '/api/v1/hotline/events', payload: {} })).statusCode).toBe(401);
      expect((await bot.say(`你好${i}`, { userId: `gateway-resident-${i}` })).replies.length).toBeGreaterThan(0);
      expect((await bot.admin('GET', '/api/v1/admin/hotline/status')).statusCode).toBe(200);
    }
    // A wrong bearer key is counted like anyone else.
    const wrong = [];
    for (let i = 0; i < 5; i++) wrong.push((await bot.server.app.inject({ method: 'GET', url: '/api/v1/admin/hotline/status', headers: { authorization: `Bearer ${ADMIN_TOKEN}-wrong` } })).statusCode);
    expect(wrong).toEqual([401, 401, 401, 429, 429]);
  });

  it('does not count a staff member signed in, but counts a made-up staff cookie and the pages without a session', async () => {
    const bot = await startTestServer({ ADDRESS_LIMIT_PER_MINUTE: '6' });
    servers.push(bot);
    await seedAccounts(bot);
    // The login page: 1 of the 6 (the login itself has its own, stricter limit).
    const { client } = await logIn(bot, 'wangfang', PASSWORDS.town, '10.0.0.7');
    for (let i = 0; i < 10; i++) {
      expect((await client.get('/staff/')).statusCode).toBe(200);
      expect((await client.api('GET', '/api/v1/admin/hotline/status')).statusCode).toBe(200);
    }
    // On the residents' routes her session buys nothing: the other 5 of the 6.
    const messages: number[] = [];
    for (let i = 0; i < 6; i++) messages.push((await client.api('POST', '/api/v1/messages', { text: `你好${i}` })).statusCode);
    expect(messages).toEqual([200, 200, 200, 200, 200, 429]);
    // A cookie nobody issued buys nothing: on the admin API and on the pages, counted like no cookie.
    const forger = staffClient(bot, '10.0.0.8');
    forger.cookies.set('cunban_staff', 'made-up-session-token');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await forger.api('GET', '/api/v1/admin/hotline/status')).statusCode);
    for (let i = 0; i < 4; i++) statuses.push((await forger.get('/staff/')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 302, 302, 429, 429]);
  });

  const redisUrl = process.env.TEST_REDIS_URL;
  it.skipIf(!redisUrl)('is counted once across two instances sharing Redis', async () => {
    const clear = async () => {
      const redis = new Redis(redisUrl!);
      const keys = await redis.keys('cunban:address:*');
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    };
    await clear();
    const one = await startTestServer({ ADDRESS_LIMIT_PER_MINUTE: '4', REDIS_URL: redisUrl! });
    const two = await startTestServer({ ADDRESS_LIMIT_PER_MINUTE: '4', REDIS_URL: redisUrl! });
    servers.push(one, two);
    const statuses: number[] = [];
    try {
      for (let i = 0; i < 6; i++) statuses.push((await anonymous(i % 2 ? one : two, `你好${i}`)).statusCode);
    } finally {
      await clear();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
