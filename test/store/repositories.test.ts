import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { SqlSessionRepository } from '../../src/store/session-repository.ts';
import { SqlUnansweredRepository } from '../../src/store/unanswered-repository.ts';
import { postgresSchema } from '../helpers/postgres-schema.ts';

/**
 * The repositories against each database: SQLite always; PostgreSQL when TEST_POSTGRES_URL is set
 * (.ci/run sets it and starts PostgreSQL if it is down; locally:
 * `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` and
 * `TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test npm test`). Each PostgreSQL run
 * works in a schema of its own and drops it afterwards.
 */
const postgresUrl = process.env.TEST_POSTGRES_URL;

const targets: { name: string; open: () => Promise<{ db: Database; cleanup: () => Promise<void> }> }[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = mkdtempSync(path.join(tmpdir(), 'cunban-store-'));
      const db = await openDatabase({ dataDir: dir });
      return { db, cleanup: async () => { await db.destroy(); rmSync(dir, { recursive: true, force: true }); } };
    },
  },
];
if (postgresUrl) {
  targets.push({
    name: 'PostgreSQL',
    async open() {
      const schema = await postgresSchema(postgresUrl, 'cunban_test');
      const db = await openDatabase({ dataDir: '', databaseUrl: schema.url });
      return {
        db,
        cleanup: async () => {
          await db.destroy();
          await schema.drop();
        },
      };
    },
  });
}

describe.each(targets)('repositories on $name', (target) => {
  let db: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await target.open());
  });
  afterAll(async () => {
    await cleanup();
  });

  it('saves, overwrites, loads and deletes sessions', async () => {
    const sessions = new SqlSessionRepository<{ lastItemId?: string; turns: number }>(db);
    expect(await sessions.load('web:a:b')).toBeUndefined();
    await sessions.save('web:a:b', { lastItemId: 'dibao', turns: 1 }, new Date());
    await sessions.save('web:a:b', { lastItemId: 'gaoling-jintie', turns: 2 }, new Date());
    expect(await sessions.load('web:a:b')).toEqual({ lastItemId: 'gaoling-jintie', turns: 2 });
    await sessions.delete('web:a:b');
    expect(await sessions.load('web:a:b')).toBeUndefined();
  });

  it('logs unanswered questions newest first', async () => {
    const log = new SqlUnansweredRepository(db);
    await log.add({ question: '第一个问题', channel: 'web', chatType: 'private', bestItem: null, bestScore: null });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await log.add({ question: '第二个问题', channel: 'web', chatType: 'group', bestItem: 'dibao', bestScore: 1.25 });
    const listed = await log.list(10);
    expect(listed.map((q) => q.question)).toEqual(['第二个问题', '第一个问题']);
    expect(listed[0]).toMatchObject({ chatType: 'group', bestItem: 'dibao', bestScore: 1.25 });
  });

  it('migrates an already migrated database without harm', async () => {
    const { migrateToLatest } = await import('../../src/store/migrations.ts');
    await expect(migrateToLatest(db)).resolves.toBeUndefined();
  });
});
