import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { SessionPurge } from '../../src/store/session-purge.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'cunban-purge-'));
let db: Database;
beforeAll(async () => {
  db = await openDatabase({ dataDir: dir });
});
afterAll(async () => {
  await db.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('idle sessions', () => {
  it('are deleted once idle longer than the session time-to-live, with the personal data of an abandoned form; live ones stay', async () => {
    const now = new Date('2026-11-25T02:00:00Z');
    const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000).toISOString();
    const form = JSON.stringify({ form: { name: 'visit', slots: { residentName: '王秀英', phone: '13800001234' } } });
    await db
      .insertInto('sessions')
      .values([
        { key: 'web:old', data: form, updated_at: at(73) },
        { key: 'web:live', data: form, updated_at: at(71) },
      ])
      .execute();
    expect(await new SessionPurge(db, 72).tick(now)).toBe(1);
    const left = await db.selectFrom('sessions').select('key').execute();
    expect(left.map((r) => r.key)).toEqual(['web:live']);
  });
});
