import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttachmentStore } from '../../src/hotline/attachment-store.ts';
import { type Database, openDatabase } from '../../src/store/database.ts';
import { postgresSchema } from '../helpers/postgres-schema.ts';

/**
 * Two instances reserving photo bytes in one PostgreSQL database at once (a schema of this run's
 * own): the advisory lock makes the quota hold across them. Needs TEST_POSTGRES_URL.
 */
const postgresUrl = process.env.TEST_POSTGRES_URL;
if (!postgresUrl) console.info('TEST_POSTGRES_URL is not set: the PostgreSQL photo reservation test is skipped');

describe.skipIf(!postgresUrl)('photo reservations on PostgreSQL, from two instances at once', () => {
  let schema: Awaited<ReturnType<typeof postgresSchema>>;
  const databases: Database[] = [];
  const dirs: string[] = [];
  beforeAll(async () => {
    schema = await postgresSchema(postgresUrl!, 'cunban_photos');
    for (let i = 0; i < 2; i++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'cunban-photos-pg-'));
      dirs.push(dir);
      databases.push(await openDatabase({ dataDir: dir, databaseUrl: schema.url }));
    }
  });
  afterAll(async () => {
    for (const db of databases) await db.destroy();
    await schema.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps no more of one resident than her quota when eight uploads arrive at two instances at once', async () => {
    const limits = { perResidentDaily: 1_048_576, perAddressDaily: 100 * 1_048_576, total: 100 * 1_048_576 };
    const stores = databases.map((db, i) => new AttachmentStore(path.join(dirs[i]!, 'attachments'), db, limits));
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300 * 1024 - 4, 7)]);
    const now = new Date();
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => stores[i % 2]!.saveStream(Readable.from([jpeg]), { owner: 'web:burst' }, now, jpeg.byteLength)));
    expect(outcomes.filter((o) => typeof o !== 'string')).toHaveLength(3);
    expect(outcomes.filter((o) => o === 'over_quota')).toHaveLength(5);
  });
});
