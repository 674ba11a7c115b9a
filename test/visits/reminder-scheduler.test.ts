import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { KnowledgeBase } from '../../src/knowledge/loader.ts';
import { NotificationOutbox } from '../../src/notify/notification-outbox.ts';
import type { Database } from '../../src/store/database.ts';
import { ReminderScheduler } from '../../src/visits/reminder-scheduler.ts';
import { Roster } from '../../src/visits/roster.ts';
import { SqlVisitService } from '../../src/visits/sql-visit-service.ts';
import type { Slot, VisitRequest } from '../../src/visits/types.ts';
import type { VisitCatalog } from '../../src/visits/visit-catalog.ts';
import type { VisitRules } from '../../src/visits/visit-rules.ts';
import { at, databaseTargets, loadFixtures, type TestDatabase } from './visit-test-db.ts';

// Monday 12 October 2026, 09:00 in Shanghai; the visit is on Wednesday morning, so its reminder is
// due on Tuesday at 18:00.
const NOW = at('2026-10-12 09:00');
const WED_AM: Slot = { date: '2026-10-14', half: 'am' };
const RESIDENT = { channel: 'web' as const, chat: 'resident-chat', user: 'resident' };
const AGENT = { channel: 'web' as const, chat: 'agent-chat', user: 'agent-lingkou-a' };

let base: KnowledgeBase;
let catalog: VisitCatalog;
let rules: VisitRules;

beforeAll(async () => {
  ({ base, catalog, rules } = await loadFixtures());
});

function request(slot: Slot, extra: Partial<VisitRequest> = {}): VisitRequest {
  return {
    itemId: 'gaoling-jintie',
    residentName: '张桂兰',
    phone: '13800001234',
    village: '岭口村',
    address: '3组',
    reasons: ['年迈'],
    age: 82,
    slot,
    contact: RESIDENT,
    ...extra,
  };
}

describe.each(databaseTargets())('day-before reminders on $name', (target) => {
  let test: TestDatabase;
  let service: SqlVisitService;

  const scheduler = (db: Database): ReminderScheduler => new ReminderScheduler({ db, roster: new Roster(db), catalog, rules });
  const texts = async (db: Database, to: { channel: 'web'; user: string }): Promise<string[]> =>
    (await new NotificationOutbox(db).forRecipient(to)).map((n) => n.replies.map((r) => r.text).join('\n'));

  beforeEach(async () => {
    test = await target.open();
    service = await SqlVisitService.open({ db: test.db, catalog, rules, agents: base.agents, now: NOW });
    await service.roster.linkChat('lingkou-a', AGENT, NOW);
  });
  afterEach(async () => {
    await test.cleanup();
  });

  it('reminds resident and agent once, the day before at 18:00, with the materials checklist', async () => {
    const booked = await service.book(request(WED_AM), NOW);
    if (!booked.ok) throw new Error('not booked');
    const agentTexts = async (): Promise<string[]> => (await texts(test.db, AGENT)).filter((t) => t.startsWith('上门提醒'));

    expect(await scheduler(test.db).tick(at('2026-10-13 17:59'))).toBe(0);
    const other = await test.another();
    const counts = await Promise.all([scheduler(test.db).tick(at('2026-10-13 18:00')), scheduler(other).tick(at('2026-10-13 18:00'))]);
    expect(counts[0] + counts[1]).toBe(1);

    const resident = await texts(test.db, RESIDENT);
    expect(resident).toHaveLength(1);
    for (const part of ['明天10月14日（周三）上午', '陈秀英', '高龄津贴申领', booked.visit.id, '居民身份证（原件1份）', '收款账户（社会保障卡或银行卡）（原件）：钱打到这个账户']) {
      expect(resident[0]).toContain(part);
    }
    expect(resident[0]).toContain('不用准备的：\n· 户口簿：不用带，工作人员系统查询；查不到的需带原件');
    expect(resident[0]).not.toContain('户口簿（原件');
    const agent = await agentTexts();
    expect(agent).toHaveLength(1);
    expect(agent[0]).toContain('张桂兰');
    expect(agent[0]).toContain('居民身份证（原件1份）');

    // A restart: the same database opened again, a new scheduler, later ticks.
    const reopened = await test.reopen();
    const fresh = scheduler(reopened);
    expect(await fresh.tick(at('2026-10-13 18:05'))).toBe(0);
    expect(await fresh.tick(at('2026-10-14 08:00'))).toBe(0);
    expect(await texts(reopened, RESIDENT)).toHaveLength(1);
  });

  it('reminds at once a visit booked after 18:00 for the next day, and again after a reschedule', async () => {
    const late = at('2026-10-13 20:30');
    const booked = await service.book(request(WED_AM), late);
    if (!booked.ok) throw new Error('not booked');
    expect(await scheduler(test.db).tick(late)).toBe(1);
    expect(await scheduler(test.db).tick(late)).toBe(0);
    expect((await texts(test.db, RESIDENT))[0]).toContain('明天');

    await service.reschedule(booked.visit.id, { date: '2026-10-16', half: 'pm' }, late);
    expect(await scheduler(test.db).tick(at('2026-10-15 17:00'))).toBe(0);
    expect(await scheduler(test.db).tick(at('2026-10-15 18:00'))).toBe(1);
    expect((await texts(test.db, RESIDENT))[1]).toContain('10月16日（周五）下午');
  });

  it('reminds no cancelled visit and no half-day already over', async () => {
    const cancelled = await service.book(request(WED_AM), NOW);
    if (!cancelled.ok) throw new Error('not booked');
    await service.cancel(cancelled.visit.id, NOW);
    const today = await service.book(request({ date: '2026-10-12', half: 'am' }, { residentName: '李阿婆' }), NOW);
    if (!today.ok) throw new Error('not booked');
    expect(await scheduler(test.db).tick(at('2026-10-12 12:30'))).toBe(0);
    expect(await scheduler(test.db).tick(at('2026-10-13 18:00'))).toBe(0);
    expect(await texts(test.db, RESIDENT)).toHaveLength(0);
  });

  it('ticks on its own until stopped', async () => {
    const booked = await service.book(request(WED_AM), NOW);
    if (!booked.ok) throw new Error('not booked');
    const ticking = new ReminderScheduler({ db: test.db, roster: service.roster, catalog, rules, clock: () => at('2026-10-13 18:00') });
    ticking.start(10);
    await expect.poll(async () => (await texts(test.db, RESIDENT)).length, { timeout: 5000 }).toBe(1);
    await ticking.stop();
  });
});
