import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import type { KnowledgeService } from '../../src/knowledge/knowledge-service.ts';
import { Readiness } from '../../src/server/readiness.ts';
import type { Database } from '../../src/store/database.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';

let bot: TestServer;
beforeAll(async () => {
  bot = await startTestServer();
});
afterAll(async () => {
  await bot.close();
});

const get = (url: string) => bot.server.app.inject({ method: 'GET', url });

describe('readiness (/readyz) beside liveness (/healthz)', () => {
  it('is ready while the database takes writes and the knowledge index is loaded', async () => {
    const response = await get('/readyz');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready' });
    // The probe really writes, in one row that it updates in place.
    const probes = async () => (await bot.server.db.selectFrom('counters').select('value').where('name', '=', 'readyz-probe').executeTakeFirstOrThrow()).value;
    const before = await probes();
    await get('/readyz');
    expect(await probes()).toBe(before + 1);
    // A burst of probes at once shares one write.
    await Promise.all(Array.from({ length: 10 }, () => get('/readyz')));
    expect(await probes()).toBeLessThanOrEqual(before + 3);
  });

  it('answers 503 with the reason while the database cannot be written, and /healthz stays 200', async () => {
    // The connection refuses every write from now on, as a full disk or a read-only file would.
    await sql`PRAGMA query_only = 1`.execute(bot.server.db);
    try {
      const response = await get('/readyz');
      expect(response.statusCode).toBe(503);
      expect(response.json().status).not.toBe('ready');
      expect(response.json().reason).toMatch(/^database: cannot be written/);
      expect((await get('/healthz')).statusCode).toBe(200);
    } finally {
      await sql`PRAGMA query_only = 0`.execute(bot.server.db);
    }
    expect((await get('/readyz')).json()).toEqual({ status: 'ready' });
  });

  it('is not ready without a loaded knowledge index, nor while a write hangs', async () => {
    const logger = createLogger('silent');
    const empty = { current: { base: { items: [] }, retriever: {} } } as unknown as KnowledgeService;
    expect(await new Readiness({ db: bot.server.db, knowledge: empty, logger }).check()).toEqual({ ready: false, reason: 'knowledge: the index is not loaded (no items)' });
    const hanging = { insertInto: () => ({ values: () => ({ onConflict: () => ({ execute: () => new Promise(() => undefined) }) }) }) } as unknown as Database;
    expect(await new Readiness({ db: hanging, knowledge: bot.server.knowledge, logger, timeoutMs: 50 }).check()).toEqual({ ready: false, reason: 'database: a write did not finish within 50 ms' });
  });
});
