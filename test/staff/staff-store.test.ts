import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recentAudit } from '../../src/staff/audit-log.ts';
import { Handoffs } from '../../src/staff/handoffs.ts';
import { WHOLE_COUNTY } from '../../src/staff/scope.ts';
import { StaffAccounts } from '../../src/staff/staff-accounts.ts';
import { StaffSessions } from '../../src/staff/staff-sessions.ts';
import { openDatabase, type Database } from '../../src/store/database.ts';
import { postgresSchema } from '../helpers/postgres-schema.ts';

/** The staff tables on SQLite always, and on PostgreSQL when TEST_POSTGRES_URL is set (a schema of its own, dropped after). */
const postgresUrl = process.env.TEST_POSTGRES_URL;
const targets: { name: string; open: () => Promise<{ db: Database; cleanup: () => Promise<void> }> }[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = mkdtempSync(path.join(tmpdir(), 'cunban-staff-'));
      const db = await openDatabase({ dataDir: dir });
      return { db, cleanup: async () => { await db.destroy(); rmSync(dir, { recursive: true, force: true }); } };
    },
  },
];
if (postgresUrl) {
  targets.push({
    name: 'PostgreSQL',
    async open() {
      const schema = await postgresSchema(postgresUrl, 'cunban_staff');
      const db = await openDatabase({ dataDir: '', databaseUrl: schema.url });
      return { db, cleanup: async () => { await db.destroy(); await schema.drop(); } };
    },
  });
}

describe.each(targets)('the staff tables on $name', (target) => {
  let db: Database;
  let cleanup: () => Promise<void>;
  const now = new Date('2026-11-25T02:00:00Z');
  beforeAll(async () => {
    ({ db, cleanup } = await target.open());
  });
  afterAll(async () => {
    await cleanup();
  });

  it('adds, locks after five wrong passwords, resets and disables an account, audited in order', async () => {
    const accounts = new StaffAccounts(db);
    await accounts.add({ username: 'li', role: 'town', password: 'a-good-password', displayName: '李' }, 'test', now);
    expect((await accounts.login('li', 'a-good-password', '1.2.3.4', now)).ok).toBe(true);
    for (let i = 0; i < 4; i++) expect(await accounts.login('li', 'nope-nope-nope', '1.2.3.4', now)).toEqual({ ok: false, reason: 'wrong' });
    expect((await accounts.login('li', 'nope-nope-nope', '1.2.3.4', now)).ok).toBe(false);
    expect((await accounts.login('li', 'a-good-password', '1.2.3.4', now)) as { reason?: string }).toMatchObject({ reason: 'locked' });
    await accounts.reset('li', 'another-password', 'test', now);
    expect((await accounts.login('li', 'another-password', '1.2.3.4', now)).ok).toBe(true);
    const sessions = new StaffSessions(db, 30);
    const { token } = await sessions.start((await accounts.get('li'))!, '1.2.3.4', now);
    expect(await sessions.resume(token, now)).toBeDefined();
    await accounts.disable('li', 'test', now);
    expect(await sessions.resume(token, now)).toBeUndefined();
    const actions = (await recentAudit(db, 100)).map((e) => e.action).reverse();
    expect(actions).toEqual(['account_add', 'login', ...Array(5).fill('login_failed'), 'lock', 'login_failed', 'account_reset', 'login', 'account_disable']);
  });

  it('gives one handoff per conversation and one winner of ten claims at once', async () => {
    const handoffs = new Handoffs(db);
    const conversation = { channel: 'web' as const, chat: 'r-9', user: 'r-9' };
    const [a, b] = await Promise.all([handoffs.open(conversation, '岭口村', '找人工', now), handoffs.open(conversation, '岭口村', '找人工！', now)]);
    expect(a.handoff.id).toBe(b.handoff.id);
    const claims = await Promise.all(
      Array.from({ length: 10 }, (_, i) => handoffs.claim(a.handoff.id, WHOLE_COUNTY, { username: `staff-${i}`, displayName: `员${i}` }, now)),
    );
    expect(claims.filter((c) => typeof c !== 'string')).toHaveLength(1);
    expect(claims.filter((c) => c === 'taken')).toHaveLength(9);
    const villageScope = { role: 'village' as const, village: '玉峰村', agentId: null };
    expect(await handoffs.get(a.handoff.id, villageScope)).toBeUndefined();
    expect(await handoffs.list(villageScope)).toEqual([]);
  });
});
