import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.ts';
import { NotificationOutbox } from '../../src/notify/notification-outbox.ts';
import { SqlVisitService } from '../../src/visits/sql-visit-service.ts';
import type { BookingResult, Slot, VisitRequest } from '../../src/visits/types.ts';
import { decodeDirective } from '../../src/engine/directive.ts';
import { parseVisitRules } from '../../src/visits/visit-rules.ts';
import type { KnowledgeBase } from '../../src/knowledge/loader.ts';
import type { VisitCatalog } from '../../src/visits/visit-catalog.ts';
import type { VisitRules } from '../../src/visits/visit-rules.ts';
import { at, databaseTargets, loadFixtures, type TestDatabase } from './visit-test-db.ts';

// Monday 12 October 2026, 09:00 in Shanghai. 中湖村's station sits Mon/Wed/Fri; 岭口村 and 林宅村
// (demonstration) every working day. 中湖村: own zhonghu-a (3 places a half-day) → partner
// linzhai-a (3) → serving station 岭口村: lingkou-a (3), lingkou-b (4).
const NOW = at('2026-10-12 09:00');
const WED_AM: Slot = { date: '2026-10-14', half: 'am' };

let base: KnowledgeBase;
let catalog: VisitCatalog;
let rules: VisitRules;

beforeAll(async () => {
  ({ base, catalog, rules } = await loadFixtures());
});

let serial = 0;
function request(village: string, slot: Slot, extra: Partial<VisitRequest> = {}): VisitRequest {
  serial += 1;
  return {
    itemId: 'gaoling-jintie',
    residentName: `居民${serial}`,
    phone: `138${String(serial).padStart(8, '0')}`,
    village,
    address: `${serial}组`,
    reasons: ['年迈'],
    age: 82,
    slot,
    contact: { channel: 'web', chat: `chat-${serial}`, user: `user-${serial}` },
    ...extra,
  };
}

function agentOf(result: BookingResult): string {
  if (!result.ok) throw new Error(`not booked: ${result.reason}`);
  return result.visit.agentId;
}

describe.each(databaseTargets())('the visit service on $name', (target) => {
  let test: TestDatabase;
  let service: SqlVisitService;

  beforeEach(async () => {
    test = await target.open();
    service = await SqlVisitService.open({ db: test.db, catalog, rules, agents: base.agents, now: NOW });
  });
  afterEach(async () => {
    await test.cleanup();
  });

  it('assigns her own agent, then the partner, then the demonstration station, then offers other times', async () => {
    const agents: string[] = [];
    for (let i = 0; i < 13; i += 1) agents.push(agentOf(await service.book(request('中湖村', WED_AM), NOW)));
    expect(agents).toEqual([
      ...Array(3).fill('zhonghu-a'),
      ...Array(3).fill('linzhai-a'),
      ...Array(3).fill('lingkou-a'),
      ...Array(4).fill('lingkou-b'),
    ]);
    const full = await service.book(request('中湖村', WED_AM), NOW);
    expect(full).toMatchObject({ ok: false, reason: 'full' });
    if (full.ok) return;
    expect(full.alternatives.length).toBe(3);
    expect(full.alternatives[0]).toEqual({ slot: { date: '2026-10-14', half: 'pm' }, agentId: 'zhonghu-a', agentName: '张国平' });
  });

  it('skips an agent on leave and one whose station is closed that day', async () => {
    await service.roster.addLeave('zhonghu-a', '2026-10-14', NOW);
    expect(agentOf(await service.book(request('中湖村', WED_AM), NOW))).toBe('linzhai-a');
    // Tuesday: 中湖村's station does not sit, its partner's does.
    expect(agentOf(await service.book(request('中湖村', { date: '2026-10-13', half: 'pm' }), NOW))).toBe('linzhai-a');
    await service.roster.addLeave('linzhai-a', '2026-10-13', NOW);
    expect(agentOf(await service.book(request('中湖村', { date: '2026-10-13', half: 'am' }), NOW))).toBe('lingkou-a');
  });

  it('books the first free half-days it offers, with the agent who would come', async () => {
    const offers = await service.freeSlots('中湖村', 'gaoling-jintie', NOW, 3);
    expect(offers.map((o) => [o.slot.date, o.slot.half, o.agentId])).toEqual([
      ['2026-10-12', 'am', 'zhonghu-a'],
      ['2026-10-12', 'pm', 'zhonghu-a'],
      ['2026-10-13', 'am', 'linzhai-a'],
    ]);
    expect(await service.freeSlots('中湖村', 'gaoling-jintie', at('2026-10-12 12:30'), 1)).toMatchObject([{ slot: { date: '2026-10-12', half: 'pm' } }]);
  });

  it('refuses a past or holiday slot, an unknown village and an item no agent does at home', async () => {
    await expect(service.book(request('中湖村', { date: '2026-10-09', half: 'am' }), NOW)).rejects.toThrow(AppError);
    await expect(service.book(request('中湖村', { date: '2026-10-17', half: 'am' }), NOW)).rejects.toMatchObject({ userText: expect.stringContaining('节假日') });
    await expect(service.book(request('黄土坡', WED_AM), NOW)).rejects.toMatchObject({ userText: expect.stringContaining('黄土坡') });
    const notProxy = base.items.find((item) => !item.proxy)!;
    expect(service.canVisitFor(notProxy.id)).toBe(false);
    expect(service.canVisitFor('gaoling-jintie')).toBe(true);
    await expect(service.book(request('中湖村', WED_AM, { itemId: notProxy.id }), NOW)).rejects.toThrow(AppError);
  });

  it('numbers visits, keeps a double-tapped booking as one, and tells the agent in its linked chat', async () => {
    await service.roster.linkChat('lingkou-a', { channel: 'web', chat: 'agent-chat', user: 'agent-lingkou-a' }, NOW);
    const asked = request('岭口', WED_AM, { relation: '儿子' });
    const [first, second] = await Promise.all([service.book(asked, NOW), service.book(asked, NOW)]);
    expect(first).toMatchObject({ ok: true, agentName: '陈秀英', visit: { id: 'V000001', village: '岭口村', relation: '儿子' } });
    expect(second).toMatchObject({ ok: true, visit: { id: 'V000001' } });
    expect(agentOf(await service.book(request('岭口村', WED_AM), NOW))).toBe('lingkou-a');
    expect((await service.get('v000002'))?.id).toBe('V000002');

    const inbox = await new NotificationOutbox(test.db).forRecipient({ channel: 'web', user: 'agent-lingkou-a' });
    expect(inbox).toHaveLength(2);
    const notice = inbox[0]!.replies[0]!;
    expect(notice.private).toBe(true);
    for (const part of ['V000001', '10月14日（周三）上午', '高龄津贴申领', asked.residentName, asked.phone, '岭口村', '由儿子代为预约', '居民身份证（原件1份）']) {
      expect(notice.text).toContain(part);
    }
    expect(await new NotificationOutbox(test.db).forRecipient({ channel: 'web', user: asked.contact.user })).toHaveLength(0);
    expect(await service.listForContact(asked.contact)).toMatchObject([{ id: 'V000001' }]);
  });

  it('never books more than the places left when 50 ask at once for the last 10', async () => {
    for (let i = 0; i < 3; i += 1) await service.book(request('中湖村', WED_AM), NOW);
    const results = await Promise.all(Array.from({ length: 50 }, () => service.book(request('中湖村', WED_AM), NOW)));
    const booked = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(booked).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const r of refused) {
      expect(r).toMatchObject({ ok: false, reason: 'full' });
      if (!r.ok) expect(r.alternatives.length).toBeGreaterThanOrEqual(2);
    }
    const ids = new Set(booked.map((r) => (r.ok ? r.visit.id : '')));
    expect(ids.size).toBe(10);
    const slots = await test.db.selectFrom('visit_slots').selectAll().where('date', '=', WED_AM.date).where('half', '=', 'am').execute();
    expect(Object.fromEntries(slots.map((s) => [s.agent_id, Number(s.booked)]))).toEqual({ 'zhonghu-a': 3, 'linzhai-a': 3, 'lingkou-a': 3, 'lingkou-b': 4 });
    expect(await service.listAll({ from: WED_AM.date, to: WED_AM.date, status: 'booked' })).toHaveLength(13);
  });

  it('gives the place back on cancel, once, and tells the agent', async () => {
    await service.roster.linkChat('zhonghu-a', { channel: 'web', chat: 'zh-chat', user: 'agent-zhonghu-a' }, NOW);
    const visits = [];
    for (let i = 0; i < 3; i += 1) visits.push(await service.book(request('中湖村', WED_AM), NOW));
    const first = visits[0]!;
    if (!first.ok) throw new Error('not booked');
    const cancelled = await service.cancel(first.visit.id, NOW);
    expect(cancelled.status).toBe('cancelled');
    expect((await service.cancel(first.visit.id, NOW)).status).toBe('cancelled');
    expect(agentOf(await service.book(request('中湖村', WED_AM), NOW))).toBe('zhonghu-a');
    expect(agentOf(await service.book(request('中湖村', WED_AM), NOW))).toBe('linzhai-a');
    const inbox = await new NotificationOutbox(test.db).forRecipient({ channel: 'web', user: 'agent-zhonghu-a' });
    expect(inbox.map((n) => n.replies[0]!.text).filter((t) => t.includes('已取消'))).toHaveLength(1);
    await expect(service.cancel('V999999', NOW)).rejects.toMatchObject({ code: 'CUNBAN_NOT_FOUND' });
  });

  it('reschedules with the same agent where that agent works, else by the usual order', async () => {
    await service.roster.linkChat('zhonghu-a', { channel: 'web', chat: 'zh-chat', user: 'agent-zhonghu-a' }, NOW);
    await service.roster.linkChat('linzhai-a', { channel: 'web', chat: 'lz-chat', user: 'agent-linzhai-a' }, NOW);
    const booked = await service.book(request('中湖村', WED_AM), NOW);
    if (!booked.ok) throw new Error('not booked');
    const friday = await service.reschedule(booked.visit.id, { date: '2026-10-16', half: 'pm' }, NOW);
    expect(friday).toMatchObject({ ok: true, visit: { agentId: 'zhonghu-a', slot: { date: '2026-10-16', half: 'pm' } } });
    const tuesday = await service.reschedule(booked.visit.id, { date: '2026-10-20', half: 'am' }, NOW);
    expect(tuesday).toMatchObject({ ok: true, visit: { agentId: 'linzhai-a' } });
    const places = await test.db.selectFrom('visit_slots').select(['agent_id', 'date', 'half', 'booked']).where('booked', '>', 0).execute();
    expect(places.map((p) => [p.agent_id, p.date, p.half])).toEqual([['linzhai-a', '2026-10-20', 'am']]);
    const zh = await new NotificationOutbox(test.db).forRecipient({ channel: 'web', user: 'agent-zhonghu-a' });
    expect(zh.map((n) => n.replies[0]!.text)).toEqual([
      expect.stringContaining('新的上门代办预约'),
      expect.stringContaining('改时间了'),
      expect.stringContaining('已改派给其他代办员'),
    ]);
    const lz = await new NotificationOutbox(test.db).forRecipient({ channel: 'web', user: 'agent-linzhai-a' });
    expect(lz.map((n) => n.replies[0]!.text)).toEqual([expect.stringContaining('10月20日（周二）上午')]);
    await expect(service.reschedule(booked.visit.id, { date: '2026-10-01', half: 'am' }, NOW)).rejects.toThrow(AppError);
  });

  it('records the outcome, asks the resident for a rating and flags 不满意 for a 7-day follow-up', async () => {
    const asked = request('岭口村', WED_AM);
    const booked = await service.book(asked, NOW);
    if (!booked.ok) throw new Error('not booked');
    const later = at('2026-10-14 11:00');
    const done = await service.recordOutcome(booked.visit.id, { done: true, caseKind: '承诺件', note: '材料齐全，已代为递交' }, later);
    expect(done).toMatchObject({ status: 'done', outcome: { done: true, caseKind: '承诺件', note: '材料齐全，已代为递交' } });
    await expect(service.recordOutcome(booked.visit.id, { done: false, caseKind: null, note: '' }, later)).rejects.toThrow(AppError);

    const inbox = await new NotificationOutbox(test.db).forRecipient(asked.contact);
    expect(inbox).toHaveLength(1);
    const ask = inbox[0]!.replies[0]!;
    expect(ask.text).toContain('满意吗');
    expect(ask.buttons?.map((b) => decodeDirective(b.value))).toEqual(
      ['满意', '基本满意', '不满意'].map((grade) => ({ kind: 'action', intent: 'feedback', action: 'rate', args: [booked.visit.id, grade] })),
    );

    const rated = await service.rate(booked.visit.id, '不满意', '来晚了', at('2026-10-14 15:00'));
    expect(rated).toMatchObject({ rating: { grade: '不满意', comment: '来晚了' }, followUpBy: '2026-10-21' });
    expect((await service.rate(booked.visit.id, '满意', '', at('2026-10-14 16:00'))).rating?.grade).toBe('不满意');
    expect(await service.listAll({ followUp: true })).toMatchObject([{ id: booked.visit.id }]);

    const open = await service.book(request('岭口村', WED_AM), NOW);
    if (open.ok) await expect(service.rate(open.visit.id, '满意', '', later)).rejects.toMatchObject({ userText: expect.stringContaining('办好后') });
  });

  it('reassigns only to an agent with a place that half-day and not on leave', async () => {
    const booked = await service.book(request('中湖村', WED_AM), NOW);
    if (!booked.ok) throw new Error('not booked');
    for (let i = 0; i < 3; i += 1) await service.book(request('林宅村', WED_AM), NOW);
    expect(await service.reassign(booked.visit.id, 'linzhai-a', NOW)).toEqual({ ok: false, reason: 'full' });
    await service.roster.addLeave('lingkou-a', WED_AM.date, NOW);
    expect(await service.reassign(booked.visit.id, 'lingkou-a', NOW)).toEqual({ ok: false, reason: 'on_leave' });
    expect(await service.reassign(booked.visit.id, 'nobody', NOW)).toEqual({ ok: false, reason: 'unknown_agent' });
    expect(await service.reassign(booked.visit.id, 'lingkou-b', NOW)).toMatchObject({ ok: true, agentName: '俞晓峰', visit: { agentId: 'lingkou-b' } });
    const load = await service.agentLoad('2026-10-12', '2026-10-26');
    expect(load.find((a) => a.agentId === 'lingkou-b')).toMatchObject({ booked: 1, done: 0, halfDayCapacity: 4 });
    expect(load.find((a) => a.agentId === 'zhonghu-a')).toMatchObject({ booked: 0 });
    expect(load.find((a) => a.agentId === 'linzhai-a')).toMatchObject({ booked: 3 });
  });

  it('counts each agent’s handled cases of a month with their grades and the capped per-case pay', async () => {
    const outcomes: [Slot, boolean, '满意' | '基本满意' | '不满意' | null][] = [
      [{ date: '2026-10-13', half: 'am' }, true, '满意'],
      [{ date: '2026-10-13', half: 'pm' }, true, '基本满意'],
      [{ date: '2026-10-14', half: 'am' }, true, '不满意'],
      [{ date: '2026-10-15', half: 'am' }, true, null],
      [{ date: '2026-10-16', half: 'am' }, false, null],
    ];
    for (const [slot, done, grade] of outcomes) {
      const booked = await service.book(request('岭口村', slot), NOW);
      if (!booked.ok) throw new Error('not booked');
      await service.recordOutcome(booked.visit.id, { done, caseKind: done ? '即办件' : null, note: '' }, at('2026-10-16 17:00'));
      if (grade) await service.rate(booked.visit.id, grade, '', at('2026-10-17 09:00'));
    }
    const counts = await service.monthlyCounts('2026-10');
    expect(counts.find((c) => c.agentId === 'lingkou-a')).toEqual({
      agentId: 'lingkou-a',
      name: '陈秀英',
      village: '岭口村',
      month: '2026-10',
      handled: 4,
      notDone: 1,
      ratings: { 满意: 1, 基本满意: 1, 不满意: 1, 未评价: 1 },
      grades: { 优: 1, 良: 1, 合格: 2 },
      payYuan: 4,
    });
    expect(counts.find((c) => c.agentId === 'lingkou-b')).toMatchObject({ handled: 0, payYuan: 0 });
    expect(await service.monthlyCounts('2026-11')).toContainEqual(expect.objectContaining({ agentId: 'lingkou-a', handled: 0 }));

    const capped = new SqlVisitService({ db: test.db, catalog, rules: parseVisitRules({ ...rules, pay: { ...rules.pay, monthly_cap_yuan: 3 } }), roster: service.roster });
    expect((await capped.monthlyCounts('2026-10')).find((c) => c.agentId === 'lingkou-a')?.payYuan).toBe(3);
  });

  it('keeps agents’ chat links and staff changes when the roster is seeded again at start', async () => {
    await service.roster.linkChat('lingkou-a', { channel: 'telegram', chat: '42', user: '42' }, NOW);
    await service.roster.save({ id: 'lingkou-c', name: '新代办员', village: '岭口村', partner: null, departments: ['民政'], halfDayCapacity: 2, active: true }, NOW);
    const again = await SqlVisitService.open({ db: test.db, catalog, rules, agents: base.agents, now: NOW });
    const agents = await again.roster.list();
    expect(agents.find((a) => a.id === 'lingkou-a')?.link).toEqual({ channel: 'telegram', chat: '42', user: '42' });
    expect(agents.find((a) => a.id === 'lingkou-c')).toMatchObject({ name: '新代办员', halfDayCapacity: 2 });
    expect((await again.roster.agentForUser('telegram', '42'))?.id).toBe('lingkou-a');
  });
});
