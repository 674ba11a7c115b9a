import { describe, expect, it } from 'vitest';
import { useTempDatabase } from '../helpers/temp-database.ts';
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
    expect(await new SessionPurge(database(), 72).tick(now)).toBe(1);
    const left = await database().selectFrom('sessions').select('key').execute();
    expect(left.map((r) => r.key)).toEqual(['web:live']);
  });
});
