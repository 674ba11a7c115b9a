import { statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-database.ts';
import { checkpointWal } from '../../src/store/database.ts';
import { SessionPurge } from '../../src/store/session-purge.ts';

const database = useTempDatabase();

describe('idle sessions', () => {
  it('are deleted once idle longer than the session time-to-live, with the personal data of an abandoned form; live ones stay', async () => {
    const now = new Date('2026-11-25T02:00:00Z');
    const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * 3_600_000).toISOString();
    const form = JSON.stringify({ form: { name: 'visit', slots: { residentName: '王秀英', phone: '13800001234' } } });
    await database()
      .insertInto('sessions')
      .values([
        { key: 'web:old', data: form, updated_at: at(73) },
        { key: 'web:live', data: form, updated_at: at(71) },
      ])
      .execute();
    expect(await new SessionPurge(database(), 72, undefined).tick(now)).toEqual({ sessions: 1, photos: 0 });
    const left = await database().selectFrom('sessions').select('key').execute();
    expect(left.map((r) => r.key)).toEqual(['web:live']);
  });
});

describe('the SQLite write-ahead log', () => {
  it('is emptied into the database by the hourly purge, so it does not grow for ever', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ key: `web:wal-${i}`, data: 'x'.repeat(2000), updated_at: new Date().toISOString() }));
    for (let i = 0; i < rows.length; i += 100) await database().insertInto('sessions').values(rows.slice(i, i + 100)).execute();
    const wal = path.join(database.dir, 'cunban.sqlite-wal');
    expect(statSync(wal).size).toBeGreaterThan(500 * 2000);
    await new SessionPurge(database(), 72, undefined).tick(new Date());
    expect(statSync(wal).size).toBe(0);
    expect(checkpointWal(database())).toBe(true);
  });
});
